"""Ward overview and comparison against unrelated budget lines (run by hand): the demo municipality
(Helmond), then its ward overview (/wijken/WK079410/overzicht) and the comparison dashboard
(/vergelijking: cold, its caches emptied before every request, and checked, its cached page with the
fingerprint checked on every request) through the Flask test client, in requests/s; then N budget
lines of another year (2019, bulk insert; on PostgreSQL a VACUUM ANALYZE, SQLite gets no ANALYZE as
the app runs none) and the same pages again, each time in a fresh process. The pages show 2026:
their speed must not depend on lines of other years.

    .venv/bin/python bench/ward_overview.py [--lines 554000] [--seconds 5]
    .venv/bin/python bench/ward_overview.py --against CHECKOUT [--pairs 1]          # old against new
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/ward_overview.py     # PostgreSQL

Headline: requests/s with the lines against without them, per page (target: at least 0.8).
Each checkout is measured in a child process with its own fresh database (SQLite in a temp dir, or
the DATABASE_URL database, emptied first); `--against CHECKOUT` (for instance `git worktree add
--detach /tmp/old HEAD~1`) runs the other checkout and this one alternately (old, new, new, old, …)
and prints the medians and their ratio new/old.

Results and their history: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OTHER_YEAR = 2019
WARD = "WK079410"
COMPARISON = "/vergelijking?gebied=GM0794&jaar=2026"
# (name, url, cold): cold empties the comparison's caches before every request (the full computation);
# the checked comparison is its cached page with the fingerprint checked on every request.
PAGES = (
    ("ward overview", f"/wijken/{WARD}/overzicht?jaar=2026", True),
    ("comparison cold", COMPARISON, True),
    ("comparison checked", COMPARISON, False),
)


def add_lines(total: int) -> float:
    """`total` budget lines of OTHER_YEAR for the demo municipality, in bulk; seconds taken."""
    from sqlalchemy import insert, select

    from planner.areas.models import Area
    from planner.budget.models import BudgetLine
    from planner.extensions import db

    gm_id = db.session.scalar(select(Area.id).where(Area.code == "GM0794"))
    kinds = ("primitief", "na_wijziging", "realisatie", "prognose")
    started = time.perf_counter()
    conn = db.session.connection()
    batch = []
    for n in range(total):
        key = n // len(kinds)
        batch.append(
            {
                "area_id": gm_id,
                "fiscal_year": OTHER_YEAR,
                "line_key": f"KPL{key:07d}/4340/6.1",
                "taakveld_code": "6.1",
                "cost_centre": f"KPL{key:07d}",
                "economic_category": "4340",
                "description": f"Regel {key}",
                "direction": "lasten",
                "kind": kinds[n % len(kinds)],
                "amount": 1000 + n % 997,
                "budget_programme": "",
            }
        )
        if len(batch) == 50_000:
            conn.execute(insert(BudgetLine.__table__), batch)
            batch = []
    if batch:
        conn.execute(insert(BudgetLine.__table__), batch)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of an import; done here so that it does not run
        # during the measurement. SQLite gets no ANALYZE: the app never runs one.
        with db.engine.connect() as autocommit:
            autocommit.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE budget_lines")
    return time.perf_counter() - started


def rate(client, url: str, cold: bool, seconds: float) -> dict:
    """Requests/s of `url` over `seconds` (after two warm-up requests), with CPU ms per request."""
    from planner.tracking import cache

    def get():
        if cold:
            cache.PAGES.clear()
            cache.BUDGET.clear()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    get()
    body = get().get_data(as_text=True)
    n, cpu, started = 0, time.process_time(), time.perf_counter()
    while time.perf_counter() - started < seconds:
        get()
        n += 1
    wall = time.perf_counter() - started
    return {"rps": n / wall, "cpu_ms": (time.process_time() - cpu) * 1000 / n, "bytes": len(body)}


def app_for(code: Path, url: str):
    """The app of `code`'s planner package (a checkout) on the database at `url`."""
    sys.path.insert(0, str(code))
    from planner import create_app

    assert Path(sys.modules["planner"].__file__).resolve().is_relative_to(code), sys.modules["planner"].__file__
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}
    return create_app(config | {"COMPARISON_REVALIDATE_SECONDS": 0})


