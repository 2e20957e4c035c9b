"""Wijkplanner: neighbourhood development programmes, drafted with residents, tracked by ward."""
from __future__ import annotations

from flask import Flask

from planner.config import ROOT, load_config


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(load_config(overrides))
    app.instance_path and (ROOT / "instance").mkdir(exist_ok=True)

    from planner import extensions

    extensions.db.init_app(app)
    from planner.core import sqlite

    with app.app_context():
        sqlite.configure(extensions.db.engine, busy_seconds=app.config["SQLITE_BUSY_SECONDS"],
                         wal=app.config["SQLITE_WAL"])
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)

    from planner.core import i18n, security

    i18n.init_app(app)
    security.init_app(app)
    _register_models()
    _register_blueprints(app)
    # Feature packages plug themselves in (until create_app loops over one FEATURES list).
    from planner import opgaven; opgaven.init_app(app)  # noqa: E702

    from planner import errors, cli

    errors.init_app(app)
    cli.init_app(app)
    return app


def _register_models() -> None:
    # Importing the model modules registers their tables and the audit listener.
    import planner.core.audit  # noqa: F401
    from planner.models import ALL_MODELS  # noqa: F401


# One line per feature: the module whose `bp` is the feature's blueprint.
BLUEPRINTS = (
    "planner.core.assets",
    "planner.core.health",
    "planner.core.auth",
    "planner.areas.views",
    "planner.programmes.views",
    "planner.actions.views",
    "planner.agenda.views",
    "planner.cycle.views",
    "planner.participation.views",
    "planner.participation.public",
    "planner.budget.views",
    "planner.excel.export_views",
    "planner.excel.views",
    "planner.tracking.views",
    "planner.indicators.views",
    "planner.api.views",
    "planner.api.pages",
    "planner.admin.views",
)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for module in BLUEPRINTS:
        app.register_blueprint(import_module(module).bp)
