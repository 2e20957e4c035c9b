"""The P&C calendar: template dates, date rules, closing (with its hook), flags and feed tokens."""

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.core.errors import PlannerError, WorkflowError
from planner.cycle import services
from planner.cycle.models import ActionPcFlag, CalendarToken, PcMoment
from planner.extensions import db


def test_template_follows_the_dutch_year():
    rows = {r["kind"]: r for r in services.template_dates(2026)}
    assert set(rows) == {"jaarrekening", "kadernota", "berap1", "berap2", "begroting"}
    assert (rows["kadernota"]["year"], rows["begroting"]["year"], rows["jaarrekening"]["year"]) == (2027, 2027, 2025)
    assert rows["kadernota"]["input_deadline"].month == 3 and rows["kadernota"]["college_date"].month == 4
    assert rows["kadernota"]["council_date"].month in (6, 7)
    assert rows["berap1"]["input_deadline"] >= date(2026, 5, 1)  # reports on the position of 1 May
    assert rows["berap2"]["council_date"].month == 10
    assert date(2026, 11, 1) <= rows["begroting"]["council_date"] < date(2026, 11, 15)
    assert date(2026, 6, 1) <= rows["jaarrekening"]["council_date"] < date(2026, 7, 15)
    for row in rows.values():
        assert row["input_deadline"] <= row["college_date"] <= row["council_date"]
        assert all(row[k].weekday() < 5 for k in ("input_deadline", "college_date", "council_date"))
    assert "najaarsnota" in {r["kind"] for r in services.template_dates(2026, najaarsnota=True)}


@pytest.mark.parametrize("year", range(2024, 2036))
def test_template_meets_the_statutory_deadlines_every_year(year):
    rows = {r["kind"]: r for r in services.template_dates(year)}
    assert rows["begroting"]["council_date"] < date(year, 11, 15)
    assert rows["jaarrekening"]["council_date"] < date(year, 7, 15)


def test_generate_cycle_is_idempotent_and_only_for_a_municipality(helmond):
    gm, ward, _ = helmond
    assert len(services.generate_cycle(gm, 2026)) == 5
    assert services.generate_cycle(gm, 2026) == []
    assert db.session.scalar(select(func.count(PcMoment.id))) == 5
    with pytest.raises(PlannerError, match="hoort bij een gemeente"):
        services.generate_cycle(ward, 2026)


def test_dates_in_the_wrong_order_are_refused(helmond):
    gm, _, _ = helmond
    moment = services.generate_cycle(gm, 2026)[0]
    with pytest.raises(PlannerError) as error:
        services.update_dates(
            moment, input_deadline=date(2026, 3, 1), college_date=date(2026, 2, 1), council_date=date(2026, 6, 1)
        )
    assert error.value.field == "college_date"
    with pytest.raises(PlannerError) as error:
        services.update_dates(moment, input_deadline=None, college_date=date(2026, 5, 1), council_date=date(2026, 4, 1))
    assert error.value.field == "council_date"


def test_close_records_who_and_when_fires_the_hook_and_freezes(helmond, make_user):
    gm, _, _ = helmond
    controller = make_user("c@helmond.nl", "controller", gm)
    moment = services.generate_cycle(gm, 2026)[0]
    seen = []

    def receiver(sender, user):
        seen.append((sender.label, user.email))

    services.moment_closed.connect(receiver)
    try:
        services.close_moment(moment, controller)
    finally:
        services.moment_closed.disconnect(receiver)
    assert moment.state == "gesloten" and moment.closed_by == controller and moment.closed_at is not None
    assert seen == [(moment.label, "c@helmond.nl")]
    with pytest.raises(WorkflowError, match="is gesloten"):
        services.update_dates(moment, input_deadline=None, college_date=None, council_date=None)
    with pytest.raises(WorkflowError, match="al gesloten"):
        services.close_moment(moment, controller)
    services.reopen_moment(moment, controller)
    assert (moment.state, moment.closed_at, moment.closed_by) == ("open", None, None)


def test_a_receiver_can_refuse_the_close(helmond, make_user):
    gm, _, _ = helmond
    moment = services.generate_cycle(gm, 2026)[0]
    db.session.commit()

    def refuse(sender, user):
        raise PlannerError("Eerst de begrotingsregels controleren.")

    services.moment_closed.connect(refuse)
    try:
        with pytest.raises(PlannerError, match="begrotingsregels"):
            services.close_moment(moment, None)
    finally:
        services.moment_closed.disconnect(refuse)
    db.session.rollback()
    assert db.session.get(PcMoment, moment.id).state == "open"


def test_begrotingswijzigingen_are_numbered(helmond):
    gm, _, _ = helmond
    first = services.add_moment(gm, kind="begrotingswijziging", year=2026)
    second = services.add_moment(gm, kind="begrotingswijziging", year=2026, council_date=date(2026, 12, 10))
    assert (first.sequence, second.sequence, second.label) == (1, 2, "Begrotingswijziging 2 2026")
    services.generate_cycle(gm, 2026)
    with pytest.raises(PlannerError, match="bestaat al"):
        services.add_moment(gm, kind="begroting", year=2027)


def test_flags_are_scoped_and_grouped(two_wards, make_user):
    w = two_wards
    moments = {m.kind: m for m in services.generate_cycle(w["gm"], 2026)}
    kadernota = moments["kadernota"]
    services.flag_action(w["user_a"], kadernota, w["action_a"].id, "nieuw_beleid", "Structureel € 40.000")
    services.flag_action(w["user_b"], kadernota, w["action_b"].id, "nieuw_beleid")
    with pytest.raises(PlannerError) as error:
        services.flag_action(w["user_a"], kadernota, w["action_b"].id, "nieuw_beleid")
    assert "bestaat niet of u mag haar niet wijzigen" in error.value.message
    with pytest.raises(PlannerError, match="staat al in"):
        services.flag_action(w["user_a"], kadernota, w["action_a"].id, "nieuw_beleid")
    with pytest.raises(PlannerError, match="Onbekend doel"):
        services.flag_action(w["user_a"], kadernota, w["action_a"].id, "wens")
    db.session.commit()
    rows = services.what_goes_in(w["user_a"], kadernota)
    assert [(r.ward.code, r.action.title) for r in rows] == [("WK079410", "Buurtkamer Binnenstad")]
    manager = make_user("gm@helmond.nl", "area_manager", w["gm"])
    assert [r.ward.code for r in services.what_goes_in(manager, kadernota)] == ["WK079410", "WK079411"]
    services.close_moment(kadernota, manager)
    with pytest.raises(WorkflowError):
        services.flag_action(w["user_a"], kadernota, w["action_a"].id, "verantwoording")
    assert db.session.scalar(select(func.count(ActionPcFlag.id))) == 2


def test_feed_tokens_are_stored_hashed_and_revocable(helmond, make_user):
    gm, _, _ = helmond
    user = make_user("r@helmond.nl", "reader", gm)
    token = services.issue_token(user)
    stored = db.session.scalar(select(CalendarToken.token_hash))
    assert token not in stored and len(stored) == 64
    assert services.user_for_token(token) == user
    for bad in (None, "", "x" * 200, "../etc/passwd", token + "x", "' OR 1=1 --"):
        assert services.user_for_token(bad) is None
    second = services.issue_token(user)
    assert services.user_for_token(token) is None and services.user_for_token(second) == user
    assert services.revoke_token(user) is True
    assert services.user_for_token(second) is None
    assert services.revoke_token(user) is False
