"""The embedded default database under a long write: a page waits out an import instead of failing,
and with SQLITE_WAL it does not wait at all."""

from __future__ import annotations

import sqlite3

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from planner import create_app
from planner.areas.models import Area
from planner.extensions import db


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's locking; PostgreSQL readers never wait for writers")


def test_every_connection_waits_30_seconds_for_a_lock(sqlite_only, app, ctx):
    assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 30_000


def test_with_wal_a_page_reads_the_last_commit_while_a_long_import_is_still_writing(sqlite_only, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'wal.db'}",
            "SECRET_KEY": "test",
            "SQLITE_WAL": True,
        }
    )
    with app.app_context():
        upgrade()
        db.session.add(Area(code="GM0794", name="Helmond", level="gemeente", path="GM0794"))
        db.session.commit()
        # An import's transaction whose pages no longer fit in the cache, so SQLite writes them to
        # the file before the commit (with the rollback journal that locks every reader out).
        db.session.execute(text("PRAGMA cache_size = 2"))
        db.session.add_all(
            Area(code=f"WK{i:06d}", name=f"Wijk {i} " + "x" * 200, level="wijk", path=f"GM0794/WK{i:06d}")
            for i in range(3000)
        )
        db.session.flush()
        assert db.session.scalar(select(func.count(Area.id))) == 3001

        reader = sqlite3.connect(tmp_path / "wal.db", timeout=0.2)  # another request, a short wait
        try:
            assert reader.execute("SELECT count(*) FROM areas").fetchone() == (1,)
        finally:
            reader.close()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_a_write_that_waits_too_long_for_the_lock_gets_a_dutch_503_and_stores_nothing(sqlite_only, tmp_path):
    from planner.core.models import LoginThrottle

    path = tmp_path / "locked.db"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "SQLITE_BUSY_SECONDS": 0.2,
        }
    )
    with app.app_context():
        upgrade()
        db.session.remove()
    importer = sqlite3.connect(path)  # a long import holding the write lock
    importer.execute("BEGIN IMMEDIATE")
    try:
        client = app.test_client()
        assert client.get("/inloggen").status_code == 200  # reading goes on
        # A failed sign-in writes its count: it cannot, and says so instead of a 500.
        answer = client.post("/inloggen", data={"email": "iemand@helmond.nl", "password": "fout-wachtwoord"})
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "30"
        page = answer.get_data(as_text=True)
        assert "Er is niets opgeslagen; probeer het over een halve minuut opnieuw." in page
        api = client.get("/api/v1/areas", headers={"Authorization": "Bearer wp_onbekend"})
        assert api.status_code == 401  # a read elsewhere is not affected
    finally:
        importer.rollback()
        importer.close()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LoginThrottle)) == 0
        db.session.remove()
        db.engine.dispose()
