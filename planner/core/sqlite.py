"""The embedded default database under concurrent requests.

A long write, such as a budget import of 400,000 lines, holds SQLite's write lock for seconds; in
the default rollback-journal mode readers are locked out too once the import's pages no longer fit
in its cache. Two settings:

- every connection waits up to SQLITE_BUSY_SECONDS (30) for a lock instead of Python's 5 s, so a
  page waits out a large import instead of failing with "database is locked";
- SQLITE_WAL (off by default) puts the file in write-ahead-log mode, with synchronous=NORMAL as
  SQLite advises for it: readers then see the last commit while an import writes and never wait.
  It costs every large write a second copy (the log, then its checkpoint into the file), so a
  large import is slower (bench/RESULTS.md). For several users on SQLite it is worth it;
  PostgreSQL needs neither.

Foreign keys are enforced on every connection, as PostgreSQL always does (SQLite leaves them
off by default): a delete that leaves rows pointing nowhere fails, ON DELETE CASCADE and SET NULL
take effect. Migrations switch them off while SQLite rebuilds tables (migrations/env.py).
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event


def configure(engine, *, busy_seconds: float, wal: bool) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        if not isinstance(dbapi_connection, sqlite3.Connection):
            return
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_seconds * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")  # kept in the file
            cursor.execute("PRAGMA synchronous = NORMAL")  # a power cut may lose the last commits, not corrupt
        cursor.close()
