"""Lessons through the API: scoped exactly as the learning search (a lesson in another ward's draft is never
listed, counted or offered as CSV), synced by `updated_since`, and a deleted lesson reported in /deleted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.core.models import utcnow
from planner.core.users import grant_role
from planner.extensions import db
from planner.learning import services
from planner.programmes.services import transition
from tests.api.test_sync import bearer
from tests.helpers import login_as

TODAY = date(2026, 12, 6)


def _reflect(user, programme):
    return services.record_reflection(
        user,
        programme=programme,
        held_on=TODAY - timedelta(days=10),
        kind="team",
        today=TODAY,
        what_works="Het schoolplein werkt.",
    )


@pytest.fixture
def wards(two_wards, make_user, adopt):
    w = two_wards
    programme_a = adopt(w["action_a"].programme)
    transition(programme_a, "uitvoering", make_user("gm@helmond.nl", "area_manager", w["gm"]))
    council = make_user("raad@helmond.nl", "reader", w["gm"])
    reader_b = make_user("lezer-b@helmond.nl", "team_member", w["ward_b"])
    grant_role(reader_b, "reader", w["gm"])
    public = services.add_lesson(
        w["user_a"],
        _reflect(w["user_a"], programme_a),
        statement="Ontmoet ouders op het schoolplein",
        account="De buurtkamer 's ochtends open hielp.",
        action_ids=[w["action_a"].id],
    )
    draft = services.add_lesson(
        w["user_b"], _reflect(w["user_b"], w["action_b"].programme), statement="Geheime eenzaamheid in Oost"
    )
    db.session.commit()
    return w | {"council": council, "reader_b": reader_b, "public": public, "draft": draft}


def test_lessons_are_scoped_like_the_search_never_one_from_another_wards_draft(client, wards):
    w = wards
    for user in (w["user_a"], w["council"]):
        headers = bearer(user)
        body = client.get("/api/v1/lessons", headers=headers).get_json()
        assert body["total"] == 1 and [item["id"] for item in body["items"]] == [w["public"].id]
        assert body["items"][0]["action_ids"] == [w["action_a"].id]
        assert body["items"][0]["area"] == w["action_a"].programme.area.code
        text = client.get("/api/v1/lessons?format=csv&labels=nl", headers=headers).get_data(as_text=True)
        assert "Geheime" not in text and "Ontmoet ouders" in text and "vastgelegd" in text
    body = client.get("/api/v1/lessons", headers=bearer(w["reader_b"])).get_json()
    assert {item["id"] for item in body["items"]} == {w["public"].id, w["draft"].id}
    draft_programme = f"/api/v1/lessons?programme={w['action_b'].programme.id}"
    assert client.get(draft_programme, headers=headers).get_json()["total"] == 0


def test_a_new_lesson_comes_with_updated_since_and_a_deleted_one_in_deleted(client, wards):
    w = wards
    headers = bearer(w["user_a"])
    since = utcnow().isoformat() + "Z"
    assert client.get(f"/api/v1/lessons?updated_since={since}", headers=headers).get_json()["total"] == 0
    lesson = services.add_lesson(w["user_a"], w["public"].reflection, statement="Avondactiviteiten helpen")
    db.session.commit()
    body = client.get(f"/api/v1/lessons?updated_since={since}", headers=headers).get_json()
    assert [item["id"] for item in body["items"]] == [lesson.id]
    db.session.delete(lesson)
    db.session.commit()
    gone = client.get(f"/api/v1/deleted?kind=lessons&since={since}", headers=headers).get_json()
    assert [item["id"] for item in gone["items"]] == [str(lesson.id)]
    # Another ward's team member does not learn of the deletion in a ward it may not see.
    assert client.get("/api/v1/deleted?kind=lessons", headers=bearer(w["user_b"])).get_json()["total"] == 0


def test_the_search_page_offers_the_same_lessons_as_csv_with_the_users_session(client, wards):
    w = wards
    page = login_as(client, w["council"])
    html = page.get("/leren/").get_data(as_text=True)
    assert "/lijsten/lessons.csv" in html
    response = page.get("/lijsten/lessons.csv")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    header = text.lstrip("\ufeff").splitlines()[0]
    assert header.startswith("id;leerpunt;toelichting;reflectie-id;reflectie op")
    assert "Ontmoet ouders" in text and "Geheime" not in text
    assert page.get("/lijsten/nergens.csv").status_code == 404
    assert page.get("/lijsten/actions.csv?status=onzin").status_code == 400
