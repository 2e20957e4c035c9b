"""The ward comparison workbook: query → rows → workbook, real number cells, frozen bold header."""

from __future__ import annotations

import io
from datetime import datetime, time

import xlsxwriter

from planner.excel.csv_export import neutralise
from planner.tracking.comparison import Comparison

WARD_HEADERS = [
    "Wijkcode",
    "Wijk",
    "Inwoners",
    "Acties",
    "Niet op schema",
    "Bijgestuurd",
    "Op schema (%)",
    "Gemiddelde voortgang (%)",
]
MONEY_HEADERS = ["Toegekend", "Gerealiseerd", "Toegekend per inwoner", "Gerealiseerd per inwoner"]
HOURS_HEADERS = ["Geplande uren", "Bestede uren"]
LATE_HEADERS = ["Programma", "Actie", "Titel", "Wijken", "Status", "Voortgang (%)", "Einddatum", "Waarom vertraagd"]
INDICATOR_HEADERS = [
    "Wijkcode",
    "Wijk",
    "Indicator",
    "Code",
    "Eenheid",
    "Periode",
    "Waarde",
    "Nulmeting",
    "Periode nulmeting",
    "Streefwaarde",
    "Streefperiode",
    "Gemeentelijk gemiddelde",
    "Oordeel",
]


