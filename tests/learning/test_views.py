"""Learning pages through the test client: bad input gets a Dutch message beside its field and stores nothing,
another ward's draft reflection does not exist (404), a reader may read but not record (403), and the step to
'geëvalueerd' points at the evaluation and is refused without one."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.learning import services
from planner.learning.models import Lesson, Reflection
from planner.programmes.services import transition
from tests.helpers import login


def _error_beside(response, field: str) -> str:
    match = re.search(rf'id="{field}-fout">(.*?)</div>', response.get_data(as_text=True), re.S)
    assert match, f"no error beside {field}"
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def wards(two_wards, adopt, make_user):
    w = two_wards
    programme = adopt(w["action_a"].programme)
    manager = make_user("gm@helmond.nl", "area_manager", w["gm"])
    transition(programme, "uitvoering", manager)
    db.session.commit()
    return w | {"programme": programme, "manager": manager}


def test_a_reflection_without_answers_gets_a_dutch_message_beside_the_field_and_nothing_is_stored(client, wards):
    login(client, wards["user_a"])
    response = client.post(
        f"/leren/programma/{wards['programme'].id}/reflectie", data={"held_on": "2026-11-30", "kind": "team"}
    )
    assert "Beantwoord minstens één van de drie vragen" in _error_beside(response, "what_works")
    assert _count(Reflection) == 0


def test_a_lesson_linking_another_wards_action_is_refused_and_nothing_is_stored(client, wards):
    w = wards
    reflection = services.record_reflection(
        w["user_a"], programme=w["programme"], held_on=w["programme"].created_at.date(), kind="team", what_works="Ja"
    )
    db.session.commit()
    login(client, w["user_a"])
    response = client.post(
        f"/leren/reflecties/{reflection.id}/leerpunt",
        data={"statement": "Kijk mee in Oost", "action_ids": [str(w["action_b"].id)]},
    )
    assert _error_beside(response, "action_ids") == "Kies alleen uit de lijst."
    assert _count(Lesson) == 0


def test_another_wards_draft_reflection_does_not_exist_and_a_reader_may_not_record(client, wards, make_user):
    w = wards
    draft = services.record_reflection(
        w["user_b"],
        programme=w["action_b"].programme,
        held_on=w["programme"].created_at.date(),
        kind="team",
        what_works="Geheim",
    )
    db.session.commit()
    login(client, w["user_a"])
    assert client.get(f"/leren/reflecties/{draft.id}").status_code == 404
    assert "Geheim" not in client.get("/leren/").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, make_user("raad@helmond.nl", "reader", w["gm"]))
    assert client.get(f"/leren/programma/{w['programme'].id}").status_code == 200
    assert client.get(f"/leren/programma/{w['programme'].id}/reflectie").status_code == 403


def test_the_step_to_geevalueerd_asks_for_the_evaluation_first(client, wards):
    w = wards
    login(client, w["manager"])
    url = f"/programmas/{w['programme'].id}/status/geevalueerd"
    assert "Evaluatie vastleggen" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"to_status": "geevalueerd"}, follow_redirects=True)
    assert "Leg eerst de evaluatie vast" in unescape(response.get_data(as_text=True))
    db.session.refresh(w["programme"])
    assert w["programme"].status == "uitvoering"
    goal = w["programme"].goals[0]
    client.post(f"/leren/programma/{w['programme'].id}/evaluatie", data={f"judgement_{goal.id}": "Bereikt."})
    client.post(url, data={"to_status": "geevalueerd"})
    db.session.refresh(w["programme"])
    assert w["programme"].status == "geevalueerd"
    assert w["programme"].versions[-1].snapshot["evaluation"]["goals"][0]["judgement"] == "Bereikt."
