"""One piece of a request's database work run in a thread of its own, beside the request."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager

from flask import current_app


@contextmanager
def in_background(fn: Callable, *args) -> Iterator[Callable]:
    """Start `fn(*args)` in a worker thread; yields a function that waits for its result (and
    raises what `fn` raised). Leaving the block waits for the thread, so none outlives the request.

    Why: a large page's Python and its queries otherwise take turns. The database (PostgreSQL on the
    other core; SQLite inside sqlite3) and the driver waiting for it release the GIL, so a query
    group run here overlaps with the caller's own work. The thread pushes its own app context, and
    Flask-SQLAlchemy scopes the session per app context: the worker has its own session and pooled
    connection, removed when the context pops. Being another session, it sees committed rows only
    and must not touch the caller's ORM objects: pass ids and ready-made SQL conditions."""
    app = current_app._get_current_object()
    future: Future = Future()

    def run():
        with app.app_context():
            try:
                future.set_result(fn(*args))
            except BaseException as error:  # re-raised in the caller by future.result()
                future.set_exception(error)

    thread = threading.Thread(target=run, name=f"background-{fn.__name__}", daemon=True)
    thread.start()
    try:
        yield future.result
    finally:
        thread.join()
