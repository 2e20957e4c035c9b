"""User and role management for the functioneel beheerder (/beheer/gebruikers)."""


def init_app(app) -> None:
    from planner.admin import views, worklist
    from planner.core import hooks

    app.register_blueprint(views.bp)
    hooks.add(app, "worklist", worklist.blocked_accounts)
    hooks.add(app, "worklist", worklist.failed_logins)
