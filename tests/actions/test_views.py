"""Action pages through the test client."""

import re

import pytest
from sqlalchemy import func, select

from planner.actions.models import Action, Milestone
from planner.core.models import AuditEvent
from planner.extensions import db
from tests.helpers import adoption, login, login_as


def _action_form(**overrides):
    data = {
        "title": "Buurtkamer openen",
        "description": "",
        "goal_id": "",
        "parent_id": "",
        "owner_organisation_id": "",
        "owner_person": "Fatima",
        "status": "gepland",
        "progress": "0",
        "weight": "1",
        "start_date": "2026-03-01",
        "end_date": "2026-12-31",
    }
    data.update(overrides)
    return data


def test_create_edit_and_audit_an_action_with_two_wards(client, helmond, make_user, make_programme):
    gm, ward_a, ward_b = helmond
    programme = make_programme(gm)
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    response = client.post(
        f"/programmas/{programme.id}/acties/nieuw",
        data=_action_form(**{f"weight-{ward_a.id}": "2", f"weight-{ward_b.id}": "1,5"}),
    )
    action = db.session.scalars(select(Action)).one()
    assert response.headers["Location"].endswith(f"/acties/{action.id}")
    assert sorted((aa.area.code, str(aa.weight)) for aa in action.areas) == [
        ("WK079410", "2.0000"),
        ("WK079411", "1.5000"),
    ]
    response = client.post(
        f"/acties/{action.id}/bewerken",
        data=_action_form(
            status="loopt", progress="40", lock_version="1", seen_audit_id="0", **{f"weight-{ward_a.id}": "1"}
        ),
    )
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
    response = client.post(
        f"/programmas/{programme.id}/acties/nieuw",
        data=_action_form(progress="150", start_date="2026-06-01", end_date="2026-01-01", **{f"weight-{ward.id}": "1"}),
    )
    html = response.get_data(as_text=True)
    assert 'id="progress-fout"' in html and "0 tot en met 100" in html
    response = client.post(
        f"/programmas/{programme.id}/acties/nieuw",
        data=_action_form(start_date="2026-06-01", end_date="2026-01-01", **{f"weight-{ward.id}": "1"}),
    )
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


