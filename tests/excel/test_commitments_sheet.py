"""The Inzet partijen sheet of the programme workbook: each party's commitment to an action, exported as real
number cells and re-imported all-or-nothing, with row and column errors in Dutch."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.actions.models import Commitment
from planner.actions.services import add_commitment
from planner.extensions import db
from planner.opgaven.models import Organisation
from tests.excel.helpers import edit_cells

SHEET = "Inzet partijen"


@pytest.fixture
def committed(programme_world):
    woonbedrijf = db.session.scalar(select(Organisation).where(Organisation.name == "Woonbedrijf"))
    lavans = db.session.scalar(select(Organisation).where(Organisation.name == "Lavans"))
    first, second, _ = programme_world["actions"]
    money = add_commitment(first, organisation=woonbedrijf, kind="geld", amount="25000", description="Huur")
    hours = add_commitment(second, organisation=lavans, kind="uren", amount="12.5", description="Vrijwilligers")
    db.session.commit()
    return programme_world | {"money": money, "hours": hours, "lavans": lavans, "woonbedrijf": woonbedrijf}


def _rows(path):
    ws = openpyxl.load_workbook(path)[SHEET]
    header = [c.value for c in ws[1]]
    return header, [row for row in ws.iter_rows(min_row=2) if row[1].value is not None]


def _snapshot():
    return sorted(
        (c.action_id, c.organisation_id, c.kind, c.amount, c.description)
        for c in db.session.scalars(select(Commitment))
    )


def test_commitments_export_as_number_cells_and_reimport_changes_and_additions(
    committed, export_to, reimport, tmp_path
):
    programme = committed["programme"]
    path = export_to(programme, tmp_path / "p.xlsx")
    header, rows = _rows(path)
    assert header == ["Sleutel", "Actie", "Actietitel", "Partij", "Soort", "Bedrag (€) of uren", "Omschrijving"]
    assert [(r[1].value, r[3].value, r[4].value, r[5].value, r[6].value) for r in rows] == [
        (1, "Woonbedrijf", "Geld", 25000, "Huur"),
        (2, "Lavans", "Uren", 12.5, "Vrijwilligers"),
    ]
    assert rows[0][0].value == f"I:{committed['money'].id}"
    assert "€" in rows[0][5].number_format and "€" not in rows[1][5].number_format  # hours are no euros

    _, result = reimport(path, committed["team"], programme_id=programme.id)
    assert result.errors == [] and (result.created, result.updated) == (0, 0)

    edit_cells(
        path,
        SHEET,
        {
            (2, "Bedrag (€) of uren"): 30000,
            (4, "Actie"): 3,
            (4, "Partij"): "lavans",
            (4, "Soort"): "In natura",
            (4, "Bedrag (€) of uren"): "1.250,50",
            (4, "Omschrijving"): "Ruimte in het wijkhuis",
        },
    )
    _, result = reimport(path, committed["team"], programme_id=programme.id)
    assert result.errors == [] and (result.created, result.updated) == (1, 1)
    assert db.session.get(Commitment, committed["money"].id).amount == Decimal("30000.00")
    added = db.session.scalar(select(Commitment).where(Commitment.kind == "natura"))
    assert (added.action, added.organisation, added.amount, added.description) == (
        committed["actions"][2],
        committed["lavans"],
        Decimal("1250.50"),
        "Ruimte in het wijkhuis",
    )


def test_a_bad_commitment_row_gives_row_and_column_errors_and_nothing_is_stored(
    committed, export_to, reimport, tmp_path
):
    programme = committed["programme"]
    path = export_to(programme, tmp_path / "p.xlsx")
    before = _snapshot()
    edit_cells(
        path,
        SHEET,
        {
            (2, "Bedrag (€) of uren"): 99,  # a valid change in the same file: not stored either
            (3, "Partij"): "Woonbedrjf",
            (4, "Actie"): 1,
            (4, "Partij"): "Lavans",
            (4, "Soort"): "Gratis",
            (4, "Bedrag (€) of uren"): 10,
            (5, "Actie"): 1,
            (5, "Partij"): "Lavans",
            (5, "Soort"): "Geld",
            (5, "Bedrag (€) of uren"): "veel",
        },
    )
    parsed, result = reimport(path, committed["team"], programme_id=programme.id)
    errors = {(e.sheet, e.row, e.column): e.message for e in parsed.errors}
    assert "'Gratis' is geen toegestane waarde" in errors[(SHEET, 4, "Soort")]
    assert "'veel' is geen getal" in errors[(SHEET, 5, "Bedrag (€) of uren")]
    assert result is None and _snapshot() == before

    edit_cells(path, SHEET, {(4, "Soort"): "Geld", (5, "Bedrag (€) of uren"): -5})
    _, result = reimport(path, committed["team"], programme_id=programme.id)
    errors = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert "de partij 'Woonbedrjf' staat niet in Wijkplanner" in errors[(SHEET, 3, "Partij")]
    assert "niet negatief" in errors[(SHEET, 5, "Bedrag (€) of uren")]
    assert _snapshot() == before
    assert db.session.scalar(select(func.count(Commitment.id))) == 2


def test_a_commitment_key_of_another_programme_is_refused(committed, export_to, reimport, tmp_path):
    hidden = committed["hidden"]
    other = add_commitment(hidden, organisation=committed["lavans"], kind="geld", amount=5)
    db.session.commit()
    path = edit_cells(export_to(committed["programme"], tmp_path / "p.xlsx"), SHEET, {(2, "Sleutel"): f"I:{other.id}"})
    _, result = reimport(path, committed["team"], programme_id=committed["programme"].id)
    [error] = result.errors
    assert (error.row, error.column) == (2, "Sleutel") and "hoort niet bij een inzet in dit programma" in error.message
    assert db.session.get(Commitment, other.id).action_id == hidden.id


def test_a_commitments_import_run_reverts_to_the_state_before(committed, export_to, tmp_path):
    from planner.excel import runner

    programme = committed["programme"]
    before = _snapshot()
    path = export_to(programme, tmp_path / "p.xlsx")
    edit_cells(
        path,
        SHEET,
        {
            (2, "Partij"): "Lavans",
            (4, "Actie"): 3,
            (4, "Partij"): "Woonbedrijf",
            (4, "Soort"): "Geld",
            (4, "Bedrag (€) of uren"): 400,
        },
    )
    report = runner.run_import(
        path.read_bytes(), path.name, "wijkprogramma", user=committed["team"], options={"programme_id": programme.id}
    )
    assert report.ok and (report.created, report.updated) == (1, 1)
    runner.revert_run(db.session.get(runner.ImportRun, report.run_id), committed["team"])
    db.session.commit()
    assert _snapshot() == before
