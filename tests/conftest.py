"""Shared fixtures: one database per test session (per pytest-xdist worker), upgraded with Alembic
and emptied after each test that used it; the demo municipality built once and copied per test.

`DATABASE_URL` picks the database server (the test script points it at a throwaway PostgreSQL for
the second run); by default a temporary SQLite file. The builder fixtures (make_user, helmond, …)
come from the plugin tests/builders.py.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from planner import create_app
from planner.extensions import db

pytest_plugins = ["tests.builders"]


def _config(database_url, upload_folder, **overrides):
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test",
        "UPLOAD_FOLDER": upload_folder,
        # the upload folder lasts the whole session and user ids repeat from test to test
        "UPLOAD_MAX_PER_USER": 10_000,
        **overrides,
    }


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


def _admin_engine(url: str):
    """A connection to the server's maintenance database, to create and drop test databases."""
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _recreate_database(url: str, template: str | None = None) -> None:
    name = make_url(url).database
    engine = _admin_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if worker_id == "master":
        return url
    # pytest-xdist: each worker gets its own database on the same server, so tests never share rows.
    server = make_url(url)
    url = server.set(database=f"{server.database}_{worker_id}").render_as_string(hide_password=False)
    _recreate_database(url)
    return url


@pytest.fixture(scope="session")
def upload_folder(tmp_path_factory):
    return str(tmp_path_factory.mktemp("uploads"))


@pytest.fixture(scope="session")
def app(database_url, upload_folder):
    app = create_app(
        _config(database_url, upload_folder, WTF_CSRF_ENABLED=False)
    )  # CSRF has its own test with csrf_client
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()  # migrations are the schema: never create_all
    yield app


# Reference data seeded by migrations survives the per-test cleanup.
REFERENCE_TABLES = {"taakvelden"}
# The sequences behind the serial and identity columns of these tables.
_RESTART_SEQUENCES = """
    SELECT setval(seq.oid, 1, false) FROM pg_class seq
    JOIN pg_depend dep ON dep.objid = seq.oid AND dep.deptype IN ('a', 'i')
    JOIN pg_class tab ON tab.oid = dep.refobjid
    WHERE seq.relkind = 'S' AND tab.relname = ANY(:tables)
"""


@pytest.fixture(autouse=True)
def _clean_database(request):
    """After a test that used the database, empty it again (as the migrations left it)."""
    yield
    if "app" not in request.fixturenames:
        return  # pure functions, or an app of the test's own on a database of its own
    from planner.opgaven.models import DEFAULT_THEMES, Theme

    with request.getfixturevalue("app").app_context():
        db.session.remove()
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
        with db.engine.begin() as conn:
            # DELETE, not TRUNCATE: a test leaves a few rows, and PostgreSQL's TRUNCATE gives every
            # table new files (30-250 ms a test, against 15-25 ms).
            for t in tables:
                conn.execute(t.delete())
            if conn.dialect.name == "postgresql":  # ids start at 1 again, as on SQLite
                conn.execute(text(_RESTART_SEQUENCES), {"tables": [t.name for t in tables]})
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
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_client(app, database_url, upload_folder):  # app: the schema and the cleanup
    """A client for an app with CSRF checks on, as in production."""
    csrf_app = create_app(_config(database_url, upload_folder, WTF_CSRF_ENABLED=True))
    with csrf_app.app_context():
        client = csrf_app.test_client()
        # Over HTTPS Flask-WTF also checks the Referer, which every browser sends on a form post.
        client.environ_base["HTTP_REFERER"] = "https://localhost/"
        yield client
        db.session.rollback()


# ---- the demo municipality ------------------------------------------------------------------
# `flask demo load` takes 5–15 s here, so each worker builds the demo once, in a database of its
# own, and copies it over the test database for every test that asks for it: SQLite's backup API
# on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL. Each test starts from the pristine demo;
# the per-test cleanup empties the database afterwards as after any other test.


@pytest.fixture(scope="session")
def _demo_database(database_url, upload_folder, tmp_path_factory):
    """The URL of a database holding the demo as `flask demo load` builds it (nothing else connected)."""
    from planner.demo.builder import build_demo

    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    else:
        test_db = make_url(database_url)
        url = test_db.set(database=f"{test_db.database}_demo").render_as_string(hide_password=False)
        _recreate_database(url)
    builder = create_app(_config(url, upload_folder))
    with builder.app_context():
        upgrade()
        build_demo(builder.config["SAMPLES_DIR"])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()  # PostgreSQL copies a template only while no one is connected to it
    return url


def _copy_database(source_url: str, target_url: str) -> None:
    if target_url.startswith("sqlite"):
        source, target = sqlite3.connect(make_url(source_url).database), sqlite3.connect(make_url(target_url).database)
        try:
            source.backup(target)  # page by page, under the target's lock: other open connections stay valid
        finally:
            source.close()
            target.close()
    else:
        # Open connections (the app's pool, a live server's) are cut; the pools' pre-ping replaces them.
        _recreate_database(target_url, template=make_url(source_url).database)


@pytest.fixture
def load_demo(app, ctx, database_url, _demo_database):
    """`load_demo()`: replace the test database by a fresh copy of the demo; returns its DemoWorld."""

    def load():
        db.session.remove()
        db.engine.dispose()
        _copy_database(_demo_database, database_url)
        return _demo_world(app.config["SAMPLES_DIR"])

    return load


@pytest.fixture
def demo(load_demo):
    """The demo municipality (Helmond) as `flask demo load` builds it, committed: what a new user sees."""
    return load_demo()


def _demo_world(samples_dir):
    """The DemoWorld that build_demo returned, read back from the copied database by the demo's own keys."""
    from sqlalchemy import select

    from planner.areas.models import Area
    from planner.core.models import User
    from planner.demo import content
    from planner.demo.builder import DemoWorld
    from planner.opgaven.demo import NEW_OPGAVEN
    from planner.opgaven.models import Opgave, Organisation, Theme
    from planner.programmes.models import Programme

    def one(model, *where):
        return db.session.scalars(select(model).where(*where)).one()

    def in_area(model, code):
        return model.area_id == one(Area, Area.code == code).id

    world = DemoWorld(samples_dir=samples_dir)
    gemeente = one(Area, Area.code == content.MUNICIPALITY)
    world.areas = {gemeente.code: gemeente, **{ward.code: ward for ward in gemeente.children}}
    world.users = {key: one(User, User.email == email) for key, email, *_ in content.USERS}
    world.themes = {t.name: t for t in db.session.scalars(select(Theme))}
    world.partners = {p.name: p for p in db.session.scalars(select(Organisation))}
    world.opgaven = {
        key: one(Opgave, Opgave.title == title, in_area(Opgave, code))
        for key, (code, title, *_) in content.OPGAVEN.items()
    }
    world.opgaven |= {
        key: one(Opgave, Opgave.title == spec["title"], in_area(Opgave, spec["area"]))
        for key, spec in NEW_OPGAVEN.items()
    }
    world.programmes = {
        spec["key"]: one(Programme, Programme.title == spec["title"], in_area(Programme, spec["area"]))
        for spec in content.PROGRAMMES
    }
    return world
