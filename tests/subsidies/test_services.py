"""Subsidy rules: a beschikking draws on its budget line, bad input is refused beside the field with
nothing stored, other wards' applications stay invisible, initiatives' contact data are purged."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.budget import services as budget
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.subsidies import capacity, services
from planner.subsidies.models import InitiativeContact, SubsidyApplication


@pytest.fixture
def subsidy_world(ward_world):
    w = dict(ward_world)
    w["scheme"] = services.create_scheme(
        w["gm"], name="Wijkbudget Binnenstad", area=w["a"], ceiling=Decimal("20000.00"), wijkbudget=True
    )
    w["application"] = services.apply(
        w["scheme"], area=w["a"], title="Buurtfeest", amount=Decimal("5000.00"), initiative=True
    )
    db.session.commit()
    return w


def _count() -> int:
    return db.session.scalar(select(func.count(SubsidyApplication.id)))


def test_granting_shrinks_the_line_room_and_the_municipality_page(subsidy_world, make_user):
    w = subsidy_world
    budget.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("60000.00"))
    services.grant(
        w["application"],
        line=w["line"],
        amount=Decimal("4000.00"),
        conditions="Openbaar toegankelijk",
        account_by=date(2099, 1, 1),
    )
    db.session.commit()
    assert services.line_room(w["line"]) == Decimal("36000.00")
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    overview = budget.municipality_overview(controller, w["gm"], 2026)
    assert overview.total.toegekend == Decimal("64000.00") and overview.total.vrij == Decimal("36000.00")
    # After the vaststelling the line carries only what was settled.
    services.settle(w["application"], amount=Decimal("3500.00"))
    assert services.line_room(w["line"]) == Decimal("36500.00")


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"line": None}, "budget_line_id"),
        ({"conditions": "  "}, "conditions"),
        ({"account_by": None}, "account_by"),
        ({"amount": Decimal("5000.01")}, "granted_amount"),  # more than requested
        ({"amount": Decimal("1.005")}, "granted_amount"),
    ],
)
def test_a_bad_beschikking_is_refused_beside_the_field_and_nothing_stored(subsidy_world, changes, field):
    w = subsidy_world
    given = {
        "line": w["line"],
        "amount": Decimal("4000.00"),
        "conditions": "Voorwaarden",
        "account_by": date(2099, 1, 1),
    }
    given.update(changes)
    with pytest.raises(PlannerError) as refused:
        services.grant(w["application"], **given)
    assert refused.value.field == field
    db.session.rollback()
    application = db.session.get(SubsidyApplication, w["application"].id)
    assert application.status == "ingediend" and application.budget_line_id is None
    assert services.line_room(w["line"]) == Decimal("100000.00")


def test_a_grant_beyond_the_line_room_is_refused(subsidy_world):
    w = subsidy_world
    budget.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("98000.00"))
    with pytest.raises(PlannerError) as refused:
        services.grant(
            w["application"], line=w["line"], amount=Decimal("2000.01"), conditions="x", account_by=date(2099, 1, 1)
        )
    assert refused.value.field == "granted_amount" and "vrij" in refused.value.message


def test_an_application_outside_the_regeling_or_above_the_ceiling_is_refused(subsidy_world):
    w = subsidy_world
    with pytest.raises(PlannerError) as outside:
        services.apply(w["scheme"], area=w["b"], title="Elders", amount=Decimal("100.00"), initiative=True)
    assert outside.value.field == "area_id" and "buiten de regeling" in outside.value.message
    with pytest.raises(PlannerError) as above:
        services.apply(w["scheme"], area=w["a"], title="Te veel", amount=Decimal("20000.01"), initiative=True)
    assert above.value.field == "amount"
    db.session.rollback()
    assert _count() == 1


def test_a_refusal_needs_reasons(subsidy_world):
    w = subsidy_world
    with pytest.raises(PlannerError) as refused:
        services.refuse(w["application"], reasons="")
    assert refused.value.field == "reasons"
    services.refuse(w["application"], reasons="Past niet in de regeling.")
    assert w["application"].status == "geweigerd"


def test_payments_stay_within_what_was_granted(subsidy_world):
    w = subsidy_world
    services.grant(
        w["application"], line=w["line"], amount=Decimal("4000.00"), conditions="x", account_by=date(2099, 1, 1)
    )
    services.add_payment(w["application"], due_on=date(2026, 5, 1), amount=Decimal("3000.00"))
    with pytest.raises(PlannerError) as refused:
        services.add_payment(w["application"], due_on=date(2026, 9, 1), amount=Decimal("1000.01"))
    assert refused.value.field == "amount"


def test_another_wards_team_does_not_see_the_application(subsidy_world, make_user):
    w = subsidy_world
    team_a = make_user("a@helmond.nl", "team_member", w["a"])
    team_b = make_user("b@helmond.nl", "team_member", w["b"])
    reader = make_user("raad@helmond.nl", "reader", w["gm"])
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    app_id = w["application"].id
    assert services.application_of(team_a, app_id) is not None
    assert services.application_of(controller, app_id) is not None
    assert services.application_of(team_b, app_id) is None and services.applications(team_b) == []
    assert services.application_of(reader, app_id) is None
    assert services.overview(team_b) == [] and services.overview(team_a)[0].count == 1


def test_a_residents_initiative_waits_for_moderation_and_its_contact_is_purged(subsidy_world):
    from planner.participation.services import purge_personal_data

    w = subsidy_world
    initiative = services.submit_initiative(
        w["a"],
        title="Moestuin",
        description="Met de buren",
        amount=Decimal("750.00"),
        ip_hash="x",
        name="Els",
        email="els@example.nl",
        consent=True,
        now=datetime(2026, 1, 1, 12, 0),
        retention_days=30,
    )
    assert initiative.status == "te_modereren" and initiative.contact.email == "els@example.nl"
    db.session.commit()
    with pytest.raises(PlannerError) as no_consent:
        services.submit_initiative(
            w["a"], title="Bank", description="Een bank", amount=Decimal("100"), ip_hash="y", name="Jan"
        )
    assert no_consent.value.field == "consent"
    db.session.rollback()
    initiative = db.session.get(SubsidyApplication, initiative.id)
    services.moderate(initiative, True)
    services.refuse(initiative, reasons="Geen budget meer dit jaar.")
    services.publish_answer(initiative, "Helaas: het wijkbudget is op.")
    assert [i.title for i in services.published_initiatives(w["a"])] == ["Moestuin"]
    counts = purge_personal_data(date(2026, 3, 1))
    assert counts["contacts"] == 1
    assert db.session.scalar(select(func.count()).select_from(InitiativeContact)) == 0


def test_capacity_hours_per_opgave_and_ward(ward_world, make_user):
    from planner.opgaven.services import create_opgave

    w = ward_world
    opgave = create_opgave(area=w["a"], title="Levendig centrum", statement="Waarom.")
    capacity.record_capacity(opgave, year=2026, who="Wijkzaken", planned=Decimal("100"), actual=Decimal("40.5"))
    capacity.record_capacity(opgave, year=2026, who="Wijkzaken", planned=Decimal("120"), actual=Decimal("50"))
    db.session.commit()
    with pytest.raises(PlannerError) as refused:
        capacity.record_capacity(opgave, year=2026, who="Stadsbeheer", planned=Decimal("-1"), actual=None)
    assert refused.value.field == "planned_hours"
    db.session.rollback()
    entries, per_year, total = capacity.opgave_capacity(opgave)
    assert len(entries) == 1 and per_year[2026].planned == Decimal("120")
    team_b = make_user("b@helmond.nl", "team_member", w["b"])
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    assert capacity.hours_by_area(controller, w["gm"], 2026)[w["a"].id].actual == Decimal("50")
    assert capacity.hours_by_area(team_b, w["gm"], 2026) == {}


def test_a_regeling_is_changed_but_its_ceiling_not_below_what_is_granted(subsidy_world):
    w = subsidy_world
    services.grant(
        w["application"], line=w["line"], amount=Decimal("4000.00"), conditions="x", account_by=date(2099, 1, 1)
    )
    db.session.commit()
    scheme = w["scheme"]
    change = {"name": "Wijkbudget Binnenstad 2027", "area": w["a"], "criteria": "Samen met buren"}
    with pytest.raises(PlannerError) as refused:
        services.update_scheme(scheme, ceiling=Decimal("3999.99"), **change)
    assert refused.value.field == "ceiling" and "€\xa04.000,00" in refused.value.message
    db.session.rollback()
    assert scheme.name == "Wijkbudget Binnenstad" and scheme.ceiling == Decimal("20000.00")
    with pytest.raises(PlannerError) as refused:  # the application of ward A would fall outside ward B
        services.update_scheme(scheme, ceiling=Decimal("4000.00"), **{**change, "area": w["b"]})
    assert refused.value.field == "area_id"
    db.session.rollback()
    with pytest.raises(PlannerError) as refused:
        services.update_scheme(
            scheme, ceiling=Decimal("4000.00"), valid_from=date(2027, 2, 1), valid_to=date(2027, 1, 1), **change
        )
    assert refused.value.field == "valid_to"
    db.session.rollback()
    services.update_scheme(
        scheme, ceiling=Decimal("4000.00"), valid_from=date(2027, 1, 1), valid_to=date(2027, 12, 31), **change
    )
    assert (scheme.name, scheme.ceiling, scheme.criteria) == (
        "Wijkbudget Binnenstad 2027",
        Decimal("4000.00"),
        change["criteria"],
    )
    # Outside its period nobody applies under it.
    with pytest.raises(PlannerError) as refused:
        services.apply(
            scheme, area=w["a"], title="Te vroeg", amount=Decimal("1.00"), initiative=True, today=date(2026, 12, 31)
        )
    assert refused.value.field == "scheme_id" and "01-01-2027" in refused.value.message


def test_a_payment_is_marked_paid_up_to_its_term_and_the_overview_shows_it(subsidy_world, make_user):
    w = subsidy_world
    application = w["application"]
    services.grant(application, line=w["line"], amount=Decimal("4000.00"), conditions="x", account_by=date(2099, 1, 1))
    first = services.add_payment(application, due_on=date(2026, 5, 1), amount=Decimal("3000.00"))
    services.add_payment(application, due_on=date(2026, 9, 1), amount=Decimal("1000.00"))
    db.session.commit()
    for paid_on, amount, field in (
        (None, Decimal("3000.00"), "paid_on"),
        (date(2099, 1, 1), Decimal("3000.00"), "paid_on"),  # not yet happened
        (date(2026, 5, 2), Decimal("3000.01"), "paid_amount"),  # more than the term
        (date(2026, 5, 2), Decimal("0.00"), "paid_amount"),
    ):
        with pytest.raises(PlannerError) as refused:
            services.mark_paid(first, paid_on=paid_on, amount=amount, today=date(2026, 6, 1))
        assert refused.value.field == field
        db.session.rollback()
    assert first.paid_on is None and first.paid_amount is None
    services.mark_paid(first, paid_on=date(2026, 5, 2), amount=Decimal("2900.00"), today=date(2026, 6, 1))
    with pytest.raises(PlannerError) as refused:  # once is enough
        services.mark_paid(first, paid_on=date(2026, 5, 3), amount=Decimal("100.00"), today=date(2026, 6, 1))
    assert refused.value.field == "payment_id"
    assert application.paid == Decimal("2900.00") and application.scheduled == Decimal("4000.00")
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    (row,) = services.overview(controller)
    assert (row.granted, row.paid) == (Decimal("4000.00"), Decimal("2900.00"))
