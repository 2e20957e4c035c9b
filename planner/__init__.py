"""Wijkplanner: neighbourhood development programmes, drafted with residents, tracked by ward."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

from planner import (
    actions,
    admin,
    agenda,
    api,
    areas,
    budget,
    cli,
    core,
    cycle,
    demo,
    errors,
    excel,
    indicators,
    learning,
    opgaven,
    participation,
    programmes,
    rollout,
    subsidies,
    tracking,
)
from planner.config import ROOT, load_config

# Each feature plugs itself in with init_app(app): blueprints, commands, import appliers, hooks, demo
# step. A feature comes after those it builds on; hooks run in this order (the blocks on an action
# page, the demo's steps).
FEATURES = (
    areas,
    programmes,
    actions,
    opgaven,
    agenda,
    cycle,
    budget,
    participation,
    indicators,
    subsidies,
    tracking,
    rollout,
    learning,
    excel,
    api,
    admin,
    demo,
)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(load_config(overrides))
    app.instance_path and (ROOT / "instance").mkdir(exist_ok=True)
    _register_extensions(app)
    _register_models()
    core.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    for feature in FEATURES:
        feature.init_app(app)
    return app


def _register_extensions(app: Flask) -> None:
    from planner import extensions
    from planner.core import sqlite

    extensions.db.init_app(app)
    with app.app_context():
        sqlite.configure(
            extensions.db.engine, busy_seconds=app.config["SQLITE_BUSY_SECONDS"], wal=app.config["SQLITE_WAL"]
        )
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)


def _register_models() -> None:
    # Importing the model modules registers their tables and the audit listener.
    import_module("planner.core.audit")
    import_module("planner.models")
