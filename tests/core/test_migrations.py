"""Migrations are the schema: they build an empty database, run down and up again, and agree with the models."""

from uuid import uuid4

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from planner import create_app
from planner.config import ROOT
from planner.core.sql import include_in_comparison
from planner.extensions import db


def _head() -> str:
    from alembic.config import Config

    config = Config(str(ROOT / "migrations" / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def _differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_in_comparison})
        return compare_metadata(context, db.metadata)


def _assert_upgraded_and_agreeing(url: str) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head()
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        assert _differences(db.engine) == []
        db.engine.dispose()


def test_upgrade_head_builds_an_empty_sqlite_file(tmp_path):
    _assert_upgraded_and_agreeing(f"sqlite:///{tmp_path / 'fresh.db'}")


def test_upgrade_head_builds_an_empty_postgresql_database(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("runs in the PostgreSQL pass of scripts/test.sh (DATABASE_URL=postgresql…)")
    name = f"planner_fresh_{uuid4().hex[:8]}"
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        _assert_upgraded_and_agreeing(make_url(database_url).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def test_models_and_migrations_agree(app):
    with app.app_context():
        assert _differences(db.engine) == []


def test_downgrade_base_then_upgrade_head_on_the_configured_database(app):
    with app.app_context():
        db.session.remove()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        assert _differences(db.engine) == []
