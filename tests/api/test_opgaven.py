"""Opgaven and parties in the JSON API: their documents, scoping like the UI, filters and bad input."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planner.extensions import db
from tests.api.test_api import bearer


@pytest.fixture
def table(helmond, make_user, make_programme, make_action):
    """An opgave in Binnenstad with a draft programme, a seated party, an agreement and a meeting;
    another in Helmond-Oost where the same party also sits."""
    from planner.opgaven import services
    from planner.opgaven.models import Theme

    gm, binnenstad, oost = helmond
    health = db.session.scalar(select(Theme).where(Theme.name == "Gezondheid & zorg"))
    opgave = services.create_opgave(
        area=binnenstad,
        title="Gezond opgroeien",
        statement="Kinderen groeien hier minder gezond op.",
        priority="hoog",
        themes=[health],
        director="Fatima Yilmaz",
    )
    services.change_status(opgave, "verkenning", "De wijkanalyse is klaar.")
    oost_opgave = services.create_opgave(
        area=oost, title="Samen wonen in Oost", statement="Meer ontmoeting.", priority="laag"
    )
    corporation = services.save_organisation(None, name="Woonbedrijf", kind="woningcorporatie")
    lev = services.save_organisation(None, name="LEV-groep", kind="zorg_welzijn")
    services.seat_party(
        opgave,
        corporation,
        role="financier",
        brings=["geld"],
        contacts="Anna de Vries",
        wants="Minder overlast in de portiekflats.",
    )
    services.seat_party(opgave, lev, role="uitvoerder", brings=["mensen"])
    services.seat_party(oost_opgave, corporation, role="betrokken", contacts="Bert Jansen")
    draft = make_programme(binnenstad, title="Programma Binnenstad")
    draft.opgave_id = opgave.id
    action = make_action(draft, title="Gezonde school")
    manager = make_user("manager@helmond.nl", "area_manager", gm)
    meeting = services.record_meeting(opgave, held_on=date(2026, 3, 2), title="Startoverleg", attendees=[corporation])
    agreement = services.record_agreement(
        manager,
        opgave,
        organisation=corporation,
        made_on=date(2026, 3, 2),
        text="Woonbedrijf betaalt de schoolmaaltijden.",
        meeting=meeting,
        actions=[action],
    )
    db.session.commit()
    return {
        "opgave": opgave,
        "oost": oost_opgave,
        "corporation": corporation,
        "lev": lev,
        "draft": draft,
        "action": action,
        "agreement": agreement,
        "meeting": meeting,
        "manager": manager,
        "team": make_user("team@binnenstad.nl", "team_member", binnenstad),
        "team_oost": make_user("team@oost.nl", "team_member", oost),
        "reader": make_user("raad@helmond.nl", "reader", gm),
    }


def test_opgave_document_carries_owners_lifecycle_programmes_and_table(client, table):
    doc = client.get(f"/api/v1/opgaven/{table['opgave'].id}", headers=bearer(table["team"])).get_json()
    assert doc["area"] == "WK079410" and doc["status"] == "verkenning" and doc["priority"] == "hoog"
    assert doc["themes"] == ["Gezondheid & zorg"] and doc["owners"]["director"] == "Fatima Yilmaz"
    assert doc["owners"]["portfolio_holder"] is None
    assert [(s["from"], s["to"]) for s in doc["lifecycle"]] == [(None, "signalering"), ("signalering", "verkenning")]
    assert doc["lifecycle"][-1]["reason"] == "De wijkanalyse is klaar."
    assert doc["programmes"] == [
        {
            "id": table["draft"].id,
            "title": "Programma Binnenstad",
            "status": "concept",
            "url": f"/api/v1/programmes/{table['draft'].id}",
        }
    ]
    seats = doc["table"]["seats"]
    assert [s["party"] for s in seats] == ["LEV-groep", "Woonbedrijf"]
    assert seats[1]["role"] == "financier" and seats[1]["brings"] == ["geld"]
    assert seats[1]["wants"] == "Minder overlast in de portiekflats." and seats[1]["contacts"] == "Anna de Vries"
    assert doc["table"]["agreements"] == [
        {
            "id": table["agreement"].id,
            "party_id": table["corporation"].id,
            "made_on": "2026-03-02",
            "text": "Woonbedrijf betaalt de schoolmaaltijden.",
            "due_date": None,
            "status": "open",
            "meeting_id": table["meeting"].id,
            "action_ids": [table["action"].id],
        }
    ]
    assert doc["table"]["meetings"] == [
        {
            "id": table["meeting"].id,
            "held_on": "2026-03-02",
            "title": "Startoverleg",
            "notes": "",
            "attendee_ids": [table["corporation"].id],
        }
    ]


def test_reader_sees_the_opgave_without_contacts_draft_programmes_or_their_actions(client, table):
    doc = client.get(f"/api/v1/opgaven/{table['opgave'].id}", headers=bearer(table["reader"])).get_json()
    assert all("contacts" not in seat for seat in doc["table"]["seats"])
    assert doc["programmes"] == [] and doc["table"]["agreements"][0]["action_ids"] == []
    party = client.get(f"/api/v1/partijen/{table['corporation'].id}", headers=bearer(table["reader"], "b")).get_json()
    assert {s["opgave"] for s in party["seats"]} == {"Gezond opgroeien", "Samen wonen in Oost"}
    assert all("contacts" not in seat for seat in party["seats"])


def test_team_of_another_ward_never_learns_the_opgave_exists(client, table):
    headers = bearer(table["team_oost"])
    hidden = client.get(f"/api/v1/opgaven/{table['opgave'].id}", headers=headers)
    assert hidden.status_code == 404 and "geen toegang" in hidden.get_json()["error"]["message"]
    assert client.get("/api/v1/opgaven/999999", headers=headers).status_code == 404
    listed = client.get("/api/v1/opgaven", headers=headers).get_json()
    assert [o["title"] for o in listed["items"]] == ["Samen wonen in Oost"] and listed["total"] == 1
    party = client.get(f"/api/v1/partijen/{table['corporation'].id}", headers=headers).get_json()
    assert [(s["opgave"], s["contacts"]) for s in party["seats"]] == [("Samen wonen in Oost", "Bert Jansen")]
    assert client.get("/api/v1/opgaven?area=WK079410", headers=headers).status_code == 404


def test_opgaven_filters_as_on_the_list_page(client, table):
    headers = bearer(table["manager"])

    def titles(query):
        return [o["title"] for o in client.get(f"/api/v1/opgaven?{query}", headers=headers).get_json()["items"]]

    assert titles("") == ["Gezond opgroeien", "Samen wonen in Oost"]
    assert titles("area=wk079411") == ["Samen wonen in Oost"] and titles("area=GM0794") == titles("")
    assert titles("theme=Gezondheid %26 zorg") == ["Gezond opgroeien"]
    assert titles("status=verkenning") == ["Gezond opgroeien"] and titles("status=uitvoering") == []
    assert titles("priority=laag") == ["Samen wonen in Oost"]
    page = client.get("/api/v1/opgaven?priority=hoog&limit=1&offset=0", headers=headers).get_json()
    assert page["total"] == 1 and "next" not in page and page["items"][0]["owners"]["director"] == "Fatima Yilmaz"
    first = client.get("/api/v1/opgaven?limit=1", headers=headers).get_json()
    assert first["total"] == 2 and "offset=1" in first["next"]
    assert titles("theme=Sport") == []


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/opgaven?status=klaar",
        "/api/v1/opgaven?priority=urgent",
        "/api/v1/opgaven?limit=0",
        "/api/v1/partijen?kind=bank",
        "/api/v1/partijen?offset=-1",
    ],
)
def test_unknown_filter_values_get_a_dutch_400(client, table, query):
    response = client.get(query, headers=bearer(table["manager"]))
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "Onbekende waarde" in message or "limit" in message or "offset" in message


def test_parties_list_every_organisation_with_kind_active_and_merge(client, table):
    from planner.opgaven.services import merge_organisations

    merge_organisations(table["lev"], table["corporation"])
    db.session.commit()
    headers = bearer(table["team_oost"])
    body = client.get("/api/v1/partijen", headers=headers).get_json()
    assert body["total"] == 2
    assert all(item.pop("updated_at").endswith("Z") for item in body["items"])
    assert body["items"] == [
        {
            "id": table["lev"].id,
            "name": "LEV-groep",
            "kind": "zorg_welzijn",
            "active": False,
            "merged_into": table["corporation"].id,
        },
        {
            "id": table["corporation"].id,
            "name": "Woonbedrijf",
            "kind": "woningcorporatie",
            "active": True,
            "merged_into": None,
        },
    ]
    assert [
        p["name"] for p in client.get("/api/v1/partijen?kind=woningcorporatie", headers=headers).get_json()["items"]
    ] == ["Woonbedrijf"]
    assert client.get("/api/v1/partijen/999999", headers=headers).status_code == 404


def test_openapi_document_lists_opgaven_and_parties(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert {"/opgaven", "/opgaven/{opgave_id}", "/partijen", "/partijen/{party_id}"} <= set(doc["paths"])
    schemas = doc["components"]["schemas"]
    assert "contacts" in schemas["Seat"]["properties"] and "contacts" not in schemas["Seat"]["required"]
    assert {"OpgavePage", "OpgaveDetail", "PartyPage", "PartyDetail"} <= set(schemas)


def test_agreements_of_the_tables_the_user_sees_with_the_actions_it_may_see(client, table):
    from planner.core.models import utcnow

    url = "/api/v1/agreements"
    team = client.get(url, headers=bearer(table["team"])).get_json()["items"]
    assert [(a["opgave_id"], a["text"], a["action_ids"]) for a in team] == [
        (table["opgave"].id, "Woonbedrijf betaalt de schoolmaaltijden.", [table["action"].id])
    ]
    # The council sees the agreement, not the draft programme's action that carries it.
    assert client.get(url, headers=bearer(table["reader"])).get_json()["items"][0]["action_ids"] == []
    assert client.get(url, headers=bearer(table["team_oost"])).get_json()["items"] == []

    since = utcnow().isoformat() + "Z"
    headers = bearer(table["team"], "sync")
    assert client.get(f"{url}?updated_since={since}", headers=headers).get_json()["items"] == []
    agreement_id = table["agreement"].id
    db.session.delete(table["agreement"])
    db.session.commit()
    gone = client.get(f"/api/v1/deleted?kind=agreements&since={since}", headers=headers).get_json()["items"]
    assert [item["id"] for item in gone] == [str(agreement_id)]
    hidden = client.get(f"/api/v1/deleted?kind=agreements&since={since}", headers=bearer(table["team_oost"], "s"))
    assert hidden.get_json()["items"] == []
