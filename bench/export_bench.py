"""Time the wijkprogramma export against xlsxwriter writing the same cells raw; show that memory
stays flat as the programme grows.

Run by hand: `.venv/bin/python bench/export_bench.py [--actions 50000]`. Builds one programme
with that many actions (each with an area, every third with a partner) in a scratch SQLite
database, then runs each measurement in a fresh interpreter so peak RSS belongs to it alone:
(a) xlsxwriter `constant_memory` writing the Acties cells (rows fetched beforehand, not timed),
(b) `write_programme_workbook`: queries, formats, validation and all five sheets.
Target: (b) ≤ 2 × (a), and peak RSS that does not grow with the number of actions. Each
measurement runs --repeat times (default 3) and the fastest counts: the machine may be busy.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATUSES = ("idee", "gepland", "loopt", "vertraagd", "afgerond", "gestopt")


def _app(db_path: Path):
    from planner import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench"})


def build(db_path: Path, actions: int) -> int:
    """A programme with `actions` actions; returns its id."""
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from planner.actions.models import Action, ActionArea, action_partners
    from planner.areas.models import Area
    from planner.extensions import db
    from planner.opgaven.models import Organisation
    from planner.programmes.models import Goal, Programme

    app = _app(db_path)
    with app.app_context():
        upgrade()
        conn = db.session.connection()
        conn.execute(
            insert(Area),
            [
                {
                    "id": 1,
                    "code": "GM0794",
                    "name": "Helmond",
                    "level": "gemeente",
                    "path": "GM0794",
                    "parent_id": None,
                },
                {
                    "id": 2,
                    "code": "WK079410",
                    "name": "Binnenstad",
                    "level": "wijk",
                    "path": "GM0794/WK079410",
                    "parent_id": 1,
                },
                {
                    "id": 3,
                    "code": "WK079411",
                    "name": "Helmond-Oost",
                    "level": "wijk",
                    "path": "GM0794/WK079411",
                    "parent_id": 1,
                },
            ],
        )
        conn.execute(
            insert(Organisation),
            [
                {"id": 1, "name": "Woonbedrijf", "kind": "woningcorporatie"},
                {"id": 2, "name": "Lavans", "kind": "zorg_welzijn"},
            ],
        )
        conn.execute(
            insert(Programme),
            [
                {
                    "id": 1,
                    "area_id": 1,
                    "title": "Helmond 2026–2029",
                    "start_year": 2026,
                    "end_year": 2029,
                    "status": "uitvoering",
                    "lock_version": 1,
                }
            ],
        )
        conn.execute(
            insert(Goal),
            [
                {"id": g, "programme_id": 1, "number": g, "title": f"Doel {g}", "description": "", "lock_version": 1}
                for g in range(1, 11)
            ],
        )
        start = date(2026, 1, 1)
        for first in range(1, actions + 1, 10_000):
            ids = range(first, min(first + 10_000, actions + 1))
            conn.execute(
                insert(Action),
                [
                    {
                        "id": i,
                        "programme_id": 1,
                        "goal_id": i % 10 + 1,
                        "number": i,
                        "title": f"Actie {i}: buurtkamer openen",
                        "description": "Samen met bewoners en partners" if i % 2 else "",
                        "owner_organisation_id": i % 2 + 1,
                        "owner_person": f"Trekker {i % 97}",
                        "status": STATUSES[i % 6],
                        "progress": 100 if i % 6 == 4 else i % 100,
                        "start_date": start + timedelta(days=i % 365),
                        "end_date": start + timedelta(days=365 + i % 365),
                        "weight": 1,
                        "lock_version": 1,
                        "parent_id": i - 1 if i % 5 == 0 else None,
                    }
                    for i in ids
                ],
            )
            conn.execute(insert(ActionArea), [{"action_id": i, "area_id": 2 + i % 2, "weight": 1} for i in ids])
            conn.execute(
                insert(action_partners), [{"action_id": i, "partner_id": 1 + i % 2} for i in ids if i % 3 == 0]
            )
        db.session.commit()
    return 1


def measure(mode: str, db_path: Path, out: Path, programme_id: int) -> dict:
    import xlsxwriter

    from planner.extensions import db
    from planner.programmes.models import Programme
    from planner.programmes.workbook import ACTION_COLUMNS, action_rows, write_programme_workbook

    app = _app(db_path)
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        rows = list(action_rows(programme_id)) if mode == "raw" else None
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        if mode == "raw":
            book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
            sheet = book.add_worksheet("Acties")
            sheet.write_row(0, 0, [title for title, _ in ACTION_COLUMNS])
            for r, row in enumerate(rows, start=1):
                sheet.write_row(r, 0, row)
            book.close()
            count = len(rows)
        else:
            count = write_programme_workbook(programme, str(out))
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "actions": count,
        "seconds": seconds,
        "baseline_mb": baseline,
        "peak_mb": peak,
        "size_mb": out.stat().st_size / 1e6,
    }


def run_child(mode: str, db_path: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", mode, "--db", str(db_path), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest counts")
    parser.add_argument("--measure", choices=("raw", "export"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.db, args.out, 1)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for size in (args.actions // 5, args.actions):
            db_path = Path(tmp) / f"bench-{size}.db"
            started = time.perf_counter()
            build(db_path, size)
            print(f"built a programme with {size:,} actions in {time.perf_counter() - started:.1f} s")
            for mode in ("raw", "export"):
                # The best of a few runs, alternating modes would be fairer still; this machine is shared.
                runs = [run_child(mode, db_path, Path(tmp) / f"{mode}-{size}.xlsx") for _ in range(args.repeat)]
                results[(size, mode)] = r = min(runs, key=lambda run: run["seconds"])
                r["peak_mb"] = max(run["peak_mb"] for run in runs)
                print(
                    f"  {'(a) xlsxwriter raw' if mode == 'raw' else '(b) wijkprogramma export'}: "
                    f"{r['seconds']:.2f} s, {r['size_mb']:.1f} MB file, peak RSS {r['peak_mb']:.0f} MB "
                    f"(after loading the app{' and the rows' if mode == 'raw' else ''}: {r['baseline_mb']:.0f} MB)"
                )
        big, small = args.actions, args.actions // 5
        ratio = results[(big, "export")]["seconds"] / results[(big, "raw")]["seconds"]
        growth = results[(big, "export")]["peak_mb"] - results[(small, "export")]["peak_mb"]
        print(f"ratio export/raw at {big:,} actions: {ratio:.2f} (target ≤ 2)")
        print(
            f"export peak RSS {results[(small, 'export')]['peak_mb']:.0f} MB at {small:,} actions, "
            f"{results[(big, 'export')]['peak_mb']:.0f} MB at {big:,} (growth {growth:+.0f} MB)"
        )


if __name__ == "__main__":
    main()
