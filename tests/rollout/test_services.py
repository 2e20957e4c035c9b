"""Templates, roll-out, the board of steps and revisions, without a request."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from planner.actions.models import Action
from planner.actions.services import add_milestone
from planner.areas.services import add_area
from planner.budget.models import Allocation
from planner.budget.services import allocate
from planner.core.errors import PlannerError, WorkflowError
from planner.extensions import db
from planner.indicators.models import GoalTarget
from planner.indicators.services import record_measurement, save_indicator, set_goal_target
from planner.learning.models import lesson_actions
from planner.learning.services import add_lesson, record_reflection
from planner.opgaven.models import Organisation
from planner.opgaven.services import create_opgave, save_organisation, seat_party
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


def _lesson(user, programme, action, statement, held_on=date(2026, 5, 1)):
    reflection = record_reflection(user, programme=programme, held_on=held_on, kind="team", what_works="De avondronde")
    return add_lesson(user, reflection, statement=statement, action_ids=[action.id])


def test_the_rollout_view_shows_per_ward_the_lessons_the_user_may_see_in_a_constant_number_of_queries(pilot, make_user):
    programme, manager, other, third = pilot
    template = services.save_as_template(programme, manager, title="Avondaanpak", fits_when="Overlast.")
    result = services.roll_out(template, manager, [other, third], date(2027, 1, 1))
    follower = next(p for p in result.programmes if p.area_id == other.id)
    hidden = next(p for p in result.programmes if p.area_id == third.id)
    in_pilot = _lesson(manager, programme, programme.actions[0], "Avondrondes werken met de wijkagent erbij")
    in_follower = _lesson(manager, follower, follower.actions[0], "Start pas na de zomer")
    # A lesson in Brandevoort's draft, even when it names the pilot's action, stays out of sight of whoever may
    # not read that draft.
    secret = _lesson(manager, hidden, hidden.actions[0], "Geheim leerpunt uit het concept van Brandevoort")
    db.session.execute(lesson_actions.insert().values(lesson_id=secret.id, action_id=programme.actions[0].id))
    db.session.commit()
    team_pilot = make_user("bs@helmond.nl", "team_member", programme.area)

    def queries_of_view(user):
        counter = {"n": 0}

        def before(*_):
            counter["n"] += 1

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            view = services.rollout_view(user, template, date(2027, 6, 1))
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
        return view, counter["n"]

    view, first = queries_of_view(manager)
    assert [lesson.id for lesson in view.cells[1, programme.id].lessons] == [secret.id, in_pilot.id]
    assert [lesson.id for lesson in view.cells[1, follower.id].lessons] == [in_follower.id]
    seen, _ = queries_of_view(team_pilot)
    assert [lesson.id for lesson in seen.cells[1, programme.id].lessons] == [in_pilot.id]
    assert all(secret.id not in [lesson.id for lesson in cell.lessons] for cell in seen.cells.values())

    for n in range(3):
        _lesson(manager, follower, follower.actions[0], f"Nog een leerpunt {n}")
    db.session.commit()
    view, again = queries_of_view(manager)
    assert len(view.cells[1, follower.id].lessons) == 4 and again == first


def test_a_template_keeps_the_partner_roles_and_tells_per_ward_who_still_has_to_be_seated(pilot, make_user):
    programme, manager, other, third = pilot
    opgave = create_opgave(area=programme.area, title="Veilig uitgaan", statement="Uitgaan zonder overlast.")
    corporation = db.session.scalar(select(Organisation).where(Organisation.name == "Woonpartners"))
    police = db.session.scalar(select(Organisation).where(Organisation.name == "Politie"))
    seat_party(opgave, corporation, role="trekker", brings=["geld", "locaties"], offer="Twee panden")
    seat_party(opgave, police, role="adviseur")
    programme.opgave = opgave
    own_opgave = create_opgave(area=other, title="Overlast Oost", statement="Minder overlast in Oost.")
    seat_party(own_opgave, save_organisation(None, name="Wijkagenten Oost", kind="politie"), role="adviseur")
    db.session.commit()

    template = services.save_as_template(programme, manager, title="Avondaanpak", fits_when="Overlast.")
    assert [(r["kind"], r["role"], r["brings"], r["examples"]) for r in template.seats] == [
        ("politie", "adviseur", [], ["Politie"]),
        ("woningcorporatie", "trekker", ["geld", "locaties"], ["Woonpartners"]),
    ]
    tables = services.tables_of_wards(manager, template, [other, third])
    assert third.id not in tables  # no opgave in Brandevoort: every role still has to come to the table
    [check] = tables[other.id]
    assert check.opgave.title == "Overlast Oost"
    assert [(r["kind"], r["role"]) for r in check.missing] == [("woningcorporatie", "trekker")]

    result = services.roll_out(template, manager, [other], date(2027, 1, 1))
    db.session.commit()
    view = services.rollout_view(manager, template, date(2027, 6, 1))
    assert view.table[programme.id].missing == []
    # The new draft belongs to no opgave yet: the roll-out view says so rather than guessing one.
    assert view.table[result.programmes[0].id].opgave is None
