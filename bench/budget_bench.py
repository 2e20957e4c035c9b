"""Budget benchmark (run by hand): the budget pages at national scale in SQLite, through the Flask
test client, with their median time and query count.

    .venv/bin/python bench/budget_bench.py [--runs 20]                       # this checkout
    .venv/bin/python bench/budget_bench.py --against CHECKOUT [--pairs 2]    # old against new
    .venv/bin/python bench/budget_bench.py --page all --runs 3               # every budget page
    .venv/bin/python bench/budget_bench.py --iv3                             # also the Iv3 2024 import

The dataset (defaults): 1,000,000 budget lines, 50,000 allocations, 20,000 realisation records
(action spendings) and 5,000 subsidy applications whose beschikking draws on a budget line, in 50
municipalities of 10 wards and 5 fiscal years (2025–2029). The controller's municipality (GM0001) is
a large city: 10,000 line keys a year (8,000 lasten, 2,000 baten), each with primitief, na wijziging,
realisatie and prognose, so 40,000 lines a year and 200,000 in all; the other 800,000 lines belong to
the 49 other municipalities. 40 % of the allocations, spendings and subsidies are GM0001's (one in four
of its allocations in 2026, the year the pages show).

Built once with bulk inserts and kept as a SQLite file in the cache directory (`--cache`, default
$TMPDIR/wijkplanner-budget-bench), keyed by the migration head of the checkout and the sizes: a
later run, or the other checkout's run with the same head, copies it instead of building again.
No ANALYZE: the app runs none, so the pages must be fast without statistics.

Each checkout is measured in a child process of its own (the checkout first on the import path) on a
fresh copy of its cached database. `--against CHECKOUT` (for instance `git worktree add --detach
/tmp/old HEAD~1`) runs the other checkout and this one alternately (old, new, new, old, …), prints
the medians of both and new/old, and checks that every page renders the same HTML in both. The
municipality page is also measured on a database with a tenth of the lines and allocations, and its
query count must be the same there ("constant").

Results and their history: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-123"
BUILD_VERSION = 3  # bump when build() changes what it generates
YEARS = (2025, 2026, 2027, 2028, 2029)
ALLOCATION_YEARS = (2026, 2027, 2028, 2029)
KINDS = ("primitief", "na_wijziging", "realisatie", "prognose")
TAAKVELDEN = ("0.1", "1.1", "2.1", "3.1", "4.2", "5.2", "6.1", "6.2", "6.3", "6.71a", "7.1", "8.1", "8.3")
BUDGET_PROGRAMMES = ("Bestuur", "Veiligheid", "Onderwijs", "Sociaal domein", "Wonen en wijken", "")
MUNICIPALITIES, WARDS = 50, 10
OWN_SHARE = 0.4  # GM0001's share of allocations, spendings and subsidies
OWN_KEYS, OWN_BATEN_KEYS = 10_000, 2_000  # GM0001's line keys a year, of which baten
MUNICIPALITY_PAGE = "/begroting/GM0001?jaar=2026"
PAGES = (
    # (name, login, url)
    ("ward (team)", "team", "/begroting/WK000101?jaar=2026"),
    ("ward (controller)", "controller", "/begroting/WK000101?jaar=2026"),
    ("municipality", "controller", MUNICIPALITY_PAGE),
    ("deviations (controller)", "controller", "/begroting/pc/{moment}"),
    ("deviations (team)", "team", "/begroting/pc/{moment}"),
)


# ---- the dataset ---------------------------------------------------------------------------------


def build(sizes: dict) -> dict:
    """Fill an empty database (migrated to head) with the dataset; returns what was made."""
    from sqlalchemy import insert, select, text

    from planner.actions.models import Action, ActionArea
    from planner.areas.models import Area
    from planner.budget.models import ActionSpending, Allocation, BudgetLine
    from planner.budget.services import freeze_figures
    from planner.core.audit import acting_as
    from planner.core.users import create_user, grant_role
    from planner.cycle.models import PcMoment
    from planner.extensions import db
    from planner.programmes.models import Programme
    from planner.subsidies.models import SubsidyApplication, SubsidyScheme

    rng = random.Random(7)
    conn = db.session.connection()
    t0 = time.perf_counter()
    areas = []
    for m in range(1, MUNICIPALITIES + 1):
        gm = f"GM{m:04d}"
        areas.append({"id": len(areas) + 1, "code": gm, "name": f"Gemeente {m}", "level": "gemeente", "path": gm})
        gm_id = len(areas)
        for w in range(WARDS):
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
    conn.execute(insert(Area), [{"parent_id": None} | a for a in areas])
    gm_ids = [a["id"] for a in areas if a["level"] == "gemeente"]
    own = gm_ids[0]
    wards_of = {g: [a["id"] for a in areas if a.get("parent_id") == g] for g in gm_ids}

    # Lines: GM0001 a large city with OWN_KEYS keys a year (scaled with --lines), the rest spread
    # evenly over the other municipalities; every key has all four kinds.
    scale = sizes["lines"] / 1_000_000
    own_keys = max(10, int(OWN_KEYS * scale))
    own_baten = max(2, int(OWN_BATEN_KEYS * scale))
    other_keys = max(5, (sizes["lines"] - own_keys * len(YEARS) * len(KINDS)) // ((len(gm_ids) - 1) * len(YEARS) * 4))
    basis: dict[tuple[int, int], list[int]] = {}  # (gm, year) → ids of the lasten na_wijziging lines
    next_id, batch = 1, []
    table = BudgetLine.__table__
    for g in gm_ids:
        keys = own_keys if g == own else other_keys
        baten = own_baten if g == own else max(1, other_keys // 5)
        for year in YEARS:
            ids = basis[(g, year)] = []
            for k in range(keys):
                tv = TAAKVELDEN[k % len(TAAKVELDEN)]
                direction = "baten" if k >= keys - baten else "lasten"
                cost_centre, category = f"KPL{k // 10:05d}", f"4{k % 10}{k % 7}0"
                budget = rng.randrange(10_000_00, 2_000_000_00)
                amended = budget + rng.randrange(-budget // 10, budget // 10)
                amounts = (budget, amended, int(amended * rng.uniform(0.2, 1.3)), int(amended * rng.uniform(0.8, 1.1)))
                common = {
                    "area_id": g,
                    "fiscal_year": year,
                    "line_key": f"{cost_centre}/{category}",
                    "taakveld_code": tv,
                    "cost_centre": cost_centre,
                    "economic_category": category,
                    "description": f"Regel {k}",
                    "direction": direction,
                    "budget_programme": BUDGET_PROGRAMMES[k % len(BUDGET_PROGRAMMES)],
                }
                for kind, cents in zip(KINDS, amounts):
                    batch.append(common | {"id": next_id, "kind": kind, "amount": Decimal(cents).scaleb(-2)})
                    if kind == "na_wijziging" and direction == "lasten":
                        ids.append(next_id)
                    next_id += 1
                if len(batch) >= 20_000:
                    conn.execute(insert(table), batch)
                    batch = []
    if batch:
        conn.execute(insert(table), batch)
    t_lines = time.perf_counter() - t0

    # Programmes per ward (2026–2029, in uitvoering); actions serving one or two wards, each drawing
    # from two lines in each of the four years. GM0001 gets OWN_SHARE of the actions.
    per_action = 2 * len(ALLOCATION_YEARS)
    actions_total = max(len(gm_ids), sizes["allocations"] // per_action)
    own_actions = int(actions_total * OWN_SHARE)
    other_actions = max(1, (actions_total - own_actions) // (len(gm_ids) - 1))
    programmes, actions, action_areas = [], [], []
    actions_of: dict[int, list[int]] = {}
    for g in gm_ids:
        count = own_actions if g == own else other_actions
        wards = wards_of[g]
        per_ward = [count // len(wards) + (1 if i < count % len(wards) else 0) for i in range(len(wards))]
        for w, n_actions in zip(wards, per_ward):
            pid = len(programmes) + 1
            programmes.append(
                {
                    "id": pid,
                    "area_id": w,
                    "title": f"WOP wijk {w}",
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
            for n in range(1, n_actions + 1):
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
                actions_of.setdefault(g, []).append(aid)
                action_areas.append({"action_id": aid, "area_id": w, "weight": Decimal(2)})
                other = rng.choice(wards)
                if other != w:
                    action_areas.append({"action_id": aid, "area_id": other, "weight": Decimal(1)})
    conn.execute(insert(Programme.__table__), programmes)
    conn.execute(insert(Action.__table__), actions)
    conn.execute(insert(ActionArea.__table__), action_areas)
    allocations = []
    for g, ids in actions_of.items():
        for aid in ids:
            for year in ALLOCATION_YEARS:
                for line_id in rng.sample(basis[(g, year)], 2):
                    allocations.append(
                        {
                            "action_id": aid,
                            "budget_line_id": line_id,
                            "year": year,
                            "amount": Decimal(rng.randrange(1_000_00, 50_000_00)).scaleb(-2),
                            "override": False,
                            "override_reason": "",
                            "amendment": "",
                            "overshoot": Decimal("0.00"),
                        }
                    )
    allocations = allocations[: sizes["allocations"]]
    conn.execute(insert(Allocation.__table__), allocations)

    # Realisation records: bookings on actions, a month each (2026), OWN_SHARE of them GM0001's.
    spendings = []
    own_ids, other_ids = actions_of[own], [a for g in gm_ids[1:] for a in actions_of.get(g, [])]
    for n in range(sizes["spendings"]):
        pool = own_ids if n < sizes["spendings"] * OWN_SHARE else other_ids
        aid = pool[n % len(pool)]
        spendings.append(
            {
                "action_id": aid,
                "year": 2026,
                "period": 1 + (n // len(pool)) % 12,
                "amount": Decimal(rng.randrange(100_00, 20_000_00)).scaleb(-2),
                "source": "import",
                "reference": f"PRJ{aid:06d}/{n}",
                "description": "",
            }
        )
    conn.execute(insert(ActionSpending.__table__), spendings)

    # Subsidies: one scheme per municipality; applications in its wards, granted or settled, their
    # beschikking drawing on a lasten line of 2026–2029.
    schemes = [
        {"id": i + 1, "municipality_id": g, "area_id": g, "name": f"Wijkbudget {g}", "criteria": "", "ceiling": 10**7}
        for i, g in enumerate(gm_ids)
    ]
    conn.execute(insert(SubsidyScheme.__table__), schemes)
    scheme_of = {g: i + 1 for i, g in enumerate(gm_ids)}
    applications = []
    for n in range(sizes["subsidies"]):
        g = own if n < sizes["subsidies"] * OWN_SHARE else gm_ids[1 + n % (len(gm_ids) - 1)]
        granted = Decimal(rng.randrange(500_00, 25_000_00)).scaleb(-2)
        settled = n % 3 == 0
        applications.append(
            {
                "scheme_id": scheme_of[g],
                "area_id": rng.choice(wards_of[g]),
                "initiative": False,
                "title": f"Aanvraag {n}",
                "description": "",
                "amount": granted,
                "status": "vastgesteld" if settled else "verleend",
                "advice": "",
                "budget_line_id": rng.choice(basis[(g, ALLOCATION_YEARS[n % len(ALLOCATION_YEARS)])]),
                "granted_amount": granted,
                "conditions": "",
                "reasons": "",
                "settled_amount": (granted * Decimal("0.9")).quantize(Decimal("0.01")) if settled else None,
                "public_answer": "",
            }
        )
    conn.execute(insert(SubsidyApplication.__table__), applications)
    db.session.commit()

    gm = db.session.scalar(select(Area).where(Area.id == own))
    ward = db.session.scalar(select(Area).where(Area.code == "WK000101"))
    controller = create_user(email="controller@bench.nl", name="Controller", password=PASSWORD)
    grant_role(controller, "controller", gm)
    team = create_user(email="team@bench.nl", name="Team", password=PASSWORD)
    grant_role(team, "team_member", ward)
    moment = PcMoment(area_id=gm.id, kind="berap1", year=2026, state="gesloten")
    db.session.add(moment)
    db.session.flush()
    with acting_as(controller):
        freeze_figures(moment)
    db.session.commit()
    # Realisation moved on since the freeze: deviations to report.
    db.session.execute(
        text(
            "update budget_lines set amount = round(amount * 1.2, 2) where area_id = :g and "
            "fiscal_year = 2026 and kind = 'realisatie' and id % 7 = 0"
        ),
        {"g": gm.id},
    )
    db.session.commit()
    count = db.session.execute(text("select count(*) from budget_lines")).scalar()
    return {
        "lines": count,
        "own_lines_2026": own_keys * len(KINDS),
        "allocations": len(allocations),
        "own_allocations_2026": sum(1 for a in allocations if a["year"] == 2026 and a["action_id"] in set(own_ids)),
        "actions": len(actions),
        "spendings": len(spendings),
        "subsidies": len(applications),
        "moment": moment.id,
        "seconds": time.perf_counter() - t0,
        "lines_seconds": t_lines,
    }


def migration_head(code: Path) -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(code / "migrations"))
    return "+".join(sorted(ScriptDirectory.from_config(config).get_heads()))


def cached_database(code: Path, cache: Path, sizes: dict, rebuild: bool) -> tuple[Path, dict]:
    """The cached SQLite file for this checkout's migration head and `sizes`, built if missing."""
    key = json.dumps({"head": migration_head(code), "v": BUILD_VERSION} | sizes, sort_keys=True)
    name = f"budget-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    path, meta = cache / f"{name}.db", cache / f"{name}.json"
    if path.exists() and meta.exists() and not rebuild:
        return path, json.loads(meta.read_text())
    cache.mkdir(parents=True, exist_ok=True)
    from flask_migrate import upgrade

    from planner import create_app
    from planner.extensions import db

    building = cache / f"{name}.building.{os.getpid()}.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{building}", "SECRET_KEY": "bench"})
    try:
        with app.app_context():
            upgrade()
            built = build(sizes)
            db.session.remove()
            db.engine.dispose()
        os.replace(building, path)
    finally:
        building.unlink(missing_ok=True)  # a build that failed half-way is not kept
    meta.write_text(json.dumps(built))
    print(
        f"built {built['lines']:,} budget lines, {built['allocations']:,} allocations, {built['spendings']:,} "
        f"spendings, {built['subsidies']:,} subsidies in {built['seconds']:.1f} s → {path}",
        file=sys.stderr,
    )
    return path, built


