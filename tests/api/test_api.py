"""The read-only JSON API: tokens, scoping like the UI, paging, errors and the OpenAPI document."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.api.services import issue_token
from planner.extensions import db
from planner.opgaven.models import Organisation
from tests.helpers import PASSWORD, adoption, csrf_token


@pytest.fixture
def world(helmond, make_user, make_programme, make_action):
    from planner.agenda.services import create_item, link_action
    from planner.programmes.services import transition

    gm, binnenstad, oost = helmond
    manager = make_user("manager@helmond.nl", "area_manager", gm)
    team_binnenstad = make_user("team@binnenstad.nl", "team_member", binnenstad)
    reader = make_user("raad@helmond.nl", "reader", gm)
    draft_oost = make_programme(oost, title="Concept Oost")
    adopted = make_programme(binnenstad, title="Programma Binnenstad")
    action = make_action(
        adopted, title="Buurtkamer openen", owner_organisation=Organisation(name="LEV-groep", kind="zorg_welzijn")
    )
    make_action(draft_oost, title="Geheim plan Oost")
    for status in ("consultatie", "besluitvorming", "vastgesteld"):
        transition(adopted, status, manager, **(adoption(adopted) if status == "vastgesteld" else {}))
    motie = create_item(
        gm, number="M2026-07", kind="motie", title="Motie buurtkamers", date=date(2026, 2, 1), status="aangenomen"
    )
    link_action(manager, motie, action.id)
    db.session.commit()
    return {
        "manager": manager,
        "team": team_binnenstad,
        "reader": reader,
        "adopted": adopted,
        "draft_oost": draft_oost,
        "action": action,
        "motie": motie,
    }


def bearer(user, name="test") -> dict:
    _, secret = issue_token(user, name)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_requests_without_a_valid_token_get_401_in_dutch(client, world):
    for headers in ({}, {"Authorization": "Bearer wp_nietbestaand"}, {"Authorization": "Basic abc"}):
        response = client.get("/api/v1/programmes", headers=headers)
        assert response.status_code == 401
        assert "API-sleutel" in response.get_json()["error"]["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_reader_sees_only_adopted_programmes_and_team_never_sees_another_wards_draft(client, world):
    def titles(headers):
        return {p["title"] for p in client.get("/api/v1/programmes", headers=headers).get_json()["items"]}

    assert titles(bearer(world["manager"])) == {"Concept Oost", "Programma Binnenstad"}
    assert titles(bearer(world["reader"])) == {"Programma Binnenstad"}
    team = bearer(world["team"])
    assert titles(team) == {"Programma Binnenstad"}
    # Not in a lookup either, nor its actions in any list.
    hidden = client.get(f"/api/v1/programmes/{world['draft_oost'].id}", headers=team)
    assert hidden.status_code == 404 and "geen toegang" in hidden.get_json()["error"]["message"]
    actions = client.get("/api/v1/actions", headers=team).get_json()
    assert [a["title"] for a in actions["items"]] == ["Buurtkamer openen"] and actions["total"] == 1


def test_action_document_carries_exact_weights_dates_and_political_trail(client, world):
    doc = client.get(f"/api/v1/actions/{world['action'].id}", headers=bearer(world["reader"])).get_json()
    assert doc["owner"] == "LEV-groep" and doc["owner_organisation"]["name"] == "LEV-groep"
    assert doc["owner_person"] is None
    assert doc["start_date"] == "2026-03-01" and doc["end_date"] == "2026-12-31"
    assert doc["agenda_items"] == [{"id": world["motie"].id, "meaning": "voert_uit"}]
    item = client.get(f"/api/v1/agenda-items/{world['motie'].id}", headers=bearer(world["reader"], "b")).get_json()
    assert item["number"] == "M2026-07" and item["actions"] == [{"id": world["action"].id, "meaning": "voert_uit"}]


def test_paging_and_bad_parameters(client, world, make_area):
    gm = world["adopted"].area.parent
    for i in range(3):
        make_area(f"WK07942{i}", f"Wijk {i}", gm)
    db.session.commit()
    headers = bearer(world["manager"])
    first = client.get("/api/v1/areas?level=wijk&limit=2", headers=headers).get_json()
    assert first["total"] == 5 and len(first["items"]) == 2 and "offset=2" in first["next"]
    rest = client.get(first["next"], headers=headers).get_json()
    assert len(rest["items"]) == 2 and rest["offset"] == 2
    assert {a["code"] for a in first["items"] + rest["items"]} < {
        "WK079410",
        "WK079411",
        "WK079420",
        "WK079421",
        "WK079422",
    }
    for query in ("limit=0", "limit=abc", "status=klaar", "level=land"):
        response = client.get(
            f"/api/v1/programmes?{query}" if "status" in query else f"/api/v1/areas?{query}", headers=headers
        )
        assert response.status_code == 400, query
        assert response.get_json()["error"]["message"]


def test_revoked_token_stops_working_and_the_api_is_read_only(client, world):
    from planner.api.services import revoke_token

    token, secret = issue_token(world["manager"], "script")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/", headers=headers).get_json()["user"]["email"] == "manager@helmond.nl"
    assert client.post("/api/v1/programmes", headers=headers).status_code == 405
    revoke_token(world["manager"], token.id)
    db.session.commit()
    assert client.get("/api/v1/", headers=headers).status_code == 401


def test_openapi_document_describes_every_route(client, app):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    routes = {
        r.rule.removeprefix("/api/v1").replace("<code>", "{code}")
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("api.") and r.endpoint != "api.openapi_document"
    }
    routes = {re.sub(r"<int:(\w+)>", r"{\1}", r) for r in routes}
    assert routes == set(doc["paths"])
    for path in doc["paths"].values():
        for ref in re.findall(r"#/components/schemas/(\w+)", str(path)):
            assert ref in doc["components"]["schemas"]


def test_user_makes_and_revokes_a_token_in_the_browser_with_csrf(world, csrf_client):
    csrf_client.post(
        "/inloggen",
        data={"email": "team@binnenstad.nl", "password": PASSWORD, "csrf_token": csrf_token(csrf_client, "/inloggen")},
    )
    page = csrf_client.get("/api-sleutels/").get_data(as_text=True)
    assert "U heeft nog geen API-sleutels" in page
    assert csrf_client.post("/api-sleutels/", data={"name": "Power BI"}).status_code == 400  # no CSRF token
    token = csrf_token(csrf_client, "/api-sleutels/")
    empty = csrf_client.post("/api-sleutels/", data={"name": "", "csrf_token": token}).get_data(as_text=True)
    assert "Geef de sleutel een naam" in empty
    made = csrf_client.post("/api-sleutels/", data={"name": "Power BI", "csrf_token": token}).get_data(as_text=True)
    secret = re.search(r'value="(wp_[^"]+)"', made).group(1)
    assert csrf_client.get("/api/v1/programmes", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    from planner.api.models import ApiToken
    from planner.core.models import AuditEvent

    stored = db.session.query(ApiToken).one()
    assert stored.token_hash != secret and secret not in str(db.session.query(AuditEvent.after).all())
    # Another user's token id is not revocable by this user.
    from planner.core.models import User

    other, _ = issue_token(db.session.get(User, world["manager"].id), "van een ander")
    db.session.commit()
    token = csrf_token(csrf_client, "/api-sleutels/")
    assert csrf_client.post(f"/api-sleutels/{other.id}/intrekken", data={"csrf_token": token}).status_code == 404
    asked = csrf_client.post(f"/api-sleutels/{stored.id}/intrekken", data={"csrf_token": token})
    assert asked.status_code == 200 and "API-sleutel &#39;Power BI&#39; intrekken?" in asked.get_data(as_text=True)
    assert csrf_client.get("/api/v1/programmes", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    csrf_client.post(f"/api-sleutels/{stored.id}/intrekken", data={"csrf_token": token, "bevestigd": "ja"})
    assert csrf_client.get("/api/v1/programmes", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_cli_prints_a_working_token(app, world, client):
    result = app.test_cli_runner().invoke(args=["api", "token", "raad@helmond.nl", "--name", "griffie"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert client.get("/api/v1/", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    unknown = app.test_cli_runner().invoke(args=["api", "token", "niemand@helmond.nl", "--name", "x"])
    assert unknown.exit_code == 1 and "Onbekende gebruiker" in unknown.output


def test_a_keys_last_use_is_written_at_most_once_a_minute_so_api_reads_stay_reads(client, helmond, make_user):
    from datetime import timedelta

    from sqlalchemy import event

    from planner.api.models import ApiToken

    token, secret = issue_token(make_user("raad@helmond.nl", "reader", helmond[0]), "dashboard")
    db.session.commit()
    token_id, headers = token.id, {"Authorization": f"Bearer {secret}"}
    writes = []

    def count_writes(conn, cursor, statement, *args):
        if "last_used_at" in statement and statement.lstrip().upper().startswith("UPDATE"):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", count_writes)
    try:
        assert client.get("/api/v1/areas", headers=headers).status_code == 200
        assert len(writes) == 1  # the first use is recorded
        db.session.remove()
        first = db.session.get(ApiToken, token_id).last_used_at
        for _ in range(3):
            assert client.get("/api/v1/areas", headers=headers).status_code == 200
        assert len(writes) == 1  # within the minute: not written again

        db.session.get(ApiToken, token_id).last_used_at = first - timedelta(minutes=2)
        db.session.commit()
        writes.clear()
        assert client.get("/api/v1/areas", headers=headers).status_code == 200
        assert len(writes) == 1  # a minute later the last use moves on
    finally:
        event.remove(db.engine, "before_cursor_execute", count_writes)
