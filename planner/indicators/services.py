"""Indicator rules: definitions, measurements per area and period, goal targets from a baseline,
and the grouped reads the comparison dashboard and ward page need."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, delete, func, select

from planner.areas.models import Area
from planner.core.errors import PlannerError
from planner.core.sql import ids_in
from planner.extensions import db
from planner.indicators.models import BOUNDED_UNITS, MEASUREMENT_KINDS, GoalTarget, Indicator, Measurement

PERIOD_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$")
CODE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")
POPULATION = "AantalInwoners_5"


# ---- checks (pure) ---------------------------------------------------------------------------


def normalise_period(raw, field_name: str = "period") -> str:
    """'2024', '2024-Q2' or '2024-05'; anything else is refused with what to type instead."""
    text = str(raw if raw is not None else "").strip().upper().replace(" ", "-")
    match = PERIOD_RE.match(text)
    if not match or not 1990 <= int(match.group(1)) <= 2100:
        raise PlannerError(
            f"Onbekende periode '{raw}'. Vul een jaar (2024), een kwartaal (2024-Q2) of een maand (2024-05) in.",
            field_name,
        )
    return text


def is_bounded(unit: str | None) -> bool:
    return (unit or "").strip().lower() in BOUNDED_UNITS


def check_value(indicator: Indicator, value, field_name: str = "value") -> None:
    if value is None or not is_bounded(indicator.unit):
        return
    if Decimal(value) > 100 or Decimal(value) < 0:
        raise PlannerError(
            f"{indicator.name} is een percentage: de waarde {value} ligt niet tussen 0 en 100. "
            "Vul het percentage in (bijvoorbeeld 42,5), niet een aantal of een fractie.",
            field_name,
        )


def check_kind(kind: str) -> None:
    if kind not in MEASUREMENT_KINDS:
        raise PlannerError(f"Onbekende soort meting '{kind}'. Kies uit: {', '.join(MEASUREMENT_KINDS)}.", "kind")


# ---- definitions -----------------------------------------------------------------------------


def save_indicator(
    indicator: Indicator | None,
    *,
    code: str,
    name: str,
    unit: str = "",
    source: str = "",
    higher_is_better: bool | None = None,
    description: str = "",
    decimals: int = 0,
    owner: Area | None = None,
) -> Indicator:
    """Create (owned by `owner`, a municipality, or national without one) or update a definition;
    the owner of an existing one does not change."""
    code = (code or "").strip()
    if not CODE_RE.match(code):
        raise PlannerError(
            "Een code bestaat uit letters, cijfers, _ . of - (hoogstens 60 tekens), bijvoorbeeld AantalInwoners_5.",
            "code",
        )
    clash = db.session.scalar(select(Indicator.id).where(Indicator.code == code))
    if clash is not None and (indicator is None or clash != indicator.id):
        raise PlannerError(f"Er is al een indicator met code {code}. Kies een andere code.", "code")
    if not (name or "").strip():
        raise PlannerError("Geef de indicator een naam.", "name")
    if indicator is None:
        indicator = Indicator(code=code, area=owner)
        db.session.add(indicator)
    values = {
        "code": code,
        "name": name.strip(),
        "unit": (unit or "").strip(),
        "source": (source or "").strip(),
        "higher_is_better": higher_is_better,
        "description": description or "",
        "decimals": decimals or 0,
    }
    for key, value in values.items():
        if getattr(indicator, key) != value:
            setattr(indicator, key, value)
    db.session.flush()
    return indicator


def delete_indicator(indicator: Indicator) -> None:
    """Delete a definition with its own municipality's measurements (see `check_delete_indicator`)."""
    check_delete_indicator(indicator)
    db.session.execute(delete(Measurement).where(Measurement.indicator_id == indicator.id))
    db.session.delete(indicator)
    db.session.flush()


def measurement_count(indicator: Indicator) -> int:
    return db.session.scalar(select(func.count(Measurement.id)).where(Measurement.indicator_id == indicator.id)) or 0


