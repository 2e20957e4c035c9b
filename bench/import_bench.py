"""Time the begroting-export import against python-calamine reading the same raw cells.

Run by hand: `.venv/bin/python bench/import_bench.py [rows]`. Prints seconds, the ratio (target
≤ 3) and peak memory. The database write is not included yet: the importer comes next.
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.excel import load_profile, parse  # noqa: E402

HEADER = ["Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Omschrijving", "Begroting primitief",
          "Begroting na wijziging", "Realisatie", "Verplichtingen"]
TAAKVELDEN = ["0.1", "0.4", "2.1", "5.7", "6.1", "6.71a", "7.4", "8.3"]


def generate(path: Path, rows: int) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Begroting")
    sheet.write_row(0, 0, HEADER)
    for i in range(1, rows + 1):
        amount = (i * 37) % 100_000 + 0.25
        sheet.write_row(i, 0, [2025, f"KP{i // 40:05d}", f"4{i % 40:03d}", TAAKVELDEN[i % 8],
                               f"Regel {i}", amount, amount * 1.1, amount * 0.8, amount * 0.1])
    book.close()


def main(rows: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "begroting-export.xlsx"
        started = time.perf_counter()
        generate(path, rows)
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.2f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")

        started = time.perf_counter()
        book = CalamineWorkbook.from_path(str(path))
        cells = book.get_sheet_by_index(0).to_python()
        raw = time.perf_counter() - started
        del cells, book

        profile = load_profile("begroting-export")
        started = time.perf_counter()
        result = parse(path, profile)
        full = time.perf_counter() - started
        assert result.errors == [] and len(result.records) == rows, result.errors[:3]

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(a) calamine raw read : {raw:.2f} s")
    print(f"(b) parse (read+check): {full:.2f} s")
    print(f"ratio b/a             : {full / raw:.2f} (target ≤ 3)")
    print(f"peak RSS              : {peak:.0f} MB (target ≤ 300)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
