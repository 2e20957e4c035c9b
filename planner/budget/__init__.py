"""Budget lines per fiscal year and taakveld, and what actions draw from them."""


def init_app(app) -> None:
    from planner.budget import importers
    from planner.excel import targets

    targets.register_target(app, "budget_lines", importers.apply_budget_lines, capability="budget",
                            nationwide=True, cents=True)
    targets.register_table_label(app, "budget_lines", "begrotingsregels")
    targets.register_table_label(app, "allocations", "toewijzingen")
