"""Where an action's money comes from: an exploitation budget line, an investment credit (with its
capital charges), a reserve withdrawal, a national or provincial grant (with its conditions and
accountability date) or a partner's contribution, each per year with its status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from planner.actions.models import Action
from planner.budget.models import FUNDING_KINDS, FUNDING_STATES, BudgetLine, FundingSource
from planner.budget.rollup import ZERO, cents
from planner.budget.spending import check_amount
from planner.core.errors import PlannerError
from planner.extensions import db


def table_parties(action: Action) -> list:
    """The organisations at the table of the action's opgave (its own, else its programme's)."""
    from planner.opgaven.models import Organisation, Seat

    opgave_id = action.opgave_id or action.programme.opgave_id
    if opgave_id is None:
        return []
    return db.session.scalars(
        select(Organisation)
        .join(Seat, Seat.organisation_id == Organisation.id)
        .where(Seat.opgave_id == opgave_id)
        .order_by(Organisation.name)
    ).all()


def grant_used(gm_id: int, reference: str, *, without: int | None = None) -> Decimal:
    """What the actions of the municipality already draw from the grant `reference`."""
    from planner.budget.services import municipality_of
    from planner.programmes.models import Programme

    query = (
        select(FundingSource.amount, Programme)
        .join(Action, Action.id == FundingSource.action_id)
        .join(Programme, Programme.id == Action.programme_id)
        .where(FundingSource.kind == "subsidie", func.lower(FundingSource.grant_reference) == reference.lower())
    )
    if without is not None:
        query = query.where(FundingSource.id != without)
    total = ZERO
    for amount, programme in db.session.execute(query):
        gm = municipality_of(programme.area)
        if gm is not None and gm.id == gm_id:
            total += cents(amount)
    return total


def add_funding_source(
    action: Action,
    *,
    kind: str,
    year: int | None,
    amount: Decimal | None,
    status: str = "toegezegd",
    description: str = "",
    budget_line: BudgetLine | None = None,
    depreciation_years: int | None = None,
    interest_percent: Decimal | None = None,
    grant_reference: str = "",
    grant_ceiling: Decimal | None = None,
    conditions: str = "",
    accountability_date: date | None = None,
    organisation_id: int | None = None,
) -> FundingSource:
    from planner.budget.services import is_iv3, municipality_of
    from planner.core.i18n import money

    programme = action.programme
    if kind not in FUNDING_KINDS:
        raise PlannerError("Kies de soort financiering.", "kind")
    if status not in FUNDING_STATES:
        raise PlannerError("Kies de stand: toegezegd, beschikt of ontvangen.", "status")
    if year is None or not programme.start_year <= year <= programme.end_year:
        raise PlannerError(f"Het jaar valt buiten de looptijd van het programma ({programme.period_label}).", "year")
    amount = check_amount(amount)
    if amount <= 0:
        raise PlannerError("Vul een bedrag groter dan € 0 in.", "amount")
    description, grant_reference, conditions = (
        (description or "").strip(),
        (grant_reference or "").strip(),
        (conditions or "").strip(),
    )
    if len(description) > 300:
        raise PlannerError("Een omschrijving is hoogstens 300 tekens.", "description")
    gm = municipality_of(programme.area)
    source = FundingSource(action=action, kind=kind, year=year, amount=amount, status=status, description=description)
    if kind == "exploitatie":
        if budget_line is None:
            raise PlannerError("Kies de begrotingsregel waaruit het exploitatiebudget komt.", "budget_line_id")
        if gm is None or budget_line.area_id != gm.id or is_iv3(budget_line) or budget_line.fiscal_year != year:
            raise PlannerError(
                f"Kies een begrotingsregel uit de begroting {year} van de gemeente van dit programma.",
                "budget_line_id",
            )
        source.budget_line = budget_line
    elif kind == "investering":
        if not depreciation_years:
            raise PlannerError(
                "Een investering heeft een afschrijvingstermijn nodig (in jaren), voor de kapitaallasten.",
                "depreciation_years",
            )
        if not 1 <= depreciation_years <= 100:
            raise PlannerError("Vul een afschrijvingstermijn van 1 tot en met 100 jaar in.", "depreciation_years")
        if interest_percent is not None and not Decimal(0) <= interest_percent <= Decimal(20):
            raise PlannerError("Vul een rentepercentage tussen 0 en 20 in.", "interest_percent")
        source.depreciation_years, source.interest_percent = depreciation_years, interest_percent
    elif kind == "reserve":
        if not description:
            raise PlannerError("Vul in uit welke reserve het geld komt.", "description")
    elif kind == "subsidie":
        if not grant_reference:
            raise PlannerError(
                "Vul de naam of het kenmerk van de bijdrage in, bijvoorbeeld SPUK GALA 2026.", "grant_reference"
            )
        if grant_ceiling is None:
            raise PlannerError("Vul het toegekende bedrag van de bijdrage in.", "grant_ceiling")
        check_amount(grant_ceiling, "grant_ceiling")
        if not conditions:
            raise PlannerError("Vul de voorwaarden van de bijdrage in.", "conditions")
        if accountability_date is None:
            raise PlannerError(
                "Vul de datum in waarop over de bijdrage verantwoording moet worden afgelegd.", "accountability_date"
            )
        used = grant_used(gm.id, grant_reference) if gm is not None else ZERO
        if used + amount > grant_ceiling:
            raise PlannerError(
                f"De bijdrage {grant_reference} is {money(grant_ceiling)}; er is al {money(used)} van ingezet, "
                f"dus nog {money(max(grant_ceiling - used, ZERO))} over. Verlaag het bedrag.",
                "amount",
            )
        if len(grant_reference) > 120:
            raise PlannerError("Een kenmerk is hoogstens 120 tekens.", "grant_reference")
        source.grant_reference, source.grant_ceiling = grant_reference, grant_ceiling
        source.conditions, source.accountability_date = conditions, accountability_date
    elif kind == "partner":
        parties = {o.id: o for o in table_parties(action)}
        if organisation_id not in parties:
            raise PlannerError("Kies een partij die aan tafel zit bij de opgave van deze actie.", "organisation_id")
        source.organisation_id = organisation_id
    db.session.add(source)
    db.session.flush()
    return source


def funding_sources(action: Action) -> list[FundingSource]:
    return db.session.scalars(
        select(FundingSource)
        .where(FundingSource.action_id == action.id)
        .order_by(FundingSource.year, FundingSource.kind, FundingSource.id)
    ).all()


def funding_by_year(sources) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for s in sources:
        out[s.year] = out.get(s.year, ZERO) + s.amount
    return dict(sorted(out.items()))


def removal_refused(source: FundingSource) -> str | None:
    """Why a controller keeps this source: money received is in the ledger and a beschikte rijks- or
    provinciale bijdrage still has to be accounted for (SiSa) with this action's share in it. A promise
    (toegezegd), or a decision of the municipality's own or of a partner, may go."""
    from planner.core.i18n import money, nl_date

    if source.status == "ontvangen":
        return (
            f"Deze financiering ({money(source.amount)} in {source.year}) is al ontvangen en staat in de "
            "administratie: verwijderen zou geld laten verdwijnen waarover verantwoording wordt afgelegd. Zet een "
            "terugbetaling of correctie in de financiële administratie; deze regel blijft."
        )
    if source.kind == "subsidie" and source.status == "beschikt":
        return (
            f"De bijdrage {source.grant_reference} is beschikt en moet uiterlijk "
            f"{nl_date(source.accountability_date)} worden verantwoord; het deel van deze actie hoort in die "
            "verantwoording. Trekt de verstrekker de beschikking in, leg dat dan eerst vast bij de bijdrage."
        )
    return None


def remove_funding_source(source: FundingSource) -> None:
    reason = removal_refused(source)
    if reason:
        raise PlannerError(reason)
    db.session.delete(source)
    db.session.flush()
