"""Deleting a programme: a concept by its team after a confirmation; never an adopted programme or one
residents have seen, and the audit trail stays."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.actions.models import Action
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.programmes.models import Programme
from planner.programmes.services import transition
from tests.helpers import login, login_as


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_team_deletes_a_concept_after_confirming(client, helmond, make_user, make_programme, make_action):
    gm, binnenstad, oost = helmond
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    programme = make_programme(binnenstad, title="Verkeerd begonnen")
    make_action(programme, title="Eerste actie", goal=programme.goals[0])
    login(client, team)
    assert "Concept verwijderen" in client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    asked = client.post(f"/programmas/{programme.id}/verwijderen")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Verkeerd begonnen verwijderen?" in html and 'name="bevestigd"' in html
    assert db.session.get(Programme, programme.id) is not None  # nothing yet
    done = client.post(f"/programmas/{programme.id}/verwijderen", data={"bevestigd": "ja"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/gebieden/{binnenstad.code}")
    db.session.expire_all()
    assert _count(Programme) == 0 and _count(Action) == 0
    deleted = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "delete")).all()
    assert "Verkeerd begonnen" in {e.entity_label for e in deleted}


def test_adopted_or_once_public_programmes_cannot_be_deleted(client, helmond, make_user, make_programme, adopt):
    gm, binnenstad, oost = helmond
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    adopted = adopt(make_programme(binnenstad, title="Vastgesteld programma"))
    once_public = make_programme(binnenstad, title="Terug naar concept")
    transition(once_public, "consultatie", team)
    transition(once_public, "concept", team)
    db.session.commit()
    login(client, team)
    assert "Concept verwijderen" not in client.get(f"/programmas/{adopted.id}").get_data(as_text=True)
    page = client.post(f"/programmas/{adopted.id}/verwijderen", data={"bevestigd": "ja"}, follow_redirects=True)
    assert "kan niet worden verwijderd" in page.get_data(as_text=True)
    page = client.post(f"/programmas/{once_public.id}/verwijderen", data={"bevestigd": "ja"}, follow_redirects=True)
    assert "al eerder in consultatie" in page.get_data(as_text=True)
    db.session.expire_all()
    assert _count(Programme) == 2


def test_only_editors_of_the_area_may_delete(client, helmond, make_user, make_programme):
    gm, binnenstad, oost = helmond
    programme = make_programme(binnenstad, title="Concept Binnenstad")
    oost_team = login_as(client, make_user("oost@helmond.nl", "team_member", oost))
    assert oost_team.post(f"/programmas/{programme.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 404
    controller = login_as(client, make_user("ctrl@helmond.nl", "controller", gm))
    assert controller.post(f"/programmas/{programme.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 403
    assert _count(Programme) == 1
