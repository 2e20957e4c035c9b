"""The deviation workbook for a P&C moment: the shape a controller pastes into the berap."""

from __future__ import annotations

import io

import xlsxwriter

from planner.budget.services import DeviationReport

HEADERS = (
    "Soort",
    "Taakveld",
    "Omschrijving",
    "Lasten/baten",
    "Bevroren bedrag",
    "Prognose/realisatie nu",
    "Verschil",
    "Verschil %",
    "Voortgang toen",
    "Voortgang nu",
    "Toelichting",
    "Programma",
)
WIDTHS = (16, 10, 48, 12, 18, 22, 16, 11, 14, 12, 60, 40)
# Excel allows 31 characters in a sheet name: "Bestuursrapportage 1 2026 GM0794" does not fit.
SHORT_KINDS = {
    "berap1": "Berap 1",
    "berap2": "Berap 2",
    "begrotingswijziging": "Begrotingswijziging",
    "jaarrekening": "Jaarstukken",
    "kadernota": "Kadernota",
    "najaarsnota": "Najaarsnota",
    "begroting": "Begroting",
}


def deviation_workbook(reports: list[DeviationReport]) -> io.BytesIO:
    """Real currency cells, a frozen bold header, SUM totals; user text only ever as strings."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True})
    euro = book.add_format({"num_format": "€ #,##0.00"})
    euro_bold = book.add_format({"num_format": "€ #,##0.00", "bold": True, "top": 1})
    label_bold = book.add_format({"bold": True, "top": 1})
    pct = book.add_format({"num_format": "0.0"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    used: set[str] = set()
    for report in reports:
        sheet = book.add_worksheet(_sheet_name(_moment_name(report.moment), used))
        for col, (title, width) in enumerate(zip(HEADERS, WIDTHS)):
            sheet.write_string(0, col, title, bold)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        row = 1
        for d in report.lines + report.actions:
            sheet.write_string(row, 0, "Begrotingsregel" if d.subject == "line" else "Actie")
            sheet.write_string(row, 1, d.taakveld_code or "")
            sheet.write_string(row, 2, d.label or "")
            sheet.write_string(row, 3, d.direction or "")
            sheet.write_number(row, 4, float(d.frozen), euro)
            sheet.write_number(row, 5, float(d.expected), euro)
            sheet.write_formula(row, 6, f"=F{row + 1}-E{row + 1}", euro, float(d.difference))
            if d.percent is not None:
                sheet.write_number(row, 7, float(d.percent), pct)
            if d.progress_then is not None:
                sheet.write_number(row, 8, d.progress_then)
            if d.progress_now is not None:
                sheet.write_number(row, 9, d.progress_now)
            sheet.write_string(row, 10, d.note or "", wrap)
            sheet.write_string(row, 11, d.programme_title or "")
            row += 1
        # Totals under the rows, as SUM formulas over each block (Excel rows are 1-based, header is row 1).
        first = 2
        for label, block, total in (
            ("Totaal begrotingsregels", report.lines, report.line_total),
            ("Totaal acties", report.actions, report.action_total),
        ):
            if block:
                last = first + len(block) - 1
                sheet.write_string(row, 2, label, label_bold)
                for col, letter, value in zip((4, 5, 6), "EFG", total):
                    sheet.write_formula(row, col, f"=SUM({letter}{first}:{letter}{last})", euro_bold, float(value))
                row += 1
            first += len(block)
    if not reports:
        book.add_worksheet("Afwijkingen").write_string(0, 0, "Geen gesloten P&C-moment gevonden.")
    book.close()
    out.seek(0)
    return out


def _moment_name(moment) -> str:
    kind = SHORT_KINDS.get(moment.kind, moment.kind_label)
    number = f" {moment.sequence}" if moment.kind == "begrotingswijziging" else ""
    return f"{kind}{number} {moment.year} {moment.area.code}"


def _sheet_name(text: str, used: set[str]) -> str:
    name = "".join(c for c in text if c not in "[]:*?/\\")[:31] or "Afwijkingen"
    base, n = name, 2
    while name.lower() in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name.lower())
    return name