def comparison_workbook(result: Comparison, target=None):
    """Write to `target` (a path or file object); returns a BytesIO when no target is given."""
    out = target if target is not None else io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True})
    whole = book.add_format({"num_format": "#,##0"})
    pct = book.add_format({"num_format": "0"})
    euro = book.add_format({"num_format": "€ #,##0.00"})
    decimal = book.add_format({"num_format": "#,##0.##"})
    total_fmt = book.add_format({"bold": True, "top": 1})

    _selection_sheet(book, result, bold)
    sheet = book.add_worksheet("Wijken")
    statuses = list(result.statuses.items())
    # "Status vertraagd" (what the team set) is not "Niet op schema" (derived from the planning too)
    headers = WARD_HEADERS[:4] + [f"Status {label.lower()}" for _, label in statuses] + WARD_HEADERS[4:]
    if result.has_budget:
        headers += MONEY_HEADERS
    if result.hours:  # capacity beside the money, as on the page
        headers += HOURS_HEADERS
    hours_total = [
        sum((h.planned for h in result.hours.values()), 0),
        sum((h.actual for h in result.hours.values()), 0),
    ]
    _header(sheet, headers, bold)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, len(headers) - 1, 14)
    for r, row in enumerate(result.rows + [result.total], start=1):
        is_total = row is result.total
        sheet.write_string(r, 0, row.code, total_fmt if is_total else None)
        sheet.write_string(
            r, 1, ("Totaal " if is_total else "") + neutralise(row.name), total_fmt if is_total else None
        )
        cells = [(row.population, whole), (row.total, whole)]
        cells += [(row.by_status.get(s, 0), whole) for s, _ in statuses]
        cells += [(row.late, whole), (row.corrected, whole), (row.on_schedule_pct, pct), (row.avg_progress, pct)]
        if result.has_budget:
            b = row.budget
            cells += [
                (b.toegekend if b else None, euro),
                (b.gerealiseerd if b else None, euro),
                (row.allocated_per_resident, euro),
                (row.realised_per_resident, euro),
            ]
        if result.hours:
            h = result.hours.get(row.area_id)
            planned, actual = hours_total if is_total else ((h.planned, h.actual) if h else (None, None))
            cells += [(planned, decimal), (actual, decimal)]
        for c, (value, fmt) in enumerate(cells, start=2):
            if value is not None:
                sheet.write_number(r, c, float(value), fmt)

    sheet = book.add_worksheet("Indicatoren")
    _header(sheet, INDICATOR_HEADERS, bold)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 2, 28)
    sheet.set_column(3, len(INDICATOR_HEADERS) - 1, 14)
    r = 1
    for row in result.rows:
        for column in result.indicators:
            cell = row.indicators.get(column.id, {})
            sheet.write_string(r, 0, row.code)
            sheet.write_string(r, 1, neutralise(row.name))
            sheet.write_string(r, 2, neutralise(column.name))
            sheet.write_string(r, 3, neutralise(column.code))
            sheet.write_string(r, 4, neutralise(column.unit or ""))
            sheet.write_string(r, 5, cell.get("period", ""))
            for c, key in ((6, "value"), (7, "baseline")):
                if cell.get(key) is not None:
                    sheet.write_number(r, c, float(cell[key]), decimal)
            sheet.write_string(r, 8, cell.get("baseline_period", ""))
            if cell.get("target") is not None:
                sheet.write_number(r, 9, float(cell["target"]), decimal)
            sheet.write_string(r, 10, cell.get("target_period", ""))
            if column.average is not None:
                sheet.write_number(r, 11, float(column.average), decimal)
            sheet.write_string(r, 12, cell.get("verdict", ""))
            r += 1

    sheet = book.add_worksheet("Vertraagde acties")
    _header(sheet, LATE_HEADERS, bold)
    day = book.add_format({"num_format": "dd-mm-yyyy"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for c, width in enumerate((34, 8, 40, 28, 12, 12, 12, 70)):
        sheet.set_column(c, c, width)
    for r, item in enumerate(result.late, start=1):
        action = item.action
        sheet.write_string(r, 0, neutralise(action.programme.title))
        sheet.write_number(r, 1, action.number)
        sheet.write_string(r, 2, neutralise(action.title))
        sheet.write_string(r, 3, neutralise(", ".join(item.wards)))
        sheet.write_string(r, 4, action.status_label)
        sheet.write_number(r, 5, action.progress, pct)
        if action.end_date is not None:
            sheet.write_datetime(r, 6, datetime.combine(action.end_date, time()), day)
        sheet.write_string(r, 7, neutralise(" ".join(item.reasons)), wrap)
    book.close()
    if target is None:
        out.seek(0)
    return out


def selection(result: Comparison) -> list[tuple[str, str]]:
    """The choices behind the figures, as (what, value): a workbook passed on says what it shows."""
    return [
        ("Gemeente", f"{result.gm.name} ({result.gm.code})"),
        ("Jaar", str(result.year)),
        ("Thema", result.theme_name or "alle thema's"),
        ("Opgave", result.opgave_title or "alle opgaven"),
        ("Wijken", str(len(result.rows))),
        ("Peildatum", result.today.strftime("%d-%m-%Y")),
    ]


def file_name(result: Comparison) -> str:
    """vergelijking-GM0794-2026.xlsx, with the theme and opgave where they narrow the figures."""
    parts = ["vergelijking", result.gm.code, str(result.year)]
    if result.theme_name:
        parts.append("thema-" + _slug(result.theme_name))
    if result.opgave_title:
        parts.append(f"opgave-{result.opgave_id}")
    return "-".join(parts) + ".xlsx"


def _slug(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())[:40]


def _selection_sheet(book, result: Comparison, bold) -> None:
    sheet = book.add_worksheet("Selectie")
    _header(sheet, ["Selectie", "Waarde"], bold)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 50)
    for r, (what, value) in enumerate(selection(result), start=1):
        sheet.write_string(r, 0, what)
        sheet.write_string(r, 1, neutralise(value))
    note = (
        "Thema en opgave beperken de acties, de vertraagde acties en het geld; "
        "inwoners en indicatoren gelden voor de hele wijk."
    )
    sheet.write_string(len(selection(result)) + 2, 0, note)


def _header(sheet, headers, fmt) -> None:
    for c, title in enumerate(headers):
        sheet.write_string(0, c, title, fmt)
    sheet.freeze_panes(1, 0)
