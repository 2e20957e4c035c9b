"""A programme's learning log as a workbook (reflections, lessons, changes) and the evaluation sheet of the
programme workbook. User text is written as text; text that looks like a formula gets Excel's quote prefix."""

from __future__ import annotations

from datetime import datetime

import xlsxwriter

from planner.excel.csv_export import looks_like_formula
from planner.learning import services

DATE_FORMAT = "dd-mm-yyyy"


class _Cells:
    def __init__(self, book):
        self.book = book
        self.header = book.add_format({"bold": True, "bg_color": "#D9E2F3", "bottom": 1, "text_wrap": True})
        self.text = book.add_format({"valign": "top", "text_wrap": True})
        self.quoted = book.add_format({"valign": "top", "text_wrap": True, "quote_prefix": True})
        self.date = book.add_format({"num_format": DATE_FORMAT, "valign": "top"})

    def table(self, name: str, columns, rows) -> None:
        sheet = self.book.add_worksheet(name)
        for col, (title, width) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, title, self.header)
        sheet.freeze_panes(1, 0)
        r = 0
        for r, values in enumerate(rows, start=1):
            for col, value in enumerate(values):
                self.cell(sheet, r, col, value)
        sheet.autofilter(0, 0, max(r, 1), len(columns) - 1)

    def cell(self, sheet, row: int, col: int, value) -> None:
        if value is None or value == "":
            return
        if hasattr(value, "year") and not isinstance(value, str):
            sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), self.date)
        elif isinstance(value, int) and not isinstance(value, bool):
            sheet.write_number(row, col, value)
        else:
            text = str(value)
            sheet.write_string(row, col, text, self.quoted if looks_like_formula(text) else self.text)


REFLECTION_COLUMNS = (
    ("Datum", 12),
    ("Soort", 18),
    ("Begeleiding", 30),
    ("Deelnemers", 40),
    ("Wat werkt?", 50),
    ("Wat werkt niet?", 50),
    ("Wat veranderen we?", 50),
)
LESSON_COLUMNS = (
    ("Datum", 12),
    ("Leerpunt", 50),
    ("Toelichting", 60),
    ("Thema's", 30),
    ("Doelen", 30),
    ("Acties", 40),
    ("Afspraken", 40),
)
CHANGE_COLUMNS = (("Datum", 12), ("Leerpunt", 50), ("Actie", 40), ("Verandering", 18), ("Programmaversie", 16))


def _facilitation(r) -> str:
    if r.independent_facilitator:
        return f"Onafhankelijk: {r.facilitator}"
    return r.facilitator or ""


def _participants(r) -> str:
    return "; ".join(
        f"{p.role} ({p.organisation.name})"
        if p.organisation and p.role
        else (p.organisation.name if p.organisation else p.role)
        for p in r.participants
    )


def write_learning_log(programme, reflections, seen_actions: set[int], target) -> None:
    """Reflections, lessons and the changes they led to; only the actions the reader may see are named."""
    book = xlsxwriter.Workbook(
        target, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"title": f"Leerlog {programme.title}", "creator": "Wijkplanner"})
    cells = _Cells(book)
    cells.table(
        "Reflecties",
        REFLECTION_COLUMNS,
        (
            (
                r.held_on,
                str(r.kind_label),
                _facilitation(r),
                _participants(r),
                r.what_works,
                r.what_does_not,
                r.what_we_change,
            )
            for r in reflections
        ),
    )
    cells.table(
        "Leerpunten",
        LESSON_COLUMNS,
        (
            (
                r.held_on,
                lesson.statement,
                lesson.account,
                ", ".join(t.name for t in lesson.themes),
                ", ".join(f"{g.number}. {g.title}" for g in lesson.goals),
                ", ".join(f"{a.number}. {a.title}" for a in lesson.actions if a.id in seen_actions),
                "; ".join(a.text for a in lesson.agreements),
            )
            for r in reflections
            for lesson in r.lessons
        ),
    )
    cells.table(
        "Veranderingen",
        CHANGE_COLUMNS,
        (
            (r.held_on, lesson.statement, f"{c.action.number}. {c.action.title}", str(c.kind_label), c.version_number)
            for r in reflections
            for lesson in r.lessons
            for c in lesson.changes
            if c.action_id in seen_actions
        ),
    )
    book.close()


def evaluation_sheet(w, programme) -> None:
    """The sheet 'Evaluatie' of the programme workbook (read-only: the re-import leaves it alone)."""
    evaluation = services.evaluation_of(programme)
    if evaluation is None:
        return
    sheet = w.book.add_worksheet("Evaluatie")
    columns = (
        ("Doel", 8),
        ("Doeltitel", 36),
        ("Indicator", 30),
        ("Gebied", 20),
        ("Nulmeting", 16),
        ("Streefwaarde", 16),
        ("Laatste meting", 16),
        ("Oordeel van het team", 60),
    )
    for col, (title, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, w.header)
    sheet.freeze_panes(1, 0)
    r = 0
    for judgement in evaluation.goals:
        targets = judgement.achievement or [{}]
        for t in targets:
            r += 1
            sheet.write_number(r, 0, judgement.goal.number)
            w.text_cell(sheet, r, 1, judgement.goal.title)
            w.text_cell(sheet, r, 2, t.get("indicator"))
            w.text_cell(sheet, r, 3, t.get("area"))
            for col, (value, period) in enumerate(
                (
                    (t.get("baseline"), t.get("baseline_period")),
                    (t.get("target"), t.get("target_period")),
                    (t.get("latest"), t.get("latest_period")),
                ),
                start=4,
            ):
                if value is not None:
                    w.text_cell(sheet, r, col, f"{value.replace('.', ',')} ({period})")
            w.text_cell(sheet, r, 7, judgement.judgement)
    if evaluation.lessons_text:
        sheet.write_string(r + 2, 0, "Wat nemen we mee?", w.header)
        w.text_cell(sheet, r + 2, 1, evaluation.lessons_text)
