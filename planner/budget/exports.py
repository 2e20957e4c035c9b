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
        add_amendments_sheet(book, _sheet_name("Wijzigingen " + _moment_name(report.moment), used), report.amendments)
    if not reports:
        book.add_worksheet("Afwijkingen").write_string(0, 0, "Geen gesloten P&C-moment gevonden.")
    book.close()
    out.seek(0)
    return out


AMENDMENT_HEADERS = (
    "Soort",
    "Taakveld",
    "Begrotingsregel",
    "Programma",
    "Actie",
    "Jaar",
    "Toegekend",
    "Boven de ruimte",
    "Reden",
    "Begrotingsonrechtmatig",
)
AMENDMENT_WIDTHS = (30, 10, 40, 36, 40, 8, 16, 16, 50, 22)


def add_amendments_sheet(book, name: str, amendments) -> None:
    """The allocations beyond their line's room: proposed begrotingswijzigingen and shifts within the mandate,
    each marked begrotingsonrechtmatig while its line still falls short; the open total under them."""
    bold = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True})
    euro = book.add_format({"num_format": "€ #,##0.00"})
    euro_bold = book.add_format({"num_format": "€ #,##0.00", "bold": True, "top": 1})
    label_bold = book.add_format({"bold": True, "top": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheet = book.add_worksheet(name)
    for col, (title, width) in enumerate(zip(AMENDMENT_HEADERS, AMENDMENT_WIDTHS)):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    row = 1
    for amendment in amendments:
        allocation = amendment.allocation
        line, action = allocation.budget_line, allocation.action
        sheet.write_string(row, 0, amendment.label)
        sheet.write_string(row, 1, line.taakveld_code or "")
        sheet.write_string(row, 2, line.description or line.line_key)
        sheet.write_string(row, 3, action.programme.title)
        sheet.write_string(row, 4, f"{action.number}. {action.title}")
        sheet.write_number(row, 5, allocation.year)
        sheet.write_number(row, 6, float(allocation.amount), euro)
        sheet.write_number(row, 7, float(allocation.overshoot), euro)
        sheet.write_string(row, 8, allocation.override_reason or "", wrap)
        sheet.write_string(row, 9, "ja, nog open" if amendment.open else "nee, gedekt")
        row += 1
    if not amendments:
        sheet.write_string(row, 0, "Geen toekenningen boven de ruimte van een begrotingsregel.")
        row += 1
    open_total = sum((a.allocation.overshoot for a in amendments if a.open), 0)
    sheet.write_string(row, 2, "Open begrotingsonrechtmatigheid", label_bold)
    sheet.write_number(row, 7, float(open_total), euro_bold)


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


OVERVIEW_HEADERS = ("Begroot", "Gewijzigd", "Gerealiseerd", "Toegekend aan acties", "Vrij")


def overview_workbook(overview, subject: str) -> io.BytesIO:
    """The budget page as a workbook: a sheet per angle (begrotingsprogramma of the raad, taakveld,
    wijkontwikkelprogramma, opgave, ward, baten), real currency cells and SUM totals."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True})
    euro = book.add_format({"num_format": "€ #,##0.00"})
    euro_bold = book.add_format({"num_format": "€ #,##0.00", "bold": True, "top": 1})
    label_bold = book.add_format({"bold": True, "top": 1})
    estimated = bool(overview.by_action)  # a ward or programme: realisation split by allocation
    realised = "Gerealiseerd (schatting)" if estimated else "Gerealiseerd"
    angles = [
        ("Begrotingsprogramma (raad)", "Begrotingsprogramma (raad)", overview.by_budget_programme, {}),
        ("Taakveld", "Taakveld", overview.by_taakveld, overview.taakveld_labels),
        ("Wijkontwikkelprogramma", "Wijkontwikkelprogramma", overview.by_programme, {}),
        ("Opgave", "Opgave", overview.by_opgave, {}),
        ("Wijk", "Wijk", overview.by_ward, overview.ward_labels),
        ("Actie", "Actie", overview.by_action, overview.action_labels),
    ]
    if overview.baten_by_budget_programme:
        angles.append(("Baten", "Begrotingsprogramma (raad)", overview.baten_by_budget_programme, {}))
    used: set[str] = set()
    for title, first_column, groups, labels in angles:
        if not groups:
            continue
        sheet = book.add_worksheet(_sheet_name(title, used))
        headers = (first_column, *OVERVIEW_HEADERS[:2], realised, *OVERVIEW_HEADERS[3:])
        if title == "Baten":
            headers = headers[:4]
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
            sheet.set_column(col, col, 48 if col == 0 else 18)
        sheet.freeze_panes(1, 1)
        row = 1
        for key, figures in groups.items():
            sheet.write_string(row, 0, str(labels.get(key, key)))
            values = (figures.begroot, figures.gewijzigd, figures.gerealiseerd, figures.toegekend, figures.vrij)
            for col, value in enumerate(values[: len(headers) - 1], start=1):
                sheet.write_number(row, col, float(value), euro)
            row += 1
        sheet.write_string(row, 0, f"Totaal {subject}"[:200], label_bold)
        for col in range(1, len(headers)):
            letter = chr(ord("A") + col)
            sheet.write_formula(row, col, f"=SUM({letter}2:{letter}{row})", euro_bold)
    if not used:
        book.add_worksheet("Begroting").write_string(0, 0, "Geen bedragen in dit jaar.")
    book.close()
    out.seek(0)
    return out
