"""Foreign keys hold on SQLite as on PostgreSQL: no row refers to nothing, and the migrations that
rebuild tables neither trip over nor cascade through them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from planner import create_app
from planner.extensions import db
from planner.indicators.models import Indicator, Measurement

BEFORE = "d1a3b5c7e9f2"  # the head before foreign keys were enforced on SQLite


def test_a_row_that_refers_to_nothing_is_refused(helmond):
    gm, _, _ = helmond
    db.session.add(Measurement(indicator_id=999, area_id=gm.id, period="2024", kind="realisatie", value=Decimal(1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_deleting_an_area_takes_its_indicators_and_measurements_with_it(helmond):
    gm, ward, _ = helmond
    own = Indicator(code="Wijkmonitor_1", name="Tevredenheid", area=gm)
    db.session.add(own)
    db.session.flush()
    db.session.add(Measurement(indicator=own, area=ward, period="2024", kind="realisatie", value=Decimal(7)))
    db.session.commit()
    db.session.execute(text("DELETE FROM areas WHERE parent_id IS NOT NULL"))
    db.session.execute(text("DELETE FROM areas"))
    db.session.commit()
    assert db.session.execute(text("SELECT count(*) FROM measurements")).scalar() == 0
    assert db.session.execute(text("SELECT count(*) FROM indicators")).scalar() == 0


def test_upgrading_a_sqlite_database_clears_rows_that_refer_to_nothing_and_keeps_the_rest(database_url, tmp_path):
    if database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL always enforced the keys: there is nothing to clear")
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "test"}
    )
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # as SQLite ran before this revision
            for sql in (
                "INSERT INTO areas (id, code, name, level, path) VALUES (1, 'GM0794', 'Helmond', 'gemeente', 'GM0794')",
                "INSERT INTO indicators (id, code, name, unit, source, description, decimals) "
                "VALUES (1, 'Koop', 'Koopwoningen', '%', '', '', 0)",
                "INSERT INTO measurements (id, indicator_id, area_id, period, kind, value, is_secret, updated_at) "
                "VALUES (1, 1, 1, '2024', 'realisatie', 40, 0, '2026-01-01'), "
                "(2, 77, 1, '2024', 'realisatie', 41, 0, '2026-01-01')",  # its indicator was deleted
                "INSERT INTO audit_events (id, at, user_id, user_label, entity_type, entity_id, entity_label, event) "
                "VALUES (1, '2026-01-01', 99, 'a@b.nl', 'Area', 1, 'Helmond', 'update')",  # its user was deleted
            ):
                conn.exec_driver_sql(sql)
            conn.commit()
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        upgrade()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("SELECT id, area_id FROM indicators").fetchall() == [(1, None)]
            assert conn.exec_driver_sql("SELECT id FROM measurements").fetchall() == [(1,)]
            assert conn.exec_driver_sql("SELECT id, user_id FROM audit_events").fetchall() == [(1, None)]
        db.engine.dispose()
