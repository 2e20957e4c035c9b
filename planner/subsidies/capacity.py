"""Capacity: hours planned and spent per opgave and action, per department or party, per year."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from planner.actions.models import Action
from planner.areas.models import Area
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.opgaven.access import visible_opgaven
from planner.opgaven.models import Opgave
from planner.subsidies.models import CapacityEntry

MAX_HOURS = Decimal("1000000")  # a year of a large department is well under a million hours
HOUR = Decimal("0.1")


def _hours(value: Decimal | None, field: str) -> Decimal:
    value = Decimal(0) if value is None else value
    if not value.is_finite() or value < 0 or value > MAX_HOURS:
        raise PlannerError("Vul een aantal uren tussen 0 en 1.000.000 in.", field)
    if value != value.quantize(HOUR):
        raise PlannerError("Vul uren in op hoogstens één decimaal, bijvoorbeeld 12,5.", field)
    return value


def record_capacity(
    opgave: Opgave,
    *,
    year: int | None,
    who: str,
    planned: Decimal | None,
    actual: Decimal | None,
    action: Action | None = None,
) -> CapacityEntry:
    """Hours of one department or party in one year, on the opgave or one of its actions; a second entry for
    the same action, year and department replaces the first."""
    who = " ".join((who or "").split())
    if not who:
        raise PlannerError("Vul de afdeling of partij in.", "who")
    if len(who) > 200:
        raise PlannerError("Hoogstens 200 tekens.", "who")
    if year is None or not 2000 <= year <= 2100:
        raise PlannerError("Vul een jaar tussen 2000 en 2100 in.", "year")
    if action is not None and action.opgave_id != opgave.id and action.programme.opgave_id != opgave.id:
        raise PlannerError("Deze actie hoort niet bij deze opgave.", "action_id")
    planned, actual = _hours(planned, "planned_hours"), _hours(actual, "actual_hours")
    entry = db.session.scalar(
        select(CapacityEntry).where(
            CapacityEntry.opgave_id == opgave.id,
            CapacityEntry.year == year,
            CapacityEntry.who == who,
            CapacityEntry.action_id.is_(None) if action is None else CapacityEntry.action_id == action.id,
        )
    )
    if entry is None:
        entry = CapacityEntry(opgave=opgave, action=action, year=year, who=who)
        db.session.add(entry)
    entry.planned_hours, entry.actual_hours = planned, actual
    db.session.flush()
    return entry


def remove_capacity(entry: CapacityEntry) -> None:
    db.session.delete(entry)
    db.session.flush()


@dataclass
class Hours:
    planned: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)

    def add(self, planned, actual) -> Hours:
        self.planned += Decimal(planned or 0)
        self.actual += Decimal(actual or 0)
        return self


def opgave_capacity(opgave: Opgave) -> tuple[list[CapacityEntry], dict[int, Hours], Hours]:
    """The entries of an opgave (by year, then department), the hours per year and in total."""
    entries = db.session.scalars(
        select(CapacityEntry)
        .where(CapacityEntry.opgave_id == opgave.id)
        .order_by(CapacityEntry.year, CapacityEntry.who, CapacityEntry.action_id)
    ).all()
    per_year: dict[int, Hours] = {}
    total = Hours()
    for e in entries:
        per_year.setdefault(e.year, Hours()).add(e.planned_hours, e.actual_hours)
        total.add(e.planned_hours, e.actual_hours)
    return entries, per_year, total


def hours_by_area(user, gm: Area, year: int, *, opgave_id: int | None = None) -> dict[int, Hours]:
    """The ward comparison's hours: per area that owns an opgave the user may see, in `year`. One grouped query."""
    visible = visible_opgaven(user).where(Area.path.startswith(gm.path + "/", autoescape=True) | (Area.id == gm.id))
    if opgave_id is not None:
        visible = visible.where(Opgave.id == opgave_id)
    ids = visible.with_only_columns(Opgave.id)
    rows = db.session.execute(
        select(Opgave.area_id, func.sum(CapacityEntry.planned_hours), func.sum(CapacityEntry.actual_hours))
        .join(Opgave, Opgave.id == CapacityEntry.opgave_id)
        .where(CapacityEntry.year == year, CapacityEntry.opgave_id.in_(ids))
        .group_by(Opgave.area_id)
    ).all()
    return {area_id: Hours().add(planned, actual) for area_id, planned, actual in rows}
