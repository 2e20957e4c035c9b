"""What a syncing dashboard relies on, kept in one place for every write in the application:

- a change to a part of an object (an action's milestones, areas, commitments or partners; a
  programme's goals; an opgave's table, themes or areas) moves the object's updated_at, so
  `updated_since` finds it. Written with a plain UPDATE after the flush: the object's lock_version
  stays, so a form open on the object is not refused because one of its parts changed;
- a deleted object (also a measurement) leaves a tombstone (kind, id or code, area path, time), listed by /api/v1/deleted.

A bulk DELETE statement run through the session (`session.execute(delete(Model).where(...))`, as
deleting an indicator with its measurements, or reverting an import) leaves the same tombstones: the
rows it is about to delete are read first (do_orm_execute). So do rows the database deletes along
with them (ON DELETE CASCADE, e.g. the lessons of a deleted programme's reflections): before any
delete, the foreign keys of the schema are followed from the deleted rows to every listed row that
will go with them. Not reported: a restored backup (which replaces every table: a dashboard loads
everything again after a restore).
"""

from __future__ import annotations

from sqlalchemy import event, insert, inspect, select, true, update
from sqlalchemy.orm import Session

from planner.actions.models import Action, PartOfAction
from planner.agenda.models import AgendaItem
from planner.api.models import Tombstone
from planner.areas.models import Area
from planner.budget.models import FundingSource
from planner.core.models import utcnow
from planner.cycle.models import PcMoment
from planner.indicators.models import GoalTarget, Measurement
from planner.learning.models import Lesson
from planner.opgaven.models import Agreement, Opgave, Organisation, Seat, TableMeeting
from planner.programmes.models import Goal, Programme
from planner.subsidies.models import CapacityEntry, SubsidyApplication, SubsidyPayment, SubsidyScheme
from planner.tracking.models import ProgressUpdate

_LISTED = (Action, Programme, AgendaItem, Opgave, Organisation, Area, SubsidyScheme, SubsidyApplication)
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
    elif isinstance(obj, Goal):
        kind, key, area = "goals", obj.id, obj.programme.area if obj.programme else None
    elif isinstance(obj, ProgressUpdate | FundingSource):
        kind = "progress-updates" if isinstance(obj, ProgressUpdate) else "funding-sources"
        key, area = obj.id, obj.action.programme.area if obj.action and obj.action.programme else None
    elif isinstance(obj, SubsidyScheme):  # seen in all of its municipality, as the regelingen page shows them
        path = obj.area.path.split("/")[0] if obj.area else None
        return {"kind": "subsidy-schemes", "object_key": str(obj.id), "area_path": path}
    elif isinstance(obj, SubsidyApplication):
        kind, key, area = "subsidies", obj.id, obj.area
    elif isinstance(obj, Agreement):
        kind, key, area = "agreements", obj.id, obj.opgave.area if obj.opgave else None
    elif isinstance(obj, CapacityEntry):
        kind, key, area = "capacity", obj.id, obj.opgave.area if obj.opgave else None
    else:
        return None
    return {"kind": kind, "object_key": str(key), "area_path": area.path if area else None}


_BURIED = (
    Action,
    Programme,
    AgendaItem,
    Opgave,
    Organisation,
    Area,
    Measurement,
    PcMoment,
    Lesson,
    Goal,
    ProgressUpdate,
    FundingSource,
    SubsidyScheme,
    SubsidyApplication,
    CapacityEntry,
    Agreement,
)
_MODEL_OF = {model.__table__: model for model in _BURIED}


