"""Learning: reflection moments and lessons, the reflection rhythm, leading principles, search across wards,
the programme evaluation and the learning log."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.learning import blocks, demo, exports, search, services, views, worklist

    app.register_blueprint(views.bp)
    hooks.add(app, "programme_tabs", blocks.programme_tabs)
    hooks.add(app, "programme_status", blocks.programme_status)
    hooks.add(app, "programme_transition", blocks.programme_transition)
    hooks.add(app, "opgave_links", blocks.opgave_detail)
    hooks.add(app, "worklist", worklist.reflection_due)
    hooks.add(app, "programme_transition_check", services.check_evaluated)
    hooks.add(app, "programme_snapshot", services.evaluation_snapshot)
    hooks.add(app, "programme_workbook", exports.evaluation_sheet)
    hooks.add(app, "demo", demo.load)
    hooks.add(app, "restored", search.rebuild_index)
