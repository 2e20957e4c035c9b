"""The wijkprogramma workbook: what a team gets out, and that bringing it back changes exactly
the rows they edited (also after LibreOffice rewrote the file)."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.actions.models import Action
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.opgaven.models import Organisation
from tests.excel.helpers import edit_cells, libreoffice_roundtrip, soffice


def versions(programme):
    return {
        a.number: a.lock_version
        for a in db.session.scalars(
            select(Action).where(Action.programme_id == programme.id).execution_options(populate_existing=True)
        )
    }


def audit_count(entity_type="Action"):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type == entity_type))


# --- the export ---------------------------------------------------------------------------------------


def test_export_has_styled_frozen_sheets_real_cells_and_a_hidden_key(programme_world, export_to, tmp_path):
    path = export_to(programme_world["programme"], tmp_path / "p.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Programma", "Doelen", "Acties", "Inzet partijen", "Toewijzingen", "Koppelingen"]
    ws = book["Acties"]
    assert [c.value for c in ws[1]][:8] == [
        "Sleutel",
        "Nummer",
        "Actie",
        "Omschrijving",
        "Doel",
        "Trekker",
        "Status",
        "Voortgang (%)",
    ]
    assert ws.freeze_panes == "C2" and ws["C1"].font.b and ws["C1"].fill.fgColor.rgb.endswith("D9E2F3")
    assert ws.column_dimensions["A"].hidden
    first = programme_world["actions"][0]
    assert ws["A2"].value == f"A:{first.id}:{first.lock_version}"
    assert (ws["B2"].value, ws["C2"].value, ws["E2"].value, ws["G2"].value, ws["H2"].value) == (
        1,
        "Buurtkamer openen",
        1,
        "Loopt",
        40,
    )
    assert ws["I2"].value == datetime(2026, 3, 1) and ws["I2"].number_format == "dd-mm-yyyy"
    assert ws["K2"].value == "Woonbedrijf" and ws["L2"].value == "WK079410 Binnenstad (1)"
    validations = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    assert validations["G2"].type == "list" and "Vertraagd" in validations["G2"].formula1
    assert validations["H2"].type == "whole" and (validations["H2"].formula1, validations["H2"].formula2) == (
        "0",
        "100",
    )
    assert book["Doelen"]["C3"].value == "Schoon en heel"
    assert book["Programma"]["A1"].value == "Binnenstad 2026–2029"


def test_allocations_are_currency_cells(programme_world, export_to, tmp_path):
    from planner.budget.models import Allocation, BudgetLine

    gm = programme_world["areas"][0]
    line = BudgetLine(
        area=gm,
        fiscal_year=2026,
        line_key="6.1-ontmoeting",
        taakveld_code="6.1",
        description="Samenkracht en burgerparticipatie",
        direction="lasten",
        kind="na_wijziging",
        amount=100000,
    )
    db.session.add(line)
    db.session.add(Allocation(action=programme_world["actions"][0], budget_line=line, year=2026, amount=12500.5))
    db.session.commit()
    ws = openpyxl.load_workbook(export_to(programme_world["programme"], tmp_path / "p.xlsx"))["Toewijzingen"]
    assert [c.value for c in ws[2]] == [
        "Sleutel",
        "Actie",
        "Actietitel",
        "Jaar",
        "Taakveld",
        "Begrotingsregel",
        "Bedrag",
    ]
    assert ws["G3"].value == 12500.5 and ws["G3"].number_format == '"€" #,##0.00'
    assert ws["D3"].value == 2026 and ws["E3"].value == "6.1"


def test_user_text_that_looks_like_a_formula_stays_text(programme_world, export_to, make_action, tmp_path):
    make_action(
        programme_world["programme"],
        '=HYPERLINK("http://x","klik")',
        description="@SUM(A1)",
        owner_organisation=Organisation(name="+31 6 1234", kind="overig"),
    )
    ws = openpyxl.load_workbook(export_to(programme_world["programme"], tmp_path / "p.xlsx"))["Acties"]
    cell, owner, description = ws["C5"], ws["F5"], ws["D5"]
    assert cell.value == '=HYPERLINK("http://x","klik")' and cell.data_type == "s"
    assert owner.data_type == "s" and description.data_type == "s"
    assert cell.quotePrefix and owner.quotePrefix and not ws["C2"].quotePrefix


def test_links_to_agenda_items_are_listed(programme_world, export_to, tmp_path):
    from planner.agenda.models import ActionAgendaLink, AgendaItem

    gm = programme_world["areas"][0]
    item = AgendaItem(area=gm, kind="motie", number="M2026-07", title="Ontmoeting in de binnenstad")
    db.session.add(ActionAgendaLink(action=programme_world["actions"][0], agenda_item=item))
    db.session.commit()
    ws = openpyxl.load_workbook(export_to(programme_world["programme"], tmp_path / "p.xlsx"))["Koppelingen"]
    assert [c.value for c in ws[3]][1:] == [
        1,
        "Buurtkamer openen",
        "Motie",
        "M2026-07",
        "Ontmoeting in de binnenstad",
        "Voert uit",
    ]


# --- re-import ------------------------------------------------------------------------------------------


def test_reimporting_the_unchanged_export_changes_nothing(programme_world, export_to, reimport, tmp_path):
    programme, team = programme_world["programme"], programme_world["team"]
    before, events = versions(programme), audit_count()
    parsed, result = reimport(export_to(programme, tmp_path / "p.xlsx"), team, programme_id=programme.id)
    assert parsed.errors == [] and result.errors == []
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)  # 3 actions, 2 goals
    assert versions(programme) == before and audit_count() == events


def test_edited_rows_and_only_those_change(programme_world, export_to, reimport, tmp_path):
    programme, team = programme_world["programme"], programme_world["team"]
    path = export_to(programme, tmp_path / "p.xlsx")
    before, events = versions(programme), audit_count()
    edit_cells(
        path,
        "Acties",
        {
            (3, "Actie"): "Zes bankjes plaatsen",
            (3, "Status"): "Loopt",
            (3, "Voortgang (%)"): 20,
            (4, "Status"): "Afgerond",
            (4, "Voortgang (%)"): 100,
            (4, "Einde"): datetime(2026, 10, 1),
            (4, "Partners"): "Lavans; Woonbedrijf",
            (4, "Gebieden (gewicht)"): "WK079410 (0,5)",
        },
    )
    parsed, result = reimport(path, team, programme_id=programme.id)
    assert result.errors == [], result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 2, 3)
    after = versions(programme)
    assert after[1] == before[1] and after[2] > before[2] and after[3] > before[3]
    second, third = (
        db.session.scalar(select(Action).where(Action.programme_id == programme.id, Action.number == n)) for n in (2, 3)
    )
    assert (second.title, second.status, second.progress) == ("Zes bankjes plaatsen", "loopt", 20)
    assert (third.status, third.progress, third.end_date) == ("afgerond", 100, date(2026, 10, 1))
    assert [p.name for p in third.partners] == ["Lavans", "Woonbedrijf"]
    assert [(aa.area.code, float(aa.weight)) for aa in third.areas] == [("WK079410", 0.5)]
    assert audit_count() > events
    assert {c.entity_id for c in result.changes} == {second.id, third.id}
    assert result.changes[0].before == {"title": "Bankjes plaatsen", "status": "gepland", "progress": 0}


def test_a_row_without_key_creates_an_action_and_a_goal(programme_world, export_to, reimport, tmp_path):
    programme, team = programme_world["programme"], programme_world["team"]
    path = export_to(programme, tmp_path / "p.xlsx")
    edit_cells(path, "Doelen", {(4, "Doel"): "Groener", (4, "Nummer"): 3})
    edit_cells(
        path, "Acties", {(5, "Actie"): "Geveltuinen", (5, "Status"): "idee", (5, "Doel"): 3, (5, "Start"): "1-4-2027"}
    )
    parsed, result = reimport(path, team, programme_id=programme.id)
    assert result.errors == [] and (result.created, result.updated) == (2, 0)
    new = db.session.scalar(select(Action).where(Action.title == "Geveltuinen"))
    assert (new.number, new.goal.title, new.start_date, new.areas[0].area.code) == (
        4,
        "Groener",
        date(2027, 4, 1),
        "WK079410",
    )


def test_reimport_after_libreoffice_rewrote_the_file(programme_world, export_to, reimport, tmp_path):
    if soffice() is None:
        pytest.fail("LibreOffice (soffice) ontbreekt: installeer het Debian-pakket libreoffice-calc-nogui.")
    programme, team = programme_world["programme"], programme_world["team"]
    path = export_to(programme, tmp_path / "p.xlsx")
    before = versions(programme)
    edit_cells(path, "Acties", {(2, "Actie"): "Buurtkamer open", (2, "Voortgang (%)"): 60, (4, "Status"): "Vertraagd"})
    converted = libreoffice_roundtrip(path, tmp_path / "lo")
    parsed, result = reimport(converted, team, programme_id=programme.id)
    assert parsed.errors == [] and result.errors == [], (parsed.errors, result and result.errors)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 3)
    after = versions(programme)
    assert after[2] == before[2] and after[1] > before[1] and after[3] > before[3]
    first = db.session.scalar(select(Action).where(Action.programme_id == programme.id, Action.number == 1))
    assert (first.title, first.progress, first.start_date) == ("Buurtkamer open", 60, date(2026, 3, 1))


def test_formula_title_survives_libreoffice_as_text(programme_world, export_to, make_action, reimport, tmp_path):
    if soffice() is None:
        pytest.fail("LibreOffice (soffice) ontbreekt: installeer het Debian-pakket libreoffice-calc-nogui.")
    programme = programme_world["programme"]
    make_action(programme, '=HYPERLINK("http://x","klik")')
    converted = libreoffice_roundtrip(export_to(programme, tmp_path / "p.xlsx"), tmp_path / "lo")
    cell = openpyxl.load_workbook(converted)["Acties"]["C5"]
    assert cell.value == '=HYPERLINK("http://x","klik")' and cell.data_type == "s"
    parsed, result = reimport(converted, programme_world["team"], programme_id=programme.id)
    assert parsed.errors == [] and result.errors == [] and result.updated == 0


# --- refusals ---------------------------------------------------------------------------------------------


def test_key_of_another_programme_is_refused_without_revealing_it(programme_world, export_to, reimport, tmp_path):
    programme, hidden = programme_world["programme"], programme_world["hidden"]
    path = export_to(programme, tmp_path / "p.xlsx")
    edit_cells(path, "Acties", {(2, "Sleutel"): f"A:{hidden.id}:1", (3, "Sleutel"): "A:999999:1"})
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("Acties", 2, "Sleutel"), ("Acties", 3, "Sleutel")]
    assert result.errors[0].message.split(":", 1)[1] == result.errors[1].message.split(":", 1)[1]
    assert "Geheime" not in result.errors[0].message and "Oost" not in result.errors[0].message
    assert db.session.get(Action, hidden.id).title == "Geheime actie in Oost"


def test_bad_status_date_and_progress_are_row_errors_and_nothing_is_stored(
    programme_world, export_to, reimport, tmp_path
):
    programme = programme_world["programme"]
    path = export_to(programme, tmp_path / "p.xlsx")
    before = versions(programme)
    edit_cells(
        path,
        "Acties",
        {(2, "Status"): "Bezig", (3, "Einde"): "31-02-2026", (4, "Voortgang (%)"): 150, (3, "Actie"): "Nieuwe titel"},
    )
    parsed, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert [(e.sheet, e.row, e.column) for e in parsed.errors] == [("Acties", 2, "Status"), ("Acties", 3, "Einde")]
    assert "Kies uit: idee, gepland, loopt, vertraagd, afgerond, gestopt" in parsed.errors[0].message
    edit_cells(path, "Acties", {(2, "Status"): "Loopt", (3, "Einde"): None})
    parsed, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert parsed.errors == []
    [error] = result.errors
    assert (error.sheet, error.row, error.column) == ("Acties", 4, "Voortgang (%)")
    assert "0 tot en met 100" in error.message
    assert versions(programme) == before


def test_done_without_full_progress_and_unknown_partner_and_ward(programme_world, export_to, reimport, tmp_path):
    programme = programme_world["programme"]
    path = export_to(programme, tmp_path / "p.xlsx")
    edit_cells(
        path,
        "Acties",
        {
            (2, "Status"): "Afgerond",
            (3, "Partners"): "Onbekende stichting",
            (4, "Gebieden (gewicht)"): "WK099999 (1)",
            (4, "Doel"): 9,
        },
    )
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Voortgang (%)"), (3, "Partners"), (4, "Doel")]
    edit_cells(path, "Acties", {(4, "Doel"): None})
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    assert [(e.row, e.column) for e in result.errors][-1] == (4, "Gebieden (gewicht)")
    assert "WK099999" in result.errors[-1].message


def test_a_row_saved_by_someone_else_after_the_export_is_not_overwritten(
    programme_world, export_to, reimport, tmp_path
):
    from planner.actions.services import update_action

    programme, action = programme_world["programme"], programme_world["actions"][1]
    path = export_to(programme, tmp_path / "p.xlsx")
    update_action(action, None, owner_person="Kees")
    db.session.commit()
    edit_cells(path, "Acties", {(3, "Actie"): "Mijn titel"})
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    [error] = result.errors
    assert error.row == 3 and "na het exporteren" in error.message
    assert db.session.get(Action, action.id).title == "Bankjes plaatsen"


def test_changed_allocation_or_link_rows_say_where_to_change_them(programme_world, export_to, reimport, tmp_path):
    programme = programme_world["programme"]
    path = export_to(programme, tmp_path / "p.xlsx")
    edit_cells(path, "Toewijzingen", {(3, "Actie"): 1, (3, "Taakveld"): "6.1", (3, "Jaar"): 2026, (3, "Bedrag"): 500})
    _, result = reimport(path, programme_world["team"], programme_id=programme.id)
    [error] = result.errors
    assert (error.sheet, error.row) == ("Toewijzingen", 3) and "Begroting" in error.message


def test_only_editors_of_the_programme_may_reimport(programme_world, export_to, reimport, tmp_path):
    programme = programme_world["programme"]
    path = export_to(programme, tmp_path / "p.xlsx")
    _, outsider = reimport(path, programme_world["outsider"], programme_id=programme.id)
    _, missing = reimport(path, programme_world["outsider"], programme_id=999999)
    assert outsider.errors[0].message == missing.errors[0].message  # a draft elsewhere is not revealed
    programme.status = "vastgesteld"
    db.session.commit()
    _, reader = reimport(path, programme_world["reader"], programme_id=programme.id)
    assert "niet bewerken" in reader.errors[0].message


def test_the_programme_is_found_from_the_keys_when_not_given(programme_world, export_to, reimport, tmp_path):
    programme = programme_world["programme"]
    path = edit_cells(export_to(programme, tmp_path / "p.xlsx"), "Acties", {(2, "Trekker"): "Lavans"})
    _, result = reimport(path, programme_world["team"])
    assert result.errors == [] and result.updated == 1
