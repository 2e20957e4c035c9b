"""The row-by-row reader of long sheets gives the cells the fast reader gives."""

from __future__ import annotations

import datetime as dt

from planner.excel.reader import cell, read_workbook
from tests.excel.helpers import write_xlsx


def _cells(sheet) -> list[list]:
    rows = [[cell(v) for v in row] for row in sheet.raw_rows()]
    for row in rows:  # either reader may leave trailing empty cells off
        while row and row[-1] is None:
            row.pop()
    return rows


def test_a_streamed_sheet_reads_as_the_fast_reader_reads_it(tmp_path):
    rows = [
        ["Jaar", "Naam", "Datum", "Tijdstip", "Bedrag", "Actief"],
        [2026, "  Brandevoort ", dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 14, 30), 1234.5, True],
        [],
        [None, None, None, None, 0.1, False],
        [2027, "'s-Hertogenbosch", None, None, -7, None],
    ]
    path = write_xlsx(tmp_path / "lang.xlsx", {"Blad1": rows, "Leeg": [["x"]]})
    [fast, _] = read_workbook(path)
    [streamed, short] = read_workbook(path, stream_cells=12)
    assert type(streamed._source).__name__ == "_StreamedSheet" and type(short._source).__name__ != "_StreamedSheet"
    assert _cells(streamed) == _cells(fast)
    assert _cells(streamed)[1] == [
        2026,
        "Brandevoort",
        dt.date(2026, 3, 1),
        dt.datetime(2026, 3, 1, 14, 30),
        1234.5,
        True,
    ]
    assert streamed.head(2) == fast.head(2)
