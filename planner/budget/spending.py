"""Realisation per action: what was actually booked on an action, per month, against what it was
allocated; and the financial-system codes (projectnummer, kostenplaats + kostensoort) that map a
booking to its action."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from planner.actions.models import Action
from planner.budget.models import ActionFinanceCode, ActionSpending, Allocation
from planner.budget.rollup import ZERO, cents
from planner.core.errors import PlannerError
from planner.core.limits import amount_in_range
from planner.extensions import db

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def _municipality(action: Action):
    from planner.budget.services import municipality_of

    return municipality_of(action.programme.area)


def check_amount(amount: Decimal | None, field: str = "amount") -> Decimal:
    if amount is None:
        raise PlannerError("Vul een bedrag in, bijvoorbeeld 12.500,00.", field)
    if not amount_in_range(amount):
        raise PlannerError("Vul een bedrag tussen € -10.000.000.000 en € 10.000.000.000 in.", field)
    if amount != amount.quantize(Decimal("0.01")):
        raise PlannerError("Vul een bedrag in hele centen in.", field)
    return amount


def check_period(year: int | None, period: int | None) -> None:
    if year is None or not 2000 <= year <= 2100:
        raise PlannerError("Kies een begrotingsjaar.", "year")
    if period is None or not 1 <= period <= 12:
        raise PlannerError("Kies een maand (1 tot en met 12).", "period")


def record_spending(
    action: Action,
    *,
    year: int | None,
    period: int | None,
    amount: Decimal | None,
    description: str = "",
    user=None,
) -> ActionSpending | None:
    """What was spent on `action` in one month, entered by hand: replaces what was entered for that
    month before; 0 removes it. Bookings imported from the financial system are kept apart."""
    check_period(year, period)
    amount = check_amount(amount)
    description = (description or "").strip()
    if len(description) > 300:
        raise PlannerError("Een omschrijving is hoogstens 300 tekens.", "description")
    current = db.session.scalar(
        select(ActionSpending).where(
            ActionSpending.action_id == action.id,
            ActionSpending.year == year,
            ActionSpending.period == period,
            ActionSpending.reference == "",
        )
    )
    if amount == 0:
        if current is not None:
            db.session.delete(current)
            db.session.flush()
        return None
    if current is None:
        current = ActionSpending(
            action=action,
            year=year,
            period=period,
            amount=amount,
            source="handmatig",
            reference="",
            description=description,
            created_by_id=getattr(user, "id", None),
        )
        db.session.add(current)
    else:
        current.amount, current.description = amount, description
    db.session.flush()
    return current


def add_finance_code(action: Action, *, project_code: str = "", cost_centre: str = "", cost_type: str = ""):
    """Book under this projectnummer (or kostenplaats + kostensoort) and it lands on `action`."""
    project_code, cost_centre, cost_type = ((v or "").strip().upper() for v in (project_code, cost_centre, cost_type))
    if not project_code and not (cost_centre and cost_type):
        field = "project_code" if not (cost_centre or cost_type) else ("cost_type" if cost_centre else "cost_centre")
        raise PlannerError(
            "Vul een projectnummer in, of een kostenplaats met een kostensoort.",
            field,
        )
    if project_code:
        cost_centre = cost_type = ""
    if max(len(project_code), len(cost_centre), len(cost_type)) > 60:
        raise PlannerError("Een code is hoogstens 60 tekens.", "project_code" if project_code else "cost_centre")
    gm = _municipality(action)
    taken = db.session.scalar(
        select(ActionFinanceCode).where(
            ActionFinanceCode.area_id == gm.id,
            ActionFinanceCode.project_code == project_code,
            ActionFinanceCode.cost_centre == cost_centre,
            ActionFinanceCode.cost_type == cost_type,
        )
    )
    if taken is not None:
        where = "deze actie" if taken.action_id == action.id else "een andere actie"
        raise PlannerError(
            f"Deze code hoort al bij {where}: een boeking moet bij precies één actie horen.",
            "project_code" if project_code else "cost_centre",
        )
    code = ActionFinanceCode(
        action=action, area_id=gm.id, project_code=project_code, cost_centre=cost_centre, cost_type=cost_type
    )
    db.session.add(code)
    db.session.flush()
    return code


def bookings_under(code: ActionFinanceCode) -> int:
    """How many imported bookings on the code's action carry this code."""
    reference = code.project_code or f"{code.cost_centre}/{code.cost_type}"
    return db.session.scalar(
        select(func.count(ActionSpending.id)).where(
            ActionSpending.action_id == code.action_id,
            ActionSpending.source == "import",
            func.upper(ActionSpending.reference) == reference.upper(),
        )
    )


def remove_finance_code(code: ActionFinanceCode) -> None:
    """Unlink a code: bookings already imported stay on the action (they happened); the next import reports
    a booking under this code as belonging to no action, until it is linked again."""
    db.session.delete(code)
    db.session.flush()


def finance_codes(action: Action) -> list[ActionFinanceCode]:
    return db.session.scalars(
        select(ActionFinanceCode).where(ActionFinanceCode.action_id == action.id).order_by(ActionFinanceCode.id)
    ).all()


def spent_by_action_and_year(action_ids) -> dict[int, dict[int, Decimal]]:
    """action → year → euros booked on it (imported and entered)."""
    out: dict[int, dict[int, Decimal]] = {}
    if not action_ids:
        return out
    for action_id, year, amount in db.session.execute(
        select(ActionSpending.action_id, ActionSpending.year, func.sum(ActionSpending.amount))
        .where(ActionSpending.action_id.in_(list(action_ids)))
        .group_by(ActionSpending.action_id, ActionSpending.year)
    ):
        out.setdefault(action_id, {})[year] = cents(amount)
    return out


@dataclass
class YearSpending:
    year: int
    allocated: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.allocated - self.spent

    @property
    def percent(self) -> Decimal | None:
        return (self.spent * 100 / self.allocated).quantize(Decimal("1")) if self.allocated else None


def action_spending(action: Action) -> tuple[list[YearSpending], list[ActionSpending]]:
    """Per year what the action was allocated against what was booked on it; and the bookings."""
    allocated: dict[int, Decimal] = {
        year: cents(amount)
        for year, amount in db.session.execute(
            select(Allocation.year, func.sum(Allocation.amount))
            .where(Allocation.action_id == action.id)
            .group_by(Allocation.year)
        )
    }
    spent = spent_by_action_and_year([action.id]).get(action.id, {})
    years = [YearSpending(y, allocated.get(y, ZERO), spent.get(y, ZERO)) for y in sorted(set(allocated) | set(spent))]
    bookings = db.session.scalars(
        select(ActionSpending)
        .where(ActionSpending.action_id == action.id)
        .order_by(ActionSpending.year, ActionSpending.period, ActionSpending.reference)
    ).all()
    return years, bookings
