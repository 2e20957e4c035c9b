"""Ward comparison benchmark (run by hand): every CBS ward of imports/samples (≈3,350) and their
municipalities, 50,000 actions, 200,000 milestones and 500,000 measurements; then the comparison
dashboard of the municipality with the most wards and one of its ward pages render through the
Flask test client: median time and query count per render. Optionally gunicorn (2 workers) + wrk.

    .venv/bin/python bench/dashboard_bench.py [--runs 20] [--wrk 30] [--keep FILE.db [--reuse]]
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/dashboard_bench.py   # PostgreSQL
    .venv/bin/python bench/dashboard_bench.py --against CHECKOUT [--runs 40]       # old against new

Headline: the cold comparison dashboard, median ms. Targets: ≤ 150 ms median for the dashboard
and the ward page, a query count that does not depend on the number of actions, and ≥ 100
requests/s from gunicorn for the dashboard at 8 connections.

Modes: cold = caches emptied before every request (the full computation and render); checked = cached
page whose fingerprint is checked on every request (COMPARISON_REVALIDATE_SECONDS=0); default = cached
page, fingerprint checked at most every 2 s. Wall ms includes waiting for a core when the machine is
shared; CPU ms is this process (with SQLite: the database's work too), db CPU the PostgreSQL backends.

`--against CHECKOUT`: another checkout of this repository (for instance `git worktree add --detach
/tmp/old HEAD~1`); the cold dashboard with its `compare` and this tree's, swapped request by request
in one process (old, new, new, old, …), --runs pairs, checking that both render the same page.

Results and their history: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, text

from planner import create_app
from planner.extensions import db

PASSWORD = "bench-password-123"
WARDS_CSV = ROOT / "imports/samples/cbs/wijken-autobezit-2023.csv"
STATUSES = ("idee", "gepland", "loopt", "loopt", "loopt", "vertraagd", "afgerond", "gestopt")
INDICATORS = [("AantalInwoners_5", "Aantal inwoners", "aantal", None)] + [
    (f"BENCH_{n:02d}", f"Indicator {n}", "%" if n % 2 else "aantal", bool(n % 3)) for n in range(1, 15)
]
PERIODS = [str(y) for y in range(2015, 2025)]  # 15 indicators × up to 10 years × ≈3,600 areas


def read_wards() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(gm code, gm name) and (ward code, ward name, gm code) from the CBS list (padded codes, title rows)."""
    gms, wards = {}, []
    with open(WARDS_CSV, encoding="utf-8-sig") as f:
        for row in csv.reader(f, delimiter=";"):
            if len(row) < 4 or not re.fullmatch(r"WK\d{6}", row[1].strip()):
                continue
            code, gm = row[1].strip(), row[3].strip()
            gms.setdefault(gm, row[2].strip())
            wards.append((code, row[0].strip(), gm))
    return sorted(gms.items()), wards


