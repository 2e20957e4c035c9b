"""Budget lines per fiscal year and taakveld, and what actions draw from them."""


def init_app(app) -> None:
    from planner.budget import cli, demo, importers, services, views, worklist
    from planner.core import hooks
    from planner.core.cli import export_group
    from planner.cycle.services import moment_closed
    from planner.excel import targets

    app.register_blueprint(views.bp)
    export_group.add_command(cli.pc_input)
    targets.register_target(
        app, "budget_lines", importers.apply_budget_lines, capability="budget", nationwide=True, cents=True
    )
    targets.register_target(app, "action_spendings", importers.apply_action_spendings, capability="budget")
    targets.register_table_label(app, "budget_lines", "begrotingsregels")
    targets.register_table_label(app, "allocations", "toewijzingen")
    moment_closed.connect(services.on_moment_closed, weak=False)
    hooks.add(app, "action_detail", views.action_budget)
    hooks.add(app, "programme_tabs", views.programme_tabs)
    hooks.add(app, "programme_money", views.programme_money)
    hooks.add(app, "opgave_money", views.opgave_money)
    hooks.add(app, "worklist", worklist.deviations_without_note)
    hooks.add(app, "demo", demo.add_budget)  # after the P&C calendar: it re-freezes the closed moments
