"""The organisations import (profile organisaties): the shipped sample, idempotent re-import, a
changed kind, revert, every kind of bad row with its place, and who may import."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.excel import runner
from planner.extensions import db
from planner.opgaven.models import ORGANISATION_KINDS, Organisation
from tests.excel.helpers import table_counts, write_xlsx
from tests.helpers import login

IMPORTS = Path(__file__).resolve().parents[2] / "imports"
SAMPLE = IMPORTS / "samples" / "organisaties.csv"


def _kinds() -> dict[str, str]:
    db.session.expire_all()
    return {o.name: o.kind for o in db.session.scalars(select(Organisation))}


def _book(tmp_path, rows, header=("Organisatie", "Type", "Actief")) -> Path:
    return write_xlsx(tmp_path / "organisaties.xlsx", {"Organisaties": [list(header), *rows]})


def _import(path: Path, user, **kw):
    return runner.run_import(path.read_bytes(), path.name, "organisaties", user=user, **kw)


@pytest.fixture
def admin(helmond, make_user):
    return make_user("beheer@helmond.nl", "admin", helmond[0])


def test_profile_accepts_every_kind_by_code_and_label():
    profile = tomllib.loads((IMPORTS / "organisaties.toml").read_text())
    values = profile["columns"]["kind"]["values"]
    assert list(values) == list(ORGANISATION_KINDS)
    assert all(spellings[0] == ORGANISATION_KINDS[code] for code, spellings in values.items())


def test_sample_previews_then_imports_and_reimport_is_unchanged(admin):
    before = table_counts()
    preview = _import(SAMPLE, admin, dry_run=True)
    assert preview.ok, preview.errors
    assert (preview.rows, preview.created) == (13, 13) and table_counts() == before
    assert preview.tables[0].mapping == {"name": "Naam", "kind": "Soort", "active": "Actief"}
    assert {k: preview.tables[0].rows[2][k] for k in ("name", "kind", "active")} == {
        "name": "Woonpartners",
        "kind": "woningcorporatie",
        "active": True,
    }

    report = _import(SAMPLE, admin)
    assert report.ok and report.state == "committed" and report.created == 13
    kinds = _kinds()
    assert kinds["LEV-groep"] == "zorg_welzijn" and kinds["Basisschool De Vlinder"] == "onderwijs"
    assert kinds["Politie basisteam Helmond"] == "politie" and kinds["Gemeente Helmond – team Binnenstad"] == "gemeente"
    assert not db.session.scalar(
        select(Organisation).where(Organisation.name == "Stichting Buurtbudget Brandevoort")
    ).active

    again = _import(SAMPLE, admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 13) and again.only_unchanged


def test_changed_kind_updates_keeps_the_stored_spelling_and_reverts(admin, make_organisation, tmp_path):
    make_organisation("Woonpartners", "overig")
    report = _import(_book(tmp_path, [["WOONPARTNERS", "Corporatie", None], ["ROC Ter AA", "onderwijs", "ja"]]), admin)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (1, 1)
    assert _kinds() == {"Woonpartners": "woningcorporatie", "ROC Ter AA": "onderwijs"}
    run = db.session.get(runner.ImportRun, report.run_id)
    runner.revert_run(run, admin)
    db.session.commit()
    assert _kinds() == {"Woonpartners": "overig"}


def test_actief_nee_deactivates_a_known_organisation(admin, make_organisation, tmp_path):
    make_organisation("LEV-groep", "zorg_welzijn")
    report = _import(_book(tmp_path, [["LEV-groep", "welzijn", "nee"]]), admin)
    assert report.ok and report.updated == 1
    assert not db.session.scalar(select(Organisation)).active


@pytest.mark.parametrize(
    "rows,column,message",
    [
        (
            [["Woonpartners", "corporatie"], ["Kinderboerderij", "dierentuin"]],
            "Type",
            "rij 3, kolom 'Type': 'dierentuin' is geen toegestane waarde. Kies uit: Bewoners en bewonersorganisaties, "
            "Woningcorporatie, Zorg en welzijn, Onderwijs, Politie en veiligheid, Ondernemers, Andere overheid, "
            "Gemeentelijke afdeling, Overig.",
        ),
        ([["Woonpartners", "corporatie"], [None, "school"]], "Organisatie", "deze cel is leeg. Vul naam in."),
        ([["Woonpartners", "corporatie"], ["Woonpartners", "corporatie"]], "Organisatie", "ook in rij 2"),
        (
            [["Woonpartners", "corporatie"], ["woonpartners ", "corporatie"]],
            "Organisatie",
            "rij 3, kolom 'Organisatie': de organisatie 'woonpartners' staat ook in rij 2.",
        ),
    ],
)
def test_bad_rows_are_refused_with_sheet_row_and_column_and_store_nothing(admin, tmp_path, rows, column, message):
    before = table_counts()
    report = _import(_book(tmp_path, [r + ["ja"] for r in rows]), admin)
    assert report.state == "rejected" and len(report.errors) == 1, report.errors
    error = report.errors[0]
    assert (error.sheet, error.row, error.column) == ("Organisaties", 3, column)
    assert message in error.message and error.message.startswith("Werkblad 'Organisaties', rij 3")
    assert table_counts() == before


def test_names_of_merged_or_deactivated_organisations_are_refused(admin, make_organisation, tmp_path):
    from planner.opgaven.services import merge_organisations, set_organisation_active

    merge_organisations(
        make_organisation("Woonpartners Helmond", "woningcorporatie"),
        make_organisation("Woonpartners", "woningcorporatie"),
    )
    set_organisation_active(make_organisation("De Zorgboog", "zorg_welzijn"), False)
    db.session.commit()
    before = table_counts()
    report = _import(
        _book(
            tmp_path,
            [
                ["Nieuw Buurthuis", "bewoners", "ja"],
                ["Woonpartners Helmond", "corporatie", "ja"],
                ["De Zorgboog", "zorg", None],
            ],
        ),
        admin,
    )
    assert [(e.row, e.column) for e in report.errors] == [(3, "Organisatie"), (4, "Organisatie")]
    assert "is samengevoegd met 'Woonpartners'" in report.errors[0].message
    assert "'De Zorgboog' is gedeactiveerd" in report.errors[1].message
    assert table_counts() == before
    # saying it is inactive is consistent, not an error
    assert _import(_book(tmp_path, [["De Zorgboog", "zorg", "nee"]]), admin).unchanged == 1


def test_only_a_functioneel_beheerder_may_import_organisations(helmond, make_user):
    manager = make_user("gm@helmond.nl", "area_manager", helmond[0])
    before = table_counts()
    report = _import(SAMPLE, manager)
    assert report.state == "rejected" and "functioneel beheerder" in report.errors[0].message
    assert table_counts() == before


def test_import_page_offers_the_profile_and_imports_the_sample(client, admin):
    login(client, admin)
    assert "Organisaties (partijen aan tafel)" in client.get("/importeren/").get_data(as_text=True)
    response = client.post(
        "/importeren/",
        data={"profile": "organisaties", "file": (io.BytesIO(SAMPLE.read_bytes()), SAMPLE.name)},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Geen fouten gevonden" in page and "Woonpartners" in page
    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", response.headers["Location"]).group(1)
    client.post("/importeren/inlezen", data={"sha256": sha, "profile": "organisaties"})
    assert len(_kinds()) == 13