# ---- measuring -----------------------------------------------------------------------------------


def normalised(html: str) -> str:
    """The page without what differs per request (CSRF tokens, nonces)."""
    html = re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", html)
    html = re.sub(r'(<meta name="csrf-token" content=")[^"]*', r"\1", html)
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


def measure_pages(app, built: dict, runs: int, only: tuple) -> dict:
    from sqlalchemy import event

    from planner.extensions import db

    counter = [0]

    def count(*_):
        counter[0] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    out = {}
    for name, login, url in PAGES:
        if only and name not in only:
            continue
        url = url.format(moment=built["moment"])
        client = app.test_client()
        client.post("/inloggen", data={"email": f"{login}@bench.nl", "password": PASSWORD})
        response = client.get(url)  # warm caches and templates
        times, cpu, queries = [], [], set()
        for _ in range(runs):
            counter[0] = 0
            t, c = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            queries.add(counter[0])
        out[name] = {
            "url": url,
            "ms": statistics.median(times),
            "cpu_ms": statistics.median(cpu),
            "queries": sorted(queries),
            "status": response.status_code,
            "html": hashlib.sha256(normalised(response.get_data(as_text=True)).encode()).hexdigest(),
        }
        if os.environ.get("BUDGET_BENCH_HTML"):
            Path(os.environ["BUDGET_BENCH_HTML"], name.split()[0] + ".html").write_text(
                normalised(response.get_data(as_text=True))
            )
    event.remove(engine, "before_cursor_execute", count)
    return out


