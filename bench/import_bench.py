"""Time the begroting-export import against python-calamine reading the same raw cells.

Run by hand: `.venv/bin/python bench/import_bench.py [rows] [--repeat=N]` (least of N runs of
each step, wall and CPU time: the cores are shared, and CPU time does not count the waiting for
a core). Prints (a) python-calamine reading the raw cells, `parse` alone (read, normalise, type
and check every cell), then (b) the full import through the import runner (read, validate,
write to a fresh SQLite database, run recorded for a revert) and its ratio to (a) (target ≤ 3),
the unchanged re-import, the revert, (d) the whole Iv3 2024 file end to end (target ≤ 2 s) and
the peak RSS of (b)–(d) (target ≤ 300 MB). (b)–(d) run in a child process, each repeat in a
fresh database, and its peak is its own (VmHWM).

(a) is also taken again in the child, right before each (b), and the ratio printed first is (b)
over that (a): the same process, the same minute. Measured alone, minutes apart, the two figures
of a ratio also measure how fast this shared VM was in each minute: the same code gives a (b) of
2.66 s in one process and 3.12 s in the next. The ratio against the parent's first (a) is
printed too.

Latest: 1 December 2026, 14:45–15:35, commits 97d32a8 and 4119f2e (the same import code), this
2-core machine quiet (load average 0.5–1.1, nothing else running) unless noted, `--repeat=3`;
100,000 rows, each giving up to four budget lines, so 400,000 lines. "Before" is ffa6690 (the
six runs on a quiet machine that closed the previous round):

| | before (ffa6690), six runs | now, eleven runs |
|---|---|---|
| (a) calamine raw read, fresh process | 0.86–1.09 s | 0.89–1.15 s |
| (a) again, in the child, before each (b) | 0.98–1.02 s | 0.96–1.20 s |
| (b) full import | 2.66–3.12 s | 2.14–3.24 s |
| **ratio (b)/(a), same process** (target ≤ 3) | **2.62–3.16** (median 2.79) | **1.99–2.71** (median 2.40) |
| ratio against the fresh process's (a) | 2.63–3.42 | 2.08–3.59 (median 2.61; over 3 in three runs) |
| re-import, all ongewijzigd | 4.85–5.60 s | 4.89–5.92 s |
| revert of the 400,000 lines | 0.99–1.14 s | 0.97–1.30 s |
| (d) Iv3 2024 end to end (target ≤ 2 s) | 0.57–0.64 s | 0.60–0.77 s |
| peak RSS of (b)–(d) (target ≤ 300 MB) | 273–294 MB | 257–279 MB |

The eleven same-process ratios: 1.99, 2.25, 2.35, 2.39, 2.39, 2.40, 2.43, 2.47 (load 2.4), 2.59,
2.60, 2.71; all under 3. The child process runs calamine 3–30 % slower than the fresh parent (the
app loaded, the heap grown), so the ratio against the parent's (a) mostly measures that and the
minute: it went over 3 in the three runs whose parent read fast (0.90–0.95 s). Two runs with
`SQLITE_WAL=1` (planner/core/sqlite.py) gave 2.70 and 3.26: the log and its checkpoint write the 75
MB twice, 0.4 s more on this VM's disk, which is why WAL is opt-in. The wall time of (b) varies 30
% from run to run here, mostly in SQLite's writes (the same statements into :memory: vary 10 %);
the instruction counts below do not.

What changed, by instruction counts (callgrind on a 20,000-row file, the full run minus the same
script without the import; repeats to 0.1 %): the import's own work fell from 4.153 to 3.883
billion instructions (a 20,000-row (a) is about 1.6 billion):
- plain money columns are typed to ints of cents (`parse(cents=True)`, asked for by
  `@applier("budget_lines", cents=True)`), kept as ints through the importer and bound to SQLite
  as `cents / 100`: no Decimal and no float(Decimal) per amount (4.153 → 4.008);
- a row's lines reach SQLite in the order of the kinds' names, the last column of the unique key,
  so a file in key order makes appends to the index (→ 3.937);
- a chunk's keys are checked for duplicates in one go when none repeats (→ 3.917);
- `whole_cents` takes a float within 3·10⁻¹⁶ of a whole number of thousandths by the integer
  path (a computed × 1,1 is rarely the float nearest to its thousandths; 12 % of the bench's
  amounts went the Decimal way) (→ 3.883).
Earlier rounds: the zip inspection in a second thread beside calamine, rows into SQLite as
`(VALUES rows) CROSS JOIN (VALUES kinds)`, the applier in one pass (4.77 → 4.15).

Where (b) goes now (callgrind, by library): python-calamine 1.45 G of 3.9 G, SQLite 0.62 G
(the unique index about half of it), zlib for the inspection 0.1 G, the rest Python (typing,
records, the importer, binding). Tried and dropped this round: the parse in a thread of its own
while the importer writes what was typed so far (parse → queue → importer): no faster, old and
new alternately (2.9–4.3 s both), the two Python threads take the GIL from each other and the CPU
time rose by about 1 s; earlier: writing in a background thread (the writer waits for the GIL
after every statement).
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
        print(f"generated {rows:,} rows in {time.perf_counter() - started:.2f} s "
              f"({path.stat().st_size / 1e6:.1f} MB); fastest of {repeat} run(s) each")
        raw, _ = fastest(repeat, lambda: raw_read(path))
        profile = load_profile("begroting-export")
        parsed, result = fastest(repeat, lambda: parse(path, profile))
        assert result.errors == [] and len(result.records) == rows, result.errors[:3]
        del result

    peak = peak_rss()
    print("                              wall s (CPU s)")
    print(f"(a) calamine raw read       : {raw[0]:.2f} ({raw[1]:.2f})")
    print(f"    parse (read+check)      : {parsed[0]:.2f} ({parsed[1]:.2f}); ratio {parsed[0] / raw[0]:.2f} "
          f"({parsed[1] / raw[1]:.2f}); peak RSS {peak:.0f} MB, no app")
    f = child(ROOT, rows, repeat)
    print(f"(a) again, before each (b)  : {f['raw'][0]:.2f} ({f['raw'][1]:.2f})")
    print(f"(b) full import             : {f['full'][0]:.2f} ({f['full'][1]:.2f}): read, check, write "
          f"{f['lines']:,} budget lines to a fresh SQLite database, run recorded for a revert")
    print(f"ratio b/a                   : {f['full'][0] / f['raw'][0]:.2f} ({f['full'][1] / f['raw'][1]:.2f}) "
          "(target ≤ 3; both taken in turn in the same process)")
    print(f"    against the first (a)   : {f['full'][0] / raw[0]:.2f} ({f['full'][1] / raw[1]:.2f}) "
          "(a fresh process without the app, minutes earlier)")
    print(f"    re-import, ongewijzigd  : {f['again'][0]:.2f} ({f['again'][1]:.2f})")
    print(f"    revert of the import    : {f['revert'][0]:.2f} ({f['revert'][1]:.2f})")
    print(f"(d) Iv3 2024 end to end     : {f['iv3'][0]:.2f} ({f['iv3'][1]:.2f}), {f['iv3_lines']:,} lines "
          "(target ≤ 2 s)")
    print(f"peak RSS of (b)–(d)         : {f['peak']:.0f} MB (app loaded: {f['app']:.0f} MB; target ≤ 300)")


def child(code: Path, rows: int, repeat: int) -> dict:
    """(b)–(d) in a fresh interpreter that imports the `planner` package of `code` (a checkout)."""
    out = subprocess.run([sys.executable, __file__, "--full", str(rows), str(repeat), str(code)],
                         capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["code"] == str(code), (figures["code"], code)
    return figures


def against(old: Path, rows: int, repeat: int, pairs: int) -> None:
    """The full import of another checkout (`old`) and of this one, in alternating child processes
    (old, new, new, old, …): each child's ratio (b)/(a) is taken in its own process and minute."""
    runs: dict[str, list[dict]] = {"old": [], "new": []}
    print(f"{rows:,} rows, {pairs} pairs of child processes, old = {old}, new = {ROOT}")
    print(f"{'pair':>4} {'code':>4} {'(a) s':>7} {'(b) s':>7} {'ratio b/a':>9} {'(a) CPU':>8} {'(b) CPU':>8} "
          f"{'CPU b/a':>8} {'peak MB':>8}  load")
    for n in range(pairs):
        for name in (("old", "new") if n % 2 == 0 else ("new", "old")):
            f = child(old if name == "old" else ROOT, rows, repeat)
            runs[name].append(f)
            print(f"{n + 1:>4} {name:>4} {f['raw'][0]:>7.2f} {f['full'][0]:>7.2f} {f['full'][0] / f['raw'][0]:>9.2f} "
                  f"{f['raw'][1]:>8.2f} {f['full'][1]:>8.2f} {f['full'][1] / f['raw'][1]:>8.2f} {f['peak']:>8.0f}  "
                  f"{os.getloadavg()[0]:.2f}", flush=True)

    def median(name, figure):
        return statistics.median(figure(f) for f in runs[name])
    print("\nmedians             old      new   new/old")
    for label, figure in (("ratio (b)/(a)", lambda f: f["full"][0] / f["raw"][0]),
                          ("(b) wall s", lambda f: f["full"][0]), ("(b) CPU s", lambda f: f["full"][1]),
                          ("CPU ratio b/a", lambda f: f["full"][1] / f["raw"][1]),
                          ("(d) Iv3 wall s", lambda f: f["iv3"][0]), ("peak RSS MB", lambda f: f["peak"])):
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
                report = timed("full", lambda: run_import(path, path.name, "begroting-export", options=options))
                assert report.errors == [] and report.rows == rows, report.errors[:3]
                again = timed("again", lambda: run_import(path, path.name, "begroting-export", options=options))
                assert again.only_unchanged and again.unchanged == report.created, again.as_dict()

                def revert():
                    count = revert_run(db.session.get(ImportRun, report.run_id))
                    db.session.commit()
                    return count
                assert timed("revert", revert) == report.created
                assert db.session.scalar(select(func.count(BudgetLine.id))) == 0
                assert run_import(samples / "cbs" / "gemeenten-2023.csv", "gemeenten-2023.csv", "cbs-gebieden").ok
                iv3 = timed("iv3", lambda: run_import(samples / "iv3" / "iv3-begroting-2024.csv",
                                                      "iv3-begroting-2024.csv", "iv3-taakvelden"))
                assert iv3.ok, iv3.errors[:3]
                db.session.remove()
                db.engine.dispose()
    peak = peak_rss()
    least = {k: [min(w for w, _ in v), min(c for _, c in v)] for k, v in times.items()}
    print(json.dumps({**least, "lines": report.created, "iv3_lines": iv3.created, "peak": peak, "app": app_rss,
                      "code": str(Path(sys.modules["planner"].__file__).parents[1])}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--full"]:
        sys.path.insert(0, sys.argv[4])  # the checkout whose planner package is measured
        os.environ.setdefault("WIJKPLANNER_DEV", "1")
        _full(int(sys.argv[2]), int(sys.argv[3]))
        sys.exit()
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each step; the fastest counts")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="another checkout of this repository (git worktree add /tmp/old HEAD~1): "
                             "its import and this one alternately, in child processes")
    parser.add_argument("--pairs", type=int, default=6, help="with --against: old/new pairs of child processes")
    args = parser.parse_args()
    if args.against:
        against(args.against.resolve(), args.rows, args.repeat, args.pairs)
    else:
        main(args.rows, args.repeat)
