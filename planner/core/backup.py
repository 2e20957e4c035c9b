"""Backup and restore of the whole database and the upload folder in one portable zip file.

The zip holds `manifest.json` (format, Alembic revision, app version, creation time, and per file
its row count or size and SHA-256), one JSON-lines file per table under `tables/` in the order of
the foreign keys (the metadata's sorted_tables), and the files of the upload folder under
`uploads/`. Values are written by column type, so they come back exactly on SQLite and PostgreSQL
alike: amounts as decimal text, dates and times in ISO 8601, bytes in base64, JSON columns as their
JSON text (null is SQL NULL, "null" is a JSON null).

A restore goes only into an empty database at the backup's Alembic revision, and either restores
everything or nothing: one transaction, checked against the manifest before anything is written.
The module knows tables only through the metadata, never a feature.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata as package_metadata
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    Text,
    cast,
    func,
    inspect,
    null,
    select,
)
from sqlalchemy import text as sql
from sqlalchemy.exc import SQLAlchemyError

from planner.core import hooks
from planner.extensions import db

FORMAT = "wijkplanner-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
BATCH = 500
# Reference data the migrations put into every new database (BBV taakvelden, the default themes):
# a database holding only these is still empty; a restore replaces them by the backup's rows.
SEEDED_TABLES = ("taakvelden", "themes")


class BackupError(Exception):
    """A refusal in Dutch; `exit_code` tells scripts what kind (see README, Opdrachtregel)."""

    CORRUPT, MISSING, REVISION, NOT_EMPTY = 1, 2, 3, 4

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.message, self.exit_code = message, exit_code


@dataclass
class Summary:
    revision: str
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


# ---- where things are -----------------------------------------------------------------------


def upload_folder() -> Path:
    """UPLOAD_FOLDER, or instance/uploads: where imports keep uploaded workbooks."""
    return Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(current_app.extensions["migrate"].directory).get_current_head()


def database_revision(connection) -> str | None:
    """The Alembic revision the database is at; None when it was never upgraded."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sql("SELECT version_num FROM alembic_version")).scalar()


def app_version() -> str:
    try:
        return package_metadata.version("wijkplanner")
    except package_metadata.PackageNotFoundError:
        return "onbekend"


def _tables():
    return db.metadata.sorted_tables


# ---- values by column type ------------------------------------------------------------------


def _encode(column, value):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Numeric):
        return str(value)
    if isinstance(kind, (DateTime, Date)):
        return value.isoformat()
    if isinstance(kind, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    return value  # integers, booleans, text; JSON columns are read as their text


def _decode(column, value):
    kind = column.type
    if isinstance(kind, JSON):
        if value is None:
            return null()
        loaded = json.loads(value)
        return JSON.NULL if loaded is None else loaded
    if value is None:
        return None
    if isinstance(kind, Numeric):
        return Decimal(value)
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value, validate=True)
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise ValueError(value)
        return value
    if isinstance(kind, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(value)
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _read_columns(table):
    # JSON as text: the drivers would turn both SQL NULL and a JSON null into None.
    return [cast(c, Text).label(c.name) if isinstance(c.type, JSON) else c for c in table.columns]


def table_rows(connection, table):
    """Every row of `table` as a dict of JSON values, in primary-key order."""
    query = select(*_read_columns(table)).order_by(*table.primary_key.columns)
    for row in connection.execute(query).mappings():
        yield {c.name: _encode(c, row[c.name]) for c in table.columns}


# ---- create ---------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def create_backup(target: Path) -> Summary:
    """Write the backup to `target` (written beside it first, so a failure leaves no half file)."""
    partial = target.with_name(target.name + ".deel")
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":  # one snapshot of every table
            connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        else:
            connection.exec_driver_sql("BEGIN")  # SQLite: the read lock holds until the end
        revision = database_revision(connection)
        if revision is None:
            raise BackupError(
                "Deze database heeft geen schema (geen Alembic-versie). Voer eerst 'flask --app wsgi db upgrade' uit.",
                BackupError.REVISION,
            )
        summary = Summary(revision=revision)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "alembic_revision": revision,
            "app_version": app_version(),
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": connection.dialect.name,
            "tables": [],
            "files": [],
        }
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for table in _tables():
                    buffer, count = io.BytesIO(), 0
                    for row in table_rows(connection, table):
                        buffer.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
                        buffer.write(b"\n")
                        count += 1
                    data = buffer.getvalue()
                    name = f"tables/{table.name}.jsonl"
                    archive.writestr(name, data)
                    manifest["tables"].append(
                        {"name": table.name, "file": name, "rows": count, "sha256": _sha256(data)}
                    )
                    summary.tables[table.name] = count
                folder = upload_folder()
                found = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
                for path in (p for p in found if p.resolve() not in (partial.resolve(), target.resolve())):
                    data = path.read_bytes()
                    name = f"uploads/{path.relative_to(folder).as_posix()}"
                    archive.writestr(name, data)
                    manifest["files"].append({"file": name, "size": len(data), "sha256": _sha256(data)})
                    summary.files += 1
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            connection.rollback()
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return summary


