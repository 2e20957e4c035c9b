"""The Trekker column of the programme workbook round-trips the organisation that leads an action."""

from __future__ import annotations

import openpyxl

from planner.actions.models import Action
from planner.extensions import db
from planner.opgaven.models import Organisation
from tests.excel.helpers import edit_cells


def _trekkers(path) -> dict:
    ws = openpyxl.load_workbook(path)["Acties"]
    column = [c.value for c in ws[1]].index("Trekker")
    return {row[2].value: row[column].value for row in ws.iter_rows(min_row=2) if row[2].value}


def test_the_trekker_exports_as_the_organisation_name_and_a_changed_name_reimports_as_that_organisation(
    programme_world, export_to, reimport, tmp_path
):
    programme = programme_world["programme"]
    first, second = programme_world["actions"][:2]
    path = export_to(programme, tmp_path / "p.xlsx")
    trekkers = _trekkers(path)
    assert trekkers["Buurtkamer openen"] == "Woonbedrijf"  # the name, not the contact person
    assert trekkers["Bankjes plaatsen"] in (None, "")

    # Unchanged: nothing to update. Then a name typed in another case names the same organisation.
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert result.errors == [] and result.updated == 0
    edit_cells(path, "Acties", {(3, "Trekker"): "lavans", (2, "Trekker"): ""})
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert result.errors == [] and result.updated == 2
    lavans = db.session.query(Organisation).filter_by(name="Lavans").one()
    assert db.session.get(Action, second.id).owner_organisation == lavans
    first = db.session.get(Action, first.id)
    assert first.owner_organisation is None and first.owner_person == "Fatima"  # the person is not in the sheet


def test_an_unknown_trekker_is_a_row_and_column_error_and_nothing_changes(
    programme_world, export_to, reimport, tmp_path
):
    programme = programme_world["programme"]
    path = edit_cells(
        export_to(programme, tmp_path / "p.xlsx"),
        "Acties",
        {(2, "Trekker"): "Woonbedrjf", (3, "Actie"): "Andere titel"},
    )
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("Acties", 2, "Trekker")
    assert "de trekker 'Woonbedrjf' staat niet in Wijkplanner als organisatie" in error.message
    assert db.session.query(Organisation).filter_by(name="Woonbedrjf").count() == 0
    assert db.session.get(Action, programme_world["actions"][1].id).title == "Bankjes plaatsen"
