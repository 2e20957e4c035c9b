"""Areas: municipalities, wards and neighbourhoods with their CBS codes."""


def init_app(app) -> None:
    from planner.areas import importers, services, views
    from planner.excel import targets

    app.register_blueprint(views.bp)
    targets.register_target(app, "areas", importers.apply_areas, capability="admin")
    targets.register_table_label(app, "areas", "onderliggende gebieden")
    targets.register_areas(app, visible_area=services.visible_area, root_paths=services.municipality_paths)
