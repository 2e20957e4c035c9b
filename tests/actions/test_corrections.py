"""Bijsturen: a correction of course on an action, with its reason, through the action page."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from planner.actions.models import Correction, Milestone
from planner.core.models import AuditEvent
from planner.extensions import db
from tests.helpers import login, login_as


def _count():
    return db.session.scalar(select(func.count(Correction.id)))


def test_team_corrects_an_action_and_it_shows_in_the_story_and_the_history(client, world):
    action = world["action_a"]
    login(client, world["team_a"])
    page = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert f'href="/acties/{action.id}/bijsturen"' in page and "Nog geen bijsturingen" in page
    response = client.post(
        f"/acties/{action.id}/bijsturen",
        data={
            "corrected_on": date.today().strftime("%d-%m-%Y"),
            "aspects": ["scope", "trekker"],
            "changes": "De speelplek komt aan de oostkant.",
            "reason": "Bewoners wezen op de zon in de middag.",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#bijsturingen")
    correction = db.session.scalars(select(Correction)).one()
    assert correction.aspect_codes == ["scope", "trekker"] and correction.author_label == "a"
    page = re.sub(r"\s+", " ", client.get(f"/acties/{action.id}").get_data(as_text=True))
    assert "Inhoud (scope), Trekker" in page and "Bewoners wezen op de zon in de middag." in page
    assert (
        db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action_id == action.id, AuditEvent.entity_type == "Correction"
            )
        )
        == 1
    )
    assert "Bijsturing van" in client.get(f"/acties/{action.id}/historie").get_data(as_text=True)


def test_a_correction_without_a_reason_or_dated_in_the_future_is_refused_beside_the_field(client, world):
    action = world["action_a"]
    login(client, world["team_a"])
    base = {"corrected_on": date.today().strftime("%d-%m-%Y"), "aspects": ["scope"], "reason": "Inbreng"}
    response = client.post(f"/acties/{action.id}/bijsturen", data={**base, "reason": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="reason-fout"><p>Geef de reden van de bijsturing', html)
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d-%m-%Y")
    html = client.post(f"/acties/{action.id}/bijsturen", data={**base, "corrected_on": tomorrow}).get_data(as_text=True)
    assert re.search(r'id="corrected_on-fout"><p>De datum van de bijsturing ligt in de toekomst', html)
    assert "Inbreng" in html  # the input stays
    html = client.post(f"/acties/{action.id}/bijsturen", data={**base, "aspects": []}).get_data(as_text=True)
    assert re.search(r'id="aspects-fout"><p>Kies wat er verandert', html)
    assert _count() == 0


def test_only_editors_of_the_ward_may_correct(client, world):
    action = world["action_a"]
    data = {"corrected_on": date.today().strftime("%d-%m-%Y"), "aspects": ["scope"], "reason": "Inbreng"}
    client = login_as(client, world["team_b"])
    assert client.post(f"/acties/{action.id}/bijsturen", data=data).status_code == 404
    client = login_as(client, world["reader"])  # the council reads the action, corrects nothing
    assert client.get(f"/acties/{action.id}/bijsturen").status_code == 403
    assert 'bijsturen"' not in client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert _count() == 0


def test_moving_a_milestone_with_a_reason_records_a_correction(client, world):
    from planner.actions.services import add_milestone

    action = world["action_a"]
    milestone = add_milestone(action, "Ontwerp klaar", date(2026, 5, 1))
    db.session.commit()
    login(client, world["team_a"])
    assert f'href="/mijlpalen/{milestone.id}/verplaatsen"' in client.get(f"/acties/{action.id}").get_data(as_text=True)
    html = client.post(f"/mijlpalen/{milestone.id}/verplaatsen", data={"due_date": "01-05-2026"}).get_data(as_text=True)
    assert "Dat is de datum die de mijlpaal al heeft" in html
    response = client.post(
        f"/mijlpalen/{milestone.id}/verplaatsen",
        data={"due_date": "01-09-2026", "reason": "Extra ontwerpsessie op verzoek van bewoners."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Milestone, milestone.id).due_date == date(2026, 9, 1)
    correction = db.session.scalars(select(Correction)).one()
    assert correction.milestone_id == milestone.id and correction.aspect_codes == ["planning"]
