"""Indicators and their measurements per area and period (CBS key figures, own monitors)."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.excel import targets
    from planner.indicators import demo, importers, views

    app.register_blueprint(views.bp)
    targets.register_target(app, "measurements", importers.apply_measurements, nationwide=True)
    targets.register_table_label(app, "measurements", "metingen")
    hooks.add(app, "programme_tabs", views.programme_tabs)
    hooks.add(app, "areas_imported", importers.store_area_measurements)
    hooks.add(app, "demo", demo.add_indicators)