def chunks(rows, size=20_000):
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def build(actions_total: int, milestones_total: int, measurements_total: int) -> dict:
    from planner.actions.models import Action, ActionArea, Milestone
    from planner.areas.models import Area
    from planner.budget.models import Allocation, BudgetLine
    from planner.indicators.models import GoalTarget, Indicator, Measurement
    from planner.programmes.models import Goal, Programme

    rng = random.Random(6)
    conn = db.session.connection()
    t0 = time.perf_counter()
    gms, wards = read_wards()
    areas, gm_id = [], {}
    for code, name in gms:
        areas.append(
            {"id": len(areas) + 1, "code": code, "name": name, "level": "gemeente", "path": code, "parent_id": None}
        )
        gm_id[code] = len(areas)
    wards_of: dict[int, list[int]] = {}
    for code, name, gm in wards:
        areas.append(
            {
                "id": len(areas) + 1,
                "code": code,
                "name": name,
                "level": "wijk",
                "path": f"{gm}/{code}",
                "parent_id": gm_id[gm],
            }
        )
        wards_of.setdefault(gm_id[gm], []).append(len(areas))
    conn.execute(insert(Area.__table__), areas)
    ward_ids = [a["id"] for a in areas if a["level"] == "wijk"]
    gm_of = {w: g for g, ws in wards_of.items() for w in ws}

    # One adopted programme with one goal per ward; actions spread over the wards.
    programmes = [
        {
            "id": i + 1,
            "area_id": w,
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
        for i, w in enumerate(ward_ids)
    ]
    conn.execute(insert(Programme.__table__), programmes)
    conn.execute(
        insert(Goal.__table__),
        [
            {
                "id": p["id"],
                "programme_id": p["id"],
                "number": 1,
                "title": "Meer ontmoeting",
                "description": "",
                "lock_version": 1,
            }
            for p in programmes
        ],
    )
    programme_of_ward = {p["area_id"]: p["id"] for p in programmes}
    actions, action_areas, numbers = [], [], {}
    for aid in range(1, actions_total + 1):
        w = ward_ids[(aid - 1) % len(ward_ids)]
        pid = programme_of_ward[w]
        numbers[pid] = numbers.get(pid, 0) + 1
        status = rng.choice(STATUSES)
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 300))
        actions.append(
            {
                "id": aid,
                "programme_id": pid,
                "goal_id": pid,
                "number": numbers[pid],
                "title": f"Actie {numbers[pid]} in wijk {w}",
                "description": "",
                "start_date": start,
                "end_date": start + timedelta(days=rng.randrange(60, 900)),
                "status": status,
                "progress": 100 if status == "afgerond" else rng.randrange(0, 100),
                "weight": Decimal(1),
                "lock_version": 1,
            }
        )
        action_areas.append({"action_id": aid, "area_id": w, "weight": Decimal(2)})
        other = rng.choice(wards_of[gm_of[w]])
        if other != w and rng.random() < 0.2:
            action_areas.append({"action_id": aid, "area_id": other, "weight": Decimal(1)})
    for rows in chunks(actions):
        conn.execute(insert(Action.__table__), rows)
    for rows in chunks(action_areas):
        conn.execute(insert(ActionArea.__table__), rows)

    per_action = milestones_total // actions_total
    milestones = []
    for a in actions:
        for n in range(per_action):
            due = a["start_date"] + timedelta(days=(n + 1) * 90)
            milestones.append(
                {
                    "action_id": a["id"],
                    "title": f"Mijlpaal {n + 1}",
                    "due_date": due,
                    "done_on": due if rng.random() < 0.6 else None,
                }
            )
    for rows in chunks(milestones):
        conn.execute(insert(Milestone.__table__), rows)

    conn.execute(
        insert(Indicator.__table__),
        [
            {
                "id": i + 1,
                "code": c,
                "name": n,
                "unit": u,
                "source": "bench",
                "description": "",
                "higher_is_better": h,
                "decimals": 0,
            }
            for i, (c, n, u, h) in enumerate(INDICATORS)
        ],
    )
    measured = [a["id"] for a in areas]
    periods = min(len(PERIODS), max(1, -(-measurements_total // (len(measured) * len(INDICATORS)))))
    measurements = []
    for ind in range(1, len(INDICATORS) + 1):
        for area_id in measured:
            base = rng.uniform(1000, 20000) if ind == 1 else rng.uniform(10, 80)
            for period in PERIODS[-periods:]:
                measurements.append(
                    {
                        "indicator_id": ind,
                        "area_id": area_id,
                        "period": period,
                        "kind": "realisatie",
                        "value": Decimal(round(base * rng.uniform(0.95, 1.05), 1)),
                        "is_secret": False,
                    }
                )
                if len(measurements) >= 50_000:
                    conn.execute(insert(Measurement.__table__), measurements)
                    measurements = []
    # Baselines (nulmeting 2022) and targets for two indicators in every ward.
    targets = []
    for w in ward_ids:
        for ind in (2, 3):
            value = Decimal(round(rng.uniform(20, 60), 1))
            measurements.append(
                {
                    "indicator_id": ind,
                    "area_id": w,
                    "period": "2022",
                    "kind": "nulmeting",
                    "value": value,
                    "is_secret": False,
                }
            )
            targets.append(
                {
                    "goal_id": programme_of_ward[w],
                    "indicator_id": ind,
                    "area_id": w,
                    "baseline_period": "2022",
                    "baseline_value": value,
                    "target_period": "2028",
                    "target_value": value + 5,
                    "created_at": datetime(2026, 1, 1),
                }
            )
    for rows in chunks(measurements):
        conn.execute(insert(Measurement.__table__), rows)
    conn.execute(insert(GoalTarget.__table__), targets)

    # Budget where present: the largest municipality has lines for 2026 and every action draws on two.
    big = max(wards_of, key=lambda g: len(wards_of[g]))
    lines = []
    for k in range(200):
        amount = Decimal(rng.randrange(50_000_00, 2_000_000_00)) / 100
        for kind, value in (
            ("na_wijziging", amount),
            ("realisatie", (amount * Decimal("0.8")).quantize(Decimal("0.01"))),
        ):
            lines.append(
                {
                    "id": len(lines) + 1,
                    "area_id": big,
                    "fiscal_year": 2026,
                    "line_key": f"KPL{k:04d}",
                    "taakveld_code": "6.1",
                    "cost_centre": f"KPL{k:04d}",
                    "economic_category": "4300",
                    "description": f"Regel {k}",
                    "direction": "lasten",
                    "kind": kind,
                    "amount": value,
                    "budget_programme": "",
                }
            )
    conn.execute(insert(BudgetLine.__table__), lines)
    basis = [ln["id"] for ln in lines if ln["kind"] == "na_wijziging"]
    big_programmes = {programme_of_ward[w] for w in wards_of[big]}
    allocations = []
    for a in actions:
        if a["programme_id"] in big_programmes:
            for line_id in rng.sample(basis, 2):
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
    conn.execute(insert(Allocation.__table__), allocations)
    db.session.commit()
    counts = {
        t: db.session.execute(text(f"select count(*) from {t}")).scalar()
        for t in ("areas", "actions", "milestones", "measurements", "goal_targets", "allocations")
    }
    return {"counts": counts, "seconds": time.perf_counter() - t0, "big": big}


def _server_ticks(engine) -> int | None:
    """CPU ticks used so far by this database's PostgreSQL backends (a local server: /proc), else None."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        pids = conn.execute(text("select pid from pg_stat_activity where datname = current_database()")).scalars().all()
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks


def measure(client, url: str, runs: int, counter: list, cold: bool = False, engine=None) -> tuple:
    """Median wall ms, median CPU ms of this process (the request's Python, and SQLite's work),
    mean CPU ms of the PostgreSQL backends per request (None on SQLite), query count, status."""
    from planner.tracking import cache

    client.get(url)  # warm templates (and, unless cold, the comparison cache)
    times, cpu, queries, status = [], [], set(), 0
    server_before = _server_ticks(engine) if engine is not None else None
    for _ in range(runs):
        if cold:
            cache.PAGES.clear()
            cache.BUDGET.clear()
        counter[0] = 0
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        queries.add(counter[0])
        status = response.status_code
    server = None
    if server_before is not None:
        server_after = _server_ticks(engine)
        if server_after is not None:
            server = (server_after - server_before) * 1000 / os.sysconf("SC_CLK_TCK") / runs
    return (
        statistics.median(times),
        statistics.median(cpu),
        server,
        max(queries),
        status if len(queries) == 1 else -len(queries),
    )


def old_compare(checkout: Path):
    """`compare` of another checkout of this repository, for --against. Its comparison module is
    loaded beside the current one; a planner module it imports that this tree no longer has comes
    from the checkout too. It is called as that checkout's view called it."""
    import importlib.abc
    import importlib.util
    import inspect

    def spec(name: str, file: Path):
        return importlib.util.spec_from_file_location(name, file) if file.exists() else None

    class Removed(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            return (
                spec(name, checkout.joinpath(*name.split(".")).with_suffix(".py"))
                if name.startswith("planner.")
                else None
            )

    sys.meta_path.append(Removed())
    module_spec = spec("old_comparison", checkout / "planner/tracking/comparison.py")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_spec.name] = module  # dataclasses look their module up
    module_spec.loader.exec_module(module)
    view_options = {"concurrent": True} if "concurrent" in inspect.signature(module.compare).parameters else {}
    return lambda *args, **kwargs: module.compare(*args, **{**kwargs, **view_options})


def measure_against(client, url: str, pairs: int, old) -> None:
    """The cold dashboard with this tree's `compare` and the old one, swapped request by request
    (old, new, new, old, …) in this process: median wall and CPU ms of each, and their ratio."""
    from planner.tracking import cache, comparison

    new = comparison.compare
    figures = {"old": ([], []), "new": ([], [])}
    pages = {}
    try:
        for name in ("old", "new"):  # warm templates and each code path once
            comparison.compare = old if name == "old" else new
            cache.PAGES.clear()
            cache.BUDGET.clear()
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            # the same page but for each response's CSP nonce and CSRF token
            pages[name] = re.sub(rb'(nonce|value)="[^"]{16,}"', b"", response.data)
        for n in range(pairs):
            for name in ("old", "new") if n % 2 == 0 else ("new", "old"):
                comparison.compare = old if name == "old" else new
                cache.PAGES.clear()
                cache.BUDGET.clear()
                t, c = time.perf_counter(), time.process_time()
                response = client.get(url)
                figures[name][0].append((time.perf_counter() - t) * 1000)
                figures[name][1].append((time.process_time() - c) * 1000)
                assert response.status_code == 200
    finally:
        comparison.compare = new
    same = "identical" if pages["old"] == pages["new"] else "DIFFERENT"
    print(f"\n{url}, cold, {pairs} pairs old/new alternately in this process (pages {same})")
    print(f"{'':<12} {'old':>8} {'new':>8} {'new/old':>8}")
    for i, label in enumerate(("median ms", "CPU ms")):
        o, n = statistics.median(figures["old"][i]), statistics.median(figures["new"][i])
        print(f"{label:<12} {o:>8.1f} {n:>8.1f} {n / o:>8.3f}")
    paired = [n / o for o, n in zip(figures["old"][0], figures["new"][0])]
    print(f"{'paired':<12} {'':>8} {'':>8} {statistics.median(paired):>8.3f}  (median of new/old per pair)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def warm_up(port: int, cookie: str, path: str, connections: int = 8) -> None:
    """Concurrent requests until every worker has booted and served the page once."""
    import threading
    import urllib.request

    def get():
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"session={cookie}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()

    for _ in range(2):
        threads = [threading.Thread(target=get) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def load_test(database_url: str, cookie: str, path: str, seconds: int, revalidate: int) -> None:
    """gunicorn with 2 sync workers on 127.0.0.1, wrk with 2 threads and 8 connections."""
    if not shutil.which("wrk"):
        print("wrk not installed (apt-get install -y wrk): load test skipped")
        return
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "COMPARISON_REVALIDATE_SECONDS": str(revalidate),
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        # The port answers as soon as the master listens; the workers still import the app, and then
        # each computes the page once. Without this warm-up wrk counted that start-up as timeouts.
        warm_up(port, cookie, path)
        out = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Cookie: session={cookie}", f"http://127.0.0.1:{port}{path}"],
            capture_output=True,
            text=True,
        ).stdout
        rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        socket_errors = re.search(r"Socket errors: (.*)", out)
        latency = re.search(r"Latency\s+(\S+)", out)
        print(
            f"gunicorn 2 workers + wrk 8 connections {seconds} s on {path} (revalidate every {revalidate} s): "
            f"{rps.group(1) if rps else '?'} requests/s, mean latency {latency.group(1) if latency else '?'}, "
            f"non-2xx {errors.group(1) if errors else 0}, socket errors {socket_errors.group(1) if socket_errors else 'none'}"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--milestones", type=int, default=200_000)
    parser.add_argument("--measurements", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--wrk", type=int, default=0, metavar="SECONDS", help="also run the load test (e.g. 30)")
    parser.add_argument(
        "--api",
        action="store_true",
        help="instead of the pages: a dashboard's first sync of every action through /api/v1/ in pages of "
        "500, then an updated_since sync after 100 changes",
    )
    parser.add_argument("--keep", default=None, help="SQLite file to keep (default: a temporary one)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the dataset a previous run left (--keep FILE, or the DATABASE_URL database)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="another checkout of this repository (git worktree add /tmp/old HEAD~1): the cold "
        "dashboard with its compare and this one's alternately, --runs pairs",
    )
    args = parser.parse_args()
    from flask_migrate import upgrade

    from planner.core.users import User

    tmp = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{args.keep or tmp + '/dashboard.db'}"
    if url.startswith("sqlite:///") and Path(url[10:]).exists() and not args.reuse:
        Path(url[10:]).unlink()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        from planner.areas.models import Area
        from planner.core.users import create_user, grant_role

        if args.reuse:
            manager = db.session.scalar(select(User).where(User.email == "manager@bench.nl"))
            team = db.session.scalar(select(User).where(User.email == "team@bench.nl"))
            gm, ward = manager.roles[0].area, team.roles[0].area
            counts = {
                t: db.session.execute(text(f"select count(*) from {t}")).scalar()
                for t in ("areas", "actions", "milestones", "measurements", "goal_targets", "allocations")
            }
            print(f"{db.engine.dialect.name}: reused " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
        else:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
            upgrade()
            built = build(args.actions, args.milestones, args.measurements)
            print(
                f"{db.engine.dialect.name}: generated "
                + ", ".join(f"{v:,} {k}" for k, v in built["counts"].items())
                + f" in {built['seconds']:.1f} s"
            )
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            gm = db.session.get(Area, built["big"])
            ward = db.session.scalar(select(Area).where(Area.parent_id == gm.id).order_by(Area.code))
            manager = create_user(email="manager@bench.nl", name="Gebiedsmanager", password=PASSWORD)
            grant_role(manager, "area_manager", gm)
            team = create_user(email="team@bench.nl", name="Team", password=PASSWORD)
            grant_role(team, "team_member", ward)
            db.session.commit()
        n_wards = len(gm.children)
        n_actions = db.session.execute(
            text(
                "select count(distinct aa.action_id) from action_areas aa join areas a on a.id = aa.area_id "
                "where a.parent_id = :g"
            ),
            {"g": gm.id},
        ).scalar()
        pages = (
            (manager.email, f"/vergelijking?gebied={gm.code}&jaar=2026"),
            (manager.email, f"/vergelijking?gebied={gm.code}&jaar=2026&sorteer=opschema&richting=af"),
            (manager.email, f"/wijken/{ward.code}/overzicht?jaar=2026"),
            (team.email, f"/vergelijking?gebied={gm.code}&jaar=2026"),
            (team.email, f"/wijken/{ward.code}/overzicht?jaar=2026"),
            (manager.email, f"/vergelijking.xlsx?gebied={gm.code}&jaar=2026"),
        )
        print(f"Largest municipality: {gm.name} ({gm.code}) with {n_wards} wards and {n_actions:,} actions")
        engine = db.engine
        db.session.remove()

    counter = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_):
        counter[0] += 1

    print(
        f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores shared with other work: "
        "wall ms includes waiting for a core; CPU ms is this process, db CPU ms the PostgreSQL backends)"
    )
    if args.api:
        measure_api(app, args.runs)
    elif args.against:
        client = app.test_client()
        client.post("/inloggen", data={"email": pages[0][0], "password": PASSWORD})
        measure_against(client, pages[0][1], args.runs, old_compare(args.against.resolve()))
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    else:
        measure_all(app, args, pages, engine, counter, url)
    if not args.keep and url.startswith("sqlite"):
        shutil.rmtree(tmp, ignore_errors=True)


def measure_api(app, runs: int) -> None:
    """A national reader (an area manager in every municipality, as a province's data platform) syncs
    every action: the first load follows `next` in pages of 500; then 100 actions change and an
    updated_since sync fetches them. Targets: first load <= 30 s, the update <= 100 ms."""
    from planner.actions.models import Action
    from planner.api.models import ApiToken
    from planner.api.services import issue_token
    from planner.areas.models import Area
    from planner.core.models import utcnow
    from planner.core.users import User, create_user, grant_role

    with app.app_context():
        reader = db.session.scalar(select(User).where(User.email == "sync@bench.nl"))
        if reader is None:
            reader = create_user(email="sync@bench.nl", name="Dataplatform", password=PASSWORD)
            for gm in db.session.scalars(select(Area).where(Area.level == "gemeente")):
                grant_role(reader, "area_manager", gm)
        for token in db.session.scalars(select(ApiToken).where(ApiToken.user_id == reader.id)):
            token.revoked_at = utcnow()
        token, secret = issue_token(reader, f"bench {utcnow().isoformat()}")
        token.rate_limit = 1_000_000
        db.session.commit()
        total_actions = db.session.scalar(select(func.count(Action.id)))
    headers = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    t, c = time.perf_counter(), time.process_time()
    url, ids, pages = "/api/v1/actions?limit=500", set(), 0
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        body = response.get_json()
        ids.update(item["id"] for item in body["items"])
        url, pages = body.get("next"), pages + 1
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    print(
        f"\nAPI first sync: {len(ids):,} of {total_actions:,} actions in {pages} pages of 500: "
        f"{wall:.1f} s wall, {cpu:.1f} s CPU (target <= 30 s)"
    )
    with app.app_context():
        since = utcnow()
        changed = db.session.scalars(select(Action).order_by(Action.id).limit(100 * 97)).all()[::97]
        for action in changed:
            action.progress = (action.progress + 1) % 100
        db.session.commit()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        response = client.get(f"/api/v1/actions?limit=500&updated_since={since.isoformat()}Z", headers=headers)
        times.append((time.perf_counter() - t) * 1000)
        assert response.get_json()["total"] == len(changed), response.get_json()["total"]
    print(
        f"API updated_since sync, {len(changed)} changed actions: median {statistics.median(times):.1f} ms, "
        f"max {max(times):.1f} ms over {runs} runs (target <= 100 ms)"
    )


def measure_all(app, args, pages, engine, counter, url) -> None:
    """Every page in every mode, then (--wrk) the load test."""
    # cold: comparison caches emptied before every request (the full computation and render);
    # checked: cached page, its fingerprint checked on every request (COMPARISON_REVALIDATE_SECONDS=0);
    # default: cached page, fingerprint checked at most every 2 s. Ward pages are never cached.
    modes = (("cold", True, 0), ("checked", False, 0), ("default", False, 2))
    print(f"\n{'page':<72} {'mode':>8} {'median ms':>10} {'CPU ms':>7} {'db CPU':>7} {'queries':>8}")
    cookie = None
    for email, page in pages:
        client = app.test_client()
        client.post("/inloggen", data={"email": email, "password": PASSWORD})
        if email.startswith("manager"):
            cookie = client.get_cookie("session").value
        for mode, cold, seconds in modes if page.startswith("/vergelijking?") else modes[:1]:
            app.config["COMPARISON_REVALIDATE_SECONDS"] = seconds
            median, cpu, server, queries, status = measure(client, page, args.runs, counter, cold=cold, engine=engine)
            flag = "" if status == 200 else f"  (status {status})"
            server = f"{server:>7.1f}" if server is not None else f"{'–':>7}"
            print(
                f"{email.split('@')[0] + ' ' + page:<72} {mode:>8} {median:>10.1f} {cpu:>7.1f} {server} {queries:>8}{flag}"
            )
    print(
        "\nTarget: ≤ 150 ms median (cold); the query count does not grow with the number of actions "
        "(a count that varied between runs shows as a negative status)."
    )
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.wrk:
        for seconds in (0, 2):
            load_test(url, cookie, pages[0][1], args.wrk, seconds)


if __name__ == "__main__":
    main()
