"""Lesson search across wards (run by hand): 100,000 lessons in 3,300 wards (330 municipalities of 10 wards,
one programme per ward, 10 reflections of 3 lessons each; every fifth ward's programme a concept), then the
median server time of a search scoped to one user, through the Flask test client (the whole request, page
rendered) and of the service alone.

    .venv/bin/python bench/lesson_search.py [--lessons 100000] [--repeat 30]
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/lesson_search.py    # an empty throwaway database

Users: a ward team member who also reads along with the whole municipality (sees ~300 lessons of its 10 wards,
concepts only of its own), and an area manager of one municipality. Queries: a rare word (in about 1 % of
all lessons), a common one (about 20 %), two words, and a theme filter without words.
Headline: median request time per query, target ≤ 100 ms. Results: bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WARDS_PER_MUNICIPALITY = 10
MUNICIPALITIES = 330
REFLECTIONS_PER_PROGRAMME = 10
WORDS = [f"woord{n}" for n in range(2000)]  # filler vocabulary
RARE, COMMON = "eenzaamheid", "bewoners"


def _text(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    if rng.random() < 0.01:
        words[rng.randrange(n)] = RARE
    if rng.random() < 0.2:
        words[rng.randrange(n)] = COMMON
    return " ".join(words)


def build(total_lessons: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import insert, select, text

    from planner.areas.models import Area
    from planner.core.users import create_user, grant_role
    from planner.extensions import db
    from planner.learning.models import Lesson, Reflection, lesson_themes
    from planner.opgaven.models import Theme
    from planner.programmes.models import Programme

    upgrade()
    rng = random.Random(2026)
    now = datetime(2026, 12, 1)
    conn = db.session.connection()
    lessons_per_programme = max(1, total_lessons // (MUNICIPALITIES * WARDS_PER_MUNICIPALITY))
    per_reflection = max(1, lessons_per_programme // REFLECTIONS_PER_PROGRAMME)
    areas = []
    for m in range(MUNICIPALITIES):
        gm = f"GM{m:04d}"
        areas.append(dict(code=gm, name=f"Gemeente {m}", level="gemeente", parent_id=None, path=gm))
    conn.execute(insert(Area), areas)
    gm_ids = dict(db.session.execute(select(Area.code, Area.id)).all())
    wards = [
        dict(
            code=f"WK{m:04d}{w:02d}",
            name=f"Wijk {m}-{w}",
            level="wijk",
            parent_id=gm_ids[f"GM{m:04d}"],
            path=f"GM{m:04d}/WK{m:04d}{w:02d}",
        )
        for m in range(MUNICIPALITIES)
        for w in range(WARDS_PER_MUNICIPALITY)
    ]
    conn.execute(insert(Area), wards)
    ward_ids = [i for (i,) in db.session.execute(select(Area.id).where(Area.level == "wijk").order_by(Area.id))]
    conn.execute(
        insert(Programme),
        [
            dict(
                area_id=a,
                title=f"Programma {n}",
                start_year=2025,
                end_year=2028,
                status="concept" if n % 5 == 0 else "uitvoering",
                summary="",
                ambition="",
                approach="",
                cost_notes="",
                decision_reference="",
                lock_version=1,
                created_at=now,
                updated_at=now,
            )
            for n, a in enumerate(ward_ids)
        ],
    )
    programme_ids = [i for (i,) in db.session.execute(select(Programme.id).order_by(Programme.id))]
    conn.execute(
        insert(Reflection),
        [
            dict(
                programme_id=p,
                opgave_id=None,
                held_on=date(2026, 1 + r, 1 + p % 28),
                kind="team",
                independent_facilitator=False,
                facilitator="",
                what_works="x",
                what_does_not="",
                what_we_change="",
                created_at=now,
                created_by_id=None,
            )
            for p in programme_ids
            for r in range(REFLECTIONS_PER_PROGRAMME)
        ],
    )
    reflection_ids = [i for (i,) in db.session.execute(select(Reflection.id).order_by(Reflection.id))]
    rows = [
        dict(reflection_id=r, statement=_text(rng, 8), account=_text(rng, 30), created_at=now)
        for r in reflection_ids
        for _ in range(per_reflection)
    ]
    for start in range(0, len(rows), 20_000):
        conn.execute(insert(Lesson), rows[start : start + 20_000])
    theme_ids = [i for (i,) in db.session.execute(select(Theme.id))]
    lessons = db.session.execute(select(Lesson.id, Lesson.statement, Lesson.account).order_by(Lesson.id)).all()
    conn.execute(
        insert(lesson_themes), [dict(lesson_id=i, theme_id=theme_ids[i % len(theme_ids)]) for i, *_ in lessons]
    )
    pg = conn.dialect.name == "postgresql"
    sql = (
        "INSERT INTO lesson_fts (lesson_id, document) VALUES (:id, to_tsvector('dutch', :body))"
        if pg
        else "INSERT INTO lesson_fts (rowid, body) VALUES (:id, :body)"
    )
    for start in range(0, len(lessons), 20_000):
        conn.execute(text(sql), [dict(id=i, body=f"{s}\n{a}") for i, s, a in lessons[start : start + 20_000]])
    if pg:
        conn.execute(text("ANALYZE"))
    team = create_user(email="team@bench.nl", name="Team", password="bench-wachtwoord-2026")
    grant_role(team, "team_member", db.session.get(Area, ward_ids[123]))
    grant_role(team, "reader", db.session.get(Area, db.session.get(Area, ward_ids[123]).parent_id))
    manager = create_user(email="manager@bench.nl", name="Manager", password="bench-wachtwoord-2026")
    grant_role(manager, "area_manager", db.session.get(Area, gm_ids["GM0100"]))
    db.session.commit()
    print(f"built: {len(lessons):,} lessons in {len(ward_ids):,} wards", flush=True)


def measure(app, repeat: int) -> None:
    from sqlalchemy import select

    from planner.core.models import User
    from planner.extensions import db
    from planner.learning.search import search_lessons

    theme = 3
    queries = (
        ("rare word", {"woorden": RARE}),
        ("common word", {"woorden": COMMON}),
        ("two words", {"woorden": f"{COMMON} {RARE}"}),
        ("theme only", {"thema": str(theme)}),
    )
    for email in ("team@bench.nl", "manager@bench.nl"):
        client = app.test_client()
        client.post("/inloggen", data={"email": email, "password": "bench-wachtwoord-2026"})
        for label, args in queries:
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get("/leren/", query_string=args)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200
            with app.test_request_context():
                user = db.session.scalar(select(User).where(User.email == email))
                service = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    _, total = search_lessons(
                        user, args.get("woorden", ""), theme_id=int(args["thema"]) if "thema" in args else None
                    )
                    service.append(time.perf_counter() - started)
            print(
                f"{email:18} {label:12} found {total:5}  request median {statistics.median(times) * 1000:6.1f} ms"
                f"  service median {statistics.median(service) * 1000:6.1f} ms",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench")
    tmp = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
    from planner import create_app
    from planner.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        started = time.perf_counter()
        build(args.lessons)
        print(f"build {time.perf_counter() - started:.1f} s on {db.engine.dialect.name}", flush=True)
        db.session.remove()
    measure(app, args.repeat)


if __name__ == "__main__":
    main()
