"""Readers (raadsleden, griffie) read programmes once they are on the council's agenda, never a concept."""

from planner.api.services import issue_token
from planner.extensions import db
from planner.programmes.services import transition
from tests.helpers import login, login_as


def test_reader_opens_a_programme_in_decision_making_read_only_and_gets_404_on_a_concept(
    client, helmond, make_user, make_programme, make_action
):
    gm, binnenstad, oost = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    concept = make_programme(oost, title="Concept Oost")
    hidden = make_action(concept, title="Geheim plan Oost")
    deciding = make_programme(binnenstad, title="Raadsvoorstel Binnenstad")
    action = make_action(deciding, title="Buurtkamer openen")
    for status in ("consultatie", "besluitvorming"):
        transition(deciding, status, manager)
    reader = make_user("raad@helmond.nl", "reader", gm)
    _, secret = issue_token(reader, "raad")
    db.session.commit()
    login(client, reader)

    page = client.get(f"/programmas/{deciding.id}")
    assert page.status_code == 200 and "Raadsvoorstel Binnenstad" in page.get_data(as_text=True)
    assert f"/programmas/{deciding.id}/bewerken" not in page.get_data(as_text=True)  # read-only
    assert client.get(f"/programmas/{deciding.id}/bewerken").status_code == 403
    assert client.get(f"/acties/{action.id}").status_code == 200
    for url in (f"/programmas/{concept.id}", f"/acties/{hidden.id}", f"/programmas/{concept.id}/versies"):
        assert client.get(url).status_code == 404, url

    listing = client.get("/programmas/").get_data(as_text=True)
    assert "Raadsvoorstel Binnenstad" in listing and "Concept Oost" not in listing
    assert "Buurtkamer openen" in client.get("/programmas/zoeken?q=Buurtkamer").get_data(as_text=True)
    for secret_word in ("Geheim", "Concept"):
        assert "Oost" not in client.get(f"/programmas/zoeken?q={secret_word}").get_data(as_text=True).split("<main")[1]
    dashboard = client.get("/").get_data(as_text=True)
    assert (
        "1 × besluitvorming" in dashboard and "concept" not in dashboard.lower().split("<main")[1].split("</main>")[0]
    )

    headers = {"Authorization": f"Bearer {secret}"}
    api = client.get("/api/v1/programmes", headers=headers).get_json()
    assert [p["title"] for p in api["items"]] == ["Raadsvoorstel Binnenstad"]
    actions = client.get("/api/v1/actions", headers=headers).get_json()
    assert [a["title"] for a in actions["items"]] == ["Buurtkamer openen"]
    assert client.get(f"/api/v1/programmes/{concept.id}", headers=headers).status_code == 404


def test_reader_sees_versions_and_history_only_from_the_consultation_on(
    client, helmond, make_user, make_programme, make_action
):
    from planner.programmes.services import update_programme

    gm, binnenstad, _ = helmond
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    programme = make_programme(binnenstad, title="Programma Binnenstad")
    action = make_action(programme, title="Geheim actieplan")
    update_programme(programme, None, summary="Eerste interne opzet")
    update_programme(programme, None, summary="Tekst voor de inspraak")
    action.title = "Buurtkamer openen"
    db.session.flush()
    transition(programme, "consultatie", team)  # version 1
    update_programme(programme, None, summary="Aangepast na inspraak")
    transition(programme, "concept", team, note="Terug: bezuinigingsronde")  # version 2, a concept
    update_programme(programme, None, summary="Tweede interne opzet")
    action.title = "Voorlopig geschrapt plan"
    db.session.flush()
    action.title = "Buurtkamer openen en beheren"
    update_programme(programme, None, summary="Herziene tekst")
    transition(programme, "consultatie", team)  # version 3
    reader = make_user("raad@helmond.nl", "reader", gm)
    db.session.commit()

    login(client, reader)
    versions = client.get(f"/programmas/{programme.id}/versies").get_data(as_text=True)
    assert "bezuinigingsronde" not in versions and "vanaf de consultatie" in versions
    assert 'value="1"' in versions and 'value="3"' in versions and 'value="2"' not in versions
    assert "Versies (2)" in versions  # the tab counts what the reader may open, not the concept in between
    url = f"/programmas/{programme.id}/versies/vergelijk"
    assert client.get(f"{url}?a=1&b=3").status_code == 200
    assert client.get(f"{url}?a=2&b=huidig").status_code == 404
    history = client.get(f"/programmas/{programme.id}/historie").get_data(as_text=True)
    assert "Tekst voor de inspraak" in history and "Aangepast na inspraak" in history  # an edit in consultation
    for concept_text in ("Eerste interne opzet", "Tweede interne opzet", "Geheim actieplan", "Voorlopig geschrapt"):
        assert concept_text not in history, concept_text
    assert "status gewijzigd" in history
    action_history = client.get(f"/acties/{action.id}/historie").get_data(as_text=True)
    assert "Voorlopig geschrapt" not in action_history and "Geheim actieplan" not in action_history

    team_client = login_as(client, team)  # the team sees everything it did
    team_versions = team_client.get(f"/programmas/{programme.id}/versies").get_data(as_text=True)
    assert "bezuinigingsronde" in team_versions and "Versies (3)" in team_versions
    assert team_client.get(f"{url}?a=2&b=huidig").status_code == 200
    team_history = team_client.get(f"/programmas/{programme.id}/historie").get_data(as_text=True)
    assert "Eerste interne opzet" in team_history and "Tweede interne opzet" in team_history
    assert "Voorlopig geschrapt" in team_client.get(f"/acties/{action.id}/historie").get_data(as_text=True)