def check_delete_indicator(indicator: Indicator) -> None:
    """Refuse while a goal target uses the indicator, or while measurements of any other municipality
    (for a national one: of any) refer to it: they are not the deleter's to remove."""
    if db.session.scalar(select(func.count(GoalTarget.id)).where(GoalTarget.indicator_id == indicator.id)):
        raise PlannerError("Deze indicator is een streefwaarde van een doel. Verwijder eerst die streefwaarden.")
    others = select(func.count(Measurement.id)).where(Measurement.indicator_id == indicator.id)
    if indicator.area_id is not None:
        own = indicator.area.path
        others = others.join(Measurement.area).where(
            Area.path != own, ~Area.path.startswith(own + "/", autoescape=True)
        )
    if db.session.scalar(others):
        raise PlannerError(
            "Deze indicator kan niet weg: er zijn nog metingen van andere gemeenten mee vastgelegd."
            if indicator.area_id is not None
            else "Deze landelijke indicator kan niet weg: er zijn nog metingen mee vastgelegd. "
            "Verwijder eerst die metingen."
        )


# ---- measurements ----------------------------------------------------------------------------


def find_area_by_code(code: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == (code or "").strip().upper()))


def record_measurement(
    indicator: Indicator, area: Area | None, *, period, kind: str, value, area_code: str = ""
) -> Measurement:
    """Create or update the measurement for (indicator, area, period, kind)."""
    if area is None:
        raise PlannerError(
            f"Onbekend gebied '{area_code}'. Gebruik een CBS-code die in Wijkplanner bestaat (GM…, WK… of BU…).",
            "area_code",
        )
    if indicator.area_id is not None and not area.is_within(indicator.area):
        raise PlannerError(
            f"{indicator.name} is een indicator van {indicator.area.name}: leg hem alleen vast voor gebieden daarin.",
            "area_code",
        )
    period = normalise_period(period)
    check_kind(kind)
    if value is None:
        raise PlannerError("Vul een waarde in.", "value")
    check_value(indicator, value)
    measurement = db.session.scalar(
        select(Measurement).where(
            Measurement.indicator_id == indicator.id,
            Measurement.area_id == area.id,
            Measurement.period == period,
            Measurement.kind == kind,
        )
    )
    if measurement is None:
        measurement = Measurement(
            indicator=indicator, indicator_id=indicator.id, area=area, area_id=area.id, period=period, kind=kind
        )
        db.session.add(measurement)
    measurement.value = Decimal(value)
    measurement.is_secret = False
    db.session.flush()
    return measurement


def delete_measurement(measurement: Measurement) -> None:
    db.session.delete(measurement)
    db.session.flush()


def measurements_of(indicator: Indicator, area_condition, limit: int = 500) -> list[Measurement]:
    return list(
        db.session.scalars(
            select(Measurement)
            .join(Measurement.area)
            .where(Measurement.indicator_id == indicator.id, area_condition)
            .order_by(Area.code, Measurement.period.desc(), Measurement.kind)
            .limit(limit)
        )
    )


# ---- goal targets ----------------------------------------------------------------------------


def set_goal_target(
    goal, indicator: Indicator, area: Area | None, *, baseline_period, target_period, target_value
) -> GoalTarget:
    """A target needs a baseline: the nulmeting of that indicator, area and period is taken as is."""
    if area is None:
        raise PlannerError("Kies het gebied waarvoor de streefwaarde geldt.", "area_id")
    if not area.is_within(goal.programme.area):
        raise PlannerError(f"{area.name} ({area.code}) valt buiten het gebied van dit programma.", "area_id")
    baseline_period = normalise_period(baseline_period, "baseline_period")
    target_period = normalise_period(target_period, "target_period")
    if target_period <= baseline_period:
        raise PlannerError("De streefperiode moet ná de periode van de nulmeting liggen.", "target_period")
    if target_value is None:
        raise PlannerError("Vul de streefwaarde in.", "target_value")
    check_value(indicator, target_value, "target_value")
    baseline = db.session.scalar(
        select(Measurement.value).where(
            Measurement.indicator_id == indicator.id,
            Measurement.area_id == area.id,
            Measurement.period == baseline_period,
            Measurement.kind == "nulmeting",
            Measurement.value.is_not(None),
        )
    )
    if baseline is None:
        raise PlannerError(
            f"Er is geen nulmeting van '{indicator.name}' voor {area.name} in {baseline_period}. "
            "Leg eerst de nulmeting vast (Indicatoren → metingen, soort nulmeting).",
            "baseline_period",
        )
    target = db.session.scalar(
        select(GoalTarget).where(
            GoalTarget.goal_id == goal.id, GoalTarget.indicator_id == indicator.id, GoalTarget.area_id == area.id
        )
    )
    if target is None:
        target = GoalTarget(
            goal=goal, goal_id=goal.id, indicator=indicator, indicator_id=indicator.id, area=area, area_id=area.id
        )
        db.session.add(target)
    target.baseline_period, target.baseline_value = baseline_period, Decimal(baseline)
    target.target_period, target.target_value = target_period, Decimal(target_value)
    db.session.flush()
    return target


