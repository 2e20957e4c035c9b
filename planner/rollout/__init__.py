"""Templates made from a programme, rolled out to other wards and followed side by side; revisions in execution."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.rollout import demo, services, views

    app.register_blueprint(views.bp)
    hooks.add(app, "programme_detail", views.programme_block)
    hooks.add(app, "goals_editable", services.goals_open_for_revision)
    hooks.add(app, "demo", demo.add_rollout)
