"""Participation in every phase: execution and evaluation open to residents, their dates, and the policy."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from planner.core.errors import PlannerError
from planner.extensions import db
from planner.participation import phases, services
from planner.participation.models import Contribution, ContributionContact, ParticipationPhase, ParticipationPolicy
from planner.programmes.services import transition
from tests.helpers import csrf_token, login_as
from tests.participation.test_public import _post

TODAY = date.today()


@pytest.fixture
def executing(world, adopt, make_user):
    """Programme A adopted and in execution, with a progress report on its action."""
    from planner.tracking.services import record_progress

    programme = adopt(world["prog_a"])
    manager = make_user("gm-uitvoering@helmond.nl", "area_manager", programme.area)
    transition(programme, "uitvoering", manager)
    record_progress(
        world["action_a"], period="2026-Q3", progress=40, status="loopt", text="Huur rond", user=world["team_a"]
    )
    db.session.commit()
    return {**world, "manager": manager}


def _open(programme, user, phase="uitvoering", opens_on=None, closes_on=None):
    choices = {
        name: phases.PhaseChoice(name == phase, None, None) for name in ("consultatie", "uitvoering", "evaluatie")
    }
    choices[phase] = phases.PhaseChoice(True, opens_on, closes_on)
    phases.set_phases(user, programme, choices)
    db.session.commit()


def _count():
    return db.session.scalar(select(func.count(Contribution.id)))


def test_reaction_on_an_action_in_execution_is_moderated_answered_and_shown_with_its_phase(csrf_client, executing):
    programme, action = executing["prog_a"], executing["action_a"]
    assert csrf_client.get(f"/inspraak/{programme.id}").status_code == 404  # execution not opened: no public page
    _open(programme, executing["team_a"], opens_on=TODAY - timedelta(days=1), closes_on=TODAY + timedelta(days=30))
    page = csrf_client.get(f"/inspraak/{programme.id}").get_data(as_text=True)
    assert "Dit programma wordt uitgevoerd" in page and "2026-Q3: 40% klaar" in page
    assert f"reageren?actie={action.id}" in page
    index = csrf_client.get("/inspraak/").get_data(as_text=True)
    open_now = index[index.index("Nu open voor reacties") : index.index("Wat is er met de inbreng gedaan?")]
    assert "Programma Binnenstad" in open_now and "fase: uitvoering" in open_now
    update_id = phases.latest_updates(programme)[action.id].id
    url = f"/inspraak/{programme.id}/reageren?actie={action.id}&voortgang={update_id}"
    assert _post(csrf_client, programme, text="De buurtkamer is vaak dicht.", url=url).status_code == 302

    reaction = db.session.scalars(select(Contribution)).one()
    assert (reaction.phase, reaction.action_id, reaction.progress_update_id) == ("uitvoering", action.id, update_id)
    assert reaction.moderation == "te_modereren"
    services.moderate(executing["team_a"], programme, [reaction.id], "gepubliceerd")
    services.respond(executing["team_a"], reaction, status="overgenomen", response="Vanaf maart ook op zaterdag open.")
    db.session.commit()
    feedback = csrf_client.get(f"/inspraak/{programme.id}/terugkoppeling").get_data(as_text=True)
    assert "fase: uitvoering (over de voortgang 2026-Q3)" in feedback
    assert "Vanaf maart ook op zaterdag open." in feedback


def test_reaction_in_a_closed_phase_gets_the_dates_and_the_feedback_link(csrf_client, executing):
    programme = executing["prog_a"]
    _open(programme, executing["team_a"], opens_on=TODAY - timedelta(days=60), closes_on=TODAY - timedelta(days=1))
    page = csrf_client.get(f"/inspraak/{programme.id}/reageren").get_data(as_text=True)
    assert "De inspraakperiode is gesloten" in page and "fase uitvoering (van " in page
    assert f"/inspraak/{programme.id}/terugkoppeling" in page
    response = csrf_client.post(f"/inspraak/{programme.id}/reageren", data={"text": "Te laat", "token": "x"})
    assert response.status_code == 409 and _count() == 0


def test_evaluation_asks_a_judgement_per_goal(executing, react):
    from planner.learning.services import save_evaluation

    programme, goal = executing["prog_a"], executing["goal_a"]
    save_evaluation(executing["manager"], programme, {g.id: "Deels bereikt." for g in programme.goals})
    transition(programme, "geevalueerd", executing["manager"])
    _open(programme, executing["team_a"], phase="evaluatie")
    with pytest.raises(PlannerError, match="Kies het doel"):
        react(programme)
    db.session.rollback()
    judgement = react(programme, text="Er is meer ontmoeting, maar niet voor jongeren.", goal_id=goal.id)
    assert (judgement.phase, judgement.goal_id) == ("evaluatie", goal.id)


def test_phases_that_overlap_or_run_backwards_are_refused_beside_the_field(client, executing):
    programme = executing["prog_a"]
    team = login_as(client, executing["team_a"])
    url = f"/programmas/{programme.id}/inspraakfases"
    base = {
        "csrf_token": csrf_token(team, url),
        "consultatie_opens_on": "1-9-2026",
        "consultatie_closes_on": "15-10-2026",
    }
    backwards = team.post(
        url,
        data={**base, "uitvoering_open": "y", "uitvoering_opens_on": "1-3-2027", "uitvoering_closes_on": "1-2-2027"},
    )
    assert backwards.status_code == 422
    assert "De sluitingsdatum van de fase &#39;uitvoering&#39; ligt vóór de startdatum" in backwards.get_data(
        as_text=True
    )
    overlap = team.post(url, data={**base, "uitvoering_open": "y", "uitvoering_opens_on": "1-10-2026"})
    html = overlap.get_data(as_text=True)
    assert overlap.status_code == 422 and "overlapt met de fase &#39;consultatie van het concept&#39;" in html
    assert 'id="uitvoering_opens_on-error"' in html or "uitvoering_opens_on" in html
    assert db.session.scalar(select(func.count(ParticipationPhase.id))) == 0
    fine = team.post(url, data={**base, "uitvoering_open": "y", "uitvoering_opens_on": "1-1-2027"})
    assert fine.status_code == 302
    assert phases.stored(programme)["uitvoering"].opens_on == date(2027, 1, 1)


def test_admin_sets_the_policy_new_programmes_follow_it_and_purge_uses_its_term(
    client, world, make_user, make_programme
):
    gm = world["gm"]
    admin = login_as(client, make_user("beheer@helmond.nl", "admin", gm))
    assert "/beheer/inspraakbeleid/" in admin.get("/beheer/gebruikers").get_data(as_text=True)
    url = f"/beheer/inspraakbeleid/{gm.code}"
    token = csrf_token(admin, url)
    refused = admin.post(url, data={"csrf_token": token, "execution_open": "y", "retention_days": "5"})
    assert refused.status_code == 422 and "Kies een bewaartermijn van 30" in refused.get_data(as_text=True)
    assert db.session.get(ParticipationPolicy, gm.id) is None
    saved = admin.post(url, data={"csrf_token": token, "execution_open": "y", "retention_days": "90"})
    assert saved.status_code == 302
    assert login_as(client, world["team_a"]).get(url).status_code == 404  # a team does not administer it

    fresh = make_programme(world["ward_a"], title="Nieuw programma")
    assert set(phases.stored(fresh)) == {"uitvoering"}

    reaction = services.record_contribution(
        world["prog_a"], text="Bel mij", source="publiek", name="Els", consent=True, retention_days=365
    )
    reaction.contact.consent_at = datetime.now() - timedelta(days=100)
    db.session.commit()
    services.purge_personal_data(TODAY)
    db.session.commit()
    assert db.session.scalar(select(func.count(ContributionContact.contribution_id))) == 0
