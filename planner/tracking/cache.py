"""Short-lived, self-checking caches for the comparison (per worker process).

An entry is used only while its fingerprint still matches: one SQL statement of counts, sums and
latest change times over everything the figures are computed from (programmes, actions and their
areas and milestones, measurements, goal targets, indicators, themes, opgaven and their capacity
hours, budget lines and allocations of the municipality). Any new, changed or removed row changes
the fingerprint, so a change is visible on the next request; the time limit only bounds what a fingerprint cannot see
(an indicator renamed, two milestones toggled in opposite directions). Under load a page checked
less than COMPARISON_REVALIDATE_SECONDS ago (default 2) is served without checking again.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import ARRAY, Integer, String, any_, bindparam, cast, func, literal, select, text, union_all

from planner.actions.models import Action, ActionArea, Correction, Milestone
from planner.areas.models import Area
from planner.core.access import path_condition
from planner.extensions import db
from planner.opgaven.models import Opgave, Theme, opgave_themes
from planner.programmes.models import Goal, Programme


class TimedCache:
    """Shared by the threads of a worker (gunicorn's gthread workers): changes under a lock."""

    def __init__(self, seconds: int, size: int):
        self.seconds, self.size, self._items = seconds, size, {}
        self._lock = threading.Lock()

    def recent(self, key, within: float):
        """The value if its fingerprint was checked less than `within` seconds ago (no query at all)."""
        item = self._items.get(key)
        now = time.monotonic()
        if item and item[0] > now and now - item[3] < within:
            return item[2]
        return None

    def get(self, key, fingerprint):
        item = self._items.get(key)
        now = time.monotonic()
        if item and item[0] > now and item[1] == fingerprint:
            self._items[key] = (item[0], item[1], item[2], now)
            return item[2]
        return None

    def put(self, key, fingerprint, value) -> None:
        with self._lock:
            if key not in self._items and len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            now = time.monotonic()
            self._items[key] = (now + self.seconds, fingerprint, value, now)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


BUDGET = TimedCache(300, 64)
PAGES = TimedCache(120, 256)


def _row(tag: str, query, *columns):
    """One aggregate row of the fingerprint: (tag, up to three values), all as text so the rows unite."""
    values = [cast(c, String) for c in columns] + [literal(None, String)] * (3 - len(columns))
    return query.with_only_columns(literal(tag, String), *values)


def _programmes(gm: Area):
    """The municipality's programme ids and area ids (one indexed read): each fingerprint row below
    then joins on an indexed id list instead of a nested search (PostgreSQL turns nested IN
    subqueries into scans)."""
    in_gm = path_condition(Area.path, [gm.path])
    rows = db.session.execute(
        select(Area.id, Programme.id, Programme.updated_at)
        .outerjoin(Programme, Programme.area_id == Area.id)
        .where(in_gm)
    ).all()
    programmes = {r[1]: r[2] for r in rows if r[1] is not None}
    area_ids = sorted({r[0] for r in rows})
    return area_ids, sorted(programmes), (len(programmes), str(max(programmes.values(), default=None)))


def _in(column, name: str, postgresql: bool):
    """`column` in the id list given as parameter `name`: on PostgreSQL one array (as core.sql.ids_in),
    elsewhere an expanding IN."""
    if postgresql:
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


def _of_actions(column, postgresql: bool):
    """`column` refers to an action of the programmes. PostgreSQL gets the action ids as an array
    built by the statement itself (ARRAY(subquery), an InitPlan: with a join or an IN subquery it
    hashes a scan of all milestones); SQLite probes the indexes itself."""
    actions = select(Action.id).where(_in(Action.programme_id, "programme_ids", postgresql))
    if postgresql:
        return column == any_(func.array(actions.scalar_subquery(), type_=ARRAY(Integer)))
    return column.in_(actions)


def _budget_rows(postgresql: bool) -> list:
    from planner.budget.models import Allocation, BudgetLine

    of_gm = (
        BudgetLine.area_id == bindparam("gm_id", type_=Integer),
        BudgetLine.fiscal_year == bindparam("year", type_=Integer),
    )
    mine = _in(Action.programme_id, "programme_ids", postgresql)
    return [
        _row(
            "actions",
            select(Action.id).where(mine),
            func.count(),
            func.max(Action.updated_at),
            func.sum(Action.lock_version),
        ),
        _row(
            "action_areas",
            select(ActionArea.id).where(_of_actions(ActionArea.action_id, postgresql)),
            func.count(),
            func.sum(ActionArea.weight),
            func.sum(ActionArea.area_id),
        ),
        _row(
            "lines",
            select(BudgetLine.id).where(*of_gm),
            func.count(),
            func.sum(BudgetLine.amount),
            func.max(BudgetLine.updated_at),
        ),
        _row(
            "allocations",
            select(Allocation.id).join(BudgetLine, BudgetLine.id == Allocation.budget_line_id).where(*of_gm),
            func.count(),
            func.sum(Allocation.amount),
            func.max(Allocation.id),
        ),
    ]


def _all_rows(postgresql: bool) -> list:
    from planner.indicators.models import GoalTarget, Indicator, Measurement
    from planner.subsidies.models import CapacityEntry

    # Area ids as a list: PostgreSQL then probes the (area_id, updated_at) index instead of scanning.
    areas = _in(Area.id, "area_ids", postgresql)
    return _budget_rows(postgresql) + [
        _row(
            "milestones",
            select(Milestone.id).where(_of_actions(Milestone.action_id, postgresql)),
            func.count(),
            func.count(Milestone.done_on),
            func.max(Milestone.id),
        ),
        _row(
            "corrections",
            select(Correction.id).where(_of_actions(Correction.action_id, postgresql)),
            func.count(),
            func.max(Correction.id),
        ),
        _row(
            "goals",
            select(Goal.id).where(_in(Goal.programme_id, "programme_ids", postgresql)),
            func.count(),
            func.sum(Goal.lock_version),
            func.sum(func.coalesce(Goal.theme_id, 0)),
        ),
        _row(
            "measurements",
            select(Measurement.id).where(_in(Measurement.area_id, "area_ids", postgresql)),
            func.count(),
            func.max(Measurement.updated_at),
        ),
        _row(
            "targets",
            select(GoalTarget.id).where(_in(GoalTarget.area_id, "area_ids", postgresql)),
            func.count(),
            func.max(GoalTarget.id),
            func.sum(GoalTarget.target_value + GoalTarget.baseline_value),
        ),
        _row("areas", select(Area.id).where(areas), func.count(), func.sum(Area.id)),
        _row("indicators", select(Indicator.id), func.count(), func.max(Indicator.id)),
        _row("themes", select(Theme.id), func.count(), func.max(Theme.id)),
        _row("opgaven", select(Opgave.id), func.count(), func.max(Opgave.id)),
        _row(
            "capacity",
            select(CapacityEntry.id).where(CapacityEntry.year == bindparam("year", type_=Integer)),
            func.count(),
            func.sum(CapacityEntry.planned_hours + CapacityEntry.actual_hours),
            func.max(CapacityEntry.id),
        ),
        _row(
            "opgave_themes",
            select(opgave_themes.c.theme_id),
            func.count(),
            func.sum(opgave_themes.c.theme_id + opgave_themes.c.opgave_id),
        ),
    ]


# The two fingerprint statements, built once per dialect with the ids, municipality and year as
# parameters: built anew per request they would be constructed again and their cache key derived
# again (a statement object keeps its key) before SQLAlchemy found the compiled form.
_STATEMENTS: dict[tuple[str, bool], object] = {}


def _run(everything: bool, params: dict) -> tuple:
    dialect = db.session.get_bind().dialect.name
    statement = _STATEMENTS.get((dialect, everything))
    if statement is None:
        rows = (_all_rows if everything else _budget_rows)(dialect == "postgresql")
        statement = _STATEMENTS[(dialect, everything)] = union_all(*rows)
    if dialect == "postgresql":
        # The branches are small index reads, but their summed cost makes PostgreSQL start parallel
        # workers for the UNION ALL, which on a busy server costs many times the reads themselves.
        # Serial plans for the rest of this (read-only) request's transaction.
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    # Sorted by tag: the branches of a UNION ALL may come in any order.
    return tuple(sorted(tuple(r) for r in db.session.execute(statement, params).all()))


def budget_fingerprint(gm: Area, year: int) -> tuple:
    _, ids, seen = _programmes(gm)
    return seen + _run(False, {"programme_ids": ids, "gm_id": gm.id, "year": year})


def data_fingerprint(gm: Area, year: int) -> tuple[tuple, tuple]:
    """Everything the comparison of `gm` in `year` is computed from, in one statement; also returns
    the part that equals budget_fingerprint(gm, year), so a page miss need not ask twice."""
    area_ids, ids, seen = _programmes(gm)
    result = _run(True, {"programme_ids": ids, "area_ids": area_ids, "gm_id": gm.id, "year": year})
    budget_tags = {"actions", "action_areas", "lines", "allocations"}
    return seen + tuple(r for r in result if r[0] in budget_tags), seen + result
