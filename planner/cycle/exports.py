"""The "wat moet erin" workbook: flagged actions per moment, by ward and programme.

User text is written with `write_string`, so a title like `=HYPERLINK(...)` stays text in
Excel and LibreOffice; dates and percentages are real cells.
"""

from __future__ import annotations

import io
import re

import xlsxwriter

HEADERS = (
    "Wijk",
    "Wijkcode",
    "Programma",
    "Actienummer",
    "Actie",
    "Trekker",
    "Status",
    "Voortgang",
    "Start",
    "Einde",
    "Waarvoor",
    "Toelichting",
)
WIDTHS = (22, 11, 34, 12, 44, 22, 12, 11, 12, 12, 16, 44)


def _sheet_name(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", text)[:31]


def what_goes_in_workbook(moment, rows, amendments=None) -> io.BytesIO:
    """The actions flagged for the moment; with `amendments` (allocations beyond a line's room in the
    moment's year) a second sheet with the proposed begrotingswijzigingen and what is still unlawful."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": f"Input {moment.label}", "subject": moment.area.name, "creator": "Wijkplanner"})
    bold = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    pct = book.add_format({"num_format": "0%"})
    sheet = book.add_worksheet(_sheet_name(f"Input {moment.label}"))
    for col, (title, width) in enumerate(zip(HEADERS, WIDTHS)):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        a = row.action
        sheet.write_string(r, 0, row.ward.name)
        sheet.write_string(r, 1, row.ward.code)
        sheet.write_string(r, 2, row.programme.title)
        sheet.write_number(r, 3, a.number)
        sheet.write_string(r, 4, a.title)
        sheet.write_string(r, 5, a.owner or "")
        sheet.write_string(r, 6, a.status_label)
        sheet.write_number(r, 7, a.progress / 100, pct)
        for col, value in ((8, a.start_date), (9, a.end_date)):
            if value:
                sheet.write_datetime(r, col, value, day)
            else:
                sheet.write_blank(r, col, None)
        sheet.write_string(r, 10, row.flag.purpose_label)
        sheet.write_string(r, 11, row.flag.note or "")
    sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)
    if amendments is not None:
        from planner.budget.exports import add_amendments_sheet

        add_amendments_sheet(book, "Begrotingswijzigingen", amendments)
    book.close()
    out.seek(0)
    return out
