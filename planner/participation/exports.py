"""Contributions to Excel: query → rows → workbook.

Resident text is written with `write_string` (and the workbook refuses to turn strings into
formulas), so `=HYPERLINK(...)` typed in a reaction stays text. Dates are real date cells. Names
and e-mail addresses are never exported: the workbook travels further than the application.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import xlsxwriter

COLUMNS = (  # (header, width)
    ("Nummer", 9),
    ("Ingediend", 12),
    ("Bron", 16),
    ("Bijeenkomst", 28),
    ("Thema", 20),
    ("Reageert op", 30),
    ("Inbreng", 60),
    ("Moderatie", 14),
    ("Status", 16),
    ("Reactie van het team", 60),
    ("Beantwoord", 12),
    ("Leidde tot", 40),
)


def contribution_row(c) -> list:
    target = (
        f"Doel {c.goal.number}: {c.goal.title}"
        if c.goal
        else f"Actie {c.action.number}: {c.action.title}"
        if c.action
        else "Hele programma"
    )
    led_to = "; ".join(
        [f"Doel {g.number}: {g.title}" for g in c.linked_goals]
        + [f"Actie {a.number}: {a.title}" for a in c.linked_actions]
    )
    moment = f"{c.moment.kind_label} {c.moment.date:%d-%m-%Y}: {c.moment.title}" if c.moment else ""
    return [
        c.id,
        c.submitted_at.date(),
        c.source_label,
        moment,
        c.theme.name if c.theme else "",
        target,
        c.text,
        c.moderation_label,
        c.status_label,
        c.response or "",
        c.responded_at.date() if c.responded_at else None,
        led_to,
    ]


def contributions_workbook(programme, items) -> io.BytesIO:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    book.set_properties(
        {"title": f"Inbreng {programme.title}", "subject": programme.area.name, "creator": "Wijkplanner"}
    )
    bold = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd-mm-yyyy", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet("Inbreng")
    for col, (title, width) in enumerate(COLUMNS):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for r, c in enumerate(items, start=1):
        for col, value in enumerate(contribution_row(c)):
            if value is None:
                sheet.write_blank(r, col, None, wrap)
            elif isinstance(value, (date, datetime)):
                sheet.write_datetime(r, col, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, int):
                sheet.write_number(r, col, value, wrap)
            else:
                sheet.write_string(r, col, value, wrap)
    sheet.autofilter(0, 0, max(len(items), 1), len(COLUMNS) - 1)
    book.close()
    out.seek(0)
    return out
