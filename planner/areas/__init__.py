"""Areas: municipalities, wards and neighbourhoods with their CBS codes, and the municipality's own
division into stadsdelen (admin pages under /beheer/gebiedsindeling)."""


def init_app(app) -> None:
    from flask_login import current_user

    from planner.areas import admin_views, importers, services, views
    from planner.core import access
    from planner.excel import targets

    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    # Links to an area (a breadcrumb to the municipality) only for those who may open it.
    app.add_template_global(lambda area: access.can(current_user, "view", area), "can_view_area")
    targets.register_target(app, "areas", importers.apply_areas, capability="admin")
    targets.register_table_label(app, "areas", "onderliggende gebieden")
    targets.register_areas(
        app,
        visible_area=services.visible_area,
        root_paths=services.municipality_paths,
        area_name=services.area_name,
    )
