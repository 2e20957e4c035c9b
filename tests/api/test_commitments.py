"""Commitments (inzet per partij) in the API: on every action a user may read, with party, kind, amount and unit;
never on an action they may not read; described in the OpenAPI document."""

from __future__ import annotations

from planner.actions.services import add_commitment
from planner.api.services import issue_token
from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.opgaven.services import create_opgave, grant_partner


def _bearer(user) -> dict:
    _, secret = issue_token(user, "test")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_actions_carry_their_commitments_scoped_like_the_pages(client, two_wards, make_user):
    lev = Organisation(name="LEV-groep", kind="zorg_welzijn")
    school = Organisation(name="Basisschool De Toren", kind="onderwijs")
    db.session.add_all([lev, school])
    action_a, action_b = two_wards["action_a"], two_wards["action_b"]
    add_commitment(action_a, organisation=lev, kind="geld", amount="2500", description="Huur")
    add_commitment(action_a, organisation=school, kind="uren", amount="12.5")
    add_commitment(action_b, organisation=lev, kind="natura", amount="800", description="Geheim")
    opgave = create_opgave(area=two_wards["ward_a"], title="Ontmoeting", statement="Te weinig ontmoeting.")
    action_a.programme.opgave_id = opgave.id
    partner = make_user("partner@lev.nl")
    grant_partner(partner, opgave, lev)
    db.session.commit()

    team_headers = _bearer(two_wards["user_a"])
    doc = client.get(f"/api/v1/actions/{action_a.id}", headers=team_headers).get_json()
    assert doc["commitments"] == [
        {
            "id": action_a.commitments[0].id,
            "party": {"id": lev.id, "name": "LEV-groep"},
            "kind": "geld",
            "amount": "2500.00",
            "unit": "euro",
            "description": "Huur",
        },
        {
            "id": action_a.commitments[1].id,
            "party": {"id": school.id, "name": "Basisschool De Toren"},
            "kind": "uren",
            "amount": "12.50",
            "unit": "uur",
            "description": None,
        },
    ]
    listed = client.get("/api/v1/actions", headers=team_headers).get_json()["items"]
    assert [len(a["commitments"]) for a in listed] == [2]

    partner_headers = _bearer(partner)
    assert len(client.get(f"/api/v1/actions/{action_a.id}", headers=partner_headers).get_json()["commitments"]) == 2
    assert client.get(f"/api/v1/actions/{action_b.id}", headers=partner_headers).status_code == 404
    everything = str(client.get("/api/v1/actions", headers=partner_headers).get_json())
    assert "Geheim" not in everything and "800" not in everything


def test_openapi_describes_the_commitments_of_an_action(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["Action"]["properties"]["commitments"]["items"] == {"$ref": "#/components/schemas/Commitment"}
    commitment = schemas["Commitment"]
    assert set(commitment["required"]) == {"id", "party", "kind", "amount", "unit", "description"}
    assert commitment["properties"]["kind"]["enum"] == ["geld", "uren", "natura"]
