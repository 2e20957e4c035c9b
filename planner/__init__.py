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
    extensions.migrate.init_app(app, extensions.db, directory=str(ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)

    from planner.core import i18n, security

    i18n.init_app(app)
    security.init_app(app)
    _register_models()
    _register_blueprints(app)

    from planner import errors, cli

    errors.init_app(app)
    cli.init_app(app)
    return app


def _register_models() -> None:
    # Importing the model modules registers their tables and the audit listener.
    import planner.core.audit  # noqa: F401
    from planner.models import ALL_MODELS  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from planner.actions.views import bp as actions_bp
    from planner.areas.views import bp as areas_bp
    from planner.core.assets import bp as assets_bp
    from planner.core.auth import bp as auth_bp
    from planner.core.health import bp as health_bp
    from planner.programmes.views import bp as programmes_bp

    for bp in (assets_bp, health_bp, auth_bp, areas_bp, programmes_bp, actions_bp):
        app.register_blueprint(bp)
