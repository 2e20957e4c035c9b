"""Read-only JSON API under /api/v1/, token-authenticated and scoped like the web UI."""


def init_app(app) -> None:
    from planner.api import cli, pages, views

    app.register_blueprint(views.bp)
    app.register_blueprint(pages.bp)
    app.cli.add_command(cli.cli)