def test_a_milestone_is_deleted_only_after_confirming(client, helmond, make_user, make_programme, make_action):
    _, ward, _ = helmond
    action = make_action(make_programme(ward), title="Buurtkamer openen")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    client.post(f"/acties/{action.id}/mijlpalen", data={"title": "Ontwerp klaar", "due_date": "2026-04-01"})
    milestone = db.session.scalars(select(Milestone)).one()
    asked = client.post(f"/mijlpalen/{milestone.id}/verwijderen")
    html = asked.get_data(as_text=True).replace("&#39;", "'")
    assert asked.status_code == 200
    assert (
        f"<h1 class=\"utrecht-heading-1\">Mijlpaal 'Ontwerp klaar' van actie {action.number} verwijderen?</h1>" in html
    )
    assert "1 apr 2026" in html and "wijzigingshistorie" in html and 'name="bevestigd" value="ja"' in html
    assert db.session.scalar(select(func.count(Milestone.id))) == 1
    done = client.post(f"/mijlpalen/{milestone.id}/verwijderen", data={"bevestigd": "ja"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/acties/{action.id}#mijlpalen")
    assert db.session.scalar(select(func.count(Milestone.id))) == 0


def test_other_wards_action_is_404(client, helmond, make_user, make_programme, make_action):
    _, ward_a, ward_b = helmond
    action = make_action(make_programme(ward_b))
    login(client, make_user("a@helmond.nl", "team_member", ward_a))
    for url in (f"/acties/{action.id}", f"/acties/{action.id}/bewerken", f"/acties/{action.id}/historie"):
        assert client.get(url).status_code == 404
    assert (
        client.post(f"/acties/{action.id}/mijlpalen", data={"title": "x", "due_date": "2026-01-01"}).status_code == 404
    )


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": ""}, "title", "Vul een titel in."),
        ({"title": "x" * 201}, "title", "Een titel is hoogstens 200 tekens."),
        ({"owner_person": "x" * 201}, "owner_person", "Hoogstens 200 tekens."),
        ({"owner_organisation_id": "999999"}, "owner_organisation_id", "Kies een van de mogelijkheden uit de lijst."),
        ({"progress": "-5"}, "progress", "Voortgang is een percentage van 0 tot en met 100."),
        ({"progress": "101"}, "progress", "Voortgang is een percentage van 0 tot en met 100."),
        ({"progress": "veel"}, "progress", "Vul de voortgang in als heel getal van 0 tot en met 100."),
        ({"progress": ""}, "progress", "Vul een voortgang in, van 0 tot en met 100."),
        ({"status": "afgerond", "progress": "60"}, "progress", "Een afgeronde actie heeft 100% voortgang."),
        ({"goal_id": "999999"}, "goal_id", "Kies een van de mogelijkheden uit de lijst."),
        ({"end_date": "2026-02-01"}, "end_date", "De einddatum ligt vóór de startdatum."),
    ],
    ids=[
        "empty-title",
        "long-title",
        "long-owner-person",
        "unknown-owner-organisation",
        "progress-negative",
        "progress-over-100",
        "progress-text",
        "progress-empty",
        "done-below-100",
        "unknown-goal",
        "end-before-start",
    ],
)
def test_each_bad_action_input_gets_a_dutch_message_beside_its_field_and_nothing_is_stored(
    client, helmond, make_user, make_programme, make_action, overrides, field, message
):
    _, ward, _ = helmond
    programme = make_programme(ward)
    action = make_action(programme, "Bestaande actie")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    before = db.session.scalar(select(func.count(AuditEvent.id)))
    for url, extra in (
        (f"/programmas/{programme.id}/acties/nieuw", {}),
        (f"/acties/{action.id}/bewerken", {"lock_version": "1", "seen_audit_id": "0"}),
    ):
        response = client.post(url, data=_action_form(**{f"weight-{ward.id}": "1", **extra, **overrides}))
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert f'id="{field}-fout"' in html and message in html.replace("&#39;", "'"), url
        assert re.search(f'aria-describedby="[^"]*{field}-fout"', html), url  # tied to the input
    assert db.session.scalar(select(func.count(Action.id))) == 1
    assert db.session.scalar(select(func.count(AuditEvent.id))) == before
    db.session.refresh(action)
    assert (action.title, action.progress, action.lock_version) == ("Bestaande actie", 0, 1)


def test_area_weight_outside_range_is_refused_and_nothing_is_stored(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    for weight, message in (
        ("0", "ligt tussen 0 en 1000"),
        ("veel", "is geen getal"),
        ("", "Kies minstens één gebied"),
    ):
        html = client.post(
            f"/programmas/{programme.id}/acties/nieuw", data=_action_form(**{f"weight-{ward.id}": weight})
        ).get_data(as_text=True)
        assert message in html, weight
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_stale_action_form_shows_the_colleagues_change_and_keeps_both_texts(
    client, helmond, make_user, make_programme, make_action
):
    _, ward, _ = helmond
    action = make_action(make_programme(ward), "Buurtkamer openen")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    page = client.get(f"/acties/{action.id}/bewerken").get_data(as_text=True)
    assert 'name="lock_version" type="hidden" value="1"' in page
    colleague = _action_form(
        description="Sleutel bij de conciërge", lock_version="1", seen_audit_id="0", **{f"weight-{ward.id}": "1"}
    )
    assert client.post(f"/acties/{action.id}/bewerken", data=colleague).status_code == 302
    mine = _action_form(
        description="Open op woensdagmiddag",
        progress="30",
        status="loopt",
        lock_version="1",
        seen_audit_id="0",
        **{f"weight-{ward.id}": "1"},
    )
    response = client.post(f"/acties/{action.id}/bewerken", data=mine)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Iemand anders heeft dit opgeslagen" in html
    assert "Sleutel bij de conciërge" in html and "Open op woensdagmiddag" in html
    assert "<dt>Omschrijving</dt>" in html  # the colleague's change, named in Dutch
    assert 'name="lock_version" type="hidden" value="2"' in html
    db.session.refresh(action)
    assert (action.description, action.progress, action.status) == ("Sleutel bij de conciërge", 0, "gepland")


def test_reader_may_read_an_adopted_action_but_not_change_it(client, helmond, make_user, make_programme, make_action):
    from planner.programmes import services as programme_services

    gm, ward, _ = helmond
    programme = make_programme(ward)
    action = make_action(programme)
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    for step in ("consultatie", "besluitvorming", "vastgesteld"):
        programme_services.transition(
            programme, step, manager, **(adoption(programme) if step == "vastgesteld" else {})
        )
    db.session.commit()
    login(client, make_user("raad@helmond.nl", "reader", gm))
    page = client.get(f"/acties/{action.id}")
    assert page.status_code == 200 and "Bewerken" not in page.get_data(as_text=True)
    assert client.get(f"/acties/{action.id}/bewerken").status_code == 403
    assert client.post(f"/acties/{action.id}/bewerken", data=_action_form(progress="90")).status_code == 403
    assert client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form()).status_code == 403
    assert (
        client.post(f"/acties/{action.id}/mijlpalen", data={"title": "x", "due_date": "2026-01-01"}).status_code == 403
    )
    assert db.session.scalar(select(func.count(Action.id))) == 1
    db.session.refresh(action)
    assert action.progress == 0


