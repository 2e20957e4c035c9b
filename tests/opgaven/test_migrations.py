"""The opgaven revisions carry existing rows over and back: a database with an 'actief' opgave, a 'zorg'
partner and a bare seat, as it was before the lifecycle, upgrades to head and downgrades again."""

from __future__ import annotations

import json
from contextlib import contextmanager
from uuid import uuid4

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from planner import create_app
from planner.extensions import db

BEFORE = "58b0fdc19308"  # the head before the opgaven revisions
TABLES = {"agreements", "agreement_actions", "table_meetings", "meeting_attendees"}


@contextmanager
def _fresh_database(database_url, tmp_path):
    """An empty database of the same kind as the test run's (SQLite file, or a new PostgreSQL database)."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'legacy.db'}"
        return
    name = f"planner_legacy_{uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _rows(sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_existing_opgaven_partners_and_seats_upgrade_to_the_lifecycle_and_back(database_url, tmp_path):
    with _fresh_database(database_url, tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
        with app.app_context():
            upgrade(revision=BEFORE)
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO areas (id, code, name, level, path) VALUES (1, 'GM0794', 'Helmond', "
                        "'gemeente', 'GM0794')"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO opgaven (id, area_id, title, description, status) VALUES "
                        "(1, 1, 'Armoede', 'Veel huishoudens in armoede', 'actief')"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO partners (id, name, kind) VALUES (1, 'GGD', 'zorg'), (2, 'LEV', 'welzijn'),"
                        " (3, 'woCom', 'woningcorporatie')"
                    )
                )
                conn.execute(text("INSERT INTO opgave_partners (opgave_id, partner_id) VALUES (1, 1)"))

            upgrade()
            assert _rows("SELECT status, kind, priority, statement, lock_version FROM opgaven") == [
                ("programmering", "maatschappelijk", "middel", "", 1)
            ]
            assert _rows("SELECT name, kind, active FROM partners ORDER BY id") == [
                ("GGD", "zorg_welzijn", True),
                ("LEV", "zorg_welzijn", True),
                ("woCom", "woningcorporatie", True),
            ]
            assert _rows("SELECT opgave_id, partner_id, role, contacts FROM opgave_partners") == [
                (1, 1, "betrokken", "")
            ]
            with db.engine.connect() as conn:
                kinds = conn.execute(text("SELECT party_kinds FROM themes WHERE name = 'Wonen'")).scalar()
            assert sorted(kinds if isinstance(kinds, list) else json.loads(kinds)) == [
                "bewonersorganisatie",
                "woningcorporatie",
            ]
            assert set(inspect(db.engine).get_table_names()) >= TABLES
            with db.engine.begin() as conn:
                conn.execute(
                    text("INSERT INTO partners (id, name, kind, active) VALUES (4, 'Provincie', 'overheid', true)")
                )

            downgrade(revision=BEFORE)
            assert _rows("SELECT status FROM opgaven") == [("actief",)]
            assert _rows("SELECT kind FROM partners ORDER BY id") == [
                ("welzijn",),
                ("welzijn",),
                ("woningcorporatie",),
                ("overig",),
            ]
            assert _rows("SELECT opgave_id, partner_id FROM opgave_partners") == [(1, 1)]
            assert not TABLES & set(inspect(db.engine).get_table_names())
            assert "statement" not in {c["name"] for c in inspect(db.engine).get_columns("opgaven")}
            db.engine.dispose()
