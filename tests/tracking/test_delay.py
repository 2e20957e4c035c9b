"""delay_reasons is a pure function: late when a milestone or the end date passed unfinished."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS

from planner.tracking.delay import delay_reasons, is_late

TODAY = date(2026, 7, 1)


def action(status="loopt", end=date(2026, 12, 31), progress=40, milestones=()):
    return NS(status=status, end_date=end, progress=progress, milestones=list(milestones))


def milestone(title, due, done=None):
    return NS(title=title, due_date=due, done_on=done)


def test_on_schedule_action_has_no_reasons():
    assert delay_reasons(action(milestones=[milestone("Ontwerp", date(2026, 9, 1))]), TODAY) == []


def test_passed_end_date_unfinished_is_stated_with_date_and_progress():
    reasons = delay_reasons(action(end=date(2026, 6, 30), progress=60), TODAY)
    assert reasons == ["De einddatum 30-06-2026 is verstreken en de actie is nog niet afgerond (voortgang 60%)."]


def test_end_date_today_is_not_yet_late():
    assert delay_reasons(action(end=TODAY), TODAY) == []


def test_overdue_open_milestone_is_named_and_done_ones_are_not():
    reasons = delay_reasons(
        action(
            milestones=[
                milestone("Vergunning", date(2026, 5, 1)),
                milestone("Aanbesteding", date(2026, 4, 1), done=date(2026, 4, 2)),
            ]
        ),
        TODAY,
    )
    assert reasons == ["Mijlpaal 'Vergunning' had op 01-05-2026 gereed moeten zijn."]


def test_finished_or_stopped_actions_are_never_late():
    for status in ("afgerond", "gestopt"):
        assert not is_late(
            action(status=status, end=date(2025, 1, 1), milestones=[milestone("x", date(2025, 1, 1))]), TODAY
        )


def test_reported_delay_without_passed_dates_is_stated_as_reported():
    assert delay_reasons(action(status="vertraagd"), TODAY) == ["Het team heeft de actie als vertraagd gemeld."]


def test_all_reasons_are_listed_milestones_in_date_order():
    reasons = delay_reasons(
        action(end=date(2026, 6, 1), milestones=[milestone("B", date(2026, 3, 1)), milestone("A", date(2026, 2, 1))]),
        TODAY,
    )
    assert len(reasons) == 3 and "'A'" in reasons[1] and "'B'" in reasons[2]
