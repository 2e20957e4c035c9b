"""Actions (maatregelen) of a programme, their areas, partners and milestones."""


def init_app(app) -> None:
    from planner.actions import views
    from planner.excel import targets

    app.register_blueprint(views.bp)
    targets.register_table_label(app, "action_areas", "acties")
    targets.register_table_label(app, "action_partners", "koppelingen van acties met organisaties")