# ---- restore --------------------------------------------------------------------------------


def _corrupt(detail: str) -> BackupError:
    return BackupError(
        f"Het back-upbestand is beschadigd of geen Wijkplanner-back-up: {detail} Er is niets teruggezet.",
        BackupError.CORRUPT,
    )


def read_backup(source: Path) -> tuple[dict, zipfile.ZipFile]:
    """The manifest and the open archive, after checking every file against its SHA-256."""
    if not source.is_file():
        raise BackupError(f"Het bestand '{source}' bestaat niet.", BackupError.MISSING)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise _corrupt("het is geen zip-bestand.") from None
    try:
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except KeyError:
            raise _corrupt(f"{MANIFEST} ontbreekt.") from None
        except ValueError:
            raise _corrupt(f"{MANIFEST} is geen geldige JSON.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise _corrupt(f"{MANIFEST} beschrijft geen Wijkplanner-back-up.")
        if manifest.get("format_version") != FORMAT_VERSION:
            raise _corrupt(
                f"formaatversie {manifest.get('format_version')!r}; deze versie van Wijkplanner leest {FORMAT_VERSION}."
            )
        tables, files = manifest.get("tables"), manifest.get("files")
        if not isinstance(tables, list) or not isinstance(files, list):
            raise _corrupt(f"{MANIFEST} noemt geen tabellen en bestanden.")
        for folder, entries in (("tables", tables), ("uploads", files)):
            for entry in entries:
                name = entry.get("file") if isinstance(entry, dict) else None
                if not isinstance(name, str) or not _safe_member(name) or not name.startswith(f"{folder}/"):
                    raise _corrupt(f"ongeldige bestandsnaam {name!r} in {MANIFEST}.")
        for entry in (*tables, *files):
            name = entry["file"]
            try:
                data = archive.read(name)
            except KeyError:
                raise _corrupt(f"'{name}' ontbreekt.") from None
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                raise _corrupt(f"'{name}' is niet te lezen ({error}).") from None
            if _sha256(data) != entry.get("sha256"):
                raise _corrupt(f"het controlegetal (SHA-256) van '{name}' klopt niet.")
    except BaseException:
        archive.close()
        raise
    return manifest, archive


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _rows_in_order(table, rows: list[dict]) -> list[dict]:
    """Rows of a table that points at itself (a ward's parent area, a sub-action), parents first."""
    own = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        return rows
    key, parent = own[0].column.name, own[0].parent.name
    placed, ordered, pending = set(), [], rows
    while pending:
        later = []
        for row in pending:
            if row[parent] is None or row[parent] in placed or row[parent] == row[key]:
                ordered.append(row)
                placed.add(row[key])
            else:
                later.append(row)
        if len(later) == len(pending):  # a parent that is not in the file: let the foreign key refuse it
            ordered.extend(later)
            break
        pending = later
    return ordered


def _occupied(connection, tables) -> list[str]:
    return [
        t.name
        for t in tables
        if t.name not in SEEDED_TABLES and connection.execute(select(func.count()).select_from(t)).scalar()
    ]


def _reset_sequences(connection, tables) -> None:
    for table in tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, Integer) or key[0].autoincrement is False:
            continue
        name = key[0].name
        connection.execute(
            sql(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({name}), 1), "
                f"MAX({name}) IS NOT NULL) FROM {table.name}"
            ).bindparams(table=table.name, column=name)
        )


