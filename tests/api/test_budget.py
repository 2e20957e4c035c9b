"""Money through the API: budget totals per area, per wijkontwikkelprogramma and per begrotingsprogramma as the
budget pages show them, and per action what was allocated beside what was spent, year by year."""

from __future__ import annotations

from decimal import Decimal

from planner.budget import services as budget
from planner.budget import spending
from planner.extensions import db
from tests.api.test_sync import bearer


def test_totals_per_area_programme_and_budget_programme_and_realisation_per_action(client, ward_world, make_user):
    w = ward_world
    manager = make_user("manager@helmond.nl", "area_manager", w["gm"])
    w["line"].budget_programme = "Sociaal domein"
    budget.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("3000.00"))
    budget.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("2000.00"))
    spending.record_spending(w["action_a"], year=2026, period=5, amount=Decimal("1200.50"))
    db.session.commit()
    headers = bearer(manager)

    body = client.get("/api/v1/budget-totals?municipality=GM0794&year=2026", headers=headers).get_json()
    rows = {(r["group"], r["key"]): r for r in body["items"]}
    assert rows[("programme", str(w["p_a"].id))]["toegekend"] == "3000.00"
    assert rows[("programme", str(w["p_b"].id))]["toegekend"] == "2000.00"
    assert rows[("budget_programme", "Sociaal domein")]["gewijzigd"] == "100000.00"
    assert rows[("budget_programme", "Sociaal domein")]["toegekend"] == "5000.00"
    by_area = {key: r["toegekend"] for (group, key), r in rows.items() if group == "area"}
    assert sum(Decimal(v) for v in by_area.values()) == Decimal("5000.00")

    only = client.get("/api/v1/budget-totals?group=programme&year=2026&format=csv&labels=nl", headers=headers)
    text = only.get_data(as_text=True)
    assert only.mimetype == "text/csv" and "indeling;sleutel" in text and "WOP Binnenstad" in text
    assert "Sociaal domein" not in text
    assert client.get("/api/v1/budget-totals?municipality=GM9999", headers=headers).status_code == 404

    action = client.get(f"/api/v1/actions/{w['action_a'].id}", headers=headers).get_json()
    assert action["realisation"] == [{"year": 2026, "allocated": "3000.00", "spent": "1200.50"}]
    listed = client.get(f"/api/v1/actions?programme={w['p_b'].id}", headers=headers).get_json()["items"]
    assert listed[0]["realisation"] == [{"year": 2026, "allocated": "2000.00", "spent": "0.00"}]
