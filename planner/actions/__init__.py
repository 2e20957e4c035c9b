"""Actions (maatregelen) of a programme, their areas, partners and milestones."""


def init_app(app) -> None:
    from planner.excel import targets

    targets.register_table_label(app, "action_areas", "acties")
