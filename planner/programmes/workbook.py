"""The `wijkprogramma` export: one programme as a workbook that can be edited and re-imported.

Query → rows → workbook. Sheets Programma (read-only), Doelen, Acties, Inzet partijen, Toewijzingen
and Koppelingen, each with a frozen, styled header and a hidden `Sleutel` column ("A:<id>:<lock
version>") by which a re-import finds exactly the row it came from (planner/programmes/importers.py).
Numbers, dates and money are real cells; user text is always written with `write_string`, and text
that looks like a formula also gets Excel's quote prefix, so it stays text after editing the cell.
Rows are streamed (xlsxwriter `constant_memory`): memory stays flat for 50,000 actions.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import aliased

from planner.actions.models import (
    ACTION_STATUS_LABELS,
    COMMITMENT_KINDS,
    Action,
    ActionArea,
    Commitment,
    action_partners,
)
from planner.agenda.models import ITEM_KINDS, LINK_MEANINGS, ActionAgendaLink, AgendaItem
from planner.areas.models import Area
from planner.budget.models import Allocation, BudgetLine
from planner.core import hooks
from planner.excel.csv_export import looks_like_formula
from planner.extensions import db
from planner.opgaven.models import Organisation, Theme
from planner.programmes.models import Goal

DATE_FORMAT = "dd-mm-yyyy"  # Dutch Excel shows it as dd-mm-jjjj
MONEY_FORMAT = '"€" #,##0.00'  # Dutch Excel shows € 1.234,56
EXTRA_ROWS = 500  # validation reaches this many empty rows below the data, for rows users add

ACTION_COLUMNS = (  # (header, width); the profile imports/wijkprogramma.toml reads these headers
    ("Sleutel", 14),
    ("Nummer", 9),
    ("Actie", 44),
    ("Omschrijving", 50),
    ("Doel", 7),
    ("Trekker", 24),
    ("Status", 12),
    ("Voortgang (%)", 14),
    ("Start", 12),
    ("Einde", 12),
    ("Partners", 32),
    ("Gebieden (gewicht)", 34),
    ("Onderdeel van", 14),
)
GOAL_COLUMNS = (("Sleutel", 14), ("Nummer", 9), ("Doel", 44), ("Toelichting", 60), ("Thema", 28))
ALLOCATION_COLUMNS = (
    ("Sleutel", 14),
    ("Actie", 8),
    ("Actietitel", 40),
    ("Jaar", 8),
    ("Taakveld", 12),
    ("Begrotingsregel", 40),
    ("Bedrag", 16),
)
LINK_COLUMNS = (
    ("Sleutel", 14),
    ("Actie", 8),
    ("Actietitel", 40),
    ("Soort", 24),
    ("Nummer", 16),
    ("Titel", 50),
    ("Betekenis", 20),
)
COMMITMENT_COLUMNS = (  # what each party puts into an action; the profile's programme_commitments table
    ("Sleutel", 14),
    ("Actie", 8),
    ("Actietitel", 40),
    ("Partij", 32),
    ("Soort", 12),
    ("Bedrag (€) of uren", 18),
    ("Omschrijving", 50),
)
READ_ONLY_NOTE = (
    "Alleen ter informatie: wijzig {what} in Wijkplanner zelf. Bij opnieuw inlezen moeten deze rijen ongewijzigd zijn."
)


def action_key(action_id: int, lock_version: int) -> str:
    return f"A:{action_id}:{lock_version}"


def goal_key(goal_id: int, lock_version: int) -> str:
    return f"D:{goal_id}:{lock_version}"


def format_weight(weight) -> str:
    """1 → "1", 0.5000 → "0,5": the way a Dutch user types it back."""
    text = format(Decimal(weight).normalize(), "f")
    return text.replace(".", ",")


def format_areas(pairs) -> str:
    """[(code, name, weight)] → "WK079410 Binnenstad (1); WK079411 Helmond-Oost (0,5)"."""
    return "; ".join(f"{code} {name} ({format_weight(weight)})" for code, name, weight in pairs)


# --- query → rows -----------------------------------------------------------------------------------


def action_rows(programme_id: int, chunk: int = 2000):
    """One tuple per action in the order of the Acties sheet. Read in chunks by number, with
    their areas and partners per chunk, so memory stays flat however large the programme."""
    parent, trekker = aliased(Action), aliased(Organisation)
    base = (
        select(
            Action.id,
            Action.lock_version,
            Action.number,
            Action.title,
            Action.description,
            Goal.number,
            trekker.name,
            Action.status,
            Action.progress,
            Action.start_date,
            Action.end_date,
            parent.number,
        )
        .outerjoin(Goal, Goal.id == Action.goal_id)
        .outerjoin(parent, parent.id == Action.parent_id)
        .outerjoin(trekker, trekker.id == Action.owner_organisation_id)
        .where(Action.programme_id == programme_id)
        .order_by(Action.number)
        .limit(chunk)
    )
    last = None
    while True:
        rows = db.session.execute(base if last is None else base.where(Action.number > last)).all()
        if not rows:
            return
        ids = [row[0] for row in rows]
        areas, partners = defaultdict(list), defaultdict(list)
        for action_id, code, name, weight in db.session.execute(
            select(ActionArea.action_id, Area.code, Area.name, ActionArea.weight)
            .join(Area, Area.id == ActionArea.area_id)
            .where(ActionArea.action_id.in_(ids))
            .order_by(ActionArea.id)
        ):
            areas[action_id].append((code, name, weight))
        for action_id, name in db.session.execute(
            select(action_partners.c.action_id, Organisation.name)
            .join(Organisation, Organisation.id == action_partners.c.partner_id)
            .where(action_partners.c.action_id.in_(ids))
            .order_by(Organisation.name)
        ):
            partners[action_id].append(name)
        for id_, version, number, title, description, goal, owner, status, progress, start, end, parent_number in rows:
            yield (
                action_key(id_, version),
                number,
                title,
                description or "",
                goal,
                owner or "",
                ACTION_STATUS_LABELS.get(status, status),
                progress,
                start,
                end,
                "; ".join(partners.get(id_, ())),
                format_areas(areas.get(id_, ())),
                parent_number,
            )
        last = rows[-1][2]


def goal_rows(programme_id: int):
    for goal in db.session.execute(
        select(Goal.id, Goal.lock_version, Goal.number, Goal.title, Goal.description, Theme.name)
        .outerjoin(Theme, Theme.id == Goal.theme_id)
        .where(Goal.programme_id == programme_id)
        .order_by(Goal.number)
    ):
        yield (goal_key(goal.id, goal.lock_version), goal.number, goal.title, goal.description or "", goal.name or "")


def commitment_key(commitment_id: int) -> str:
    return f"I:{commitment_id}"


def commitment_rows(programme_id: int):
    """One tuple per commitment: key, action number and title, party, kind label, amount, description, and last
    the kind code (for the cell format: hours are no euros)."""
    for c in db.session.execute(
        select(
            Commitment.id,
            Action.number,
            Action.title,
            Organisation.name,
            Commitment.kind,
            Commitment.amount,
            Commitment.description,
        )
        .join(Action, Action.id == Commitment.action_id)
        .join(Organisation, Organisation.id == Commitment.organisation_id)
        .where(Action.programme_id == programme_id)
        .order_by(Action.number, Commitment.id)
    ):
        label = COMMITMENT_KINDS.get(c.kind, c.kind)
        yield (commitment_key(c.id), c.number, c.title, c.name, label, c.amount, c.description or "", c.kind)


def allocation_rows(programme_id: int):
    for a in db.session.execute(
        select(
            Allocation.id,
            Action.number,
            Action.title,
            Allocation.year,
            BudgetLine.taakveld_code,
            BudgetLine.description,
            BudgetLine.line_key,
            Allocation.amount,
        )
        .join(Action, Action.id == Allocation.action_id)
        .join(BudgetLine, BudgetLine.id == Allocation.budget_line_id)
        .where(Action.programme_id == programme_id)
        .order_by(Action.number, Allocation.year, Allocation.id)
    ):
        yield (f"T:{a.id}", a.number, a.title, a.year, a.taakveld_code, a.description or a.line_key, a.amount)


def link_rows(programme_id: int, visible_items=None):
    """`visible_items`: a select of the agenda items the user may see (planner.agenda.services)."""
    query = (
        select(
            ActionAgendaLink.id,
            Action.number,
            Action.title,
            AgendaItem.kind,
            AgendaItem.number.label("ref"),
            AgendaItem.title.label("item_title"),
            ActionAgendaLink.meaning,
        )
        .join(Action, Action.id == ActionAgendaLink.action_id)
        .join(AgendaItem, AgendaItem.id == ActionAgendaLink.agenda_item_id)
        .where(Action.programme_id == programme_id)
        .order_by(Action.number, ActionAgendaLink.id)
    )
    if visible_items is not None:
        query = query.where(AgendaItem.id.in_(visible_items.with_only_columns(AgendaItem.id)))
    for link in db.session.execute(query):
        yield (
            f"K:{link.id}",
            link.number,
            link.title,
            ITEM_KINDS.get(link.kind, link.kind),
            link.ref,
            link.item_title,
            LINK_MEANINGS.get(link.meaning, link.meaning),
        )


# --- rows → workbook --------------------------------------------------------------------------------


class _Writer:
    """The formats and the per-cell rules shared by every sheet."""

    def __init__(self, book):
        self.book = book
        self.header = book.add_format(
            {"bold": True, "bg_color": "#D9E2F3", "bottom": 1, "valign": "top", "text_wrap": True, "locked": True}
        )
        self.text = book.add_format({"valign": "top"})
        self.quoted = book.add_format({"valign": "top", "quote_prefix": True})
        self.date = book.add_format({"num_format": DATE_FORMAT, "valign": "top"})
        self.money = book.add_format({"num_format": MONEY_FORMAT, "valign": "top"})
        self.int = book.add_format({"num_format": "0", "valign": "top"})
        self.hours = book.add_format({"num_format": "#,##0.00", "valign": "top"})
        self.note = book.add_format({"italic": True, "font_color": "#44546A"})
        self.title = book.add_format({"bold": True, "font_size": 14})

    def sheet(self, name: str, columns, note: str | None = None):
        sheet = self.book.add_worksheet(name)
        top = 1 if note else 0
        if note:
            sheet.write_string(0, 1, note, self.note)  # column A is the hidden key
        for col, (_title, width) in enumerate(columns):
            sheet.set_column(col, col, width, None, {"hidden": col == 0})
        for col, (title, _width) in enumerate(columns):
            sheet.write_string(top, col, title, self.header)
        sheet.freeze_panes(top + 1, 2)
        return sheet, top

    def text_cell(self, sheet, row: int, col: int, value) -> None:
        if value is None or value == "":
            return
        value = str(value)
        sheet.write_string(row, col, value, self.quoted if looks_like_formula(value) else self.text)

    def cells(self, sheet, row: int, values, kinds: str) -> None:
        """`kinds` per column: t text, n integer, d date, m money."""
        for col, (value, kind) in enumerate(zip(values, kinds)):
            if value is None:
                continue
            if kind == "t":
                self.text_cell(sheet, row, col, value)
            elif kind == "n":
                sheet.write_number(row, col, value, self.int)
            elif kind == "d":
                sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), self.date)
            else:
                sheet.write_number(row, col, float(value), self.money)


def write_programme_workbook(programme, target, *, visible_items=None, exported_by: str = "") -> int:
    """Write `programme` to `target` (a path or a binary file object). Returns the number of actions."""
    book = xlsxwriter.Workbook(
        target,
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    book.set_properties(
        {
            "title": programme.title,
            "subject": f"Wijkprogramma {programme.area.name}",
            "creator": "Wijkplanner",
            "comments": "Bewerk en lees opnieuw in via Wijkplanner.",
        }
    )
    w = _Writer(book)
    _programme_sheet(w, programme, exported_by)
    _table(w, "Doelen", GOAL_COLUMNS, goal_rows(programme.id), "tnttt")
    count = _actions_sheet(w, action_rows(programme.id))
    _commitments_sheet(w, commitment_rows(programme.id))
    _table(
        w,
        "Toewijzingen",
        ALLOCATION_COLUMNS,
        allocation_rows(programme.id),
        "tntnttm",
        note=READ_ONLY_NOTE.format(what="toewijzingen (scherm Begroting)"),
    )
    _table(
        w,
        "Koppelingen",
        LINK_COLUMNS,
        link_rows(programme.id, visible_items),
        "tnttttt",
        note=READ_ONLY_NOTE.format(what="koppelingen (scherm Agenda)"),
    )
    for add_sheet in hooks.functions("programme_workbook"):  # read-only sheets of other features (evaluation)
        add_sheet(w, programme)
    book.get_worksheet_by_name("Acties").activate()
    book.close()
    return count


def _programme_sheet(w: _Writer, programme, exported_by: str) -> None:
    sheet = w.book.add_worksheet("Programma")
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 90, w.book.add_format({"text_wrap": True, "valign": "top"}))
    sheet.write_string(0, 0, programme.title, w.title)
    rows = (
        ("Gebied", f"{programme.area.name} ({programme.area.code})"),
        ("Periode", programme.period_label),
        ("Status", programme.status_label),
        (
            "Besluit",
            programme.decision_item.audit_label() if programme.decision_item else programme.decision_reference or "",
        ),
        ("Vastgesteld door", programme.competent_body_label if programme.competent_body else ""),
        ("Samenvatting", programme.summary or ""),
        ("Wat willen we bereiken?", programme.ambition or ""),
        ("Wat gaan we daarvoor doen?", programme.approach or ""),
        ("Wat mag het kosten?", programme.cost_notes or ""),
        ("Geëxporteerd", datetime.now().strftime("%d-%m-%Y %H:%M") + (f" door {exported_by}" if exported_by else "")),
        (
            "Toelichting",
            "Bewerk de werkbladen Doelen en Acties en lees de werkmap opnieuw in via Wijkplanner "
            "(Importeren, profiel Wijkprogramma). Laat de verborgen kolom Sleutel staan; een nieuwe "
            "rij zonder sleutel wordt een nieuwe actie of een nieuw doel. Dit werkblad wordt niet "
            "ingelezen.",
        ),
    )
    for r, (label, value) in enumerate(rows, start=2):
        sheet.write_string(r, 0, label, w.header)
        w.text_cell(sheet, r, 1, value)


def _table(w: _Writer, name: str, columns, rows, kinds: str, note: str | None = None) -> int:
    sheet, top = w.sheet(name, columns, note)
    r = top
    for r, values in enumerate(rows, start=top + 1):
        w.cells(sheet, r, values, kinds)
    sheet.autofilter(top, 0, max(r, top + 1), len(columns) - 1)
    return r - top


def _actions_sheet(w: _Writer, rows) -> int:
    sheet, top = w.sheet("Acties", ACTION_COLUMNS)
    r = top
    for r, values in enumerate(rows, start=top + 1):
        w.cells(sheet, r, values, "tnttnttnddttn")
    last = r + EXTRA_ROWS
    statuses = list(ACTION_STATUS_LABELS.values())
    sheet.data_validation(
        top + 1,
        6,
        last,
        6,
        {
            "validate": "list",
            "source": statuses,
            "error_title": "Onbekende status",
            "error_message": "Kies een status uit de lijst: " + ", ".join(statuses) + ".",
            "input_title": "Status",
            "input_message": "Kies uit de lijst.",
        },
    )
    sheet.data_validation(
        top + 1,
        7,
        last,
        7,
        {
            "validate": "integer",
            "criteria": "between",
            "minimum": 0,
            "maximum": 100,
            "error_title": "Voortgang",
            "error_message": "Vul een geheel getal van 0 tot en met 100 in.",
        },
    )
    for col in (8, 9):
        sheet.data_validation(
            top + 1,
            col,
            last,
            col,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": datetime(2000, 1, 1),
                "maximum": datetime(2100, 12, 31),
                "error_title": "Datum",
                "error_message": "Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-03-2026.",
            },
        )
    sheet.autofilter(top, 0, max(r, top + 1), len(ACTION_COLUMNS) - 1)
    return r - top


def _commitments_sheet(w: _Writer, rows) -> None:
    sheet, top = w.sheet("Inzet partijen", COMMITMENT_COLUMNS)
    r = top
    for r, (*values, kind) in enumerate(rows, start=top + 1):
        w.cells(sheet, r, values[:5], "tnttt")
        sheet.write_number(r, 5, float(values[5]), w.hours if kind == "uren" else w.money)
        w.text_cell(sheet, r, 6, values[6])
    kinds = [str(label) for label in COMMITMENT_KINDS.values()]
    sheet.data_validation(
        top + 1,
        4,
        r + EXTRA_ROWS,
        4,
        {
            "validate": "list",
            "source": kinds,
            "error_title": "Onbekende soort",
            "error_message": "Kies de soort inzet uit de lijst: " + ", ".join(kinds) + ".",
        },
    )
    sheet.autofilter(top, 0, max(r, top + 1), len(COMMITMENT_COLUMNS) - 1)
