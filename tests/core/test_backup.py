"""`flask backup create|restore`: the demo comes back row for row in a fresh database, and a damaged
file, another schema version or a database in use is refused with nothing changed."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import JSON, create_engine, func, null, select, text, update
from sqlalchemy.engine import make_url

from planner import create_app
from planner.core.backup import _read_columns
from planner.extensions import db
from tests.conftest import _admin_engine, _config, _recreate_database


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in key order; JSON columns as parsed text, so SQL NULL ≠ JSON null."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = {}
            for table in db.metadata.sorted_tables:
                json_columns = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
                rows = connection.execute(select(*_read_columns(table)).order_by(*table.primary_key.columns))
                tables[table.name] = [
                    tuple(
                        ("json", json.loads(v)) if i in json_columns and v is not None else v for i, v in enumerate(row)
                    )
                    for row in rows
                ]
            return tables
    finally:
        engine.dispose()


@pytest.fixture
def empty_app(database_url, tmp_path):
    """A second app on a second database, empty and upgraded to head, with its own upload folder."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restore.db'}"
    else:
        server = make_url(database_url)
        url = server.set(database=f"{server.database}_restore").render_as_string(hide_password=False)
        _recreate_database(url)
    second = create_app(_config(url, str(tmp_path / "uploads-restore")))
    with second.app_context():
        upgrade()
        db.session.remove()
    yield second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()
    if not url.startswith("sqlite"):
        engine = _admin_engine(url)
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        engine.dispose()


def invoke_on(app, *args: str):
    """Run a command on `app`: the tests' own app context would otherwise be the one it uses."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=list(args))
        db.session.remove()
    return result


@pytest.fixture
def demo_backup(app, demo, runner, upload_folder, tmp_path):
    """A backup of the demo, with a JSON column holding SQL NULL, a name with a line separator (U+2028) and a
    file in a subfolder of the uploads."""
    from planner.core.models import AuditEvent, User

    db.session.execute(update(AuditEvent).where(AuditEvent.id == 1).values(before=null()))
    # A line separator inside a value: the JSON line holds it as is, and it must not end the line.
    db.session.execute(update(User).where(User.id == 1).values(name="Sanne\u2028de Vries"))
    db.session.commit()
    folder = Path(upload_folder) / "backup-test"  # removed again: other tests share the folder
    folder.mkdir(exist_ok=True)
    (folder / "werkmap.xlsx").write_bytes(b"PK\x03\x04 een werkmap")
    path = tmp_path / "wijkplanner.zip"
    try:
        result = runner.invoke(args=["backup", "create", str(path)])
    finally:
        (folder / "werkmap.xlsx").unlink()
        folder.rmdir()
    assert result.exit_code == 0, result.output
    assert "persoonsgegevens" in result.output
    return path


def test_demo_round_trips_row_for_row_into_a_fresh_database(app, demo_backup, database_url, empty_app):
    before = snapshot(database_url)
    assert before["audit_events"][0][list(db.metadata.tables["audit_events"].columns.keys()).index("before")] is None

    result = invoke_on(empty_app, "backup", "restore", str(demo_backup))

    assert result.exit_code == 0, result.output
    after = snapshot(empty_app.config["SQLALCHEMY_DATABASE_URI"])
    for name, rows in before.items():
        assert after[name] == rows, name
    assert sum(map(len, before.values())) > 1000 and before["moment_attachments"]  # the demo, with its photos
    restored = Path(empty_app.config["UPLOAD_FOLDER"]) / "backup-test" / "werkmap.xlsx"
    assert restored.read_bytes() == b"PK\x03\x04 een werkmap"
    # New rows get new ids after the restored ones (PostgreSQL's sequences are moved on).
    with empty_app.app_context():
        from planner.core.users import create_user

        user = create_user(email="nieuw@helmond.nl", name="Nieuw", password="een-lang-wachtwoord")
        db.session.commit()
        assert user.id > max(row[0] for row in before["users"])
        # What features derive from the rows comes back too: the demo's lesson is found by a word again.
        from planner.core.models import User
        from planner.learning.search import search_lessons

        reader = db.session.scalar(select(User).where(User.email == "team.west@wijkplanner.demo"))
        assert search_lessons(reader, "eenzaamheid")[1] == 1
        db.session.remove()


def rewrite(source, target, change) -> None:
    """Copy a backup, with `change(name, data)` giving each member's new content."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item)))


def test_damaged_backup_is_refused_and_nothing_is_restored(demo_backup, empty_app, tmp_path):
    damaged = tmp_path / "beschadigd.zip"
    rewrite(demo_backup, damaged, lambda name, data: data.replace(b"Helmond", b"Hellmond") if "areas" in name else data)
    # Checksums that agree with rows that do not: users gone, their roles still there. The areas and
    # everything before the roles are inserted, then refused: the transaction takes them all back.
    without_users = tmp_path / "zonder-gebruikers.zip"
    manifest = json.loads(zipfile.ZipFile(demo_backup).read("manifest.json"))
    for entry in manifest["tables"]:
        if entry["name"] == "users":
            entry["rows"], entry["sha256"] = 0, hashlib.sha256(b"").hexdigest()
    rewrite(
        demo_backup,
        without_users,
        lambda name, data: {"tables/users.jsonl": b"", "manifest.json": json.dumps(manifest).encode()}.get(name, data),
    )
    not_a_zip = tmp_path / "geen.zip"
    not_a_zip.write_text("dit is geen back-up")

    for path, exit_code, message in (
        (damaged, 1, "het controlegetal (SHA-256) van 'tables/areas.jsonl' klopt niet"),
        (without_users, 1, "passen niet in de database"),
        (not_a_zip, 1, "geen zip-bestand"),
        (tmp_path / "bestaat-niet.zip", 2, "bestaat niet"),
    ):
        result = invoke_on(empty_app, "backup", "restore", str(path))
        assert result.exit_code == exit_code, result.output
        assert message in result.output and result.output.startswith("Fout:")
        assert "niets teruggezet" in result.output or exit_code == 2

    with empty_app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM areas")) == 0
        assert db.session.scalar(text("SELECT count(*) FROM taakvelden")) > 0  # the seeded rows are still there
        db.session.remove()


def test_other_schema_version_is_refused_with_what_to_do(demo_backup, empty_app):
    with empty_app.app_context():
        with db.engine.begin() as conn:
            real = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            conn.execute(text("UPDATE alembic_version SET version_num = 'ouderversie'"))
        result = empty_app.test_cli_runner().invoke(args=["backup", "restore", str(demo_backup)])  # in its context
        assert result.exit_code == 3, result.output
        assert f"db upgrade {real}" in result.output and "ouderversie" in result.output
        assert db.session.scalar(text("SELECT count(*) FROM users")) == 0
        db.session.remove()


def test_database_in_use_is_left_alone_unless_reset_is_asked(app, demo_backup, runner, database_url):
    from planner.core.models import User

    db.session.execute(update(User).values(name="Na de back-up"))
    db.session.commit()
    changed = snapshot(database_url)

    refused = runner.invoke(args=["backup", "restore", str(demo_backup)])
    assert refused.exit_code == 4, refused.output
    assert "niet leeg" in refused.output and "--reset" in refused.output
    assert snapshot(database_url) == changed

    declined = runner.invoke(args=["backup", "restore", str(demo_backup), "--reset"], input="n\n")
    assert declined.exit_code == 1 and snapshot(database_url) == changed

    reset = runner.invoke(args=["backup", "restore", str(demo_backup), "--reset", "--yes"])
    assert reset.exit_code == 0, reset.output
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(User).where(User.name == "Na de back-up")) == 0
