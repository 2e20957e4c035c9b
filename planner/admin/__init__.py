"""User and role management for the functioneel beheerder (/beheer/gebruikers)."""


def init_app(app) -> None:
    from planner.admin import views

    app.register_blueprint(views.bp)
