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

Both directions stream: rows are read from the database in batches (a server-side cursor on
PostgreSQL) and written line by line into the zip entry, and a restore reads the entry line by line
and inserts in batches, so memory does not grow with the size of a table.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import shutil
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
CHUNK = 1 << 20  # bytes per read or write of a zip member
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
    # yield_per: fetched BATCH rows at a time (PostgreSQL: a server-side cursor), never the whole table
    for row in connection.execute(query, execution_options={"yield_per": BATCH}).mappings():
        yield {c.name: _encode(c, row[c.name]) for c in table.columns}


# ---- create ---------------------------------------------------------------------------------


def _write_table(archive, name: str, rows) -> tuple[int, str]:
    """Write the rows as JSON lines straight into the zip member `name`; the row count and SHA-256."""
    digest, count, lines = hashlib.sha256(), 0, []
    with archive.open(name, "w", force_zip64=True) as member:

        def flush():
            chunk = b"".join(lines)
            member.write(chunk)
            digest.update(chunk)
            lines.clear()

        for row in rows:
            lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            count += 1
            if len(lines) == BATCH:
                flush()
        flush()
    return count, digest.hexdigest()


def _write_file(archive, name: str, path: Path) -> tuple[int, str]:
    """Copy a file into the zip member `name` in chunks; its size and SHA-256."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as source, archive.open(name, "w", force_zip64=True) as member:
        while chunk := source.read(CHUNK):
            member.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


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
                    name = f"tables/{table.name}.jsonl"
                    count, digest = _write_table(archive, name, table_rows(connection, table))
                    manifest["tables"].append({"name": table.name, "file": name, "rows": count, "sha256": digest})
                    summary.tables[table.name] = count
                folder = upload_folder()
                found = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
                for path in (p for p in found if p.resolve() not in (partial.resolve(), target.resolve())):
                    name = f"uploads/{path.relative_to(folder).as_posix()}"
                    size, digest = _write_file(archive, name, path)
                    manifest["files"].append({"file": name, "size": size, "sha256": digest})
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
            digest = hashlib.sha256()
            try:
                with archive.open(name) as member:  # in chunks: a member may be larger than memory
                    while chunk := member.read(CHUNK):
                        digest.update(chunk)
            except KeyError:
                raise _corrupt(f"'{name}' ontbreekt.") from None
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                raise _corrupt(f"'{name}' is niet te lezen ({error}).") from None
            if digest.hexdigest() != entry.get("sha256"):
                raise _corrupt(f"het controlegetal (SHA-256) van '{name}' klopt niet.")
    except BaseException:
        archive.close()
        raise
    return manifest, archive


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _rows_in_order(table, rows):
    """Rows of a table that points at itself (a ward's parent area, a sub-action), parents first.

    Streams: a row whose parent came before it goes on at once; only rows that arrive before their
    parent wait, and go on right after it."""
    own = [fk for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        yield from rows
        return
    key, parent = own[0].column.name, own[0].parent.name
    placed, waiting = set(), {}
    for row in rows:
        if row[parent] is None or row[parent] in placed or row[parent] == row[key]:
            ready = [row]
            while ready:
                done = ready.pop()
                placed.add(done[key])
                yield done
                ready.extend(waiting.pop(done[key], ()))
        else:
            waiting.setdefault(row[parent], []).append(row)
    for orphans in waiting.values():  # a parent that is not in the file: let the foreign key refuse them
        yield from orphans


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
                count = 0
                try:
                    for batch in _batches(_rows_in_order(table, _read_rows(archive, table, listed[table.name]))):
                        connection.execute(table.insert(), batch)
                        count += len(batch)
                except SQLAlchemyError as error:
                    raise _corrupt(
                        f"de rijen van {table.name} passen niet in de database ({type(getattr(error, 'orig', None) or error).__name__})."
                    ) from None
                summary.tables[table.name] = count
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection, tables)
            for rebuild in hooks.functions("restored"):  # what features derive from the rows (a search index)
                rebuild(connection)
            # Last, so a refused row leaves the folder as it was; the files are named by content.
            summary.files = _write_files(archive, manifest["files"])
    return summary


def _batches(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_rows(archive, table, entry):
    """The rows of a table's member, decoded line by line; the count is checked against the manifest."""
    columns = {c.name: c for c in table.columns}
    count = 0
    # Lines end at \n only: a text value may hold U+2028 and other characters str.splitlines() splits on.
    with archive.open(entry["file"]) as member, io.TextIOWrapper(member, encoding="utf-8", newline="\n") as lines:
        number, line = 0, None
        while True:
            number += 1
            try:
                line = next(lines, None)
                if line is None:
                    break
                raw = json.loads(line)
                if set(raw) != set(columns):
                    raise ValueError("kolommen")
                row = {name: _decode(columns[name], value) for name, value in raw.items()}
            except (ValueError, TypeError, ArithmeticError):  # ArithmeticError: decimal.InvalidOperation
                raise _corrupt(f"regel {number} van '{entry['file']}' past niet bij de tabel {table.name}.") from None
            count += 1
            yield row
    if count != entry.get("rows"):
        raise _corrupt(f"'{entry['file']}' heeft {count} rijen, het manifest noemt er {entry.get('rows')}.")


def _write_files(archive, entries) -> int:
    folder = upload_folder()
    for entry in entries:
        relative = PurePosixPath(entry["file"]).relative_to("uploads")
        path = folder.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(entry["file"]) as member, path.open("wb") as target:
            shutil.copyfileobj(member, target, CHUNK)
    return len(entries)
