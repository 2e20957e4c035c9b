"""The job queue: one Huey instance that features give their tasks to, and `flask jobs worker`.

Storage: SQLite (a file in instance/, or HUEY_SQLITE_PATH) by default, Redis when HUEY_REDIS_URL is
set (several servers share one queue). With JOBS_IMMEDIATE (on by default in tests) a task runs at
once in the caller, as a request's own code. A task runs inside the application's context; features
register their tasks, periodic tasks and worker-start checks in their init_app (core knows none).
"""

from __future__ import annotations

import logging
from functools import wraps
from pathlib import Path

import click
from flask import current_app, has_app_context
from flask.cli import AppGroup
from huey import Huey
from huey.storage import RedisStorage, SqliteStorage

from planner.extensions import db

log = logging.getLogger(__name__)

# Tasks are bound to this instance when their module is imported; `configure` gives it its storage.
huey = Huey("wijkplanner", results=False, immediate=True)
_state: dict = {"app": None, "on_start": [], "periodic": {}}

cli = AppGroup("jobs", help="De takenverwerker: imports en periodieke taken buiten de webserver.")


def configure(app) -> None:
    """Point the queue at the configured storage; remember the app the tasks run in."""
    _state["app"] = app
    immediate = app.config.get("JOBS_IMMEDIATE")
    if immediate is None:
        immediate = app.testing
    redis_url = app.config.get("HUEY_REDIS_URL") or ""
    if immediate:
        huey.immediate = True
        return
    if redis_url:
        storage, kwargs = RedisStorage, {"url": redis_url}
    else:
        path = Path(app.config.get("HUEY_SQLITE_PATH") or Path(app.instance_path) / "jobs.db")
        path.parent.mkdir(parents=True, exist_ok=True)
        storage, kwargs = SqliteStorage, {"filename": str(path)}
    huey._immediate = False
    huey.storage_class, huey.storage_kwargs = storage, kwargs
    huey.storage = huey.create_storage()


def is_immediate() -> bool:
    return huey.immediate


def _in_app(func):
    @wraps(func)
    def run(*args, **kwargs):
        if has_app_context():  # immediate mode: the caller's app (a request, a test)
            return func(*args, **kwargs)
        app = _state["app"]
        with app.app_context():
            try:
                return func(*args, **kwargs)
            finally:
                db.session.remove()

    return run


def task(**options):
    """A task features enqueue by calling it; it runs in the job worker (or at once, immediate)."""
    return lambda func: huey.task(**options)(_in_app(func))


def schedule(when, func):
    """Run `func` in the worker on a schedule (`huey.crontab(...)`). Registering it again (another app
    made in the same process) changes nothing."""
    name = f"{func.__module__}.{func.__name__}"
    if name not in _state["periodic"]:
        _state["periodic"][name] = huey.periodic_task(when, name=name)(_in_app(func))
    return _state["periodic"][name]


def on_worker_start(func) -> None:
    """Run once when `flask jobs worker` starts, before it takes the first task (e.g. runs left by a dead worker)."""
    if func not in _state["on_start"]:
        _state["on_start"].append(func)


@cli.command("worker")
@click.option("--workers", "-w", default=1, show_default=True, help="Aantal taken tegelijk (threads).")
def worker_command(workers: int) -> None:
    """Start de takenverwerker: voert imports en de periodieke taken uit tot Ctrl+C of SIGTERM."""
    app = current_app._get_current_object()
    if huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE staat aan: er is geen wachtrij om te verwerken.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for func in _state["on_start"]:
        with app.app_context():
            try:
                func()
            finally:
                db.session.remove()
    where = huey.storage_kwargs.get("url") and "Redis" or huey.storage_kwargs.get("filename")
    click.echo(f"Takenverwerker gestart ({workers} tegelijk, wachtrij: {where}).")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


def init_app(app) -> None:
    configure(app)
    app.cli.add_command(cli)
