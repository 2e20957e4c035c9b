"""Cross-cutting pieces: users and roles, access scoping, audit trail, formatting."""


def init_app(app) -> None:
    from flask_login import current_user

    from planner.core import (
        access,
        account,
        assets,
        auth,
        health,
        hooks,
        i18n,
        jobs,
        limits,
        mail,
        security,
        transaction,
    )

    limits.init_app(app)  # before any blueprint: URL rules bind their converters when added
    # Menus and buttons show only what the user may use: `has_capability('budget')` anywhere in their grants.
    app.add_template_global(lambda capability: bool(access.grant_paths(current_user, capability)), "has_capability")
    i18n.init_app(app)
    security.init_app(app)
    hooks.init_app(app)
    transaction.init_app(app)  # the one commit point of every request
    mail.init_app(app)
    jobs.init_app(app)  # the queue features give their tasks to
    for blueprint in (assets.bp, health.bp, auth.bp, account.bp):
        app.register_blueprint(blueprint)
