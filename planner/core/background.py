"""One piece of work run in a thread of its own beside the caller: a request's query group, or the
zip inspection of a workbook while calamine parses it."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, nullcontext

from flask import current_app, has_app_context


@contextmanager
def in_background(fn: Callable, *args, inline: bool = False) -> Iterator[Callable]:
    """Start `fn(*args)` in a worker thread; yields a function that waits for its result (and
    raises what `fn` raised). Leaving the block waits for the thread, so none outlives the request.
    `inline`: run it here and now instead, behind the same interface (for a caller that must see
    its own uncommitted rows).

    Why: a large page's Python and its queries otherwise take turns. The database (PostgreSQL on the
    other core; SQLite inside sqlite3) and the driver waiting for it release the GIL, so a query
    group run here overlaps with the caller's own work. Within an app context the thread pushes its
    own, and Flask-SQLAlchemy scopes the session per app context: the worker has its own session and
    pooled connection, removed when the context pops. Being another session, it sees committed rows
    only and must not touch the caller's ORM objects: pass ids and ready-made SQL conditions."""
    future: Future = Future()

    def run():
        try:
            future.set_result(fn(*args))
        except BaseException as error:  # re-raised in the caller by future.result()
            future.set_exception(error)

    if inline:
        run()
        yield future.result
        return
    app = current_app._get_current_object() if has_app_context() else None

    def run_in_context():
        with app.app_context() if app is not None else nullcontext():
            run()

    thread = threading.Thread(target=run_in_context, name=f"background-{fn.__name__}", daemon=True)
    thread.start()
    try:
        yield future.result
    finally:
        thread.join()
