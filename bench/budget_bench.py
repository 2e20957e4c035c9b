"""Budget benchmark (run by hand): 1,000,000 budget lines and 50,000 allocations in SQLite;
the ward budget page, the municipality page and the deviation report render through the Flask
test client, with their median time and query count. Also times the Iv3 2024 import.

    .venv/bin/python bench/budget_bench.py [--lines 1000000] [--allocations 50000] [--runs 20]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, insert, select, text

from planner import create_app
from planner.extensions import db

PASSWORD = "bench-password-123"
YEARS = (2025, 2026, 2027, 2028, 2029)
TAAKVELDEN = ("0.1", "1.1", "2.1", "3.1", "4.2", "5.2", "6.1", "6.2", "6.3", "6.71a", "7.1", "8.1", "8.3")


def build(lines_total: int, allocations_total: int, municipalities: int = 50, wards: int = 10) -> dict:
    from planner.actions.models import Action, ActionArea
    from planner.areas.models import Area
    from planner.budget.models import Allocation, BudgetLine
    from planner.programmes.models import Programme

    rng = random.Random(7)
    conn = db.session.connection()
    t0 = time.perf_counter()
    areas = []
    for m in range(1, municipalities + 1):
        gm = f"GM{m:04d}"
        areas.append(
            {
                "id": len(areas) + 1,
                "code": gm,
                "name": f"Gemeente {m}",
                "level": "gemeente",
                "path": gm,
                "parent_id": None,
            }
        )
        gm_id = len(areas)
        for w in range(wards):
            code = f"WK{m:04d}{w:02d}"
            areas.append(
                {
                    "id": len(areas) + 1,
                    "code": code,
                    "name": f"Wijk {w} van {m}",
                    "level": "wijk",
                    "parent_id": gm_id,
                    "path": f"{gm}/{code}",
                }
            )
    conn.execute(insert(Area), areas)
    gm_ids = [a["id"] for a in areas if a["level"] == "gemeente"]
    wards_of = {g: [a["id"] for a in areas if a.get("parent_id") == g] for g in gm_ids}

    # Lines: every municipality × year gets the same number of line keys, two kinds each.
    per_gm_year = lines_total // (len(gm_ids) * len(YEARS) * 2)
    line_ids: dict[tuple[int, int], list[int]] = {}
    next_id = 1
    batch = []
    for g in gm_ids:
        for year in YEARS:
            ids = []
            for k in range(per_gm_year):
                tv = TAAKVELDEN[k % len(TAAKVELDEN)]
                key = f"KPL{k:05d}/43{k % 10}0/{tv}"
                budget = Decimal(rng.randrange(10_000_00, 2_000_000_00)) / 100
                for kind, amount in (
                    ("na_wijziging", budget),
                    ("realisatie", (budget * Decimal(rng.uniform(0.2, 1.3))).quantize(Decimal("0.01"))),
                ):
                    batch.append(
                        {
                            "id": next_id,
                            "area_id": g,
                            "fiscal_year": year,
                            "line_key": key,
                            "taakveld_code": tv,
                            "cost_centre": f"KPL{k:05d}",
                            "economic_category": f"43{k % 10}0",
                            "description": f"Regel {k}",
                            "direction": "lasten",
                            "kind": kind,
                            "amount": amount,
                            "budget_programme": "",
                        }
                    )
                    if kind == "na_wijziging":
                        ids.append(next_id)
                    next_id += 1
            line_ids[(g, year)] = ids
            if len(batch) >= 50_000:
                conn.execute(insert(BudgetLine.__table__), batch)
                batch = []
    if batch:
        conn.execute(insert(BudgetLine.__table__), batch)
    t_lines = time.perf_counter() - t0

    # Programmes per ward (2026–2029, adopted), actions serving one or two wards.
    programmes, actions, action_areas = [], [], []
    actions_per_programme = max(1, allocations_total // (len(gm_ids) * wards * 2))
    for g in gm_ids:
        for w in wards_of[g]:
            pid = len(programmes) + 1
            programmes.append(
                {
                    "id": pid,
                    "area_id": g,
                    "title": f"WOP {w}",
                    "summary": "",
                    "ambition": "",
                    "approach": "",
                    "cost_notes": "",
                    "start_year": 2026,
                    "end_year": 2029,
                    "status": "uitvoering",
                    "decision_reference": "",
                    "lock_version": 1,
                }
            )
            for n in range(1, actions_per_programme + 1):
                aid = len(actions) + 1
                actions.append(
                    {
                        "id": aid,
                        "programme_id": pid,
                        "number": n,
                        "title": f"Actie {n} wijk {w}",
                        "description": "",
                        "status": "loopt",
                        "progress": rng.randrange(100),
                        "weight": Decimal(1),
                        "lock_version": 1,
                    }
                )
                action_areas.append({"action_id": aid, "area_id": w, "weight": Decimal(2)})
                other = rng.choice(wards_of[g])
                if other != w:
                    action_areas.append({"action_id": aid, "area_id": other, "weight": Decimal(1)})
    conn.execute(insert(Programme.__table__), programmes)
    conn.execute(insert(Action.__table__), actions)
    conn.execute(insert(ActionArea.__table__), action_areas)
    gm_of_programme = {p["id"]: p["area_id"] for p in programmes}
    allocations = []
    for a in actions:
        g = gm_of_programme[a["programme_id"]]
        for line_id in rng.sample(line_ids[(g, 2026)], 2):
            allocations.append(
                {
                    "action_id": a["id"],
                    "budget_line_id": line_id,
                    "year": 2026,
                    "amount": Decimal(rng.randrange(1_000_00, 50_000_00)) / 100,
                    "override": False,
                    "override_reason": "",
                }
            )
    conn.execute(insert(Allocation.__table__), allocations[:allocations_total])
    db.session.commit()
    count = db.session.execute(text("select count(*) from budget_lines")).scalar()
    return {
        "lines": count,
        "allocations": min(len(allocations), allocations_total),
        "actions": len(actions),
        "seconds": time.perf_counter() - t0,
        "lines_seconds": t_lines,
    }


def measure(client, url: str, runs: int, counter: list) -> tuple[float, float, int, int]:
    """Median wall and CPU milliseconds (SQLite runs in this process, so its work is in the CPU
    time too; on a shared machine the wall time also holds the waiting for a core)."""
    client.get(url)  # warm caches and templates
    times, cpu, queries = [], [], set()
    status = 0
    for _ in range(runs):
        counter[0] = 0
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        queries.add(counter[0])
        status = response.status_code
    return (
        statistics.median(times),
        statistics.median(cpu),
        max(queries),
        status if len(queries) == 1 else -len(queries),
    )


def iv3_import_seconds() -> float:
    from planner.excel.engine import parse
    from planner.excel.profiles import load_profile
    from planner.excel.targets import ImportContext, get_applier

    root = Path(__file__).resolve().parents[1]
    from planner.areas.models import Area

    with open(root / "imports/samples/cbs/gemeenten-2023.csv", encoding="utf-8-sig") as f:
        rows = [
            {"code": r["GemeentecodeGM"], "name": r["Gemeentenaam"], "level": "gemeente", "path": r["GemeentecodeGM"]}
            for r in csv.DictReader(f)
        ]
    db.session.execute(insert(Area), rows)
    db.session.commit()
    profile = load_profile("iv3-taakvelden")
    t = time.perf_counter()
    parsed = parse(root / "imports/samples/iv3/iv3-begroting-2024.csv", profile)
    result = get_applier("budget_lines")(ImportContext(profile=profile, result=parsed))
    db.session.commit()
    elapsed = time.perf_counter() - t
    assert not result.errors and result.created == 342 * 71 * 2, (result.errors[:2], result.created)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--allocations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    from flask_migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        iv3_app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/iv3.db", "SECRET_KEY": "bench"})
        with iv3_app.app_context():
            upgrade()
            print(
                f"Iv3 2024 import (342 × 71 × baten/lasten = 48,564 lines), parse + apply + commit: "
                f"{iv3_import_seconds():.2f} s (target ≤ 2 s)"
            )
            db.session.remove()

        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}
        )
        with app.app_context():
            upgrade()
            built = build(args.lines, args.allocations)
            print(
                f"Generated {built['lines']:,} budget lines, {built['allocations']:,} allocations, "
                f"{built['actions']:,} actions in {built['seconds']:.1f} s"
            )
            from planner.areas.models import Area
            from planner.budget.services import freeze_figures
            from planner.core.audit import acting_as
            from planner.core.users import create_user, grant_role
            from planner.cycle.models import PcMoment

            gm = db.session.scalar(select(Area).where(Area.code == "GM0001"))
            ward = db.session.scalar(select(Area).where(Area.code == "WK000101"))
            controller = create_user(email="controller@bench.nl", name="Controller", password=PASSWORD)
            grant_role(controller, "controller", gm)
            team = create_user(email="team@bench.nl", name="Team", password=PASSWORD)
            grant_role(team, "team_member", ward)
            moment = PcMoment(area_id=gm.id, kind="berap1", year=2026, state="gesloten")
            db.session.add(moment)
            db.session.flush()
            t = time.perf_counter()
            with acting_as(controller):
                frozen = freeze_figures(moment)
            db.session.commit()
            print(
                f"freeze_figures(berap 1 2026 of GM0001): {frozen:,} snapshot rows in "
                f"{(time.perf_counter() - t) * 1000:.0f} ms"
            )
            db.session.execute(
                text(
                    "update budget_lines set amount = amount * 1.2 where area_id = :g and "
                    "fiscal_year = 2026 and kind = 'realisatie' and id % 7 = 0"
                ),
                {"g": gm.id},
            )
            db.session.commit()
            db.session.execute(text("ANALYZE"))

            engine = db.engine
            pages = (
                (team.email, f"/begroting/{ward.code}?jaar=2026"),
                (controller.email, f"/begroting/{ward.code}?jaar=2026"),
                (controller.email, f"/begroting/{gm.code}?jaar=2026"),
                (controller.email, f"/begroting/pc/{moment.id}"),
                (team.email, f"/begroting/pc/{moment.id}"),
            )
            db.session.remove()
        # Requests outside the set-up's app context: each gets its own `g` (and logged-in user).
        counter = [0]

        @event.listens_for(engine, "before_cursor_execute")
        def _count(*_):
            counter[0] += 1

        print(
            f"\nload average before the pages: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)"
        )
        print(f"\n{'page':<55} {'median ms':>10} {'cpu ms':>8} {'queries':>8}")
        for email, url in pages:
            client = app.test_client()
            client.post("/inloggen", data={"email": email, "password": PASSWORD})
            median, cpu, queries, status = measure(client, url, args.runs, counter)
            flag = "" if status == 200 else f"  (status {status})"
            print(f"{email.split('@')[0] + ' ' + url:<55} {median:>10.1f} {cpu:>8.1f} {queries:>8}{flag}")
        print(
            "\nTarget: ward budget page and deviation report ≤ 200 ms median, constant query count "
            "(a query count that varied between runs is shown as a negative status)."
        )


if __name__ == "__main__":
    main()
