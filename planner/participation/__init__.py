"""Participation: residents' contributions to a programme, consultation moments and the public pages."""


def init_app(app) -> None:
    from planner.excel import targets
    from planner.participation import importers

    targets.register_target(app, "contributions", importers.apply_contributions)
