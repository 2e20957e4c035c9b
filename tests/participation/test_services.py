"""Participation rules: public reactions, spam limits, moderation, responses, purge, version changes."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from planner.core.errors import PlannerError
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.participation import services
from planner.participation.models import Contribution, ContributionContact, ReactionThrottle


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_public_reaction_waits_for_moderation_and_takes_the_goal_theme(world, react):
    from planner.opgaven.models import Theme

    goal = world["goal_a"]
    goal.theme = db.session.scalar(select(Theme).where(Theme.name == "Samenleven"))
    db.session.commit()
    c = react(world["prog_a"], goal_id=goal.id)
    assert (c.moderation, c.status, c.source, c.goal, c.theme.name) == (
        "te_modereren",
        "nieuw",
        "publiek",
        goal,
        "Samenleven",
    )
    assert c.contact is None
    assert services.published(world["prog_a"]) == []


def test_reaction_on_a_programme_not_in_consultation_stores_nothing(world, react, adopt):
    adopt(world["prog_a"])
    with pytest.raises(services.ConsultationClosed, match="niet open voor reacties"):
        react(world["prog_a"])
    db.session.rollback()
    assert _count(Contribution) == 0 and _count(ReactionThrottle) == 0


@pytest.mark.parametrize("text, message", [("   ", "lege reactie"), ("x" * 2001, "het maximum is 2000")])
def test_empty_or_oversized_reaction_is_refused_beside_the_text(world, react, text, message):
    with pytest.raises(PlannerError, match=message) as caught:
        react(world["prog_a"], text=text)
    assert caught.value.field == "text"
    db.session.rollback()
    assert _count(Contribution) == 0


def test_reaction_on_a_goal_of_another_programme_is_refused(world, react):
    other_goal = world["prog_b"].goals[0]
    with pytest.raises(PlannerError, match="hoort niet bij dit programma"):
        react(world["prog_a"], goal_id=other_goal.id)


def test_honeypot_stores_no_contribution(world, react):
    with pytest.raises(services.SpamSuspected):
        react(world["prog_a"], honeypot="http://spam.example")
    db.session.commit()  # as the view does: only the throttle row
    assert _count(Contribution) == 0 and _count(ReactionThrottle) == 1


def test_flood_from_one_address_is_limited_per_window(world, react):
    start = datetime(2026, 5, 1, 12, 0)
    for i in range(services.RATE_LIMIT):
        react(world["prog_a"], text=f"reactie {i}", ip_hash="flood", now=start + timedelta(seconds=i))
    with pytest.raises(services.RateLimited, match="Wacht 10 minuten"):
        react(world["prog_a"], ip_hash="flood", now=start + timedelta(minutes=1))
    db.session.rollback()
    react(world["prog_a"], ip_hash="other", now=start + timedelta(minutes=1))  # another address is unaffected
    react(world["prog_a"], ip_hash="flood", now=start + timedelta(minutes=11))  # the window has passed
    assert _count(Contribution) == services.RATE_LIMIT + 2


def test_address_hash_is_keyed_and_never_the_address():
    h = services.address_hash("203.0.113.7", "secret")
    assert "203.0.113.7" not in h and h != services.address_hash("203.0.113.7", "other-secret")


def test_personal_data_needs_consent_and_a_valid_address(world, react):
    with pytest.raises(PlannerError) as caught:
        react(world["prog_a"], name="Jan", email="jan@example.nl", consent=False)
    assert caught.value.field == "consent"
    db.session.rollback()
    with pytest.raises(PlannerError) as caught:
        react(world["prog_a"], email="geen-adres", consent=True)
    assert caught.value.field == "email"
    db.session.rollback()
    assert _count(Contribution) == 0


def test_personal_data_never_reaches_the_audit_trail(world, react):
    c = react(world["prog_a"], name="Jan Jansen", email="jan@example.nl", consent=True)
    assert c.contact.email == "jan@example.nl"
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "Contribution")).all()
    assert events and all("jan@example.nl" not in str(e.after) and "Jansen" not in str(e.after) for e in events)


def test_purge_removes_personal_data_past_retention_and_keeps_the_anonymised_text(world, react):
    old = react(
        world["prog_a"],
        text="Oude reactie",
        name="Jan",
        email="jan@example.nl",
        consent=True,
        now=datetime(2025, 1, 1),
        retention_days=30,
        ip_hash="x",
    )
    fresh = react(world["prog_a"], text="Nieuwe reactie", name="Piet", consent=True, retention_days=365, ip_hash="y")
    result = services.purge_personal_data(date.today())
    db.session.commit()
    assert result["contacts"] == 1 and result["throttle"] == 1
    old, fresh = db.session.get(Contribution, old.id), db.session.get(Contribution, fresh.id)
    assert old.contact is None and old.text == "Oude reactie"
    assert fresh.contact.name == "Piet"
    assert _count(ContributionContact) == 1


def test_moderation_only_within_the_programme_and_by_an_editor(world, react):
    c = react(world["prog_a"])
    other = react(world["prog_b"])
    with pytest.raises(PlannerError, match="bestaan niet"):
        services.moderate(world["team_a"], world["prog_a"], [c.id, other.id], "gepubliceerd")
    db.session.rollback()
    from werkzeug.exceptions import Forbidden

    with pytest.raises(Forbidden):
        services.moderate(world["team_b"], world["prog_a"], [c.id], "gepubliceerd")
    services.moderate(world["team_a"], world["prog_a"], [c.id], "gepubliceerd")
    db.session.commit()
    assert services.published(world["prog_a"]) == [c]


def test_respond_needs_a_reason_and_links_actions_of_this_programme(world, react):
    c = react(world["prog_a"])
    user, action = world["team_a"], world["action_a"]
    with pytest.raises(PlannerError) as caught:
        services.respond(user, c, status="overgenomen", response="  ", action_ids=[action.id])
    assert caught.value.field == "response"
    with pytest.raises(PlannerError, match="niet .*overgenomen"):
        services.respond(user, c, status="niet_overgenomen", response="Past niet.", action_ids=[action.id])
    services.respond(user, c, status="overgenomen", response="Komt in actie 1.", action_ids=[action.id])
    db.session.commit()
    assert c.linked_actions == [action] and c.responded_by_id == user.id
    services.respond(user, c, status="deels", response="Deels.", goal_ids=[world["goal_a"].id])
    db.session.commit()
    assert c.linked_actions == [] and c.linked_goals == [world["goal_a"]]


def test_bulk_status_requires_a_response_for_unanswered_items(world, react):
    a, b = react(world["prog_a"], text="een"), react(world["prog_a"], text="twee")
    with pytest.raises(PlannerError, match="onderbouwde reactie") as caught:
        services.bulk_status(world["team_a"], world["prog_a"], [a.id, b.id], "niet_overgenomen")
    assert caught.value.field == "response"
    db.session.rollback()
    services.bulk_status(
        world["team_a"], world["prog_a"], [a.id, b.id], "niet_overgenomen", "Valt buiten het programma."
    )
    db.session.commit()
    assert {a.status, b.status} == {"niet_overgenomen"} and a.response == "Valt buiten het programma."


def test_triage_filters_and_scoping(world, react):
    from planner.participation.services import Filters

    c = react(world["prog_a"], text="Meer groen")
    react(world["prog_a"], text="Minder auto's")
    services.moderate(world["team_a"], world["prog_a"], [c.id], "gepubliceerd")
    db.session.commit()
    assert [x.text for x in services.triage(world["team_a"], world["prog_a"], Filters(moderation="gepubliceerd"))] == [
        "Meer groen"
    ]
    assert [x.text for x in services.triage(world["team_a"], world["prog_a"], Filters(text="auto"))] == [
        "Minder auto's"
    ]
    assert services.triage(world["team_b"], world["prog_a"], Filters()) == []
    assert services.triage(world["reader"], world["prog_a"], Filters()) == []


def test_moment_rules(world):
    m = services.record_moment(
        world["prog_a"], kind="buurtwandeling", title="Wandeling", date=date(2026, 4, 2), participants=14
    )
    assert m.area == world["ward_a"] and m.kind_label == "Buurtwandeling"
    with pytest.raises(PlannerError) as caught:
        services.record_moment(world["prog_a"], kind="feest", title="x", date=date(2026, 4, 2))
    assert caught.value.field == "kind"
    c = services.record_contribution(world["prog_a"], text="Donkere steeg", moment=m)
    assert c.moderation == "gepubliceerd" and c.moment == m  # team input is published at once
    with pytest.raises(PlannerError, match="bijeenkomst hoort niet"):
        services.record_contribution(world["prog_b"], text="x", moment=m)


def test_contributions_for_changes_lists_input_behind_changed_actions(world, react):
    from planner.programmes.services import compare_snapshots, snapshot

    action = world["action_a"]
    before = snapshot(world["prog_a"])
    c = react(world["prog_a"], text="Buurtkamer ook op zondag open")
    services.respond(world["team_a"], c, status="overgenomen", response="Ja.", action_ids=[action.id])
    action.description = "Ook op zondag open."
    db.session.commit()
    blocks = compare_snapshots(before, snapshot(world["prog_a"]))
    rows = services.contributions_for_changes(world["prog_a"], blocks)
    assert [(r["label"], r["contributions"]) for r in rows] == [(f"Actie 1: {action.title}", [c])]
    assert services.contributions_for_changes(world["prog_a"], compare_snapshots(before, before)) == []
