"""Cross-cutting pieces: users and roles, access scoping, audit trail, formatting."""


def init_app(app) -> None:
    from planner.core import account, assets, auth, health, hooks, i18n, mail, security, transaction

    i18n.init_app(app)
    security.init_app(app)
    hooks.init_app(app)
    transaction.init_app(app)  # the one commit point of every request
    mail.init_app(app)
    for blueprint in (assets.bp, health.bp, auth.bp, account.bp):
        app.register_blueprint(blueprint)
