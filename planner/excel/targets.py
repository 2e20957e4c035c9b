"""Where parsed records go. Each feature registers an *applier* for a profile `target`
(areas, measurements, budget_lines, agenda_items, programme_workbook, contributions …).

An applier gets an ImportContext, writes through the ORM (add + flush, never commit) and
returns an ApplyResult: counts, every row error (with sheet/row/column, in Dutch) and the
changes needed to revert the run. The import runner (one code path for browser and CLI)
rolls everything back when there is any error: imports are all-or-nothing.

    from planner.excel.targets import ApplyResult, applier, upsert

    @applier("budget_lines")
    def apply_budget_lines(ctx):
        result = ApplyResult()
        existing = {...prefetched by key...}
        for record in ctx.records:
            ...
            upsert(result, BudgetLine, key={...}, values={...}, existing=existing.get(key))
        return result
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import inspect, select

from planner.core.audit import jsonable
from planner.excel.errors import RowError, place
from planner.extensions import db


@dataclass
class ImportContext:
    profile: object  # planner.excel.profiles.Profile
    result: object  # planner.excel.engine.ParseResult
    user: object | None = None
    run_id: int | None = None
    options: dict = field(default_factory=dict)  # e.g. fiscal_year, area (municipality code), kind
    dry_run: bool = False

    @property
    def records(self):
        return self.result.records

    def table(self, target: str):
        return self.result.table(target)


@dataclass
class Change:
    """What to undo: a created row is deleted; an updated row gets its `before` values back."""

    entity_type: str
    entity_id: int | None
    op: str  # "create" or "update"
    before: dict | None = None
    obj: object | None = field(default=None, repr=False)  # resolved to entity_id after flush


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def error(self, sheet, row, column, message: str) -> None:
        """Record a row error; `message` says what is wrong and what to do (the place is prefixed)."""
        prefix = place(sheet, row, column)
        self.errors.append(RowError(sheet, row, column, f"{prefix}: {message}" if prefix else message))

    def resolve_ids(self) -> None:
        """After a flush: created objects now have ids to record for a revert."""
        for change in self.changes:
            if change.obj is not None and change.entity_id is None:
                change.entity_id = inspect(change.obj).identity[0]


APPLIERS: dict[str, Callable[[ImportContext], ApplyResult]] = {}


def applier(target: str):
    def register(func):
        APPLIERS[target] = func
        return func
    return register


def get_applier(target: str) -> Callable[[ImportContext], ApplyResult]:
    try:
        return APPLIERS[target]
    except KeyError:
        raise LookupError(f"Er is geen verwerking voor doel '{target}'. Kies een ander profiel.") from None


def upsert(result: ApplyResult, model, *, key: dict, values: dict, existing=None, lookup: bool = True):
    """Create or update one row, counting created/updated/unchanged and keeping a before-image.

    Pass `existing` (prefetched by key) to avoid one SELECT per row on large files; with
    `lookup=False` and no `existing` the row is known to be new.
    """
    obj = existing
    if obj is None and lookup:
        obj = db.session.execute(select(model).filter_by(**key)).scalar_one_or_none()
    if obj is None:
        obj = model(**key, **values)
        db.session.add(obj)
        result.created += 1
        result.changes.append(Change(model.__name__, None, "create", obj=obj))
        return obj
    before = {}
    for name, value in values.items():
        current = getattr(obj, name)
        if current != value:
            before[name] = jsonable(current)
            setattr(obj, name, value)
    if before:
        result.updated += 1
        result.changes.append(Change(model.__name__, obj.id, "update", before=before))
    else:
        result.unchanged += 1
    return obj
