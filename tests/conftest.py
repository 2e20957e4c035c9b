"""Shared fixtures: one database upgraded with Alembic per test session, emptied after each test.

`DATABASE_URL` picks the database (the test script points it at a throwaway PostgreSQL for the
second run); by default a temporary SQLite file.
"""
from __future__ import annotations

import os
import re
from datetime import date
from decimal import Decimal

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from planner import create_app
from planner.extensions import db

PASSWORD = "correct-horse-battery"


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


# ---- builders -------------------------------------------------------------------------------

@pytest.fixture
def make_area(ctx):
    from planner.areas.services import add_area

    def make(code, name=None, parent=None):
        return add_area(code=code, name=name or code, parent=parent)

    return make


@pytest.fixture
def helmond(make_area):
    """A municipality with two wards: the smallest world in which scoping can leak."""
    gm = make_area("GM0794", "Helmond")
    wards = [make_area("WK079410", "Binnenstad", gm), make_area("WK079411", "Helmond-Oost", gm)]
    db.session.commit()
    return gm, wards[0], wards[1]


@pytest.fixture
def make_user(ctx):
    from planner.core.users import create_user

    def make(email, role=None, area=None, password=PASSWORD, name=None):
        user = create_user(email=email, name=name or email.split("@")[0], password=password)
        if role:
            from planner.core.users import grant_role

            grant_role(user, role, area)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_programme(ctx):
    from planner.programmes.services import add_goal, create_programme

    def make(area, title="Wijkontwikkelprogramma", goals=("Meer ontmoeting",), start_year=2026, end_year=2029):
        programme = create_programme(area=area, title=title, start_year=start_year, end_year=end_year)
        for goal in goals:
            add_goal(programme, goal)
        db.session.commit()
        return programme

    return make


@pytest.fixture
def make_action(ctx):
    from planner.actions.services import create_action

    def make(programme, title="Buurtkamer openen", **fields):
        fields.setdefault("start_date", date(2026, 3, 1))
        fields.setdefault("end_date", date(2026, 12, 31))
        action = create_action(programme, title=title, **fields)
        db.session.commit()
        return action

    return make


def login(client, user, password=PASSWORD):
    response = client.post("/inloggen", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def csrf_token(client, url):
    """Fetch a page and read its CSRF token, as a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on " + url
    return match.group(1)


@pytest.fixture
def money():
    return Decimal
