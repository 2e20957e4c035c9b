"""Opgaven: the societal challenges programmes work on, with their lifecycle and their table of parties."""
from __future__ import annotations


def init_app(app) -> None:
    """Plug the feature in: its pages, its admin lists, a template test for links to an opgave, its demo step."""
    from flask_login import current_user

    from planner.core import hooks
    from planner.opgaven import admin_views, demo, views
    from planner.opgaven.access import can_view_opgave

    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    app.add_template_global(lambda opgave: opgave is not None and can_view_opgave(current_user, opgave),
                            "can_view_opgave")
    hooks.add(app, "demo", demo.add_opgave_tables)
