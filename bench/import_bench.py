"""Time the begroting-export import against python-calamine reading the same raw cells.

Run by hand: `.venv/bin/python bench/import_bench.py [rows]`. Prints seconds, the ratio (target
≤ 3) and peak memory; then (c) the full import through the import runner (read, validate, write
to a fresh SQLite database, record the run and its changes for a revert) of the same workbook,
and (d) the whole Iv3 2024 file end to end (target ≤ 2 s). (c) and (d) run in a child process
so that their peak RSS is their own.

Measured on this 2-core machine (100,000 rows; each row gives up to four budget lines, so 400,000
lines): (a) 0.78 s, (b) 2.48 s (ratio 3.2), peak 231 MB; (c) 16.8 s (ratio 21.6: parse 3.2 s, the
budget_lines applier 9.4 s, recording 400,000 ImportChanges 2.0 s), re-import all unchanged 7.9 s,
peak RSS 892 MB (reached inside the budget_lines applier); (d) Iv3 2024 end to end 1.4–1.5 s.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
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
    full_import_figures(rows, raw)


def full_import_figures(rows: int, raw: float) -> None:
    """(c) and (d) in a child process: generate, then import through the runner into SQLite."""
    out = subprocess.run([sys.executable, __file__, "--full", str(rows)], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"(c) full import (read+check+write SQLite, {figures['lines']:,} budget lines): {figures['full']:.2f} s")
    print(f"ratio c/a             : {figures['full'] / raw:.2f}")
    print(f"    re-import, all unchanged: {figures['again']:.2f} s")
    print(f"(d) Iv3 2024 file end to end ({figures['iv3_lines']:,} lines): {figures['iv3']:.2f} s (target ≤ 2)")
    print(f"peak RSS of (c)+(d)   : {figures['peak']:.0f} MB (target ≤ 300)")


def _full(rows: int) -> None:
    from flask_migrate import upgrade

    from planner import create_app
    from planner.areas.services import add_area
    from planner.excel.runner import run_import
    from planner.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "begroting-export-2025.xlsx"
        generate(path, rows)
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            add_area(code="GM0794", name="Helmond")
            db.session.commit()
            started = time.perf_counter()
            report = run_import(path, path.name, "begroting-export", options={"area": "GM0794"})
            full = time.perf_counter() - started
            assert report.errors == [] and report.rows == rows, report.errors[:3]
            started = time.perf_counter()
            again = run_import(path, path.name, "begroting-export", options={"area": "GM0794"})
            repeat = time.perf_counter() - started
            assert again.only_unchanged, again.as_dict()
            samples = ROOT / "imports" / "samples"
            assert run_import(samples / "cbs" / "gemeenten-2023.csv", "gemeenten-2023.csv", "cbs-gebieden").ok
            started = time.perf_counter()
            iv3 = run_import(samples / "iv3" / "iv3-begroting-2024.csv", "iv3-begroting-2024.csv", "iv3-taakvelden")
            iv3_time = time.perf_counter() - started
            assert iv3.ok, iv3.errors[:3]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"full": full, "again": repeat, "lines": report.created, "iv3": iv3_time,
                      "iv3_lines": iv3.created, "peak": peak}))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--full":
        os.environ.setdefault("WIJKPLANNER_DEV", "1")
        _full(int(sys.argv[2]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
