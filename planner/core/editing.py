"""How a view saves: it calls services inside `refusals(...)` and returns; the request's commit point
(planner.core.transaction) commits. A refusal is rolled back and shown with the user's input kept."""

from __future__ import annotations

from contextlib import contextmanager

from flask import flash
from flask_babel import gettext
from sqlalchemy.orm.exc import StaleDataError

from planner.core.audit import changes_since, latest_audit_id
from planner.core.errors import PlannerError, StaleEditError
from planner.core.forms import apply_planner_error
from planner.extensions import db


@contextmanager
def refusals(form=None, *, entity=None, beside: str | None = None):
    """Catch a PlannerError from the services called in the block: roll back everything the request
    did and show the message beside its field on `form` (at the top of the form if it names none,
    or beside the field `beside`), or flash it when there is no form. The view then carries on after
    the block, so it shows the form again as the user filled it in.

    With `entity`, the object a LockedForm edits: a stale form (someone saved it after the form was
    opened) starts again from the saved version and `form.conflict` lists the colleague's changes.
    """
    try:
        yield
    except PlannerError as error:
        db.session.rollback()
        if entity is not None and isinstance(error, StaleEditError):
            _start_again(form, entity)
        elif form is None:
            flash(error.message, "error")
        else:
            apply_planner_error(form, PlannerError(error.message, error.field or beside))
    except StaleDataError:  # the same race, caught by the version counter when the service flushed
        if entity is None:
            raise
        db.session.rollback()
        _start_again(form, entity)


def _start_again(form, entity) -> None:
    db.session.refresh(entity)
    seen = form.seen_audit_id.data
    form.conflict = changes_since(entity, seen if str(seen or "").isascii() and str(seen).isdigit() else None) or [None]
    form.start_from(entity, latest_audit_id(entity))
    form.form_errors.append(
        gettext(
            "Iemand anders heeft dit opgeslagen nadat u het formulier opende. Uw tekst staat nog in het "
            "formulier; de wijzigingen van uw collega ziet u hieronder. Neem over wat nodig is en sla opnieuw op."
        )
    )
