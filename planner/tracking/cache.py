"""Short-lived, self-checking caches for the comparison (per worker process).

An entry is used only while its fingerprint still matches: one SQL statement of counts, sums and
latest change times over everything the figures are computed from (programmes, actions and their
areas and milestones, measurements, goal targets, indicators, themes, opgaven, budget lines and
allocations of the municipality). Any new, changed or removed row changes the fingerprint, so a
change is visible on the next request; the time limit only bounds what a fingerprint cannot see
(an indicator renamed, two milestones toggled in opposite directions). Under load a page checked
less than COMPARISON_REVALIDATE_SECONDS ago (default 2) is served without checking again.
"""
from __future__ import annotations

import time

from sqlalchemy import func, or_, select

from planner.actions.models import Action, ActionArea, Milestone
from planner.areas.models import Area
from planner.extensions import db
from planner.programmes.models import Goal, Opgave, Programme, Theme, opgave_themes


class TimedCache:
    def __init__(self, seconds: int, size: int):
        self.seconds, self.size, self._items = seconds, size, {}

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
        if key not in self._items and len(self._items) >= self.size:
            self._items.pop(next(iter(self._items)))
        now = time.monotonic()
        self._items[key] = (now + self.seconds, fingerprint, value, now)

    def clear(self) -> None:
        self._items.clear()


BUDGET = TimedCache(300, 64)
PAGES = TimedCache(120, 256)


def _budget_parts(gm: Area, year: int, programmes, actions) -> list:
    from planner.budget.models import Allocation, BudgetLine

    lines = select(BudgetLine.id).where(BudgetLine.area_id == gm.id, BudgetLine.fiscal_year == year)
    alloc = Allocation.budget_line_id.in_(lines)
    return [
        select(func.count()).where(BudgetLine.id.in_(lines)),
        select(func.sum(BudgetLine.amount)).where(BudgetLine.id.in_(lines)),
        select(func.max(BudgetLine.updated_at)).where(BudgetLine.id.in_(lines)),
        select(func.count()).select_from(Allocation).where(alloc),
        select(func.sum(Allocation.amount)).where(alloc),
        select(func.max(Allocation.id)).where(alloc),
    ]


def _action_parts(programmes, actions) -> list:
    served = ActionArea.action_id.in_(actions)
    steps = Milestone.action_id.in_(actions)
    return [
        select(func.count()).select_from(Action).where(Action.programme_id.in_(programmes)),
        select(func.max(Action.updated_at)).where(Action.programme_id.in_(programmes)),
        select(func.count()).select_from(ActionArea).where(served),
        select(func.sum(ActionArea.weight)).where(served),
        select(func.sum(ActionArea.area_id)).where(served),
    ], [
        select(func.count()).select_from(Milestone).where(steps),
        select(func.count()).select_from(Milestone).where(steps, Milestone.done_on.is_(None)),
        select(func.max(Milestone.id)).where(steps),
    ]


def _scopes(gm: Area):
    """The municipality's programme ids (one indexed read) stand in for 'in this municipality' below,
    so each part of the fingerprint is a plain index probe instead of a nested path search."""
    in_gm = or_(Area.path == gm.path, Area.path.startswith(gm.path + "/", autoescape=True))
    rows = db.session.execute(select(Programme.id, Programme.updated_at).join(Programme.area).where(in_gm)).all()
    ids = sorted(r[0] for r in rows)
    changed = max((r[1] for r in rows), default=None)
    actions = select(Action.id).where(Action.programme_id.in_(ids))
    return in_gm, ids, actions, (len(ids), changed)


def budget_fingerprint(gm: Area, year: int) -> tuple:
    _, programmes, actions, seen = _scopes(gm)
    action_parts, _ = _action_parts(programmes, actions)
    parts = _budget_parts(gm, year, programmes, actions) + action_parts
    return seen + tuple(db.session.execute(select(*[p.scalar_subquery() for p in parts])).one())


def data_fingerprint(gm: Area, year: int) -> tuple[tuple, tuple]:
    """Everything the comparison of `gm` in `year` is computed from, in one statement; also returns
    the part that equals budget_fingerprint(gm, year), so a page miss need not ask twice."""
    from planner.indicators.models import GoalTarget, Indicator, Measurement

    in_gm, programmes, actions, seen = _scopes(gm)
    areas = select(Area.id).where(in_gm)
    measured = Measurement.area_id.in_(areas)
    targeted = GoalTarget.area_id.in_(areas)
    action_parts, milestone_parts = _action_parts(programmes, actions)
    budget_parts = _budget_parts(gm, year, programmes, actions) + action_parts
    parts = budget_parts + milestone_parts + [
        select(func.count()).select_from(Area).where(in_gm),
        select(func.count()).select_from(Measurement).where(measured),
        select(func.max(Measurement.updated_at)).where(measured),
        select(func.count()).select_from(GoalTarget).where(targeted),
        select(func.max(GoalTarget.id)).where(targeted),
        select(func.sum(GoalTarget.target_value)).where(targeted),
        select(func.sum(GoalTarget.baseline_value)).where(targeted),
        select(func.count()).select_from(Indicator),
        select(func.max(Indicator.id)),
        select(func.count()).select_from(Theme),
        select(func.max(Theme.id)),
        select(func.count()).select_from(Opgave),
        select(func.max(Opgave.id)),
        # the theme filter reads goals' themes and opgaven's themes
        select(func.count()).select_from(Goal).where(Goal.programme_id.in_(programmes)),
        select(func.sum(Goal.lock_version)).where(Goal.programme_id.in_(programmes)),
        select(func.sum(func.coalesce(Goal.theme_id, 0))).where(Goal.programme_id.in_(programmes)),
        select(func.count()).select_from(opgave_themes),
        select(func.sum(opgave_themes.c.theme_id + opgave_themes.c.opgave_id)),
    ]
    row = tuple(db.session.execute(select(*[p.scalar_subquery() for p in parts])).one())
    return seen + row[:len(budget_parts)], seen + row
