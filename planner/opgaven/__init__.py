"""Opgaven: the societal challenges programmes work on, with their lifecycle and their table of parties."""

from __future__ import annotations


def init_app(app) -> None:
    """Plug the feature in: its pages, its admin lists, the organisations import, a template test for links to an
    opgave, the partner role's closed pages, its demo step."""
    from flask_login import current_user

    from planner.core import hooks
    from planner.excel import targets
    from planner.opgaven import admin_views, demo, importers, views, worklist
    from planner.opgaven.access import can_view_opgave, close_other_pages_to_partners, is_partner_only

    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    # Organisations are shared by the installation, not tied to an area: a functioneel beheerder
    # anywhere may import them, as he may edit them under Beheer (access.is_admin).
    targets.register_target(app, "organisations", importers.apply_organisations, capability="admin")
    # What a refused revert of that import names: rows still pointing at organisations it created.
    for table, label in (
        ("partners", "samengevoegde organisaties"),
        ("opgave_partners", "plaatsen aan tafel"),
        ("agreements", "afspraken"),
        ("meeting_attendees", "aanwezigen bij tafeloverleggen"),
    ):
        targets.register_table_label(app, table, label)
    app.add_template_global(
        lambda opgave: opgave is not None and can_view_opgave(current_user, opgave), "can_view_opgave"
    )
    app.before_request(lambda: close_other_pages_to_partners(current_user))
    app.add_template_global(lambda: is_partner_only(current_user), "is_partner_only")
    hooks.add(app, "demo", demo.add_opgave_tables)
    hooks.add(app, "worklist", worklist.agreements_due)
    _audit_names(app)


def _audit_names(app) -> None:
    """The audit trail stores the ids of a trekker, a party and a theme; the history shows their names."""
    from planner.core import display
    from planner.extensions import db
    from planner.opgaven.models import Organisation, Theme

    def name_of(model):
        return lambda id_: getattr(db.session.get(model, id_), "name", None)

    for field in ("owner_organisation_id", "organisation_id"):
        display.add_value_label(app, field, name_of(Organisation))
    display.add_value_label(app, "theme_id", name_of(Theme))
