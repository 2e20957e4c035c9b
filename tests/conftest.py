"""Shared fixtures: one database upgraded with Alembic per test session, emptied after each test.

`DATABASE_URL` picks the database (the test script points it at a throwaway PostgreSQL for the
second run); by default a temporary SQLite file. The builder fixtures (make_user, helmond, …) come
from the plugin tests/builders.py.
"""
from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from planner import create_app
from planner.extensions import db

pytest_plugins = ["tests.builders"]


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """argon2 at its production cost (64 MiB, 3 passes) takes 0.1–1 s per hash on a shared 2-core
    machine, and the suite hashes and checks hundreds of passwords. Tests hash at the lowest cost;
    a check reads the cost from the stored hash, so the code path is the same."""
    from argon2 import PasswordHasher

    from planner.core import security

    production = security._hasher  # fails loudly if the module stops keeping its hasher there
    security._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    security._hasher = production


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if worker_id == "master":
        return url
    # pytest-xdist: each worker gets its own database on the same server, so tests never share rows.
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = make_url(url)
    name = f"{server.database}_{worker_id}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def upload_folder(tmp_path_factory):
    return str(tmp_path_factory.mktemp("uploads"))


@pytest.fixture(scope="session")
def app(database_url, upload_folder):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test",
                      "UPLOAD_FOLDER": upload_folder,
                      "WTF_CSRF_ENABLED": False})  # CSRF has its own test with csrf_client
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()  # migrations are the schema: never create_all
    yield app


# Reference data seeded by migrations survives the per-test cleanup.
REFERENCE_TABLES = {"taakvelden"}


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    yield
    from planner.programmes.models import DEFAULT_THEMES, Theme

    with app.app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for t in tables:
                    conn.execute(t.delete())
            conn.execute(Theme.__table__.insert(), [{"name": n, "position": i} for i, n in enumerate(DEFAULT_THEMES)])


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app, ctx):
    return app.test_client()


@pytest.fixture
def csrf_client(database_url, upload_folder):
    """A client for an app with CSRF checks on, as in production."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test",
                      "UPLOAD_FOLDER": upload_folder, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        client = app.test_client()
        # Over HTTPS Flask-WTF also checks the Referer, which every browser sends on a form post.
        client.environ_base["HTTP_REFERER"] = "https://localhost/"
        yield client
        db.session.rollback()
