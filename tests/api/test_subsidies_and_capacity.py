"""Subsidies, capacity, funding sources, goals and progress reports through the API: scoped as the pages that
show them (a ward team sees its own ward's subsidies, a reader none), synced by `updated_since` and /deleted,
and never a resident's name or e-mail."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from planner.budget import funding
from planner.core.models import utcnow
from planner.extensions import db
from planner.indicators.models import GoalTarget, Indicator
from planner.opgaven.services import create_opgave
from planner.subsidies import capacity, services
from planner.tracking.models import ProgressUpdate
from tests.api.test_sync import bearer


@pytest.fixture
def money_world(ward_world, make_user):
    w = dict(ward_world)
    scheme = services.create_scheme(
        w["gm"], name="Wijkbudget Binnenstad", area=w["a"], ceiling=Decimal("20000.00"), wijkbudget=True
    )
    w["mine"] = services.apply(scheme, area=w["a"], title="Buurtfeest", amount=Decimal("5000.00"), initiative=True)
    services.grant(
        w["mine"], line=w["line"], amount=Decimal("4000.00"), conditions="Openbaar", account_by=date(2099, 1, 1)
    )
    services.add_payment(w["mine"], due_on=date(2026, 3, 1), amount=Decimal("2000.00"))
    w["resident"] = services.submit_initiative(
        w["a"],
        title="Moestuin",
        description="Met de buren",
        amount=Decimal("750.00"),
        ip_hash="x",
        name="Els Jansen",
        email="els@example.nl",
        consent=True,
        now=datetime(2026, 1, 1, 12, 0),
        retention_days=30,
    )
    oost = services.create_scheme(w["gm"], name="Fonds Oost", area=w["b"], ceiling=Decimal("9000.00"))
    w["theirs"] = services.apply(oost, area=w["b"], title="Geheim plan Oost", amount=Decimal("900.00"), initiative=True)
    opgave = create_opgave(area=w["a"], title="Levendig centrum", statement="Waarom.")
    w["hours"] = capacity.record_capacity(
        opgave, year=2026, who="Wijkzaken", planned=Decimal("100"), actual=Decimal("40.5")
    )
    create_opgave(area=w["b"], title="Oost", statement="Waarom.")
    w["source"] = funding.add_funding_source(
        w["action_a"], kind="reserve", year=2026, amount=Decimal("1500.00"), description="Reserve wijken"
    )
    indicator = Indicator(code="Eigen_9", name="Ontmoeting", unit="%", higher_is_better=True, area_id=w["gm"].id)
    goal = w["p_a"].goals[0]
    db.session.add_all([indicator, ProgressUpdate(action=w["action_a"], period="2026-Q1", progress=10, status="loopt")])
    db.session.add(
        GoalTarget(
            goal=goal,
            indicator=indicator,
            area=w["a"],
            baseline_period="2024",
            baseline_value=Decimal("40"),
            target_period="2028",
            target_value=Decimal("55.5"),
        )
    )
    w["team"] = make_user("team@binnenstad.nl", "team_member", w["a"])
    w["manager"] = make_user("manager@helmond.nl", "area_manager", w["gm"])
    w["reader"] = make_user("raad@helmond.nl", "reader", w["gm"])
    db.session.commit()
    return w


def _items(client, headers, path):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["items"]


def test_subsidies_are_listed_as_the_subsidies_page_without_personal_data(client, money_world):
    w = money_world
    team, manager, reader = bearer(w["team"]), bearer(w["manager"]), bearer(w["reader"])

    listed = _items(client, team, "/api/v1/subsidies")
    assert {item["title"] for item in listed} == {"Buurtfeest", "Moestuin"}
    assert {item["title"] for item in _items(client, manager, "/api/v1/subsidies")} == {
        "Buurtfeest",
        "Moestuin",
        "Geheim plan Oost",
    }
    assert _items(client, reader, "/api/v1/subsidies") == []
    everything = client.get("/api/v1/subsidies?format=csv", headers=manager).get_data(as_text=True)
    detail = client.get(f"/api/v1/subsidies/{w['resident'].id}", headers=team).get_data(as_text=True)
    for text in (everything, detail, json.dumps(listed)):
        assert "Els" not in text and "els@example.nl" not in text
    granted = client.get(f"/api/v1/subsidies/{w['mine'].id}", headers=team).get_json()
    assert (granted["status"], granted["granted_amount"], granted["conditions"]) == ("verleend", "4000.00", "Openbaar")
    assert granted["payments"] == [{"due_on": "2026-03-01", "amount": "2000.00", "paid_on": None, "paid_amount": None}]
    assert client.get(f"/api/v1/subsidies/{w['theirs'].id}", headers=team).status_code == 404
    assert client.get(f"/api/v1/subsidies/{w['mine'].id}", headers=reader).status_code == 404

    schemes = {s["name"]: s for s in _items(client, team, "/api/v1/subsidy-schemes")}
    assert set(schemes) == {"Wijkbudget Binnenstad", "Fonds Oost"}  # the municipality's regelingen, as the page
    assert (schemes["Wijkbudget Binnenstad"]["ceiling"], schemes["Wijkbudget Binnenstad"]["granted"]) == (
        "20000.00",
        "4000.00",
    )
    assert _items(client, reader, "/api/v1/subsidy-schemes") == []
    assert client.get("/api/v1/subsidies?status=onbekend", headers=team).get_json()["error"]["status"] == 400


def test_a_payment_or_a_deletion_reaches_a_syncing_dashboard(client, money_world):
    w = money_world
    team, manager = bearer(w["team"]), bearer(w["manager"])
    since = utcnow().isoformat() + "Z"
    assert _items(client, team, f"/api/v1/subsidies?updated_since={since}") == []
    services.mark_paid(w["mine"].payments[0], paid_on=date(2026, 3, 2), amount=Decimal("1500.00"))
    db.session.commit()
    changed = _items(client, team, f"/api/v1/subsidies?updated_since={since}")
    paid = [(item["id"], item["payments"][0]["paid_on"], item["payments"][0]["paid_amount"]) for item in changed]
    assert paid == [(w["mine"].id, "2026-03-02", "1500.00")]

    gone, hidden = w["mine"].id, w["theirs"].id
    db.session.delete(w["mine"])
    db.session.delete(w["theirs"])
    db.session.commit()
    deleted = client.get(f"/api/v1/deleted?kind=subsidies&since={since}", headers=team).get_json()["items"]
    assert [item["id"] for item in deleted] == [str(gone)]  # never Oost's
    deleted = client.get(f"/api/v1/deleted?kind=subsidies&since={since}", headers=manager).get_json()["items"]
    assert {item["id"] for item in deleted} == {str(gone), str(hidden)}
    reader = bearer(w["reader"])
    assert client.get(f"/api/v1/deleted?kind=subsidies&since={since}", headers=reader).get_json()["items"] == []


def test_capacity_funding_goals_and_progress_reports_of_what_the_user_sees(client, money_world):
    w = money_world
    team = bearer(w["team"])
    hours = _items(client, team, "/api/v1/capacity?year=2026")
    assert [(h["who"], h["planned_hours"], h["actual_hours"]) for h in hours] == [("Wijkzaken", "100.0", "40.5")]
    sources = _items(client, team, "/api/v1/funding-sources")
    assert [(f["action_id"], f["kind"], f["amount"]) for f in sources] == [(w["action_a"].id, "reserve", "1500.00")]
    goals = _items(client, team, "/api/v1/goals")
    assert [g["programme_id"] for g in goals] == [w["p_a"].id]
    assert Decimal(goals[0]["targets"][0]["target_value"]) == Decimal("55.5")
    reports = _items(client, team, "/api/v1/progress-updates")
    assert [(r["action_id"], r["period"]) for r in reports] == [(w["action_a"].id, "2026-Q1")]
    csv = client.get("/api/v1/capacity?format=csv&labels=nl", headers=team).get_data(as_text=True)
    assert "geplande uren" in csv and "Wijkzaken" in csv

    since = utcnow().isoformat() + "Z"
    capacity.record_capacity(
        w["hours"].opgave, year=2026, who="Wijkzaken", planned=Decimal("120"), actual=Decimal("50")
    )
    db.session.commit()
    assert [h["planned_hours"] for h in _items(client, team, f"/api/v1/capacity?updated_since={since}")] == ["120.0"]
    assert _items(client, team, f"/api/v1/funding-sources?updated_since={since}") == []
    hours_id, source_id = w["hours"].id, w["source"].id
    capacity.remove_capacity(w["hours"])
    funding_source = w["source"]
    db.session.delete(funding_source)
    db.session.commit()
    deleted = client.get(f"/api/v1/deleted?since={since}", headers=team).get_json()["items"]
    assert {(d["kind"], d["id"]) for d in deleted} == {("capacity", str(hours_id)), ("funding-sources", str(source_id))}
    # Its action changed with it: the sync finds the action again.
    assert [a["id"] for a in _items(client, team, f"/api/v1/actions?updated_since={since}")] == [w["action_a"].id]
