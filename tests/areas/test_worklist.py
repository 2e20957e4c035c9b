"""Work lists on the start page: scoped to the user's grants, in a bounded number of queries."""

from datetime import date, timedelta

from sqlalchemy import event

from planner.actions.models import Milestone
from planner.core.worklist import work_for
from planner.extensions import db


def test_team_member_sees_late_milestones_of_their_ward_only_in_few_queries(
    app, helmond, make_user, make_programme, make_action
):
    gm, binnenstad, oost = helmond
    today = date.today()
    for ward, title in ((binnenstad, "Vergunning binnen"), (oost, "Geheime mijlpaal Oost")):
        programme = make_programme(ward, title=f"Programma {ward.name}")
        for n in range(12):
            action = make_action(programme, title=f"Actie {n}")
            db.session.add(Milestone(action_id=action.id, title=f"{title} {n}", due_date=today - timedelta(days=n)))
    db.session.add(Milestone(action_id=action.id, title="Ver weg", due_date=today + timedelta(days=60)))
    team = make_user("a@helmond.nl", "team_member", binnenstad)
    db.session.commit()

    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with app.test_request_context():
            blocks = work_for(team, today)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)

    assert [b.role for b in blocks] == ["team_member"]
    milestones = next(w for w in blocks[0].lists if w.title.startswith("Mijlpalen"))
    assert milestones.total == 12 and len(milestones.items) == 10 and milestones.count_text == "12 mijlpalen"
    assert all("Vergunning binnen" in i.text for i in milestones.items)
    assert milestones.items[1].late and "te laat sinds" in milestones.items[1].detail
    assert len(statements) <= 12  # a handful per list, not one per item
