"""What a syncing dashboard relies on, kept in one place for every write in the application:

- a change to a part of an object (an action's milestones, areas, commitments or partners; a
  programme's goals; an opgave's table, themes or areas) moves the object's updated_at, so
  `updated_since` finds it. Written with a plain UPDATE after the flush: the object's lock_version
  stays, so a form open on the object is not refused because one of its parts changed;
- a deleted object (also a measurement) leaves a tombstone (kind, id or code, area path, time), listed by /api/v1/deleted.

A bulk DELETE statement run through the session (`session.execute(delete(Model).where(...))`, as
deleting an indicator with its measurements, or reverting an import) leaves the same tombstones: the
rows it is about to delete are read first (do_orm_execute). Not reported: rows the database itself
removes by ON DELETE CASCADE without the session loading them, and a restored backup (which replaces
every table: a dashboard loads everything again after a restore).
"""

from __future__ import annotations

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.orm import Session

from planner.actions.models import Action, PartOfAction
from planner.agenda.models import AgendaItem
from planner.api.models import Tombstone
from planner.areas.models import Area
from planner.core.models import utcnow
from planner.cycle.models import PcMoment
from planner.indicators.models import GoalTarget, Measurement
from planner.learning.models import Lesson
from planner.opgaven.models import Agreement, Opgave, Organisation, Seat, TableMeeting
from planner.programmes.models import Goal, Programme

_LISTED = (Action, Programme, AgendaItem, Opgave, Organisation, Area)
_PENDING = "api_sync"  # session.info: what this flush touched and deleted, written after it


def _tombstone(obj) -> dict | None:
    """The tombstone of an object the API lists, or None."""
    if isinstance(obj, Action):
        kind, key, area = "actions", obj.id, obj.programme.area if obj.programme else None
    elif isinstance(obj, Programme | AgendaItem | Opgave):
        kind = {Programme: "programmes", AgendaItem: "agenda-items", Opgave: "opgaven"}[type(obj)]
        key, area = obj.id, obj.area
    elif isinstance(obj, Organisation):
        kind, key, area = "partijen", obj.id, None
    elif isinstance(obj, Area):
        kind, key, area = "areas", obj.code, obj
    elif isinstance(obj, Measurement):
        kind, key, area = "measurements", obj.id, obj.area
    elif isinstance(obj, PcMoment):
        kind, key, area = "pc-moments", obj.id, obj.area
    elif isinstance(obj, Lesson):
        subject = (obj.reflection.programme or obj.reflection.opgave) if obj.reflection else None
        kind, key, area = "lessons", obj.id, subject.area if subject else None
    else:
        return None
    return {"kind": kind, "object_key": str(key), "area_path": area.path if area else None}


_BURIED = (Action, Programme, AgendaItem, Opgave, Organisation, Area, Measurement, PcMoment, Lesson)


def _before_bulk_delete(state) -> None:
    """A bulk DELETE of listed objects: their tombstones, read before the rows are gone."""
    if not state.is_delete or state.bind_mapper is None:
        return
    model = state.bind_mapper.class_
    if not issubclass(model, _BURIED):
        return
    session = state.session
    known = set(session.identity_map.keys())
    where = state.statement.whereclause
    query = select(model) if where is None else select(model).where(where)
    objs = session.scalars(query.execution_options(autoflush=False)).all()
    rows = [row for row in map(_tombstone, objs) if row is not None]
    for obj in objs:  # the statement may not synchronise the session: leave no stale object behind
        if inspect(obj).key not in known:
            session.expunge(obj)
    if rows:
        now = utcnow()
        session.execute(insert(Tombstone), [row | {"deleted_at": now} for row in rows])


def _owner(obj):
    """The listed object a part belongs to, whose updated_at a change of the part moves."""
    if isinstance(obj, PartOfAction):
        return obj.action
    if isinstance(obj, Seat | Agreement | TableMeeting):
        return obj.opgave
    if isinstance(obj, Goal):
        return obj.programme
    if isinstance(obj, GoalTarget):
        return obj.goal.programme if obj.goal else None
    return None


def _before_flush(session, flush_context, instances) -> None:
    touched, buried = {}, []
    for obj in (*session.new, *session.dirty, *session.deleted):
        owner = _owner(obj)
        if owner is None and isinstance(obj, _LISTED) and obj in session.dirty and session.is_modified(obj):
            owner = obj  # a collection (partners, themes, areas) may have changed without a column
        if owner is not None and owner not in session.deleted and not inspect(owner).pending:
            touched.setdefault(type(owner), set()).add(owner.id)
    for obj in session.deleted:  # read now, while what they belong to is still loaded
        if (row := _tombstone(obj)) is not None:
            buried.append(row)
    if touched or buried:
        pending = session.info.setdefault(_PENDING, ([], []))
        pending[0].append(touched)
        pending[1].extend(buried)


def _after_flush(session, flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    now = utcnow()
    for touched in pending[0]:
        for model, ids in touched.items():
            ids.discard(None)
            if ids:
                session.execute(update(model.__table__).where(model.__table__.c.id.in_(ids)).values(updated_at=now))
    if pending[1]:
        session.execute(insert(Tombstone), [row | {"deleted_at": now} for row in pending[1]])


def install() -> None:
    """Listen to every session's flushes (once per process)."""
    if not event.contains(Session, "before_flush", _before_flush):
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _before_bulk_delete)
