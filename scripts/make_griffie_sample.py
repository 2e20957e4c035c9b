"""Write imports/samples/griffie/moties-toezeggingen.xlsx: a griffie list as iBabs/Notubiz export it.

A title row above the header, Dutch headers, real date cells, one amendment and one withdrawn
motion: what the `raadsinformatie` profile must cope with. Fictitious content.
Run: .venv/bin/python scripts/make_griffie_sample.py
"""

from datetime import date
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).resolve().parent.parent / "imports" / "samples" / "griffie" / "moties-toezeggingen.xlsx"
HEADERS = ["Nummer", "Type", "Datum", "Onderwerp", "Indieners", "Portefeuillehouder", "Status", "Deadline"]
ROWS = [
    [
        "M2026-003",
        "Motie",
        date(2026, 1, 27),
        "Buurtkamers in elke wijk",
        "J. de Vries, A. Yilmaz",
        "Wethouder Van Dijk",
        "Aangenomen",
        date(2026, 9, 30),
    ],
    [
        "M2026-005",
        "Motie",
        date(2026, 1, 27),
        "Speelplekken Helmond-Oost",
        "M. Bakker",
        "Wethouder Smit",
        "Aangenomen",
        None,
    ],
    [
        "M2026-006",
        "Motie",
        date(2026, 1, 27),
        "Onderzoek autoluwe binnenstad",
        "P. Jansen",
        "Wethouder Smit",
        "Ingetrokken",
        None,
    ],
    ["A2026-001", "Amendement", date(2026, 1, 27), "Meer groen op de Markt", "P. Jansen", "", "Verworpen", None],
    [
        "T2025-031",
        "Toezegging",
        date(2025, 11, 6),
        "Notitie jongerenwerk Binnenstad",
        "",
        "Wethouder Van Dijk",
        "Open",
        date(2026, 3, 1),
    ],
    [
        "T2026-012",
        "Toezegging",
        date(2026, 1, 27),
        "Raad informeren over de voortgang van de buurtkamers",
        "",
        "Wethouder Van Dijk",
        "Open",
        date(2026, 6, 30),
    ],
    [
        "T2025-019",
        "Toezegging",
        date(2025, 6, 12),
        "Evaluatie buurtpreventie",
        "",
        "Burgemeester",
        "Afgedaan",
        date(2025, 12, 31),
    ],
]


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(OUT), {"strings_to_formulas": False})
    sheet = book.add_worksheet("Moties en toezeggingen")
    bold, day = book.add_format({"bold": True}), book.add_format({"num_format": "dd-mm-yyyy"})
    sheet.write_string(0, 0, "Gemeente Helmond – overzicht moties, amendementen en toezeggingen", bold)
    for col, title in enumerate(HEADERS):
        sheet.write_string(2, col, title, bold)
    for r, row in enumerate(ROWS, start=3):
        for col, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, col, value, day)
            elif value:
                sheet.write_string(r, col, value)
    sheet.set_column(0, 0, 12)
    sheet.set_column(3, 3, 50)
    sheet.freeze_panes(3, 0)
    book.close()
    print(OUT)


if __name__ == "__main__":
    main()
