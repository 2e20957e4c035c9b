"""The municipality's own division: stadsdelen between gemeente and wijk, placed by rewriting paths."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planner.areas import division
from planner.areas.models import Area
from planner.core.errors import PlannerError
from planner.extensions import db

TODAY = date(2026, 6, 1)


def _paths():
    return dict(db.session.execute(select(Area.code, Area.path)).all())


def _save(gm, district=None, *, code="SD0794-01", name="Stadsdeel Noord", wards=(), neighbourhoods=(), **kw):
    kw.setdefault("valid_from", date(2026, 1, 1))
    kw.setdefault("valid_to", None)
    saved = division.save_district(
        district, gm=gm, code=code, name=name, wards=wards, neighbourhoods=neighbourhoods, today=TODAY, **kw
    )
    db.session.commit()
    return saved


def test_placing_a_wijk_rewrites_the_path_of_the_wijk_and_its_buurten(divided):
    gm, binnenstad, oost, _ = divided
    district = _save(gm, wards=[binnenstad]).district
    paths = _paths()
    assert paths["SD0794-01"] == "GM0794/SD0794-01"
    assert paths["WK079410"] == "GM0794/SD0794-01/WK079410"
    assert paths["BU07941001"] == "GM0794/SD0794-01/WK079410/BU07941001"
    assert paths["BU07941002"] == "GM0794/SD0794-01/WK079410/BU07941002"
    assert paths["WK079411"] == "GM0794/WK079411"  # untouched
    assert db.session.get(Area, binnenstad.id).parent_id == district.id

    _save(gm, district, wards=[oost])  # Binnenstad taken out, Oost put in
    paths = _paths()
    assert paths["WK079410"] == "GM0794/WK079410"
    assert paths["BU07941001"] == "GM0794/WK079410/BU07941001"
    assert paths["BU07941101"] == "GM0794/SD0794-01/WK079411/BU07941101"
    assert db.session.get(Area, binnenstad.id).parent_id == gm.id


def test_a_single_buurt_of_a_split_wijk_goes_into_the_stadsdeel(divided):
    gm, _, _, buurten = divided
    _save(gm, neighbourhoods=[buurten["kanaal"]])
    paths = _paths()
    assert paths["BU07941002"] == "GM0794/SD0794-01/BU07941002"
    assert paths["BU07941001"] == "GM0794/WK079410/BU07941001"


def test_changing_the_code_moves_the_whole_subtree(divided):
    gm, binnenstad, _, _ = divided
    district = _save(gm, wards=[binnenstad]).district
    _save(gm, district, code="SD0794-07", wards=[binnenstad])
    assert _paths()["BU07941001"] == "GM0794/SD0794-07/WK079410/BU07941001"
    assert "SD0794-01" not in _paths()


def test_ending_a_stadsdeel_returns_its_wijken_and_buurten_to_the_gemeente(divided):
    gm, binnenstad, _, buurten = divided
    district = _save(gm, wards=[binnenstad], neighbourhoods=[buurten["oost"]]).district
    saved = division.end_district(district, TODAY, today=TODAY)
    db.session.commit()
    assert {a.code for a in saved.returned} == {"WK079410", "BU07941101"}
    paths = _paths()
    assert paths["BU07941001"] == "GM0794/WK079410/BU07941001"
    assert paths["BU07941101"] == "GM0794/BU07941101"  # a split-off buurt returns to the gemeente, not its wijk
    assert paths["SD0794-01"] == "GM0794/SD0794-01"
    assert db.session.get(Area, district.id).valid_to == TODAY
    assert not any(p.startswith("GM0794/SD0794-01/") for p in paths.values())


def test_a_wijk_of_an_ended_stadsdeel_may_go_into_another(divided):
    gm, binnenstad, _, _ = divided
    old = _save(gm, wards=[binnenstad], valid_to=date(2026, 12, 31)).district
    # The end date has passed since: the old stadsdeel no longer counts.
    division.save_district(
        None,
        gm=gm,
        code="SD0794-02",
        name="Centrum",
        valid_from=None,
        valid_to=None,
        wards=[binnenstad],
        today=date(2027, 1, 1),
    )
    db.session.commit()
    assert _paths()["WK079410"] == "GM0794/SD0794-02/WK079410"
    assert division.members(old) == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Vul de naam"),
        ({"code": "WK079499"}, "code", "Gebruik een code als SD0794-01"),
        ({"code": "SD0014-01"}, "code", "begint met SD0794"),
        ({"code": "SD0794-01"}, "code", "al in gebruik"),
        ({"valid_from": date(2026, 5, 1), "valid_to": date(2026, 4, 1)}, "valid_to", "vóór de begindatum"),
        ({"wards": "groningen"}, "ward_ids", "geen wijk van Helmond"),
        ({"wards": "binnenstad"}, "ward_ids", "ligt al in Stadsdeel Noord"),
        ({"neighbourhoods": "centrum"}, "neighbourhood_ids", "of haar wijk ligt daar"),
        ({"wards": "oost", "neighbourhoods": "oost"}, "neighbourhood_ids", "vink de buurt niet apart aan"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(divided, change, field, message):
    gm, binnenstad, oost, buurten = divided
    _save(gm, wards=[binnenstad])
    before = _paths()
    named = {"groningen": db.session.scalar(select(Area).where(Area.code == "WK001400")), "binnenstad": binnenstad}
    named |= {"oost": oost} if change.get("wards") == "oost" else {}
    kw = {"code": "SD0794-02", "name": "Stadsdeel Zuid"} | change
    if "wards" in kw:
        kw["wards"] = [named[kw["wards"]]]
    if "neighbourhoods" in kw:
        kw["neighbourhoods"] = [buurten[kw["neighbourhoods"]]]
    with pytest.raises(PlannerError) as refused:
        division.save_district(None, gm=gm, today=TODAY, **({"valid_from": None, "valid_to": None} | kw))
    db.session.rollback()
    assert refused.value.field == field
    assert message in refused.value.message
    assert _paths() == before


def test_next_code_is_the_first_free_serial(divided):
    gm, *_ = divided
    assert division.next_code(gm) == "SD0794-01"
    _save(gm)
    assert division.next_code(gm) == "SD0794-02"


def test_a_cbs_reimport_keeps_wijken_and_buurten_in_their_stadsdeel(divided):
    from planner.excel.runner import run_import

    gm, binnenstad, _, buurten = divided
    _save(gm, wards=[binnenstad], neighbourhoods=[buurten["oost"]])
    before = _paths()
    rows = [
        "Code;Naam;gm_code",
        "WK079410;Binnenstad (CBS 2024);GM0794",
        "WK079411;Helmond-Oost;GM0794",
        "BU07941001;Centrum;GM0794",
        "BU07941003;Nieuwe buurt;GM0794",
        "BU07941101;Oost-Centrum;GM0794",
    ]
    report = run_import("\r\n".join(rows).encode(), "wijken-en-buurten.csv", "cbs-gebieden")
    assert report.errors == []
    db.session.expire_all()
    after = _paths()
    assert after["WK079410"] == before["WK079410"] == "GM0794/SD0794-01/WK079410"
    assert after["BU07941001"] == before["BU07941001"]
    assert after["BU07941101"] == before["BU07941101"] == "GM0794/SD0794-01/BU07941101"
    assert after["BU07941003"] == "GM0794/SD0794-01/WK079410/BU07941003"  # a new buurt lands under its wijk
    assert db.session.get(Area, binnenstad.id).name == "Binnenstad (CBS 2024)"
