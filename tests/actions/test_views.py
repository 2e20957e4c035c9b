"""Action pages through the test client."""
from sqlalchemy import func, select

from planner.actions.models import Action, Milestone
from planner.core.models import AuditEvent
from planner.extensions import db
from tests.conftest import login


def _action_form(**overrides):
    data = {"title": "Buurtkamer openen", "description": "", "goal_id": "", "parent_id": "", "owner": "LEV-groep",
            "status": "gepland", "progress": "0", "weight": "1", "start_date": "2026-03-01", "end_date": "2026-12-31"}
    data.update(overrides)
    return data


def test_create_edit_and_audit_an_action_with_two_wards(client, helmond, make_user, make_programme):
    gm, ward_a, ward_b = helmond
    programme = make_programme(gm)
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    response = client.post(f"/programmas/{programme.id}/acties/nieuw",
                           data=_action_form(**{f"weight-{ward_a.id}": "2", f"weight-{ward_b.id}": "1,5"}))
    action = db.session.scalars(select(Action)).one()
    assert response.headers["Location"].endswith(f"/acties/{action.id}")
    assert sorted((aa.area.code, str(aa.weight)) for aa in action.areas) == [("WK079410", "2.0000"), ("WK079411", "1.5000")]
    response = client.post(f"/acties/{action.id}/bewerken", data=_action_form(
        status="loopt", progress="40", lock_version="1", seen_audit_id="0", **{f"weight-{ward_a.id}": "1"}))
    assert response.status_code == 302
    db.session.refresh(action)
    assert (action.status, action.progress, [aa.area.code for aa in action.areas]) == ("loopt", 40, ["WK079410"])
    history = client.get(f"/acties/{action.id}/historie").get_data(as_text=True)
    assert "gm@helmond.nl" in history and "loopt" in history
    assert db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action_id == action.id)) >= 3


def test_invalid_action_form_keeps_input_and_stores_nothing(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    response = client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(
        progress="150", start_date="2026-06-01", end_date="2026-01-01", **{f"weight-{ward.id}": "1"}))
    html = response.get_data(as_text=True)
    assert 'id="progress-fout"' in html and "0 tot en met 100" in html
    response = client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(
        start_date="2026-06-01", end_date="2026-01-01", **{f"weight-{ward.id}": "1"}))
    html = response.get_data(as_text=True)
    assert 'id="end_date-fout"' in html and "einddatum ligt vóór de startdatum" in html
    assert 'value="Buurtkamer openen"' in html
    response = client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(start_date="31-02-2026"))
    html = response.get_data(as_text=True)
    assert 'id="start_date-fout"' in html and "&#39;31-02-2026&#39; is geen geldige datum" in html
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_milestones_are_added_and_marked_done(client, helmond, make_user, make_programme, make_action):
    _, ward, _ = helmond
    action = make_action(make_programme(ward))
    login(client, make_user("a@helmond.nl", "team_member", ward))
    client.post(f"/acties/{action.id}/mijlpalen", data={"title": "Huurcontract getekend", "due_date": "2026-04-01"})
    milestone = db.session.scalars(select(Milestone)).one()
    client.post(f"/mijlpalen/{milestone.id}/gereed")
    db.session.refresh(milestone)
    assert milestone.done_on is not None
    response = client.post(f"/acties/{action.id}/mijlpalen", data={"title": "", "due_date": ""})
    assert response.status_code == 400 and "Geef de mijlpaal een titel." in response.get_data(as_text=True)


def test_other_wards_action_is_404(client, helmond, make_user, make_programme, make_action):
    _, ward_a, ward_b = helmond
    action = make_action(make_programme(ward_b))
    login(client, make_user("a@helmond.nl", "team_member", ward_a))
    for url in (f"/acties/{action.id}", f"/acties/{action.id}/bewerken", f"/acties/{action.id}/historie"):
        assert client.get(url).status_code == 404
    assert client.post(f"/acties/{action.id}/mijlpalen", data={"title": "x", "due_date": "2026-01-01"}).status_code == 404
