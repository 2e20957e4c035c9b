"""The admin pages of the division (/beheer/gebiedsindeling), and a grant on a stadsdeel end to end:
the admin grants it, the gebiedsmanager sees exactly its wijken' programmes, area page, comparison
and budget."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.areas.models import Area
from planner.core.models import User
from planner.extensions import db
from tests.helpers import PASSWORD, login, login_as


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _error_beside(response, field: str) -> str:
    html = response.get_data(as_text=True)
    match = re.search(rf'id="{field}-fout">(.*?)</div>', html, re.S)
    assert match, f"no error beside {field}"
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-fout', html) or re.search(
        rf'aria-describedby="[^"]*{field}-fout[^"]*"[^>]*id="{field}"', html
    ), "error not tied to the field"
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _form(**overrides) -> dict:
    return {"name": "Stadsdeel Centrum", "code": "SD0794-01", "valid_from": "01-01-2026", "valid_to": ""} | overrides


def _paths() -> dict:
    return dict(db.session.execute(select(Area.code, Area.path)).all())


@pytest.fixture
def admin(divided, make_user):
    return make_user("beheer@helmond.nl", "admin", divided[0])


def test_the_admin_finds_the_division_in_the_menu_and_places_a_wijk(client, divided, admin):
    gm, binnenstad, oost, buurten = divided
    login(client, admin)
    assert 'href="/beheer/gebiedsindeling/"' in client.get("/").get_data(as_text=True)
    assert "Nog geen stadsdelen" in _text(client.get("/beheer/gebiedsindeling/"))
    form = client.get("/beheer/gebiedsindeling/GM0794/nieuw").get_data(as_text=True)
    assert 'value="SD0794-01"' in form and "Kanaaldijk (BU07941002)" in form
    response = client.post(
        "/beheer/gebiedsindeling/GM0794/nieuw",
        data=_form(ward_ids=[binnenstad.id], neighbourhood_ids=[buurten["oost"].id]),
    )
    assert response.status_code == 302
    assert _paths()["BU07941001"] == "GM0794/SD0794-01/WK079410/BU07941001"
    listed = _text(client.get("/beheer/gebiedsindeling/"))
    assert "Stadsdeel Centrum SD0794-01 Binnenstad, Oost-Centrum 1 jan 2026" in listed

    response = client.post("/beheer/gebiedsindeling/SD0794-01/bewerken", data=_form(name="Centrum", ward_ids=[oost.id]))
    assert response.status_code == 302
    assert "Binnenstad, Oost-Centrum vallen weer direct onder de gemeente" in _text(
        client.get("/beheer/gebiedsindeling/")
    )
    assert _paths()["WK079410"] == "GM0794/WK079410"
    assert _paths()["WK079411"] == "GM0794/SD0794-01/WK079411"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Vul de naam"),
        ({"code": "GM0794"}, "code", "Gebruik een code als SD0794-01"),
        ({"code": "SD0794-09"}, "code", "al in gebruik"),
        ({"valid_from": "01-06-2026", "valid_to": "01-01-2026"}, "valid_to", "vóór de begindatum"),
        ({"valid_to": "31-02-2026"}, "valid_to", "geen geldige datum"),
        ({"ward_ids": "binnenstad"}, "ward_ids", "ligt al in Noord"),
        ({"neighbourhood_ids": "centrum"}, "neighbourhood_ids", "of haar wijk ligt daar"),
    ],
)
def test_bad_input_shows_a_dutch_message_beside_the_field_and_stores_nothing(
    client, divided, admin, data, field, message
):
    gm, binnenstad, _, buurten = divided
    from planner.areas.division import save_district

    save_district(None, gm=gm, code="SD0794-09", name="Noord", valid_from=None, valid_to=None, wards=[binnenstad])
    db.session.commit()
    login(client, admin)
    before = _paths()
    ids = {"binnenstad": [binnenstad.id], "centrum": [buurten["centrum"].id]}
    data = {k: ids.get(v, v) for k, v in data.items()}
    response = client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(**data))
    assert response.status_code == 200
    assert message in _error_beside(response, field)
    assert _paths() == before


def test_a_wijk_of_another_gemeente_is_not_offered_and_refused(client, divided, admin):
    login(client, admin)
    groningen_wijk = db.session.scalar(select(Area).where(Area.code == "WK001400"))
    response = client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(ward_ids=[groningen_wijk.id]))
    assert "Kies alleen uit de lijst" in _error_beside(response, "ward_ids")
    assert db.session.scalar(select(func.count()).where(Area.level == "stadsdeel")) == 0


def test_only_a_functioneel_beheerder_of_the_gemeente_reaches_the_division(client, divided, make_user):
    gm, binnenstad, _, _ = divided
    groningen = db.session.scalar(select(Area).where(Area.code == "GM0014"))
    ward_admin = login_as(client, make_user("wijkbeheer@helmond.nl", "admin", binnenstad))
    assert ward_admin.get("/beheer/gebiedsindeling/").status_code == 404
    manager = login_as(client, make_user("manager@helmond.nl", "area_manager", gm))
    assert manager.get("/beheer/gebiedsindeling/").status_code == 404
    assert 'href="/beheer/gebiedsindeling/"' not in manager.get("/").get_data(as_text=True)
    other = login_as(client, make_user("beheer@groningen.nl", "admin", groningen))
    assert "Helmond" not in _text(other.get("/beheer/gebiedsindeling/"))
    assert other.get("/beheer/gebiedsindeling/GM0794/nieuw").status_code == 404


def test_ending_a_stadsdeel_returns_its_wijken(client, divided, admin):
    gm, binnenstad, _, _ = divided
    login(client, admin)
    client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(ward_ids=[binnenstad.id]))
    assert "Beëindigen" in _text(client.get("/beheer/gebiedsindeling/SD0794-01/bewerken"))
    response = client.post("/beheer/gebiedsindeling/SD0794-01/beeindigen", data={"einde-valid_to": "01-01-2099"})
    assert response.status_code == 400
    assert "per vandaag of een eerdere datum" in _error_beside(response, "einde-valid_to")
    assert _paths()["WK079410"] == "GM0794/SD0794-01/WK079410"
    asked = client.post("/beheer/gebiedsindeling/SD0794-01/beeindigen", data={"einde-valid_to": "01-03-2026"})
    assert "beëindigen?" in _text(asked) and binnenstad.name in _text(asked) and "1 mrt 2026" in _text(asked)
    assert 'name="einde-valid_to" value="01-03-2026"' in asked.get_data(as_text=True)
    assert _paths()["WK079410"] == "GM0794/SD0794-01/WK079410"  # nothing moved yet
    response = client.post(
        "/beheer/gebiedsindeling/SD0794-01/beeindigen", data={"einde-valid_to": "01-03-2026", "bevestigd": "ja"}
    )
    assert response.status_code == 302
    assert _paths()["WK079410"] == "GM0794/WK079410"
    assert "beëindigd" in _text(client.get("/beheer/gebiedsindeling/"))


def test_ending_a_stadsdeel_through_its_edit_form_asks_first_too(client, divided, admin):
    gm, binnenstad, _, _ = divided
    login(client, admin)
    client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(ward_ids=[binnenstad.id]))
    ending = _form(ward_ids=[binnenstad.id], valid_to="01-03-2026")
    asked = client.post("/beheer/gebiedsindeling/SD0794-01/bewerken", data=ending)
    assert "Stadsdeel Centrum beëindigen?" in _text(asked)
    html = asked.get_data(as_text=True)
    assert f'name="ward_ids" value="{binnenstad.id}"' in html and 'name="valid_to" value="01-03-2026"' in html
    assert _paths()["WK079410"] == "GM0794/SD0794-01/WK079410"
    done = client.post("/beheer/gebiedsindeling/SD0794-01/bewerken", data=ending | {"bevestigd": "ja"})
    assert done.status_code == 302 and _paths()["WK079410"] == "GM0794/WK079410"
    renamed = client.post(
        "/beheer/gebiedsindeling/SD0794-01/bewerken", data=_form(name="Centrum-Oud", valid_to="01-03-2026")
    )
    assert renamed.status_code == 302  # an ended stadsdeel is edited without a question


# ---- a grant on a stadsdeel, end to end ---------------------------------------------------------


def test_a_gebiedsmanager_on_a_stadsdeel_sees_exactly_its_wijken(
    client, divided, admin, make_user, make_programme, make_action
):
    gm, binnenstad, oost, _ = divided
    inside = make_programme(binnenstad, title="Binnenstad bruist")
    make_action(inside, title="Pleinen vergroenen")
    make_programme(oost, title="Oost aan zet")
    login(client, admin)
    client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(ward_ids=[binnenstad.id]))
    district = db.session.scalar(select(Area).where(Area.code == "SD0794-01"))
    assert "Stadsdeel Centrum (SD0794-01)" in _text(client.get("/beheer/gebruikers/nieuw"))
    response = client.post(
        "/beheer/gebruikers/nieuw",
        data={
            "email": "gebied@helmond.nl",
            "name": "Gebiedsmanager Centrum",
            "password": PASSWORD,
            "role": "area_manager",
            "area_id": district.id,
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(User).where(User.email == "gebied@helmond.nl"))
    assert [(g.role, g.area_id) for g in person.roles] == [("area_manager", district.id)]

    manager = login_as(client, person)
    programmes = _text(manager.get("/programmas/"))
    assert "Binnenstad bruist" in programmes and "Oost aan zet" not in programmes
    home = _text(manager.get("/"))
    assert "Binnenstad" in home and "Helmond-Oost" not in home
    area_page = _text(manager.get("/gebieden/SD0794-01"))
    assert "Binnenstad bruist" in area_page and "Wijken vergelijken" in area_page
    comparison = _text(manager.get("/vergelijking"))
    assert "Binnenstad" in comparison and "Helmond-Oost" not in comparison
    assert manager.get("/gebieden/WK079411").status_code == 404
    assert manager.get("/begroting/SD0794-01").status_code == 200
    assert "Stadsdeel Centrum" in _text(manager.get("/begroting"))


def test_a_municipal_manager_compares_the_wijken_of_one_stadsdeel(client, divided, admin, make_user, make_programme):
    gm, binnenstad, oost, _ = divided
    login(client, admin)
    client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(ward_ids=[binnenstad.id]))
    manager = login_as(client, make_user("manager@helmond.nl", "area_manager", gm))
    whole = _text(manager.get("/vergelijking?gebied=GM0794"))
    assert "Binnenstad" in whole and "Helmond-Oost" in whole and "Helmond: Stadsdeel Centrum" in whole
    part = _text(manager.get("/vergelijking?gebied=SD0794-01"))
    assert "Wijken vergelijken: Stadsdeel Centrum" in part
    assert "Binnenstad" in part and "Helmond-Oost" not in part
    assert manager.get("/vergelijking.xlsx?gebied=SD0794-01").status_code == 200
    # the wards inside the stadsdeel are still the municipality's wards on the dashboard
    assert "Binnenstad" in _text(manager.get("/"))


def test_the_budget_of_a_stadsdeel_counts_the_inhabitants_of_its_wijken(client, divided, admin):
    from planner.indicators.services import record_measurement, save_indicator

    gm, binnenstad, oost, _ = divided
    inhabitants = save_indicator(None, code="AantalInwoners_5", name="Inwoners", unit="personen")
    for ward, n in ((binnenstad, 9000), (oost, 8000)):
        record_measurement(inhabitants, ward, period="2024", kind="realisatie", value=n)
    db.session.commit()
    login(client, admin)
    client.post("/beheer/gebiedsindeling/GM0794/nieuw", data=_form(ward_ids=[binnenstad.id, oost.id]))
    assert "Inwoners (CBS): 17.000" in _text(client.get("/begroting/SD0794-01"))


def test_the_comparison_workbook_of_a_stadsdeel_from_the_command_line(app, divided, tmp_path):
    import openpyxl

    from planner.areas.division import save_district

    gm, binnenstad, _, _ = divided
    save_district(None, gm=gm, code="SD0794-01", name="Centrum", valid_from=None, valid_to=None, wards=[binnenstad])
    db.session.commit()
    out = tmp_path / "centrum.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "vergelijking", "--area", "SD0794-01", "--year", "2026", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 wijken van Centrum" in result.output
    codes = [r[0] for r in openpyxl.load_workbook(out)["Wijken"].iter_rows(min_row=2, values_only=True)]
    assert "WK079410" in codes and "WK079411" not in codes
