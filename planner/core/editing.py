"""The save step shared by every edit view: service call, stale-form handling, one commit."""
from __future__ import annotations

from flask import flash
from flask_babel import gettext
from sqlalchemy.orm.exc import StaleDataError

from planner.core.errors import PlannerError, StaleEditError
from planner.core.forms import apply_planner_error
from planner.extensions import db


def commit_or_flash(action, success) -> bool:
    """A button without fields: run the service call and commit, then flash `success` (a text, or
    a function of what the call returned). A refusal is rolled back and flashed as the error.
    Returns whether it was saved."""
    try:
        result = action()
        db.session.commit()
    except PlannerError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    flash(success(result) if callable(success) else success, "success")
    return True


def save_form(form, save, *, entity=None, success: str) -> tuple[bool, list]:
    """Run `save()`; commit on success. On a stale form return the colleague's changes.

    Returns (saved, conflict_events). Nothing is written when saving fails.
    """
    from planner.programmes.services import changes_since, latest_audit_id

    try:
        save()
        db.session.commit()
    except (StaleEditError, StaleDataError):
        db.session.rollback()
        if entity is not None:
            db.session.refresh(entity)
        events = changes_since(entity, form.seen_audit_id.data) if entity is not None else []
        form.start_from(entity, latest_audit_id(entity))
        form.form_errors.append(gettext(
            "Iemand anders heeft dit opgeslagen nadat u het formulier opende. Uw tekst staat nog in het "
            "formulier; de wijzigingen van uw collega ziet u hieronder. Neem over wat nodig is en sla opnieuw op."
        ))
        return False, events or [None]
    except PlannerError as error:
        db.session.rollback()
        apply_planner_error(form, error)
        return False, []
    flash(success, "success")
    return True, []