def goal_targets(goal) -> list[GoalTarget]:
    return list(db.session.scalars(select(GoalTarget).where(GoalTarget.goal_id == goal.id).order_by(GoalTarget.id)))


# ---- grouped reads for the dashboard and ward page ------------------------------------------


def latest_values(indicator_ids, area_ids, kind: str = "realisatie") -> dict[tuple[int, int], tuple[str, Decimal]]:
    """(indicator, area) → (period, value) of the latest measurement: two grouped queries."""
    if not indicator_ids or not area_ids:
        return {}
    base = and_(
        ids_in(Measurement.indicator_id, indicator_ids),
        ids_in(Measurement.area_id, area_ids),
        Measurement.kind == kind,
        Measurement.value.is_not(None),
    )
    latest = (
        select(Measurement.indicator_id, Measurement.area_id, func.max(Measurement.period).label("period"))
        .where(base)
        .group_by(Measurement.indicator_id, Measurement.area_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Measurement.indicator_id, Measurement.area_id, Measurement.period, Measurement.value)
        .join(
            latest,
            and_(
                Measurement.indicator_id == latest.c.indicator_id,
                Measurement.area_id == latest.c.area_id,
                Measurement.period == latest.c.period,
            ),
        )
        .where(base)
    )
    return {(i, a): (p, v) for i, a, p, v in rows}


def series(indicator_ids, area_id: int, kind: str = "realisatie") -> dict[int, list[tuple[str, Decimal]]]:
    out: dict[int, list] = {}
    if not indicator_ids:
        return out
    for i, p, v in db.session.execute(
        select(Measurement.indicator_id, Measurement.period, Measurement.value)
        .where(
            Measurement.indicator_id.in_(list(indicator_ids)),
            Measurement.area_id == area_id,
            Measurement.kind == kind,
            Measurement.value.is_not(None),
        )
        .order_by(Measurement.period)
    ):
        out.setdefault(i, []).append((p, Decimal(v)))
    return out


def targets_for_areas(area_ids, goal_condition=None) -> dict[tuple[int, int], tuple]:
    """(indicator, area) → the target with the latest target period (of goals the caller may see),
    as a plain row: indicator_id, area_id, baseline_period, baseline_value, target_period, target_value."""
    if not area_ids:
        return {}
    query = select(
        GoalTarget.indicator_id,
        GoalTarget.area_id,
        GoalTarget.baseline_period,
        GoalTarget.baseline_value,
        GoalTarget.target_period,
        GoalTarget.target_value,
    ).where(ids_in(GoalTarget.area_id, area_ids))
    if goal_condition is not None:
        query = query.where(goal_condition)
    out: dict = {}
    for t in db.session.execute(query.order_by(GoalTarget.target_period, GoalTarget.id)):
        out[(t.indicator_id, t.area_id)] = t
    return out


def indicators_measured(area_ids, limit: int = 6, exclude=()) -> list[int]:
    """The indicators measured in most of these areas, then in most periods: for a comparison without
    targets, and for one ward, where a followed trend says more than a single census figure."""
    if not area_ids:
        return []
    query = select(Measurement.indicator_id).where(
        ids_in(Measurement.area_id, area_ids), Measurement.kind == "realisatie", Measurement.value.is_not(None)
    )
    if exclude:
        query = query.where(Measurement.indicator_id.not_in(list(exclude)))
    query = (
        query.group_by(Measurement.indicator_id)
        .order_by(
            func.count(func.distinct(Measurement.area_id)).desc(),
            func.count(Measurement.id).desc(),
            Measurement.indicator_id,
        )
        .limit(limit)
    )
    return list(db.session.scalars(query))


def definitions() -> dict[int, tuple]:
    """Every indicator as a plain row (id, code, name, unit, higher_is_better), by id: one small read
    that serves both the population lookup by code and the chosen columns' names."""
    return {
        r.id: r
        for r in db.session.execute(
            select(Indicator.id, Indicator.code, Indicator.name, Indicator.unit, Indicator.higher_is_better)
        )
    }


@dataclass
class Series:
    indicator: Indicator
    points: list = field(default_factory=list)
    target: GoalTarget | None = None

    @property
    def label(self) -> str:
        unit = f" ({self.indicator.unit})" if self.indicator.unit else ""
        return f"{self.indicator.name}{unit}"[:60]
