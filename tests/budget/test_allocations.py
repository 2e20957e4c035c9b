"""Allocation rules: over-allocation needs an audited override; bad amounts and years are refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.budget import services
from planner.budget.models import Allocation
from planner.core.errors import PlannerError
from planner.core.models import AuditEvent
from planner.extensions import db


def test_allocate_within_the_line(ward_world):
    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("60000.00"))
    db.session.commit()
    assert services.line_capacity(w["line"]) == (Decimal("100000.00"), Decimal("60000.00"))


def test_over_allocation_is_refused_beside_the_amount_and_nothing_stored(ward_world):
    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("60000.00"))
    db.session.commit()
    with pytest.raises(PlannerError) as refused:
        services.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("40000.01"))
    assert refused.value.field == "amount"
    assert "€\xa040.000,00 vrij" in refused.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count(Allocation.id))) == 1


def test_override_needs_a_reason_and_is_audited(ward_world, make_user):
    from planner.core.audit import acting_as

    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("100000.00"))
    with pytest.raises(PlannerError) as refused:
        services.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("5000"), override=True)
    assert refused.value.field == "override_reason"
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    with acting_as(controller):
        allocation = services.allocate(
            w["action_b"],
            w["line"],
            year=2026,
            amount=Decimal("5000"),
            override=True,
            reason="Raadsbesluit 12 maart: dekking bij de berap",
            user=controller,
        )
        db.session.commit()
    assert allocation.override and allocation.override_reason.startswith("Raadsbesluit")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity_type == "Allocation", AuditEvent.entity_id == allocation.id)
    )
    assert event.user_label == "c@helmond.nl" and event.after["override"] is True
    assert event.action_id == w["action_b"].id


def test_replacing_an_allocation_counts_its_old_amount_as_free(ward_world):
    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("90000"))
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("100000"))
    db.session.commit()
    assert db.session.scalar(select(func.count(Allocation.id))) == 1


@pytest.mark.parametrize(
    "amount, year, field",
    [
        (Decimal("-1"), 2026, "amount"),
        (Decimal("1.005"), 2026, "amount"),
        (Decimal("10"), 2031, "year"),
        (None, 2026, "amount"),
    ],
)
def test_bad_amounts_and_years_are_refused_beside_their_field(ward_world, amount, year, field):
    w = ward_world
    with pytest.raises(PlannerError) as refused:
        services.allocate(w["action_a"], w["line"], year=year, amount=amount)
    assert refused.value.field == field


def test_line_of_another_year_or_municipality_is_refused(ward_world, make_area, make_line):
    w = ward_world
    later = make_line(w["gm"], "500", year=2027)
    with pytest.raises(PlannerError) as refused:
        services.allocate(w["action_a"], later, year=2026, amount=Decimal("10"))
    assert refused.value.field == "budget_line_id" and "2027" in refused.value.message
    other = make_area("GM0796", "'s-Hertogenbosch")
    db.session.commit()
    foreign = make_line(other, "500")
    with pytest.raises(PlannerError) as refused:
        services.allocate(w["action_a"], foreign, year=2026, amount=Decimal("10"))
    assert refused.value.field == "budget_line_id"


def test_primitief_line_counts_the_amended_amount_as_capacity(ward_world, make_line):
    w = ward_world
    original = make_line(w["gm"], "80000", kind="primitief")
    assert services.line_capacity(original) == (Decimal("100000.00"), Decimal("0.00"))


def test_iv3_lines_are_for_comparison_and_never_allocatable(ward_world, make_line):
    w = ward_world
    iv3 = make_line(w["gm"], "5000000.00", key="6.1", taakveld="6.1", description="Samenkracht (Iv3)")
    offered = services.line_choices(w["p_a"]).lines
    assert iv3 not in offered and w["line"] in offered
    with pytest.raises(PlannerError) as refused:
        services.allocate(w["action_a"], iv3, year=2026, amount=Decimal("1000"))
    assert refused.value.field == "budget_line_id" and "Iv3" in refused.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count(Allocation.id))) == 0


def test_overviews_show_the_begrotingsprogramma_beside_the_wijkontwikkelprogramma(ward_world, make_line, make_user):
    w = ward_world
    w["line"].budget_programme = "6. Sociaal Helmond"
    baten = make_line(w["gm"], "40000.00", key="KPL1/8120/6.1", direction="baten", description="SPUK")
    baten.budget_programme = "6. Sociaal Helmond"
    make_line(w["gm"], "7000.00", key="KPL2/4300/1.2", taakveld="1.2")
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("30000.00"))
    db.session.commit()
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    town = services.municipality_overview(controller, w["gm"], 2026)
    assert {k: (f.gewijzigd, f.toegekend) for k, f in town.by_budget_programme.items()} == {
        "6. Sociaal Helmond": (Decimal("100000.00"), Decimal("30000.00")),
        services.NO_BUDGET_PROGRAMME: (Decimal("7000.00"), Decimal("0.00")),
    }
    assert town.baten.gewijzigd == Decimal("40000.00")
    assert list(town.baten_by_budget_programme) == ["6. Sociaal Helmond"]
    ward = services.programme_overview(controller, w["p_a"], 2026)
    assert list(ward.by_budget_programme) == ["6. Sociaal Helmond"]
    assert ward.by_budget_programme["6. Sociaal Helmond"].toegekend == Decimal("30000.00")


def test_beyond_the_room_is_a_proposed_begrotingswijziging_in_the_next_berap(ward_world, make_user):
    from planner.cycle.services import add_moment, what_goes_in

    w = ward_world
    moment = add_moment(w["gm"], kind="berap1", year=2026)
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("90000.00"))
    allocation = services.allocate(
        w["action_b"], w["line"], year=2026, amount=Decimal("25000.00"), override=True, reason="Extra speeltoestellen"
    )
    db.session.commit()
    assert (allocation.amendment, allocation.overshoot) == ("begrotingswijziging", Decimal("15000.00"))
    [row] = what_goes_in(controller, moment)
    assert row.action.id == w["action_b"].id and row.flag.purpose == "bijsturing"
    assert row.flag.note.startswith("Voorgestelde begrotingswijziging: €\xa015.000,00 boven de ruimte van 6.1")
    report = services.deviation_report(controller, moment)
    assert [a.allocation.id for a in report.amendments] == [allocation.id]
    assert report.unlawful == Decimal("15000.00")
    w["line"].amount = Decimal("120000.00")  # the raad raised the line: covered
    db.session.commit()
    report = services.deviation_report(controller, moment)
    assert not report.amendments[0].open and report.unlawful == Decimal("0.00")


def test_an_overshoot_within_the_mandate_is_a_shift(ward_world):
    w = ward_world
    services.set_mandate(w["gm"], Decimal("10000.00"))
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("100000.00"))
    allocation = services.allocate(
        w["action_b"], w["line"], year=2026, amount=Decimal("10000.00"), override=True, reason="Binnen programma"
    )
    assert allocation.amendment == "mandaat"
    allocation = services.allocate(
        w["action_b"], w["line"], year=2026, amount=Decimal("10000.01"), override=True, reason="Binnen programma"
    )
    assert allocation.amendment == "begrotingswijziging"


def test_a_begrotingsprogramma_with_its_own_mandate_overrides_the_municipality(ward_world, make_line):
    w = ward_world
    w["line"].budget_programme = "6. Sociaal domein"
    other = make_line(w["gm"], "1000.00", key="KPL2/4300/2.1", taakveld="2.1", description="Wegen")
    other.budget_programme = "2. Verkeer"
    db.session.commit()
    services.set_mandate(w["gm"], Decimal("500.00"))
    services.set_programme_mandate(w["gm"], "6. Sociaal domein", Decimal("20000.00"))
    with pytest.raises(PlannerError) as refused:
        services.set_programme_mandate(w["gm"], "9. Bestaat niet", Decimal("1.00"))
    assert refused.value.field == "budget_programme"
    assert services.mandate_of(w["gm"], "6. Sociaal domein") == Decimal("20000.00")
    assert services.mandate_of(w["gm"], "2. Verkeer") == Decimal("500.00")  # the municipality's, by default
    social = services.allocate(
        w["action_a"], w["line"], year=2026, amount=Decimal("115000.00"), override=True, reason="Extra buurtwerk"
    )
    roads = services.allocate(
        w["action_a"], other, year=2026, amount=Decimal("2000.00"), override=True, reason="Drempels"
    )
    assert (social.amendment, roads.amendment) == ("mandaat", "begrotingswijziging")
    services.set_programme_mandate(w["gm"], "6. Sociaal domein", None)  # back to the municipality's
    assert services.mandate_of(w["gm"], "6. Sociaal domein") == Decimal("500.00")
