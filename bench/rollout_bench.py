"""Roll-out benchmark (run by hand): a template of 40 actions (each with two milestones, a trekker and two
partners) and four goal targets, rolled out to 11 wards in SQLite, through the same service the page calls,
including the commit. Headline: median seconds of one roll-out (target ≤ 2 s); also its CPU time (wall time
on a shared machine includes waiting for a core) and its query count.

    .venv/bin/python bench/rollout_bench.py [--actions 40] [--wards 11] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event

from planner import create_app
from planner.extensions import db


def build(actions: int, wards: int):
    from planner.actions.services import add_milestone, create_action
    from planner.areas.services import add_area
    from planner.core.users import create_user, grant_role
    from planner.indicators.services import record_measurement, save_indicator, set_goal_target
    from planner.opgaven.services import save_organisation
    from planner.programmes.services import add_goal, create_programme
    from planner.rollout.services import save_as_template

    gm = add_area(code="GM0794", name="Helmond")
    ward_areas = [add_area(code=f"WK0794{n:02d}", name=f"Wijk {n}", parent=gm) for n in range(10, 11 + wards)]
    manager = create_user(email="gm@bench.nl", name="Gebiedsmanager", password="bench-password-123")
    grant_role(manager, "area_manager", gm)
    orgs = [save_organisation(None, name=f"Partij {n}", kind="woningcorporatie") for n in range(5)]
    pilot = create_programme(area=ward_areas[0], title="Pilot", start_year=2026, end_year=2029)
    goals = [add_goal(pilot, f"Doel {n}") for n in range(1, 5)]
    indicator = save_indicator(None, code="onveilig", name="Voelt zich onveilig", unit="%")
    for n, ward in enumerate(ward_areas):
        record_measurement(indicator, ward, period="2025", kind="nulmeting", value=Decimal(10 + n))
    for goal in goals:
        set_goal_target(goal, indicator, ward_areas[0], baseline_period="2025", target_period="2028", target_value=8)
    for n in range(actions):
        action = create_action(
            pilot,
            title=f"Actie {n}",
            goal=goals[n % 4],
            start_date=date(2026, 1 + n % 12, 1),
            end_date=date(2027, 1 + n % 12, 28),
            owner_organisation=orgs[n % 5],
            partners=[orgs[(n + 1) % 5], orgs[(n + 2) % 5]],
        )
        add_milestone(action, "Start", date(2026, 1 + n % 12, 15))
        add_milestone(action, "Klaar", date(2027, 1 + n % 12, 15))
    template = save_as_template(pilot, manager, title="Sjabloon", fits_when="Altijd.")
    db.session.commit()
    return template.id, manager.id, [w.id for w in ward_areas[1:]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=40)
    parser.add_argument("--wards", type=int, default=11)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from planner.areas.models import Area
    from planner.core.models import User
    from planner.rollout.models import ProgrammeTemplate
    from planner.rollout.services import roll_out

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            template_id, user_id, ward_ids = build(args.actions, args.wards)
            queries = [0]
            event.listen(db.engine, "before_cursor_execute", lambda *a, **k: queries.__setitem__(0, queries[0] + 1))
            times, cpu, counts = [], [], []
            for run in range(args.runs):
                db.session.expunge_all()
                template = db.session.get(ProgrammeTemplate, template_id)
                user = db.session.get(User, user_id)
                wards = [db.session.get(Area, i) for i in ward_ids]
                queries[0] = 0
                t0, c0 = time.perf_counter(), time.process_time()
                result = roll_out(template, user, wards, date(2027 + run, 1, 1))
                db.session.commit()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                counts.append(queries[0])
                assert len(result.programmes) == len(wards) and result.rebased == 4 * len(wards)
            print(
                f"roll-out of {args.actions} actions to {len(ward_ids)} wards: median {statistics.median(times):.3f} s "
                f"(min {min(times):.3f}, max {max(times):.3f}), CPU {statistics.median(cpu):.3f} s, "
                f"{statistics.median(counts):.0f} queries"
            )


if __name__ == "__main__":
    main()
