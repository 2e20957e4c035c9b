"""Subsidies and residents' initiatives: regelingen, applications, beschikkingen that draw on budget lines;
capacity in hours per opgave and action."""


def init_app(app) -> None:
    from planner.core import hooks
    from planner.subsidies import demo, public, services, views, worklist

    app.register_blueprint(views.bp)
    app.register_blueprint(public.bp)
    hooks.add(app, "budget_line_claims", services.claims_on_lines)
    hooks.add(app, "opgave_detail", views.opgave_capacity)
    hooks.add(app, "purge_personal_data", services.purge_contacts)
    hooks.add(app, "worklist", worklist.waiting_applications)
    hooks.add(app, "demo", demo.add_subsidies)
