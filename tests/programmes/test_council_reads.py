"""Readers (raadsleden, griffie) read programmes once they are on the council's agenda, never a concept."""

from planner.api.services import issue_token
from planner.extensions import db
from planner.programmes.services import transition
from tests.helpers import login


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
