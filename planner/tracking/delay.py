"""When is an action late? Derived from its dates, never stored: the reasons are stated in Dutch,
in the interface language on screen (workbooks are made under the Dutch locale)."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from sqlalchemy import and_, exists, or_, select

from planner.actions.models import Action, Milestone

FINISHED = ("afgerond", "gestopt")


def _d(value: date) -> str:
    return value.strftime("%d-%m-%Y")


def delay_reasons(action, today: date) -> list[str]:
    """Why `action` counts as late on `today` (empty: on schedule). Works on any object with
    status, end_date and milestones (title, due_date, done_on), so it is testable without a database."""
    if action.status in FINISHED:
        return []
    reasons = []
    if action.end_date is not None and action.end_date < today:
        reasons.append(
            gettext(
                "De einddatum %(date)s is verstreken en de actie is nog niet afgerond (voortgang %(progress)s%%).",
                date=_d(action.end_date),
                progress=action.progress,
            )
        )
    for milestone in sorted(action.milestones, key=lambda m: m.due_date):
        if milestone.done_on is None and milestone.due_date < today:
            reasons.append(
                gettext(
                    "Mijlpaal '%(title)s' had op %(date)s gereed moeten zijn.",
                    title=milestone.title,
                    date=_d(milestone.due_date),
                )
            )
    if action.status == "vertraagd" and not reasons:
        reasons.append(gettext("Het team heeft de actie als vertraagd gemeld."))
    return reasons


def is_late(action, today: date) -> bool:
    return bool(delay_reasons(action, today))


def late_condition(today: date):
    """SQL twin of `is_late` on Action, for counting in GROUP BY queries (one EXISTS per action
    on the milestones index, not a scan of every milestone)."""
    overdue = exists(
        select(Milestone.id).where(
            Milestone.action_id == Action.id, Milestone.done_on.is_(None), Milestone.due_date < today
        )
    )
    return and_(
        Action.status.not_in(FINISHED),
        or_(Action.status == "vertraagd", and_(Action.end_date.is_not(None), Action.end_date < today), overdue),
    )
