"""Actions (maatregelen) of a programme, their areas, partners and milestones."""


def init_app(app) -> None:
    from planner.actions import views, worklist
    from planner.core import hooks
    from planner.excel import targets

    app.register_blueprint(views.bp)
    hooks.add(app, "worklist", worklist.milestones_due)
    targets.register_table_label(app, "action_areas", "acties")
    targets.register_table_label(app, "action_partners", "koppelingen van acties met organisaties")
