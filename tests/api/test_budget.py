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


def test_a_ward_team_gets_the_totals_of_its_own_ward_as_its_budget_page(client, ward_world, make_user):
    from planner.core.i18n import money
    from tests.helpers import login_as

    w = ward_world
    team = make_user("team@binnenstad.nl", "team_member", w["a"])
    w["line"].budget_programme = "Sociaal domein"
    budget.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("3000.00"))
    budget.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("2000.00"))
    db.session.commit()
    headers = bearer(team)

    body = client.get("/api/v1/budget-totals?year=2026", headers=headers).get_json()
    rows = {(r["group"], r["key"]): r for r in body["items"]}
    # Only Binnenstad and its programme: nothing of Helmond-Oost, not even its programme's name.
    assert set(rows) == {("area", "WK079410"), ("budget_programme", "Sociaal domein"), ("programme", str(w["p_a"].id))}
    assert rows[("area", "WK079410")]["municipality"] == "GM0794"
    page = budget.ward_overview(team, w["a"], 2026).total
    area = rows[("area", "WK079410")]
    assert [area[n] for n in ("begroot", "gewijzigd", "toegekend")] == [
        format(page.begroot, "f"),
        format(page.gewijzigd, "f"),
        format(page.toegekend, "f"),
    ]
    assert area["toegekend"] == "3000.00" and rows[("budget_programme", "Sociaal domein")]["toegekend"] == "3000.00"
    # The same figure the team reads on its budget page.
    login_as(client, team)
    html = client.get("/begroting/WK079410?jaar=2026").get_data(as_text=True)
    assert money(Decimal(area["toegekend"])) in html and money(Decimal(area["gewijzigd"])) in html
    assert "Oost" not in client.get("/api/v1/budget-totals?year=2026&format=csv", headers=headers).get_data(
        as_text=True
    )
    assert client.get("/api/v1/budget-totals?municipality=GM0794&year=2026", headers=headers).get_json()["total"] == 3
    assert client.get("/api/v1/budget-totals?municipality=GM0795", headers=headers).status_code == 404