def _cascades() -> dict:
    """Per table: the (child table, its foreign key column, the column it refers to) that the database
    deletes along with a row (ON DELETE CASCADE), only where a listed table lies at the end of the chain."""
    children: dict = {}
    for table in Action.metadata.tables.values():
        for fk in table.foreign_keys:
            if (fk.ondelete or "").upper() == "CASCADE":
                children.setdefault(fk.column.table, []).append((table, fk.parent, fk.column))
    reaches: dict = {}

    def leads_to_listed(table) -> bool:
        if table not in reaches:
            reaches[table] = False  # a cycle leads nowhere new
            reaches[table] = any(
                child in _MODEL_OF or leads_to_listed(child) for child, _, _ in children.get(table, ())
            )
        return reaches[table]

    return {
        table: [c for c in links if c[0] in _MODEL_OF or leads_to_listed(c[0])]
        for table, links in children.items()
        if leads_to_listed(table)
    }


_CASCADE_CACHE: dict = {}


def _cascades_from(table) -> list:
    if not _CASCADE_CACHE:
        _CASCADE_CACHE.update(_cascades() or {None: []})
    return _CASCADE_CACHE.get(table, [])


def _cascaded(session, table, condition, path=()) -> list:
    """The listed objects the database deletes along with the rows of `table` that match `condition`."""
    found = []
    for child, column, referred in _cascades_from(table):
        if child in path:
            continue
        child_condition = column.in_(select(referred).where(condition))
        if child in _MODEL_OF:
            query = select(_MODEL_OF[child]).where(child_condition).execution_options(autoflush=False)
            found.extend(session.scalars(query).all())
        found.extend(_cascaded(session, child, child_condition, (*path, table)))
    return found


def _tombstones(objs) -> list[dict]:
    """The tombstones of `objs`, once per object."""
    rows, seen = [], set()
    for obj in objs:
        row = _tombstone(obj)
        if row is not None and (row["kind"], row["object_key"]) not in seen:
            seen.add((row["kind"], row["object_key"]))
            rows.append(row)
    return rows


def _forget(session, objs, known) -> None:
    """Remove from the session what a read for tombstones loaded into it: those rows are about to go,
    and the session would keep them as stale objects."""
    for obj in objs:
        state = inspect(obj)
        if state.key not in known and state.session_id == session.hash_key:
            session.expunge(obj)


def _before_bulk_delete(state) -> None:
    """A bulk DELETE of listed objects (or of rows that listed objects go with): their tombstones,
    read before the rows are gone."""
    if not state.is_delete or state.bind_mapper is None:
        return
    table = state.bind_mapper.local_table
    if table not in _MODEL_OF and not _cascades_from(table):
        return
    session = state.session
    known = set(session.identity_map.keys())
    where = state.statement.whereclause
    condition = where if where is not None else true()
    objs = []
    if table in _MODEL_OF:
        objs = session.scalars(select(_MODEL_OF[table]).where(condition).execution_options(autoflush=False)).all()
    objs = [*objs, *_cascaded(session, table, condition)]
    rows = _tombstones(objs)
    _forget(session, objs, known)  # the statement may not synchronise the session
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
    if isinstance(obj, SubsidyPayment):
        return obj.application
    return None


def _before_flush(session, flush_context, instances) -> None:
    touched, buried = {}, []
    for obj in (*session.new, *session.dirty, *session.deleted):
        owner = _owner(obj)
        if owner is None and isinstance(obj, _LISTED) and obj in session.dirty and session.is_modified(obj):
            owner = obj  # a collection (partners, themes, areas) may have changed without a column
        if owner is not None and owner not in session.deleted and not inspect(owner).pending:
            touched.setdefault(type(owner), set()).add(owner.id)
    deleted = list(session.deleted)
    if deleted:  # read now, while what they belong to is still there
        known = set(session.identity_map.keys())
        by_table: dict = {}
        for obj in deleted:
            table = inspect(obj).mapper.local_table
            if _cascades_from(table) and inspect(obj).identity is not None:
                by_table.setdefault(table, []).append(inspect(obj).identity)
        cascaded = []
        for table, identities in by_table.items():
            key = list(table.primary_key.columns)
            if len(key) == 1:
                cascaded.extend(_cascaded(session, table, key[0].in_([i[0] for i in identities])))
        buried.extend(_tombstones([*deleted, *cascaded]))
        _forget(session, cascaded, known)
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
