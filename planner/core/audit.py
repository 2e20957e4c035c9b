"""Audit trail written from SQLAlchemy flush events, so no service can forget it.

Every model with an `audit_label()` method is audited: on create, update and delete an
AuditEvent records who did it and the before/after values of the changed fields. A model with an
`audit_scope()` method, returning (programme_id, action_id), files its events under those
histories; the trail itself knows no feature.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context
from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session

from planner.core.models import AuditEvent, utcnow
from planner.extensions import db

# file_data: the bytes of an uploaded attachment (its name, size and SHA-256 are audited instead).
SKIPPED_FIELDS = {
    "lock_version",
    "created_at",
    "updated_at",
    "password_hash",
    "token_hash",
    "last_used_at",
    "last_login_at",
    "session_version",  # raised on logout and password changes; those get an event of their own
    "file_data",
}
_cli_actor: contextvars.ContextVar = contextvars.ContextVar("cli_actor", default=None)


@contextmanager
def acting_as(user):
    """Attribute changes made outside a request (CLI, imports) to `user`."""
    token = _cli_actor.set(user)
    try:
        yield
    finally:
        _cli_actor.reset(token)


_audit_at: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("audit_at", default=None)


@contextmanager
def dated(at: datetime):
    """Date the events written inside at `at` instead of now: history brought in afterwards (the demo's story)."""
    token = _audit_at.set(at)
    try:
        yield
    finally:
        _audit_at.reset(token)


def current_actor():
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user
    return _cli_actor.get()


def jsonable(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if hasattr(value, "audit_label"):
        return value.audit_label()
    if hasattr(value, "name") and not isinstance(value, (str, int, float)):
        return value.name
    if hasattr(value, "code") and not isinstance(value, (str, int, float)):
        return value.code
    return value


def _scope(obj) -> tuple[int | None, int | None]:
    return obj.audit_scope() if hasattr(obj, "audit_scope") else (None, None)


def _audited_relations(obj) -> tuple[str, ...]:
    return getattr(type(obj), "__audit_relations__", ())


def _state_dict(obj) -> dict:
    mapper = inspect(obj).mapper
    out = {c.key: jsonable(getattr(obj, c.key)) for c in mapper.column_attrs if c.key not in SKIPPED_FIELDS}
    for rel in _audited_relations(obj):
        out[rel] = jsonable(list(getattr(obj, rel)))
    return out


def _changes(obj) -> tuple[dict, dict]:
    state = inspect(obj)
    before, after = {}, {}
    for attr in state.mapper.column_attrs:
        if attr.key in SKIPPED_FIELDS:
            continue
        hist = state.attrs[attr.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if jsonable(old) != jsonable(new):
                before[attr.key], after[attr.key] = jsonable(old), jsonable(new)
    for rel in _audited_relations(obj):
        hist = state.attrs[rel].history
        if hist.has_changes():
            now = list(getattr(obj, rel))
            was = [o for o in now if o not in hist.added] + list(hist.deleted)
            before[rel], after[rel] = sorted(jsonable(was)), sorted(jsonable(now))
    return before, after


def _row(obj, kind, before, after, actor):
    programme_id, action_id = _scope(obj)
    return {
        "at": _audit_at.get() or utcnow(),
        "user_id": getattr(actor, "id", None),
        "user_label": getattr(actor, "email", None) or "systeem",
        "entity_type": type(obj).__name__,
        "entity_id": inspect(obj).identity[0] if inspect(obj).identity else obj.id,
        "entity_label": str(obj.audit_label())[:300],
        "programme_id": programme_id,
        "action_id": action_id,
        "event": kind,
        "before": before,
        "after": after,
    }


@event.listens_for(Session, "after_flush")
def _write_audit_events(session, flush_context):
    actor = current_actor()
    rows = []
    for obj in session.new:
        if hasattr(obj, "audit_label"):
            rows.append(_row(obj, "create", None, _state_dict(obj), actor))
    for obj in session.dirty:
        if hasattr(obj, "audit_label") and session.is_modified(obj, include_collections=True):
            before, after = _changes(obj)
            if before or after:
                rows.append(_row(obj, session.info.get("audit_event", "update"), before, after, actor))
    for obj in session.deleted:
        if hasattr(obj, "audit_label"):
            rows.append(_row(obj, "delete", _state_dict(obj), None, actor))
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


_ACTOR = object()


def record_event(entity, kind: str, details: dict | None = None, actor=_ACTOR) -> None:
    """An event that is not a change of columns (a sign-in, a password reset), on `entity`'s trail."""
    row = _row(entity, kind, None, details, current_actor() if actor is _ACTOR else actor)
    db.session.execute(insert(AuditEvent), [row])


def record_anonymous_login_failure() -> None:
    """A failed sign-in for an address that has no account: counted on the trail, the address itself not kept."""
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "at": utcnow(),
                "user_id": None,
                "user_label": "anoniem",
                "entity_type": "Login",
                "entity_id": 0,
                "entity_label": "Onbekend e-mailadres",
                "event": "login_failed",
            }
        ],
    )


def changes_since(entity, seen_audit_id: int | None) -> list[AuditEvent]:
    """Audit events on `entity` after the form was opened: what a colleague changed meanwhile."""
    query = select(AuditEvent).where(AuditEvent.entity_type == type(entity).__name__, AuditEvent.entity_id == entity.id)
    if seen_audit_id:
        query = query.where(AuditEvent.id > int(seen_audit_id))
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def latest_audit_id(entity) -> int:
    return (
        db.session.scalar(
            select(func.max(AuditEvent.id)).where(
                AuditEvent.entity_type == type(entity).__name__, AuditEvent.entity_id == entity.id
            )
        )
        or 0
    )
