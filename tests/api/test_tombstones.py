"""Whatever deletes an object the API lists leaves its tombstone in /deleted: a delete through the ORM,
a bulk DELETE, and the rows the database deletes along with them (ON DELETE CASCADE)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, func, select

from planner.actions.models import Action
from planner.api.models import Tombstone
from planner.core.models import utcnow
from planner.extensions import db
from planner.learning import services as learning
from planner.learning.models import Lesson
from planner.programmes.deletion import delete_programme
from planner.programmes.models import Goal, Programme
from planner.tracking.models import ProgressUpdate
from tests.api.test_sync import bearer

TODAY = date(2026, 12, 6)


def _programme_with_everything(user, programme, action):
    reflection = learning.record_reflection(
        user, programme=programme, held_on=TODAY - timedelta(days=3), kind="team", today=TODAY, what_works="Koffie."
    )
    lesson = learning.add_lesson(user, reflection, statement="Begin bij de koffie", action_ids=[action.id])
    update = ProgressUpdate(action=action, period="2026-Q4", progress=40, status="loopt", text="Half")
    db.session.add(update)
    db.session.commit()
    return {
        "programmes": {str(programme.id)},
        "goals": {str(g.id) for g in programme.goals},
        "actions": {str(a.id) for a in programme.actions},
        "lessons": {str(lesson.id)},
        "progress-updates": {str(update.id)},
    }


def _deleted(client, headers, since) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in client.get(f"/api/v1/deleted?since={since}&limit=500", headers=headers).get_json()["items"]:
        found.setdefault(item["kind"], set()).add(item["id"])
    return found


def test_deleting_a_programme_reports_its_goals_actions_and_lessons(client, two_wards):
    w = two_wards
    programme = w["action_a"].programme
    expected = _programme_with_everything(w["user_a"], programme, w["action_a"])
    since = utcnow().isoformat()
    delete_programme(w["user_a"], programme)
    db.session.commit()

    assert _deleted(client, bearer(w["user_a"]), since) == expected
    assert db.session.scalar(select(func.count()).select_from(Lesson)) == 0  # the database did delete them
    # Ward B's team never saw the programme, and learns nothing of what went with it.
    assert _deleted(client, bearer(w["user_b"]), since) == {}


def test_a_bulk_delete_reports_what_the_database_deletes_along(client, two_wards):
    w = two_wards
    programme = w["action_b"].programme
    expected = _programme_with_everything(w["user_b"], programme, w["action_b"])
    headers, programme_id = bearer(w["user_b"]), programme.id
    since = utcnow().isoformat()
    db.session.execute(delete(Programme).where(Programme.id == programme_id))
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(Action).where(Action.programme_id == programme_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Goal).where(Goal.programme_id == programme_id)) == 0
    assert _deleted(client, headers, since) == expected
    # Each object once, however many paths led to it.
    assert db.session.scalar(select(func.count()).select_from(Tombstone)) == sum(map(len, expected.values()))
