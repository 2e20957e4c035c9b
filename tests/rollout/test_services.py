"""Templates, roll-out, the board of steps and revisions, without a request."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.actions.models import Action
from planner.actions.services import add_milestone
from planner.areas.services import add_area
from planner.budget.models import Allocation
from planner.budget.services import allocate
from planner.core.errors import PlannerError, WorkflowError
from planner.extensions import db
from planner.indicators.models import GoalTarget
from planner.indicators.services import record_measurement, save_indicator, set_goal_target
from planner.opgaven.services import save_organisation
from planner.programmes.models import Programme
from planner.programmes.services import add_goal, transition, update_goal
from planner.rollout import services
from planner.rollout.models import ActionOrigin, TemplateProgramme
from tests.helpers import adoption


@pytest.fixture
def pilot(helmond, make_user, make_programme, make_action, make_line):
    gm, ward, other = helmond
    third = add_area(code="WK079412", name="Brandevoort", parent=gm)
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward, start_year=2026, end_year=2029, goals=("Minder overlast",))
    organisation = save_organisation(None, name="Woonpartners", kind="woningcorporatie")
    police = save_organisation(None, name="Politie", kind="politie")
    action = make_action(
        programme,
        "Avondaanpak",
        goal=programme.goals[0],
        start_date=date(2026, 3, 1),
        end_date=date(2026, 12, 31),
        owner_organisation=organisation,
        partners=[police],
    )
    add_milestone(action, "Eerste avondronde", date(2026, 4, 1))
    allocate(action, make_line(gm, "50000"), year=2026, amount=Decimal("1000.00"), user=manager)
    indicator = save_indicator(None, code="onveilig", name="Voelt zich onveilig", unit="%", decimals=0)
    record_measurement(indicator, ward, period="2025", kind="nulmeting", value=Decimal("30"))
    record_measurement(indicator, other, period="2025", kind="realisatie", value=Decimal("15"))
    set_goal_target(
        programme.goals[0], indicator, ward, baseline_period="2025", target_period="2028", target_value=Decimal("24")
    )
    db.session.commit()
    return programme, manager, other, third


def test_a_rolled_out_programme_has_shifted_dates_rebased_targets_and_no_budget(pilot):
    programme, manager, other, third = pilot
    template = services.save_as_template(programme, manager, title="Avondaanpak", fits_when="Overlast na zessen.")
    result = services.roll_out(template, manager, [other, third], date(2027, 3, 1))
    db.session.commit()

    follower = next(p for p in result.programmes if p.area_id == other.id)
    assert follower.status == "concept" and (follower.start_year, follower.end_year) == (2027, 2030)
    action = follower.actions[0]
    assert (action.start_date, action.end_date) == (date(2027, 3, 1), date(2027, 12, 31))
    assert action.milestones[0].due_date == date(2027, 4, 1)
    assert action.owner_organisation.name == "Woonpartners" and [p.name for p in action.partners] == ["Politie"]
    assert db.session.scalar(select(func.count()).select_from(Allocation).where(Allocation.action_id == action.id)) == 0
    assert "budget" not in str(template.content) and "allocation" not in str(template.content)
    # 20 % below the pilot's baseline of 30 stays 20 % below the ward's own 15.
    target = db.session.scalar(select(GoalTarget).where(GoalTarget.area_id == other.id))
    assert (target.baseline_value, target.target_value, target.target_period) == (15, 12, "2029")
    # Brandevoort has no measurement: no target, and the user is told.
    assert result.rebased == 1 and len(result.skipped) == 1 and "Brandevoort" in result.skipped[0]
    links = db.session.scalars(select(TemplateProgramme).where(TemplateProgramme.template_id == template.id)).all()
    assert sorted(link.role for link in links) == ["pilot", "volger", "volger"]
    assert db.session.scalar(select(func.count()).select_from(ActionOrigin)) == 3


def test_rebase_keeps_the_relative_improvement_and_stays_within_a_percentage():
    assert services.rebase(Decimal(30), Decimal(24), Decimal(15), bounded=True, decimals=0) == Decimal(12)
    assert services.rebase(Decimal(0), Decimal(5), Decimal(2), bounded=False, decimals=1) == Decimal("7.0")
    assert services.rebase(Decimal(50), Decimal(90), Decimal(80), bounded=True, decimals=0) == Decimal(100)
    assert services.shift_period("2028-Q2", 2) == "2030-Q2"


def test_a_ward_outside_the_users_grants_is_refused_and_nothing_is_stored(pilot, make_user):
    programme, manager, other, third = pilot
    team = make_user("team@helmond.nl", "team_member", programme.area)
    template = services.save_as_template(programme, manager, title="Avondaanpak", fits_when="Overlast.")
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Programme))
    with pytest.raises(PlannerError, match="Helmond-Oost.*buiten uw rechten"):
        services.roll_out(template, team, [programme.area, other], date(2027, 1, 1))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Programme)) == before


def test_a_template_needs_an_explanation_of_when_it_fits(pilot):
    programme, manager, *_ = pilot
    with pytest.raises(PlannerError, match="wanneer het sjabloon past") as refused:
        services.save_as_template(programme, manager, title="Avondaanpak", fits_when="  ")
    assert refused.value.field == "fits_when"


def test_the_rollout_view_shows_only_the_programmes_the_user_may_see(pilot, make_user):
    programme, manager, other, third = pilot
    template = services.save_as_template(programme, manager, title="Avondaanpak", fits_when="Overlast.")
    services.roll_out(template, manager, [other], date(2027, 1, 1))
    db.session.commit()
    team_other = make_user("oost@helmond.nl", "team_member", other)
    team_pilot = make_user("bs@helmond.nl", "team_member", programme.area)
    view = services.rollout_view(manager, template, date(2027, 6, 1))
    assert [link.role for link in view.links] == ["pilot", "volger"]
    pilot_cell = view.cells[1, programme.id]
    assert pilot_cell.money == Decimal("1000.00") and pilot_cell.action.title == "Avondaanpak"
    # The follower is a concept of Helmond-Oost: the Binnenstad team does not see it, its own team does.
    assert [link.programme.area for link in services.rollout_view(team_pilot, template, date.today()).links] == [
        programme.area
    ]
    assert len(services.rollout_view(team_other, template, date.today()).links) == 1


def test_a_team_ticks_off_steps_of_its_own_ward_only(pilot, make_user):
    programme, manager, other, third = pilot
    template = services.save_as_template(
        programme, manager, title="Avondaanpak", fits_when="Overlast.", steps=["Bewonersavond", "Raadsvoorstel"]
    )
    follower = services.roll_out(template, manager, [other], date(2027, 1, 1)).programmes[0]
    team_other = make_user("oost@helmond.nl", "team_member", other)
    services.tick_step(team_other, follower, "Bewonersavond", date(2026, 11, 3))
    with pytest.raises(PlannerError, match="eigen|deze wijk"):
        services.tick_step(team_other, programme, "Bewonersavond", date(2026, 11, 3))
    with pytest.raises(PlannerError, match="werkwijze"):
        services.tick_step(team_other, follower, "Iets anders", date(2026, 11, 3))
    view = services.rollout_view(manager, template, date.today())
    assert view.done == {(follower.id, "Bewonersavond"): date(2026, 11, 3)}


def test_a_revision_needs_a_reason_and_a_decision_then_reopens_goals_until_stored(pilot, make_item):
    programme, manager, *_ = pilot
    for status in ("consultatie", "besluitvorming", "vastgesteld", "uitvoering"):
        transition(programme, status, manager, **(adoption(programme) if status == "vastgesteld" else {}))
    item = make_item(programme.area.parent, number="RB 2027-12", kind="besluit", title="Herijking wijkaanpak")
    goal = programme.goals[0]
    with pytest.raises(WorkflowError):
        update_goal(goal, None, title="Veel minder overlast")
    with pytest.raises(PlannerError, match="waarom") as refused:
        services.open_revision(programme, manager, reason=" ", agenda_item=item)
    assert refused.value.field == "reason"
    with pytest.raises(PlannerError, match="besluit"):
        services.open_revision(programme, manager, reason="Nieuwe cijfers", agenda_item=None)
    services.open_revision(programme, manager, reason="Nieuwe cijfers", agenda_item=item)
    update_goal(goal, None, title="Veel minder overlast")
    add_goal(programme, "Meer groen")
    version = services.close_revision(programme, manager)
    assert version.status == "uitvoering"
    assert "Nieuwe cijfers" in version.note and "RB 2027-12" in version.note
    assert [g["title"] for g in version.snapshot["goals"]] == ["Veel minder overlast", "Meer groen"]
    with pytest.raises(WorkflowError):
        update_goal(goal, None, title="Weer anders")


def test_only_a_programme_in_execution_can_be_revised(pilot, make_item):
    programme, manager, *_ = pilot
    item = make_item(programme.area.parent, number="RB 1", kind="besluit")
    with pytest.raises(WorkflowError, match="uitvoering"):
        services.open_revision(programme, manager, reason="Nieuwe cijfers", agenda_item=item)


def test_rolling_out_numbers_actions_like_the_template(pilot):
    programme, manager, other, _ = pilot
    template = services.save_as_template(programme, manager, title="Avondaanpak", fits_when="Overlast.")
    follower = services.roll_out(template, manager, [other], date(2027, 1, 1)).programmes[0]
    numbers = db.session.scalars(select(Action.number).where(Action.programme_id == follower.id)).all()
    assert numbers == [1]
