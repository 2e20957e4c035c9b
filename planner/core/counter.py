"""Counts per key and minute (rate limits), shared by every worker, kept out of the main database.

A count is written on every counted request. In the main database that write would take SQLite's single write
lock, so on SQLite every counted request would wait as long as an import or a long edit holds it. Where the
counts live:

- Redis, when RATELIMIT_REDIS_URL (or the job queue's HUEY_REDIS_URL) is set: several servers count together;
- a small SQLite file of its own (RATELIMIT_SQLITE_PATH; by default beside the SQLite database, as
  `<name>-counts.db`) when the main database is SQLite: one host, every worker and thread counts in it, in
  write-ahead-log mode and in a transaction of a few microseconds;
- otherwise (PostgreSQL without Redis) `hit` returns None and the caller counts in the main database, where
  a row lock does not stop the other writers.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

REDIS_PREFIX = "wijkplanner:count:"
# windows older than this are forgotten (a minute's count is read only during that minute)
KEEP_SECONDS = 120

_local = threading.local()
_redis: dict[str, object] = {}


def hit(key: str, window: datetime) -> int | None:
    """Add one to the count of `key` in `window` (the start of a minute); the count so far, this one included.
    None: no separate store here, count in the main database."""
    config = current_app.config
    url = config.get("RATELIMIT_REDIS_URL") or config.get("HUEY_REDIS_URL")
    if url:
        return _redis_hit(url, key, window)
    path = sqlite_path()
    return _sqlite_hit(path, key, window) if path else None


def sqlite_path() -> str | None:
    """The counts file used beside a SQLite database; None on another database."""
    config = current_app.config
    if config.get("RATELIMIT_SQLITE_PATH"):
        return config["RATELIMIT_SQLITE_PATH"]
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if not database or database == ":memory:":
        return str(Path(current_app.instance_path) / "counts.db")
    path = Path(database)
    return str(path.with_name(f"{path.stem}-counts.db"))


def _redis_hit(url: str, key: str, window: datetime) -> int:
    client = _redis.get(url)
    if client is None:
        import redis

        client = _redis[url] = redis.Redis.from_url(url)
    name = f"{REDIS_PREFIX}{key}:{window:%Y%m%d%H%M}"
    pipe = client.pipeline()
    pipe.incr(name)
    pipe.expire(name, KEEP_SECONDS)
    return int(pipe.execute()[0])


def _sqlite_hit(path: str, key: str, window: datetime) -> int:
    connection = _connection(path)
    stamp = int(window.timestamp())
    with connection:  # one short transaction
        (count,) = connection.execute(
            "INSERT INTO counts (key, minute, n) VALUES (?, ?, 1) "
            "ON CONFLICT (key, minute) DO UPDATE SET n = n + 1 RETURNING n",
            (key, stamp),
        ).fetchone()
        if count == 1:  # the first of a new window: forget the old ones
            connection.execute("DELETE FROM counts WHERE minute < ?", (stamp - KEEP_SECONDS,))
    return count


def _connection(path: str) -> sqlite3.Connection:
    """One connection per thread and file (a sqlite3 connection is not shared between threads)."""
    connections = getattr(_local, "connections", None)
    if connections is None:
        connections = _local.connections = {}
    connection = connections.get(path)
    if connection is None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = OFF")  # counts may be lost in a power cut; nothing else
        connection.execute(
            "CREATE TABLE IF NOT EXISTS counts (key TEXT NOT NULL, minute INTEGER NOT NULL, n INTEGER NOT NULL, "
            "PRIMARY KEY (key, minute))"
        )
        connections[path] = connection
    return connection