def restore_backup(source: Path, *, reset: bool = False) -> Summary:
    """Put the backup back: everything in one transaction, or nothing."""
    manifest, archive = read_backup(source)
    with archive:
        tables = _tables()
        listed = {entry.get("name"): entry for entry in manifest["tables"]}
        with db.engine.begin() as connection:  # everything or nothing: one transaction
            revision = database_revision(connection)
            wanted = manifest.get("alembic_revision")
            if revision is None:
                raise BackupError(
                    "Deze database heeft nog geen schema. Maak het eerst aan op de versie van de back-up: "
                    f"'flask --app wsgi db upgrade {wanted}', en zet de back-up dan terug.",
                    BackupError.REVISION,
                )
            if revision != wanted:
                raise BackupError(
                    f"De back-up is gemaakt op databaseversie {wanted}, deze database staat op {revision}. "
                    f"Zet de back-up terug in een lege database op versie {wanted} "
                    f"('flask --app wsgi db upgrade {wanted}') en breng die daarna bij met "
                    "'flask --app wsgi db upgrade'. Er is niets teruggezet.",
                    BackupError.REVISION,
                )
            names = {t.name for t in tables}
            if set(listed) != names:
                missing = ", ".join(sorted(names ^ set(listed)))
                raise _corrupt(f"de tabellen passen niet bij deze versie van Wijkplanner ({missing}).")
            occupied = _occupied(connection, tables)
            if occupied and not reset:
                raise BackupError(
                    "De database is niet leeg (gegevens in: "
                    f"{', '.join(occupied[:5])}{' …' if len(occupied) > 5 else ''}). Een back-up wordt alleen "
                    "in een lege database teruggezet; gebruik --reset om eerst alle gegevens te wissen. "
                    "Er is niets gewijzigd.",
                    BackupError.NOT_EMPTY,
                )
            summary = Summary(revision=revision)
            for table in reversed(tables):
                if reset or table.name in SEEDED_TABLES:
                    connection.execute(table.delete())
            for table in tables:
                rows = _read_rows(archive, table, listed[table.name])
                try:
                    for start in range(0, len(rows), BATCH):
                        connection.execute(table.insert(), rows[start : start + BATCH])
                except SQLAlchemyError as error:
                    raise _corrupt(
                        f"de rijen van {table.name} passen niet in de database ({type(getattr(error, 'orig', None) or error).__name__})."
                    ) from None
                summary.tables[table.name] = len(rows)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables)
            for rebuild in hooks.functions("restored"):  # what features derive from the rows (a search index)
                rebuild(connection)
            # Last, so a refused row leaves the folder as it was; the files are named by content.
            summary.files = _write_files(archive, manifest["files"])
    return summary


def _read_rows(archive, table, entry) -> list[dict]:
    columns = {c.name: c for c in table.columns}
    rows = []
    for number, line in enumerate(archive.read(entry["file"]).decode("utf-8").splitlines(), start=1):
        try:
            raw = json.loads(line)
            if set(raw) != set(columns):
                raise ValueError("kolommen")
            rows.append({name: _decode(columns[name], value) for name, value in raw.items()})
        except (ValueError, TypeError, ArithmeticError):  # ArithmeticError: decimal.InvalidOperation
            raise _corrupt(f"regel {number} van '{entry['file']}' past niet bij de tabel {table.name}.") from None
    if len(rows) != entry.get("rows"):
        raise _corrupt(f"'{entry['file']}' heeft {len(rows)} rijen, het manifest noemt er {entry.get('rows')}.")
    return _rows_in_order(table, rows)


def _write_files(archive, entries) -> int:
    folder = upload_folder()
    for entry in entries:
        relative = PurePosixPath(entry["file"]).relative_to("uploads")
        path = folder.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(archive.read(entry["file"]))
    return len(entries)
