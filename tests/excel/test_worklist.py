"""Imports on the start page: a controller's failed runs, an admin's runs left half-way."""

from datetime import date, timedelta

from planner.core.models import utcnow
from planner.core.worklist import work_for
from planner.excel.models import ImportRun
from planner.extensions import db


def _run(user, name, state, age, sha="a" * 64):
    run = ImportRun(
        user_id=user.id, profile="begroting-export", file_name=name, sha256=sha, state=state, started_at=utcnow() - age
    )
    db.session.add(run)
    db.session.flush()
    return run


def _lists(app, user, role):
    with app.test_request_context():
        blocks = {b.role: b for b in work_for(user, date.today())}
        return {w.title: [i.text for i in w.items] for w in blocks[role].lists}


def test_failed_imports_for_the_controller_and_stalled_ones_for_the_admin(app, helmond, make_user):
    gm = helmond[0]
    controller = make_user("controller@helmond.nl", "controller", gm)
    admin = make_user("beheer@helmond.nl", "admin", gm)
    _run(controller, "kapot.xlsx", "failed", timedelta(hours=3))
    _run(controller, "fouten.csv", "rejected", timedelta(days=2))
    _run(controller, "oud.csv", "failed", timedelta(days=40))  # long ago: no longer on the list
    _run(controller, "vergeten.csv", "dry_run", timedelta(days=3), sha="b" * 64)
    _run(controller, "ingelezen.csv", "dry_run", timedelta(days=3), sha="c" * 64)
    _run(controller, "ingelezen.csv", "committed", timedelta(days=3) - timedelta(minutes=5), sha="c" * 64)
    _run(controller, "hangt.csv", "running", timedelta(hours=2), sha="d" * 64)
    _run(controller, "bezig.csv", "running", timedelta(minutes=5), sha="e" * 64)  # still working
    db.session.commit()

    failed = _lists(app, controller, "controller")["Mislukte imports van de laatste 30 dagen"]
    assert failed == ["kapot.xlsx", "fouten.csv"]
    stalled = _lists(app, admin, "admin")["Imports die half zijn blijven steken"]
    assert sorted(stalled) == ["hangt.csv", "vergeten.csv"]