def test_milestones_are_typed_on_the_action_form_itself(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    html = client.get(f"/programmas/{programme.id}/acties/nieuw").get_data(as_text=True)
    assert html.count('name="mijlpaal-') == 6  # three empty rows, title and date: no JavaScript needed
    rows = {"mijlpaal-0-titel": "Locatie gekozen", "mijlpaal-0-datum": "2026-04-01", "mijlpaal-2-titel": "Open"}
    rows[f"weight-{ward.id}"] = "1"
    response = client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(**rows))
    html = response.get_data(as_text=True)
    assert "Mijlpaal 2: vul een datum in, bijvoorbeeld 31-12-2026." in html
    assert 'value="Locatie gekozen"' in html and 'value="Open"' in html  # what was typed stays
    assert db.session.scalar(select(func.count(Action.id))) == 0
    rows["mijlpaal-2-datum"] = "30-09-2026"  # typed the Dutch way
    response = client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(**rows))
    assert response.status_code == 302
    action = db.session.scalars(select(Action)).one()
    assert [(m.title, m.due_date.isoformat()) for m in action.milestones] == [
        ("Locatie gekozen", "2026-04-01"),
        ("Open", "2026-09-30"),
    ]


def test_an_action_can_also_serve_a_neighbouring_ward_the_user_may_edit(client, helmond, make_user, make_programme):
    gm, binnenstad, oost = helmond
    programme = make_programme(binnenstad)
    weights = {f"weight-{binnenstad.id}": "2", f"weight-{oost.id}": "1"}
    login(client, make_user("a@helmond.nl", "team_member", binnenstad))
    assert "buurwijk" not in client.get(f"/programmas/{programme.id}/acties/nieuw").get_data(as_text=True)
    client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(**weights))
    action = db.session.scalars(select(Action)).one()
    assert [aa.area.code for aa in action.areas] == ["WK079410"]  # no rights in Oost: not offered, not stored
    db.session.delete(action)
    db.session.commit()
    client = login_as(client, make_user("gm@helmond.nl", "area_manager", gm))
    html = client.get(f"/programmas/{programme.id}/acties/nieuw").get_data(as_text=True)
    assert "(WK079411, buurwijk)" in html
    client.post(f"/programmas/{programme.id}/acties/nieuw", data=_action_form(**weights))
    action = db.session.scalars(select(Action)).one()
    assert sorted(aa.area.code for aa in action.areas) == ["WK079410", "WK079411"]


def test_error_summary_counts_in_proper_dutch(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    url = f"/programmas/{programme.id}/acties/nieuw"
    html = client.post(url, data=_action_form(title="", **{f"weight-{ward.id}": "1"})).get_data(as_text=True)
    assert "Controleer het formulier: 1 fout</h2>" in html
    html = client.post(url, data=_action_form(title="", progress="150", **{f"weight-{ward.id}": "1"})).get_data(
        as_text=True
    )
    assert "Controleer het formulier: 2 fouten</h2>" in html and ".:" not in html
