"""How audit values read on screen: Dutch field names and Dutch dates instead of column names and ISO."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from flask import current_app
from flask_babel import lazy_gettext as _

from planner.core.i18n import nl_date

# Column and relation names that audit events and stale-form notices show, by their Dutch label.
FIELD_LABELS = {
    "title": _("Titel"),
    "name": _("Naam"),
    "code": _("Code"),
    "number": _("Nummer"),
    "summary": _("Samenvatting"),
    "description": _("Omschrijving"),
    "ambition": _("Wat willen we bereiken?"),
    "approach": _("Wat gaan we daarvoor doen?"),
    "cost_notes": _("Wat mag het kosten?"),
    "start_year": _("Beginjaar"),
    "end_year": _("Eindjaar"),
    "status": _("Status"),
    "decision_reference": _("Besluit"),
    "area_id": _("Gebied"),
    "opgave_id": _("Opgave"),
    "programme_id": _("Programma"),
    "goal_id": _("Doel"),
    "theme_id": _("Thema"),
    "action_id": _("Actie"),
    "parent_id": _("Onderdeel van actie"),
    "owner": _("Trekker"),
    "owner_organisation_id": _("Trekker"),
    "owner_person": _("Contactpersoon bij de trekker"),
    "partners": _("Partners"),
    "progress": _("Voortgang (%)"),
    "weight": _("Gewicht"),
    "start_date": _("Startdatum"),
    "end_date": _("Einddatum"),
    "due_date": _("Datum"),
    "done_on": _("Gereed op"),
    "note": _("Toelichting"),
    "text": _("Tekst"),
    "subject_label": _("Over"),
    "version_number": _("Versie"),
    "author_id": _("Door (nummer)"),
    "author_name": _("Door"),
    "organisation_id": _("Organisatie"),
    "answer": _("Antwoord"),
    "outcome": _("Wat ermee is gedaan"),
    "answered_by_id": _("Beantwoord door (nummer)"),
    "answered_by_name": _("Beantwoord door"),
    "answered_at": _("Beantwoord op"),
    "level": _("Niveau"),
    "valid_from": _("Geldig vanaf"),
    "valid_to": _("Geldig tot"),
    "email": _("E-mailadres"),
    "is_enabled": _("Actief"),
    "role": _("Rol"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def field_label(key: str) -> str:
    """The Dutch label of an audited field; an unknown key is shown as is, without underscores."""
    label = FIELD_LABELS.get(key)
    return str(label) if label is not None else str(key).replace("_", " ")


def audit_value(value) -> str:
    """An audited JSON value as a person reads it: '–' for nothing, 1 mrt 2026 for a date, lists joined."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        return nl_date(date.fromisoformat(value))
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            return nl_date(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


# field → function(id) giving the name of the row an audited foreign key points at; features register them
# (the trail stores ids, so a renamed organisation reads with its current name everywhere).
VALUE_LABELS = "planner.audit_value_labels"


def add_value_label(app, field: str, label: Callable[[int], str | None]) -> None:
    """Show the audited id in `field` by the name `label(id)` returns (None: the id as it is)."""
    app.extensions.setdefault(VALUE_LABELS, {})[field] = label


def audit_field_value(value, field: str) -> str:
    """An audited value of `field`: a registered foreign key by name, anything else as audit_value shows it."""
    label = current_app.extensions.get(VALUE_LABELS, {}).get(field)
    if label is not None and isinstance(value, int) and not isinstance(value, bool):
        name = label(value)
        if name:
            return name
    return audit_value(value)


def init_app(app) -> None:
    app.jinja_env.filters.update(field_label=field_label, audit_value=audit_value, audit_field_value=audit_field_value)
