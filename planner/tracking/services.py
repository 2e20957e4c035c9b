"""Tracking rules: progress updates kept as history, and the late actions of a programme or ward."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.actions.models import ACTION_STATUS_LABELS, Action
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.tracking.delay import delay_reasons
from planner.tracking.models import ProgressUpdate

PERIOD_RE = re.compile(r"^(\d{4})-Q([1-4])$")
DATE_RE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
MAX_TEXT = 1000


def current_period(today: date) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def normalise_period(raw: str) -> str:
    """'2026-Q3', '2026-q3', '2026 Q3' → '2026-Q3'; a date (2026-09-30 or 30-09-2026) → ISO date."""
    text = (raw or "").strip().upper().replace(" ", "-")
    match = PERIOD_RE.match(text)
    if match and 2000 <= int(match.group(1)) <= 2100:
        return text
    try:
        day = date.fromisoformat(text) if re.match(r"^\d{4}-\d{2}-\d{2}$", text) else None
        if day is None and (m := DATE_RE.match(text)):
            day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        raise PlannerError(
            f"'{raw}' is geen periode. Vul een kwartaal in als 2026-Q3 of een datum als 30-09-2026.", "period"
        )
    return day.isoformat()


def record_progress(
    action: Action, *, period: str, progress: int, status: str, text: str, user=None, created_at=None
) -> ProgressUpdate:
    """Add a progress update and carry its progress and status over to the action (same checks as editing).
    `created_at`: when the report was written, for history loaded afterwards (the demo); default now."""
    from planner.actions.services import update_action

    period = normalise_period(period)
    text = (text or "").strip()
    if not text:
        raise PlannerError("Schrijf in een paar zinnen wat er deze periode is gebeurd.", "text")
    if len(text) > MAX_TEXT:
        raise PlannerError(f"Houd de toelichting kort: hoogstens {MAX_TEXT} tekens (nu {len(text)}).", "text")
    if status not in ACTION_STATUS_LABELS:
        raise PlannerError(f"Onbekende status '{status}'.", "status")
    update_action(action, None, progress=int(progress), status=status)
    update = ProgressUpdate(
        action=action,
        action_id=action.id,
        period=period,
        progress=int(progress),
        status=status,
        text=text,
        author_id=getattr(user, "id", None),
        author_label=getattr(user, "name", "") or "",
    )
    if created_at is not None:
        update.created_at = created_at
    db.session.add(update)
    db.session.flush()
    return update


def progress_story(action: Action) -> list[ProgressUpdate]:
    """The action's updates, oldest first."""
    return list(
        db.session.scalars(
            select(ProgressUpdate)
            .where(ProgressUpdate.action_id == action.id)
            .order_by(ProgressUpdate.created_at, ProgressUpdate.id)
        )
    )


@dataclass
class LateAction:
    action: Action
    reasons: list[str]


def late_actions(actions_query, today: date, limit: int | None = None) -> list[LateAction]:
    """The late ones among a (scoped) action query, with their reasons; milestones loaded in one go."""
    from planner.tracking.delay import late_condition

    query = (
        actions_query.where(late_condition(today))
        .options(selectinload(Action.milestones))
        .order_by(Action.end_date, Action.id)
    )
    if limit:
        query = query.limit(limit)
    return [LateAction(a, delay_reasons(a, today)) for a in db.session.scalars(query)]


# ---- the ward's story ------------------------------------------------------------------------


@dataclass
class WardStory:
    ward: object
    gm: object
    year: int
    row: object  # comparison WardRow of this ward
    comparison: object
    programmes: list
    programme_counts: dict
    current: list
    late: list
    updates: list
    budget: object | None
    series: list


def _served_by(area_ids):
    from planner.actions.models import ActionArea

    return Action.id.in_(select(ActionArea.action_id).where(ActionArea.area_id.in_(area_ids)))


def ward_story(user, ward, year: int, today: date) -> WardStory:
    """One screen on one ward: programmes, counts, current and late actions, updates, money, indicators."""
    from sqlalchemy import case, func, or_

    from planner.actions.access import visible_actions
    from planner.areas.models import Area
    from planner.core import access
    from planner.indicators import services as indicators
    from planner.programmes.access import visible_programmes
    from planner.programmes.models import Programme
    from planner.tracking.comparison import _areas_by_ward, compare

    gm = db.session.scalar(select(Area).where(Area.code == ward.path.split("/")[0]))
    comparison = compare(user, gm, year=year, today=today, wards=[ward], with_budget=False, with_late=False)
    area_ids = sorted(_areas_by_ward(gm, [ward]))
    served = _served_by(area_ids)
    programmes = list(
        db.session.scalars(
            visible_programmes(user)
            .where(
                or_(
                    access.path_condition(Area.path, [ward.path]),
                    Programme.id.in_(select(Action.programme_id).where(served)),
                )
            )
            .order_by(Programme.start_year.desc(), Programme.title)
        )
    )
    counts: dict = {}
    if programmes:
        for programme_id, status, n in db.session.execute(
            select(Action.programme_id, Action.status, func.count())
            .where(served, Action.programme_id.in_([p.id for p in programmes]))
            .group_by(Action.programme_id, Action.status)
        ):
            counts.setdefault(programme_id, {})[status] = n
    visible = visible_actions(user).where(served)
    order = case((Action.status == "vertraagd", 0), (Action.status == "loopt", 1), else_=2)
    current = list(
        db.session.scalars(
            visible.where(Action.status.in_(("loopt", "vertraagd", "gepland")))
            .order_by(order, Action.end_date, Action.id)
            .limit(8)
        )
    )
    updates = list(
        db.session.execute(
            select(ProgressUpdate, Action.number, Action.title)
            .join(Action, ProgressUpdate.action_id == Action.id)
            .where(Action.id.in_(visible.with_only_columns(Action.id)))
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc())
            .limit(5)
        )
    )
    budget = _ward_budget(user, gm, ward, year)
    ids = [c.id for c in comparison.indicators]
    points = indicators.series(ids, ward.id)
    row = comparison.rows[0]
    series = [
        indicators.Series(_Ind(c), points.get(c.id, []), row.indicators.get(c.id, {}).get("target"))
        for c in comparison.indicators
    ]
    return WardStory(
        ward,
        gm,
        year,
        row,
        comparison,
        programmes,
        counts,
        current,
        late_actions(visible, today, limit=10),
        updates,
        budget,
        series,
    )


@dataclass
class _Ind:
    column: object

    @property
    def name(self):
        return self.column.name

    @property
    def unit(self):
        return self.column.unit


def _ward_budget(user, gm, ward, year):
    """The budget feature's ward overview where it has figures for the year; otherwise nothing."""
    from planner.budget import services as budget

    if not budget.has_budget_year(gm, year):
        return None
    return budget.ward_overview(user, ward, year)