def run_child(code: Path, cache: Path, sizes: dict, runs: int, only: tuple, rebuild: bool) -> None:
    sys.path.insert(0, str(code))
    from planner import create_app

    source, built = cached_database(code, cache, sizes, rebuild)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(source, copy)
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{copy}", "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False}
        )
        pages = measure_pages(app, built, runs, only)
    print(json.dumps({"pages": pages, "built": built, "load": os.getloadavg()[0]}))


def child(code: Path, args, sizes: dict, only: tuple = ()) -> dict:
    command = [sys.executable, __file__, "--child", str(code), "--cache", str(args.cache), "--runs", str(args.runs)]
    command += ["--lines", str(sizes["lines"]), "--allocations", str(sizes["allocations"])]
    command += ["--spendings", str(sizes["spendings"]), "--subsidies", str(sizes["subsidies"])]
    command += [arg for name in only or ("all",) for arg in ("--page", name)]
    if args.rebuild:
        command.append("--rebuild")
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    sys.stderr.writelines(line for line in out.stderr.splitlines(True) if line.startswith("built "))
    return json.loads(out.stdout.strip().splitlines()[-1])


def iv3_import_seconds() -> float:
    from flask_migrate import upgrade
    from sqlalchemy import insert

    from planner import create_app
    from planner.areas.models import Area
    from planner.excel.engine import parse
    from planner.excel.profiles import load_profile
    from planner.excel.targets import ImportContext, get_applier
    from planner.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/iv3.db", "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade()
            with open(ROOT / "imports/samples/cbs/gemeenten-2023.csv", encoding="utf-8-sig") as f:
                rows = [
                    {"code": r["GemeentecodeGM"], "name": r["Gemeentenaam"], "level": "gemeente"}
                    | {"path": r["GemeentecodeGM"]}
                    for r in csv.DictReader(f)
                ]
            db.session.execute(insert(Area), rows)
            db.session.commit()
            profile = load_profile("iv3-taakvelden")
            t = time.perf_counter()
            parsed = parse(ROOT / "imports/samples/iv3/iv3-begroting-2024.csv", profile)
            result = get_applier("budget_lines")(ImportContext(profile=profile, result=parsed))
            db.session.commit()
            elapsed = time.perf_counter() - t
            assert not result.errors and result.created == 342 * 71 * 2, (result.errors[:2], result.created)
            db.session.remove()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--allocations", type=int, default=50_000)
    parser.add_argument("--spendings", type=int, default=20_000)
    parser.add_argument("--subsidies", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=20, help="requests per page and process")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT", help="another checkout, measured alternately")
    parser.add_argument("--pairs", type=int, default=2, help="with --against: old/new pairs of child processes")
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        help="a page to measure (name as printed; repeatable; default the municipality page), or 'all'",
    )
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "wijkplanner-budget-bench", help="built databases"
    )
    parser.add_argument("--rebuild", action="store_true", help="build the database again even if cached")
    parser.add_argument("--iv3", action="store_true", help="also time the Iv3 2024 import (target ≤ 2 s)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = {"lines": args.lines, "allocations": args.allocations, "spendings": args.spendings}
    sizes["subsidies"] = args.subsidies
    args.page = [] if "all" in args.page else args.page or ["municipality"]
    if args.child:
        run_child(args.child.resolve(), args.cache, sizes, args.runs, tuple(args.page), args.rebuild)
        return
    if args.iv3:
        sys.path.insert(0, str(ROOT))
        seconds = iv3_import_seconds()
        print(f"Iv3 2024 import (342 × 71 × baten/lasten = 48,564 lines), parse + apply + commit: {seconds:.2f} s")

    codes = [("new", ROOT)]
    if args.against:
        old = ("old", args.against.resolve())
        codes = [pair for n in range(args.pairs) for pair in ((old, codes[0]) if n % 2 == 0 else (codes[0], old))]
    print(f"SQLite, {os.cpu_count()} cores, {args.runs} requests a page per process, load before: {os.getloadavg()}")
    print(f"{'code':>4} {'page':<26} {'median ms':>10} {'cpu ms':>8} {'queries':>8}  load")
    runs: dict[str, list[dict]] = {}
    for name, code in codes:
        f = child(code, args, sizes, tuple(args.page))
        runs.setdefault(name, []).append(f)
        for page, p in f["pages"].items():
            flag = "" if p["status"] == 200 else f"  (status {p['status']})"
            queries = "/".join(map(str, p["queries"]))
            print(f"{name:>4} {page:<26} {p['ms']:>10.1f} {p['cpu_ms']:>8.1f} {queries:>8}  {f['load']:.1f}{flag}")
    built = runs["new"][0]["built"]
    print(
        f"\ndataset: {built['lines']:,} budget lines ({built['own_lines_2026']:,} of GM0001 in 2026), "
        f"{built['allocations']:,} allocations ({built['own_allocations_2026']:,} of GM0001 in 2026), "
        f"{built['actions']:,} actions, {built['spendings']:,} spendings, {built['subsidies']:,} subsidies"
    )
    print("medians over the processes, ms (cpu ms):")
    pages = list(runs["new"][0]["pages"])
    for page in pages:
        line = f"  {page:<26}"
        for name, figures in runs.items():
            ms = statistics.median(f["pages"][page]["ms"] for f in figures)
            cpu = statistics.median(f["pages"][page]["cpu_ms"] for f in figures)
            line += f"  {name} {ms:.1f} ({cpu:.1f})"
        if len(runs) == 2:
            old_ms = statistics.median(f["pages"][page]["ms"] for f in runs["old"])
            new_ms = statistics.median(f["pages"][page]["ms"] for f in runs["new"])
            same = {f["pages"][page]["html"] for figures in runs.values() for f in figures}
            line += f"  new/old {new_ms / old_ms:.2f}, HTML {'identical' if len(same) == 1 else 'DIFFERENT'}"
        print(line)
    if "municipality" in pages:
        small = {k: v // 10 for k, v in sizes.items()}
        few = child(ROOT, args, small, ("municipality",))["pages"]["municipality"]["queries"]
        many = runs["new"][0]["pages"]["municipality"]["queries"]
        verdict = "constant" if few == many and len(many) == 1 else "NOT CONSTANT"
        print(f"municipality page queries: {many} at full size, {few} at a tenth: {verdict}")
    print("Target: municipality page ≤ 200 ms median with a constant query count.")


if __name__ == "__main__":
    main()
