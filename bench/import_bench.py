"""Time the begroting-export import against python-calamine reading the same raw cells.

Run by hand: `.venv/bin/python bench/import_bench.py [rows] [--repeat=N]` (least of N runs of
each step, wall and CPU time: the cores may be shared, and CPU time does not count the waiting
for a core). Prints (a) python-calamine reading the raw cells, `parse` alone (read, normalise,
type and check every cell), then (b) the full import through the import runner (read, validate,
write to a fresh SQLite database, run recorded for a revert) and its ratio to (a), the unchanged
re-import, the revert, (d) the whole Iv3 2024 file end to end and the peak RSS of (b)–(d).
(b)–(d) run in a child process, each repeat in a fresh database, and its peak is its own (VmHWM).

Headline: the ratio (b)/(a), target ≤ 3, with (a) taken again in the child right before each (b)
so that both figures come from the same process and minute; the ratio against the parent's
first (a) is printed too. Further targets: (d) ≤ 2 s, peak RSS ≤ 300 MB.

`--against CHECKOUT [--pairs N]`: the import of another checkout of this repository (for
instance `git worktree add --detach /tmp/old HEAD~1`) and of this one, in alternating child
processes (old, new, new, old, …), each child's figures and then the medians of both with their
ratio new/old: how a change for speed shows that it pays.

Results and their history: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter
from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]

HEADER = [
    "Jaar",
    "Kostenplaats",
    "Kostensoort",
    "Taakveld",
    "Omschrijving",
    "Begroting primitief",
    "Begroting na wijziging",
    "Realisatie",
    "Verplichtingen",
]
TAAKVELDEN = ["0.1", "0.4", "2.1", "5.7", "6.1", "6.71a", "7.4", "8.3"]


def generate(path: Path, rows: int) -> None:
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet("Begroting")
    sheet.write_row(0, 0, HEADER)
    for i in range(1, rows + 1):
        amount = (i * 37) % 100_000 + 0.25
        sheet.write_row(
            i,
            0,
            [
                2025,
                f"KP{i // 40:05d}",
                f"4{i % 40:03d}",
                TAAKVELDEN[i % 8],
                f"Regel {i}",
                amount,
                amount * 1.1,
                amount * 0.8,
                amount * 0.1,
            ],
        )
    book.close()


def peak_rss() -> float:
    """MB: this process's own peak (VmHWM). ru_maxrss would report the parent's peak in a child
    started after the parent grew (Linux carries it over at fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fastest(repeat: int, func):
    """((wall, CPU) seconds, each the least of `repeat` calls; the last call's result). The cores
    are shared: CPU time (this process, all its threads) does not count the waiting for a core."""
    wall, cpu, result = [], [], None
    for _ in range(repeat):
        result = None  # not two results in memory at once
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return (min(wall), min(cpu)), result


def raw_read(path: Path):
    book = CalamineWorkbook.from_path(str(path))
    return len(book.get_sheet_by_index(0).to_python())


def main(rows: int = 100_000, repeat: int = 1) -> None:
    sys.path.insert(0, str(ROOT))
    from planner.excel import load_profile, parse

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "begroting-export.xlsx"
        started = time.perf_counter()
        generate(path, rows)
        print(
            f"generated {rows:,} rows in {time.perf_counter() - started:.2f} s "
            f"({path.stat().st_size / 1e6:.1f} MB); fastest of {repeat} run(s) each"
        )
        raw, _ = fastest(repeat, lambda: raw_read(path))
        profile = load_profile("begroting-export")
        parsed, result = fastest(repeat, lambda: parse(path, profile))
        assert result.errors == [] and len(result.records) == rows, result.errors[:3]
        del result

    peak = peak_rss()
    print("                              wall s (CPU s)")
    print(f"(a) calamine raw read       : {raw[0]:.2f} ({raw[1]:.2f})")
    print(
        f"    parse (read+check)      : {parsed[0]:.2f} ({parsed[1]:.2f}); ratio {parsed[0] / raw[0]:.2f} "
        f"({parsed[1] / raw[1]:.2f}); peak RSS {peak:.0f} MB, no app"
    )
    f = child(ROOT, rows, repeat)
    print(f"(a) again, before each (b)  : {f['raw'][0]:.2f} ({f['raw'][1]:.2f})")
    print(
        f"(b) full import             : {f['full'][0]:.2f} ({f['full'][1]:.2f}): read, check, write "
        f"{f['lines']:,} budget lines to a fresh SQLite database, run recorded for a revert"
    )
    print(
        f"ratio b/a                   : {f['full'][0] / f['raw'][0]:.2f} ({f['full'][1] / f['raw'][1]:.2f}) "
        "(target ≤ 3; both taken in turn in the same process)"
    )
    print(
        f"    against the first (a)   : {f['full'][0] / raw[0]:.2f} ({f['full'][1] / raw[1]:.2f}) "
        "(a fresh process without the app, minutes earlier)"
    )
    print(f"    re-import, ongewijzigd  : {f['again'][0]:.2f} ({f['again'][1]:.2f})")
    print(f"    revert of the import    : {f['revert'][0]:.2f} ({f['revert'][1]:.2f})")
    print(
        f"(d) Iv3 2024 end to end     : {f['iv3'][0]:.2f} ({f['iv3'][1]:.2f}), {f['iv3_lines']:,} lines (target ≤ 2 s)"
    )
    print(f"peak RSS of (b)–(d)         : {f['peak']:.0f} MB (app loaded: {f['app']:.0f} MB; target ≤ 300)")


def child(code: Path, rows: int, repeat: int) -> dict:
    """(b)–(d) in a fresh interpreter that imports the `planner` package of `code` (a checkout)."""
    out = subprocess.run(
        [sys.executable, __file__, "--full", str(rows), str(repeat), str(code)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["code"] == str(code), (figures["code"], code)
    return figures


def against(old: Path, rows: int, repeat: int, pairs: int) -> None:
    """The full import of another checkout (`old`) and of this one, in alternating child processes
    (old, new, new, old, …): each child's ratio (b)/(a) is taken in its own process and minute."""
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    print(f"{rows:,} rows, {pairs} pairs of child processes, old = {old}, new = {ROOT}")
    print(
        f"{'pair':>4} {'code':>4} {'(a) s':>7} {'(b) s':>7} {'ratio b/a':>9} {'(a) CPU':>8} {'(b) CPU':>8} "
        f"{'CPU b/a':>8} {'peak MB':>8}  load"
    )
    for n in range(pairs):
        for name in ("old", "new") if n % 2 == 0 else ("new", "old"):
            f = child(old if name == "old" else ROOT, rows, repeat)
            runs[name].append(f)
            print(
                f"{n + 1:>4} {name:>4} {f['raw'][0]:>7.2f} {f['full'][0]:>7.2f} {f['full'][0] / f['raw'][0]:>9.2f} "
                f"{f['raw'][1]:>8.2f} {f['full'][1]:>8.2f} {f['full'][1] / f['raw'][1]:>8.2f} {f['peak']:>8.0f}  "
                f"{os.getloadavg()[0]:.2f}",
                flush=True,
            )

    def median(name, figure):
        return statistics.median(figure(f) for f in runs[name])

    print("\nmedians             old      new   new/old")
    for label, figure in (
        ("ratio (b)/(a)", lambda f: f["full"][0] / f["raw"][0]),
        ("(b) wall s", lambda f: f["full"][0]),
        ("(b) CPU s", lambda f: f["full"][1]),
        ("CPU ratio b/a", lambda f: f["full"][1] / f["raw"][1]),
        ("(d) Iv3 wall s", lambda f: f["iv3"][0]),
        ("peak RSS MB", lambda f: f["peak"]),
    ):
        o, n = median("old", figure), median("new", figure)
        print(f"{label:<16} {o:>8.2f} {n:>8.2f} {n / o:>9.3f}")


def _full(rows: int, repeat: int) -> None:
    """(b)–(d) in this child process, each repeat in a fresh SQLite database; fastest of each."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from planner import create_app
    from planner.areas.services import add_area
    from planner.budget.models import BudgetLine
    from planner.excel.models import ImportRun
    from planner.excel.runner import revert_run, run_import
    from planner.extensions import db

    times: dict[str, list[tuple[float, float]]] = {"raw": [], "full": [], "again": [], "revert": [], "iv3": []}
    samples = ROOT / "imports" / "samples"
    app_rss = None

    def timed(name, func):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        times[name].append((time.perf_counter() - started, time.process_time() - started_cpu))
        return result

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "begroting-export-2025.xlsx"
        generate(path, rows)
        for n in range(repeat):
            app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench{n}.db", "SECRET_KEY": "bench"})
            with app.app_context():
                upgrade()
                add_area(code="GM0794", name="Helmond")
                db.session.commit()
                app_rss = app_rss or peak_rss()
                options = {"area": "GM0794"}
                # (a) again right before (b), in this process: the ratio's two figures are taken in
                # the same minute (this shared machine runs up to a third slower at times)
                timed("raw", lambda: raw_read(path))
                report = timed(
                    "full", lambda options=options: run_import(path, path.name, "begroting-export", options=options)
                )
                assert report.errors == [] and report.rows == rows, report.errors[:3]
                again = timed(
                    "again", lambda options=options: run_import(path, path.name, "begroting-export", options=options)
                )
                assert again.only_unchanged and again.unchanged == report.created, again.as_dict()

                def revert(report=report):
                    count = revert_run(db.session.get(ImportRun, report.run_id))
                    db.session.commit()
                    return count

                assert timed("revert", revert) == report.created
                assert db.session.scalar(select(func.count(BudgetLine.id))) == 0
                assert run_import(samples / "cbs" / "gemeenten-2023.csv", "gemeenten-2023.csv", "cbs-gebieden").ok
                iv3 = timed(
                    "iv3",
                    lambda: run_import(
                        samples / "iv3" / "iv3-begroting-2024.csv", "iv3-begroting-2024.csv", "iv3-taakvelden"
                    ),
                )
                assert iv3.ok, iv3.errors[:3]
                db.session.remove()
                db.engine.dispose()
    peak = peak_rss()
    least = {k: [min(w for w, _ in v), min(c for _, c in v)] for k, v in times.items()}
    print(
        json.dumps(
            {
                **least,
                "lines": report.created,
                "iv3_lines": iv3.created,
                "peak": peak,
                "app": app_rss,
                "code": str(Path(sys.modules["planner"].__file__).parents[1]),
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--full"]:
        sys.path.insert(0, sys.argv[4])  # the checkout whose planner package is measured
        os.environ.setdefault("WIJKPLANNER_DEV", "1")
        _full(int(sys.argv[2]), int(sys.argv[3]))
        sys.exit()
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step; the fastest counts")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="another checkout of this repository (git worktree add /tmp/old HEAD~1): "
        "its import and this one alternately, in child processes",
    )
    parser.add_argument("--pairs", type=int, default=6, help="with --against: old/new pairs of child processes")
    args = parser.parse_args()
    if args.against:
        against(args.against.resolve(), args.rows, args.repeat, args.pairs)
    else:
        main(args.rows, args.repeat)
