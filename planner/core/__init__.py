"""Cross-cutting pieces: users and roles, access scoping, audit trail, formatting."""


def init_app(app) -> None:
    from planner.core import assets, auth, health, hooks, i18n, limits, security, transaction

    limits.init_app(app)  # before any blueprint: URL rules bind their converters when added
    i18n.init_app(app)
    security.init_app(app)
    hooks.init_app(app)
    transaction.init_app(app)  # the one commit point of every request
    for blueprint in (assets.bp, health.bp, auth.bp):
        app.register_blueprint(blueprint)