def measure(app, seconds: float) -> dict:
    from planner.demo import content

    email = next(e for k, e, *_ in content.USERS if k == "manager")
    client = app.test_client()
    response = client.post("/inloggen", data={"email": email, "password": content.PASSWORD})
    assert response.status_code == 302, response.status_code
    return {name: rate(client, page, cold, seconds) for name, page, cold in PAGES}


def run_child(step: str, code: Path, url: str, lines: int, seconds: float) -> None:
    """One step in a fresh interpreter with `code`'s planner package; one JSON line on stdout.
    build: the demo in an emptied database; insert: the lines; measure: the pages."""
    app = app_for(code, url)
    from flask_migrate import upgrade
    from sqlalchemy import text

    from planner.extensions import db

    figures: dict = {}
    with app.app_context():
        if step == "build":
            from planner.demo.builder import build_demo

            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
            upgrade()
            build_demo(app.config["SAMPLES_DIR"])
            db.session.commit()
        elif step in ("insert", "insert-measure"):
            figures["insert_s"] = add_lines(lines)
        db.session.remove()
    if step in ("measure", "insert-measure"):
        figures["pages"] = measure(app, seconds)
    figures["load"] = os.getloadavg()[0]
    print(json.dumps(figures))


def child(step: str, code: Path, url: str, lines: int = 0, seconds: float = 0) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, str(code), url, "--lines", str(lines), "--seconds", str(seconds)],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(code: Path, lines: int, seconds: float, in_process: bool) -> dict:
    """Demo, pages, lines, pages again; the pages are measured in a fresh process each time (as a
    served app would be after an import), or with `in_process` the second time in the process that
    inserted the lines."""
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/ward.db"
        child("build", code, url)
        without = child("measure", code, url, seconds=seconds)["pages"]
        if in_process:
            after = child("insert-measure", code, url, lines, seconds)
        else:
            after = child("insert", code, url, lines) | child("measure", code, url, seconds=seconds)
    return {"without": without, "with": after["pages"], "insert_s": after["insert_s"], "load": after["load"]}


def show(name: str, f: dict) -> None:
    for page, *_ in PAGES:
        a, b = f["without"][page], f["with"][page]
        print(
            f"{name:>4} {page:<18} {a['rps']:>9.1f} {b['rps']:>9.1f} {b['rps'] / a['rps']:>7.2f} "
            f"{a['cpu_ms']:>9.1f} {b['cpu_ms']:>9.1f}  load {f['load']:.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=554_000, help="budget lines of another year to add")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of requests per page and state")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT", help="another checkout, measured alternately")
    parser.add_argument("--pairs", type=int, default=1, help="with --against: old/new pairs of child processes")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="measure the pages with the lines in the process that inserted them instead of a fresh one",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, code, url = args.child
        run_child(step, Path(code).resolve(), url, args.lines, args.seconds)
        return
    codes = [("new", ROOT)]
    if args.against:
        old = ("old", args.against.resolve())
        codes = [pair for n in range(args.pairs) for pair in ((old, codes[0]) if n % 2 == 0 else (codes[0], old))]
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgresql") else "SQLite"
    print(f"{args.lines:,} budget lines of {OTHER_YEAR} added to the demo; {database}; {os.cpu_count()} cores")
    print(f"{'code':>4} {'page':<18} {'req/s':>9} {'with':>9} {'ratio':>7} {'CPU ms':>9} {'with':>9}")
    runs: dict[str, list[dict]] = {}
    for name, code in codes:
        f = run(code, args.lines, args.seconds, args.in_process)
        runs.setdefault(name, []).append(f)
        show(name, f)
    print("\nmedians, requests/s without → with the lines (ratio with/without; target ≥ 0.8)")
    for page, *_ in PAGES:
        line = f"  {page:<18}"
        for name, figures in runs.items():
            a = statistics.median(f["without"][page]["rps"] for f in figures)
            b = statistics.median(f["with"][page]["rps"] for f in figures)
            line += f"  {name}: {a:.1f} → {b:.1f} ({b / a:.2f})"
        if len(runs) == 2:
            old_b = statistics.median(f["with"][page]["rps"] for f in runs["old"])
            new_b = statistics.median(f["with"][page]["rps"] for f in runs["new"])
            line += f"  new/old with the lines: {new_b / old_b:.2f}"
        print(line)


if __name__ == "__main__":
    main()
