"""Peak memory and time of the job worker on the largest sheet Excel allows: 1,048,576 rows.

Run by hand: `.venv/bin/python bench/import_memory.py [rows] [--phase preview|import|both] [--keep FILE] [--bad]`.
Writes a `begroting-export` workbook (one header row and `rows` data rows; default 1,048,575, the most
an .xlsx sheet holds), then in a fresh child process per phase does what `flask jobs worker` does
with an upload: `execute_run` on a queued run, as a preview (dry run) and as the import itself, into
a fresh SQLite database. Prints per phase the outcome, wall time and the child's peak RSS (VmHWM),
with the RSS of the loaded app before the run. Target: peak ≤ 400 MB per phase. `--max-rows N`
sets IMPORT_MAX_ROWS for the run (0: no limit). `--bad`: every row names a taakveld that does not
exist, so the run ends with an error on every row (counted, grouped and written to the error file).

Results and their history: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
MAX_ROWS = 1_048_575  # data rows under the header: an .xlsx sheet ends at row 1,048,576
# Five columns: with more, a full sheet inflates beyond the reader's 200 MB zip-bomb limit.
HEADER = ["Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Begroting primitief"]
TAAKVELDEN = ["0.1", "0.4", "2.1", "5.7", "6.1", "6.71a", "7.4", "8.3"]


def generate(path: Path, rows: int, bad: bool = False) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Begroting")
    sheet.write_row(0, 0, HEADER)
    for i in range(1, rows + 1):
        taakveld = "9.99" if bad else TAAKVELDEN[i % 8]
        sheet.write_row(i, 0, [2025, 10_000 + i // 8, 4000 + i % 8, taakveld, (i * 37) % 100_000 + 0.25])
    book.close()


def peak_rss() -> float:
    """MB: this process's own peak (VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def current_rss() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(path: Path, phase: str, max_rows: int | None) -> dict:
    limit = [] if max_rows is None else [str(max_rows)]
    out = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(path), *limit], capture_output=True, text=True, check=False
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        return {"phase": phase, "failed": out.stderr.strip().splitlines()[-3:], "returncode": out.returncode}
    return json.loads(lines[-1])


def _child(phase: str, path: Path, max_rows: int | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("WIJKPLANNER_DEV", "1")
    from flask_migrate import upgrade

    from planner import create_app
    from planner.areas.services import add_area
    from planner.excel import runner
    from planner.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                "SECRET_KEY": "bench",
                "UPLOAD_FOLDER": f"{tmp}/uploads",
                "MAX_UPLOAD_MB": 100,
                **({} if max_rows is None else {"IMPORT_MAX_ROWS": max_rows}),
            }
        )
        with app.app_context():
            upgrade()
            add_area(code="GM0794", name="Helmond")
            db.session.commit()
            profile = runner.resolve_profile("begroting-export")
            data = path.read_bytes()
            dry_run = phase == "preview"
            options = {"area": "GM0794"}
            run = runner.start_run(data, path.name, profile, options=options, dry_run=dry_run, queued=True)
            app_rss = current_rss()
            started = time.perf_counter()
            report = runner.execute_run(run, data, profile, options=options, dry_run=dry_run)
            seconds = time.perf_counter() - started
            print(
                json.dumps(
                    {
                        "phase": phase,
                        "state": report.state,
                        "rows": report.rows,
                        "created": report.created,
                        "errors": report.error_count,
                        "first_error": report.errors[0].message if report.errors else None,
                        "seconds": round(seconds, 1),
                        "app_mb": round(app_rss),
                        "peak_mb": round(peak_rss()),
                    }
                )
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=MAX_ROWS)
    parser.add_argument("--phase", choices=("preview", "import", "both"), default="both")
    parser.add_argument("--keep", type=Path, help="write the workbook here and keep it (reused if it exists)")
    parser.add_argument("--bad", action="store_true", help="an unknown taakveld on every row")
    parser.add_argument(
        "--max-rows", type=int, help="IMPORT_MAX_ROWS for the run (0: no limit); default: the configured one"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "begroting-1m.xlsx"
        if not path.exists():
            started = time.perf_counter()
            generate(path, args.rows, args.bad)
            print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
        print(f"workbook {path.name}: {path.stat().st_size / 1e6:.1f} MB", flush=True)
        for phase in ("preview", "import") if args.phase == "both" else (args.phase,):
            print(json.dumps(child(path, phase, args.max_rows)), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else None)
    else:
        main()
