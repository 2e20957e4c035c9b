"""Read-only JSON API under /api/v1/, token-authenticated and scoped like the web UI."""


def init_app(app) -> None:
    from planner.api import cli, pages, sync, views
    from planner.core import hooks

    sync.install()
    app.register_blueprint(views.bp)
    hooks.add(app, "error_response", views.error_response)
    app.register_blueprint(pages.bp)
    app.register_blueprint(pages.lists)
    app.cli.add_command(cli.cli)
