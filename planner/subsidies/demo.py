"""Demo step: two regelingen in the Binnenstad, a granted application (its advance paid) and a refused one, a
residents' initiative with its published answer, and the hours spent on the Binnenstad opgave."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from planner.budget.models import BudgetLine
from planner.core.audit import acting_as
from planner.extensions import db
from planner.subsidies import capacity, services

WARD = "WK079410"
OPGAVE = "binnenstad"
LINE_COST_CENTRE = "83020"  # wonen en groen: where the demo's geveltuinen subsidy already draws from
YEAR = 2026


def _line(gm, year: int, cost_centre: str) -> BudgetLine | None:
    lines = db.session.scalars(
        select(BudgetLine)
        .where(
            BudgetLine.area_id == gm.id,
            BudgetLine.fiscal_year == year,
            BudgetLine.cost_centre == cost_centre,
            BudgetLine.direction == "lasten",
            BudgetLine.kind.in_(("na_wijziging", "primitief")),
        )
        .order_by(BudgetLine.kind)
    ).all()
    return lines[0] if lines else None


def add_subsidies(world) -> None:
    ward = world.areas.get(WARD)
    opgave = world.opgaven.get(OPGAVE)
    if ward is None or opgave is None:
        return
    gm = world.areas["GM0794"]
    programme = world.programmes.get(OPGAVE)
    goals = list(programme.goals[:1]) if programme is not None else []
    controller = world.users.get("controller") or world.users["admin"]
    team = world.users.get("binnenstad") or world.users["admin"]
    line = _line(gm, YEAR, LINE_COST_CENTRE)
    with acting_as(controller):
        scheme = services.create_scheme(
            gm,
            name="Levendige binnenstad 2026",
            area=ward,
            opgave=opgave,
            ceiling=Decimal("60000.00"),
            criteria="Draagt bij aan minder leegstand of meer levendigheid 's avonds; cofinanciering van "
            "minstens 25%; uitvoering binnen twaalf maanden.",
            goals=goals,
            valid_from=date(2026, 1, 1),
        )
        services.create_scheme(
            gm,
            name="Wijkbudget Binnenstad",
            area=ward,
            ceiling=Decimal("15000.00"),
            criteria="Een initiatief van bewoners, voor de buurt, met buren samen uitgevoerd.",
            wijkbudget=True,
        )
    with acting_as(team):
        granted = services.apply(
            scheme,
            area=ward,
            organisation=world.partners["Ondernemersvereniging Binnenstad Helmond"],
            title="Avondmarkt op de Markt, zes edities",
            description="Zes avondmarkten met lokale ondernemers, van mei tot oktober.",
            amount=Decimal("18500.00"),
            goal=goals[0] if goals else None,
            today=date(2026, 3, 2),
        )
        services.give_advice(granted, "Positief: past bij het doel en de ondernemers dragen 30% zelf bij.")
        refused = services.apply(
            scheme,
            area=ward,
            organisation=world.partners["Woonpartners"],
            title="Gevelverlichting Veestraat",
            description="Sfeerverlichting langs de gevels van de Veestraat.",
            amount=Decimal("24000.00"),
            today=date(2026, 3, 9),
        )
        services.give_advice(refused, "Negatief: verlichting van de openbare ruimte valt onder het beheerbudget.")
    if line is not None:
        with acting_as(controller):
            services.grant(
                granted,
                line=line,
                amount=Decimal("15000.00"),
                conditions="Zes edities; een openbaar toegankelijke markt; een verslag met bezoekersaantallen.",
                account_by=date(2027, 3, 31),
                today=date(2026, 4, 1),
            )
            advance = services.add_payment(granted, due_on=date(2026, 5, 1), amount=Decimal("10000.00"))
            services.add_payment(granted, due_on=date(2026, 11, 1), amount=Decimal("5000.00"))
            services.mark_paid(advance, paid_on=date(2026, 5, 4), amount=Decimal("10000.00"), today=date(2026, 5, 4))
            services.refuse(
                refused,
                reasons="De regeling subsidieert geen voorzieningen in de openbare ruimte; gevelverlichting valt "
                "onder het beheer van de gemeente (beheerplan openbare verlichting).",
                today=date(2026, 4, 1),
            )
    initiative = services.submit_initiative(
        ward,
        title="Buurtmoestuin achter de Watermolenwal",
        description="Met twaalf buren leggen we een moestuin aan op het braakliggende stuk achter de Watermolenwal.",
        amount=Decimal("850.00"),
        ip_hash="demo",
        now=datetime(2026, 4, 14, 10, 0),
    )
    with acting_as(team):
        services.moderate(initiative, True)
        services.give_advice(initiative, "Positief: buren doen het samen en de grond is van de gemeente.")
    if line is not None:
        with acting_as(controller):
            services.grant(
                initiative,
                line=line,
                amount=Decimal("850.00"),
                conditions="Aanleg voor 1 juli; de tuin blijft voor alle buren toegankelijk.",
                account_by=date(2027, 1, 31),
                today=date(2026, 4, 28),
            )
        with acting_as(team):
            services.publish_answer(
                initiative,
                "Uw buurtmoestuin krijgt € 850 uit het wijkbudget. Voorwaarde: de tuin blijft open voor alle buren.",
            )
    actions = [a for p in world.programmes.values() for a in p.actions if (a.opgave_id or p.opgave_id) == opgave.id][:1]
    with acting_as(team):
        for who, action, planned, actual in (
            ("Gemeente Helmond – team Binnenstad", None, "1600", "1240"),
            ("Stadsbeheer", None, "400", "310"),
            ("Woonpartners", actions[0] if actions else None, "250", "180"),
        ):
            capacity.record_capacity(
                opgave, year=YEAR, who=who, planned=Decimal(planned), actual=Decimal(actual), action=action
            )
