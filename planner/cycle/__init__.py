"""The planning & control (P&C) calendar: kadernota, begroting, berap, jaarrekening per year."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.cycle import demo, views, worklist

    app.register_blueprint(views.bp)
    hooks.add(app, "programme_tabs", views.programme_tabs)
    hooks.add(app, "demo", demo.add_pc_calendar)
    hooks.add(app, "worklist", worklist.next_submission)
