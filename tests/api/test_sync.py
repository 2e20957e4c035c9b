"""A dashboard syncs: a first load page by page, then only what changed (updated_since), what was
deleted (/deleted), and nothing at all when the ETag still matches. Keys expire, are limited per
minute (429 with Retry-After, counted across workers) and stop working the moment they are revoked."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from planner.actions.models import Action, Milestone
from planner.api.models import ApiToken
from planner.api.services import issue_token
from planner.core.i18n import nl_date
from planner.core.models import utcnow
from planner.extensions import db
from tests.helpers import csrf_token, login_as


@pytest.fixture
def world(helmond, make_user, make_programme, make_action):
    gm, binnenstad, oost = helmond
    programme = make_programme(binnenstad, title="Programma Binnenstad")
    actions = [make_action(programme, title=f"Actie {n}") for n in range(5)]
    other = make_action(make_programme(oost, title="Programma Oost"), title="Actie in Oost")
    manager = make_user("manager@helmond.nl", "area_manager", gm)
    team = make_user("team@binnenstad.nl", "team_member", binnenstad)
    db.session.commit()
    return {"manager": manager, "team": team, "actions": actions, "other": other}


def bearer(user, name="dashboard", **kwargs) -> dict:
    _, secret = issue_token(user, name, **kwargs)
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_first_load_follows_next_links_then_only_changes_come_back(client, world):
    headers = bearer(world["manager"])
    seen, url, pages = [], "/api/v1/actions?limit=2", 0
    while url:
        response = client.get(url, headers=headers)
        body = response.get_json()
        seen += [item["id"] for item in body["items"]]
        url = body.get("next")
        assert ("Link" in response.headers) == bool(url)
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
        pages += 1
    assert pages == 3 and sorted(seen) == sorted(a.id for a in [*world["actions"], world["other"]])
    assert len(set(seen)) == len(seen)

    since = utcnow().isoformat() + "Z"
    changed = world["actions"][2]
    db.session.add(Milestone(action=changed, title="Sleutel overdragen", due_date=date(2026, 6, 1)))
    db.session.commit()
    body = client.get(f"/api/v1/actions?updated_since={since}", headers=headers).get_json()
    assert [item["id"] for item in body["items"]] == [changed.id]
    assert body["items"][0]["milestones"][0]["title"] == "Sleutel overdragen"
    assert client.get("/api/v1/programmes?updated_since=2999-01-01T00:00:00Z", headers=headers).get_json()["total"] == 0


def test_an_unchanged_answer_is_not_sent_again(client, world):
    headers = bearer(world["manager"])
    for url in ("/api/v1/actions", f"/api/v1/actions/{world['other'].id}"):
        first = client.get(url, headers=headers)
        etag = first.headers["ETag"]
        assert first.headers["Cache-Control"] == "private, no-cache"
        again = client.get(url, headers={**headers, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b""
        world["other"].title = f"Actie in Oost ({url})"
        db.session.commit()
        assert client.get(url, headers={**headers, "If-None-Match": etag}).status_code == 200


def test_deleted_objects_are_reported_to_whoever_could_see_them(client, world):
    manager, team = bearer(world["manager"]), bearer(world["team"])
    since = utcnow().isoformat()
    gone, hidden = world["actions"][0], world["other"]
    gone_id, hidden_id = gone.id, hidden.id
    db.session.delete(gone)
    db.session.delete(hidden)
    db.session.commit()

    body = client.get(f"/api/v1/deleted?kind=actions&since={since}", headers=manager).get_json()
    assert {item["id"] for item in body["items"]} == {str(gone_id), str(hidden_id)}
    assert all(item["kind"] == "actions" and item["deleted_at"].endswith("Z") for item in body["items"])
    # The Binnenstad team never saw Oost's action, and does not learn of its deletion either.
    body = client.get(f"/api/v1/deleted?since={since}", headers=team).get_json()
    assert [item["id"] for item in body["items"]] == [str(gone_id)]
    assert client.get("/api/v1/deleted?since=2999-01-01", headers=team).get_json()["items"] == []
    assert db.session.get(Action, gone_id) is None


def test_a_revoked_or_expired_key_is_refused_at_once(client, world):
    user = world["manager"]
    headers = bearer(user, "tijdelijk", expires_on=utcnow().date())
    assert client.get("/api/v1/", headers=headers).status_code == 200
    token = db.session.query(ApiToken).filter_by(name="tijdelijk").one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/", headers=headers)
    assert response.status_code == 401 and "API-sleutel" in response.get_json()["error"]["message"]

    headers = bearer(user, "script")
    assert client.get("/api/v1/actions", headers=headers).status_code == 200
    token = db.session.query(ApiToken).filter_by(name="script").one()
    token.revoked_at = utcnow()
    db.session.commit()
    assert client.get("/api/v1/actions", headers=headers).status_code == 401


@pytest.fixture
def one_minute(monkeypatch):
    """The counted requests fall in one minute: a count starts again at each minute, and a test that
    straddled one would see its limit reset."""
    now = utcnow().replace(second=10, microsecond=0)
    monkeypatch.setattr("planner.api.services.utcnow", lambda: now)
    return now


def test_a_key_past_its_limit_waits_counted_across_workers_outside_the_database(app, client, world, one_minute):
    from sqlalchemy import event

    headers = bearer(world["manager"])
    token = db.session.query(ApiToken).one()
    token.rate_limit = 2
    db.session.commit()
    writes = []

    def count_writes(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE")):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", count_writes)
    try:
        assert [client.get("/api/v1/", headers=headers).status_code for _ in range(2)] == [200, 200]
        response = client.get("/api/v1/actions", headers=headers)
    finally:
        event.remove(db.engine, "before_cursor_execute", count_writes)
    assert response.status_code == 429 and response.mimetype == "application/json"
    assert response.headers["Retry-After"] == "50"  # the rest of the minute

    # The count is shared: another worker (here a second app on the same database) counts on from it.
    from planner import create_app

    other = create_app(app.config)
    with other.test_client() as second:
        assert second.get("/api/v1/", headers=headers).status_code == 429
    if db.engine.dialect.name == "sqlite":
        # ... and on SQLite it is kept out of the database: only the key's first use was written there
        assert [w for w in writes if "window_count" in w] == []
        assert len(writes) == 1 and "last_used_at" in writes[0]
    else:
        db.session.expire_all()
        assert db.session.get(ApiToken, token.id).window_count == 4


def test_each_key_has_its_own_limit_set_on_the_command_line_and_shown_on_the_key_page(app, client, world, one_minute):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["api", "token", "manager@helmond.nl", "--name", "belasting", "--limit", "3"])
    assert result.exit_code == 0, result.output
    limited = {"Authorization": f"Bearer {result.output.strip()}"}
    other = bearer(world["manager"], "dashboard")
    assert [client.get("/api/v1/", headers=limited).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get("/api/v1/", headers=other).status_code == 200  # the other key counts for itself

    refused = runner.invoke(args=["api", "token", "manager@helmond.nl", "--name", "nul", "--limit", "0"])
    assert refused.exit_code == 1 and "verzoeken per minuut" in refused.output
    assert db.session.query(ApiToken).filter_by(name="nul").count() == 0

    login_as(client, world["manager"])
    page = client.get("/api-sleutels/").get_data(as_text=True)
    assert "Verzoeken per minuut" in page
    cells = re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', page)
    assert "3" in cells and "600" in cells


def test_the_key_page_makes_a_key_with_an_end_date_and_shows_its_last_use(client, world):
    login_as(client, world["manager"])
    page = client.get("/api-sleutels/")
    assert "Geldig tot en met" in page.get_data(as_text=True)
    last_year = (utcnow().date() - timedelta(days=365)).isoformat()
    refused = client.post(
        "/api-sleutels/",
        data={"csrf_token": csrf_token(client, "/api-sleutels/"), "name": "Oud", "expires_on": last_year},
    )
    assert "in het verleden" in refused.get_data(as_text=True)
    assert db.session.query(ApiToken).count() == 0

    ends = utcnow().date() + timedelta(days=30)
    response = client.post(
        "/api-sleutels/",
        data={"csrf_token": csrf_token(client, "/api-sleutels/"), "name": "Power BI", "expires_on": ends.isoformat()},
    )
    secret = response.get_data(as_text=True).split('id="new-token" readonly value="')[1].split('"')[0]
    token = db.session.query(ApiToken).one()
    assert token.expires_on == ends
    assert client.get("/api/v1/", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    page = client.get("/api-sleutels/").get_data(as_text=True)
    assert "nooit" not in page and nl_date(ends) in page


def test_every_list_comes_as_csv_with_the_same_fields_and_dutch_headers_on_request(client, world):
    headers = bearer(world["manager"])
    json_items = client.get("/api/v1/actions?limit=2", headers=headers).get_json()["items"]
    response = client.get("/api/v1/actions?limit=2&format=csv", headers=headers)
    assert response.mimetype == "text/csv" and response.headers["Link"].endswith('rel="next"')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == list(json_items[0]) and len(rows) == 3
    assert rows[1][rows[0].index("title")] == json_items[0]["title"]

    dutch = client.get("/api/v1/actions?format=csv&labels=nl", headers=headers).get_data(as_text=True)
    assert dutch.startswith("\ufeffid;programma-id;nummer;titel;")
    for path in ("/api/v1/areas", "/api/v1/programmes", "/api/v1/agenda-items", "/api/v1/opgaven", "/api/v1/partijen"):
        assert client.get(path + "?format=csv", headers=headers).mimetype == "text/csv", path


def test_details_carry_goal_targets_and_progress_updates_and_their_change_counts(client, world):
    from planner.indicators.models import GoalTarget, Indicator
    from planner.tracking.models import ProgressUpdate

    headers = bearer(world["manager"])
    action = world["actions"][1]
    programme, goal = action.programme, action.programme.goals[0]
    since = utcnow().isoformat()
    indicator = Indicator(code="eenzaam", name="Eenzaamheid", unit="%")
    db.session.add(
        GoalTarget(
            goal=goal,
            indicator=indicator,
            area=programme.area,
            baseline_period="2024",
            baseline_value=40,
            target_period="2028",
            target_value=30,
        )
    )
    db.session.add(ProgressUpdate(action=action, period="2026-Q2", progress=40, status="loopt", text="Op stoom"))
    db.session.commit()

    detail = client.get(f"/api/v1/programmes/{programme.id}", headers=headers).get_json()
    assert detail["targets"] == [
        {
            "goal_id": goal.id,
            "indicator": "eenzaam",
            "indicator_name": "Eenzaamheid",
            "unit": "%",
            "area": "WK079410",
            "baseline_period": "2024",
            "baseline_value": "40.0000",
            "target_period": "2028",
            "target_value": "30.0000",
        }
    ]
    updates = client.get(f"/api/v1/actions/{action.id}", headers=headers).get_json()["progress_updates"]
    assert [(u["period"], u["progress"], u["text"]) for u in updates] == [("2026-Q2", 40, "Op stoom")]
    changed = client.get(f"/api/v1/programmes?updated_since={since}", headers=headers).get_json()["items"]
    assert [p["id"] for p in changed] == [programme.id]
    changed = client.get(f"/api/v1/actions?updated_since={since}", headers=headers).get_json()["items"]
    assert [a["id"] for a in changed] == [action.id]


def test_actions_carry_their_allocations_from_the_budget_in_list_and_detail(client, world, helmond, make_line):
    from decimal import Decimal

    from planner.budget.models import Allocation

    gm = helmond[0]
    action = world["actions"][3]
    line = make_line(gm, "50000", key="KPL7/4300/6.1", description="Buurtwerk")
    allocation = Allocation(action=action, budget_line=line, year=2026, amount=Decimal("1250.50"))
    db.session.add(allocation)
    db.session.commit()
    headers = bearer(world["manager"])
    expected = [
        {
            "id": allocation.id,
            "year": 2026,
            "amount": "1250.50",
            "budget_line_id": line.id,
            "line_key": "KPL7/4300/6.1",
            "budget_programme": line.budget_programme,
            "taakveld": "6.1",
            "line_description": "Buurtwerk",
        }
    ]
    listed = client.get("/api/v1/actions?limit=500", headers=headers).get_json()["items"]
    by_id = {item["id"]: item for item in listed}
    assert by_id[action.id]["allocations"] == expected
    assert all(by_id[a.id]["allocations"] == [] for a in world["actions"] if a.id != action.id)
    assert client.get(f"/api/v1/actions/{action.id}", headers=headers).get_json()["allocations"] == expected
    allocated = client.get(f"/api/v1/programmes/{action.programme_id}", headers=headers).get_json()["allocated"]
    assert allocated == {"by_year": [{"year": 2026, "amount": "1250.50"}], "total": "1250.50"}


def test_measurements_per_area_as_the_user_may_see_them(client, world, helmond, make_area):
    from decimal import Decimal

    from planner.indicators.models import Indicator, Measurement

    gm, binnenstad, oost = helmond
    other = make_area("GM0001", "Elders")
    indicator = Indicator(code="koop", name="Koopwoningen", unit="%")
    secret = Measurement(indicator=indicator, area=oost, period="2024", value=None, is_secret=True)
    rows = [
        Measurement(indicator=indicator, area=binnenstad, period="2024", value=Decimal("41.5")),
        secret,
        Measurement(indicator=indicator, area=other, period="2024", value=Decimal("60")),
    ]
    db.session.add_all(rows)
    db.session.commit()

    def listed(user, query=""):
        body = client.get(f"/api/v1/measurements{query}", headers=bearer(user, f"m{query}")).get_json()
        assert "items" in body, body
        return [(m["area"], m["value"], m["secret"]) for m in body["items"]]

    assert listed(world["manager"]) == [("WK079410", "41.5000", False), ("WK079411", None, True)]
    assert listed(world["manager"], "?area=WK079411&indicator=koop") == [("WK079411", None, True)]
    assert ("WK079411", None, True) not in listed(world["team"])
    since = utcnow().isoformat()
    db.session.delete(secret)
    db.session.commit()
    gone = client.get(f"/api/v1/deleted?kind=measurements&since={since}", headers=bearer(world["manager"], "d"))
    assert [item["kind"] for item in gone.get_json()["items"]] == ["measurements"]


def test_pc_moments_of_the_municipalities_the_user_works_in(client, world, helmond, make_area):
    from planner.cycle.models import PcMoment

    gm = helmond[0]
    elders = make_area("GM0001", "Elders")
    db.session.add_all(
        [
            PcMoment(area=gm, kind="begroting", year=2027, college_date=date(2026, 9, 15)),
            PcMoment(area=elders, kind="begroting", year=2027),
        ]
    )
    db.session.commit()
    body = client.get("/api/v1/pc-moments?year=2027", headers=bearer(world["team"])).get_json()
    assert [(m["area"], m["kind"], m["college_date"]) for m in body["items"]] == [("GM0794", "begroting", "2026-09-15")]
    assert client.get("/api/v1/pc-moments?year=1800", headers=bearer(world["team"], "x")).status_code == 400


def test_a_bulk_delete_of_measurements_leaves_tombstones_in_the_right_area(client, helmond, make_user):
    from decimal import Decimal

    from planner.indicators.models import Indicator, Measurement
    from planner.indicators.services import delete_indicator

    gm, binnenstad, oost = helmond
    indicator = Indicator(code="Eigen_1", name="Eigen", unit="%", higher_is_better=True, area_id=gm.id)
    kept = Measurement(indicator=indicator, area=binnenstad, period="2024", kind="nulmeting", value=Decimal("1"))
    other = Measurement(indicator=indicator, area=oost, period="2024", kind="nulmeting", value=Decimal("2"))
    db.session.add_all([indicator, kept, other])
    db.session.commit()
    ids = {kept.id, other.id}
    team = make_user("team@binnenstad.nl", "team_member", binnenstad)
    manager = make_user("manager@helmond.nl", "area_manager", gm)
    delete_indicator(indicator)
    db.session.commit()
    gone = client.get("/api/v1/deleted?kind=measurements", headers=bearer(manager)).get_json()["items"]
    assert {int(item["id"]) for item in gone} == ids
    # A ward's team learns only of its own ward's deleted measurements.
    gone = client.get("/api/v1/deleted?kind=measurements", headers=bearer(team)).get_json()["items"]
    assert [int(item["id"]) for item in gone] == [kept.id]
