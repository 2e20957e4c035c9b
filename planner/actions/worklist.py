"""Team members' work on actions: milestones that are late or due within two weeks."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from planner.actions.models import Action, Milestone
from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.i18n import nl_date
from planner.core.worklist import SOON_DAYS, WorkItem, WorkList, first_and_total, role_paths
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme

FINISHED = ("afgerond", "gestopt")


def milestones_due(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "team_member")
    if not paths:
        return []
    query = (
        select(Milestone.title, Milestone.due_date, Action.id, Action.number, Action.title)
        .join(Milestone.action)
        .join(Action.programme)
        .join(Programme.area)
        .where(
            path_condition(Area.path, paths),
            programme_visibility(user),
            Milestone.done_on.is_(None),
            Milestone.due_date <= today + timedelta(days=SOON_DAYS),
            Action.status.not_in(FINISHED),
        )
        .order_by(Milestone.due_date, Milestone.id)
    )
    rows, total = first_and_total(query)
    items = [
        WorkItem(
            gettext("%(milestone)s (actie %(number)s. %(action)s)", milestone=title, number=number, action=action),
            url_for("actions.detail", action_id=action_id),
            gettext("te laat sinds %(date)s", date=nl_date(due))
            if due < today
            else gettext("uiterlijk %(date)s", date=nl_date(due)),
            late=due < today,
        )
        for title, due, action_id, number, action in rows
    ]
    return [
        WorkList(
            "team_member",
            gettext("Mijlpalen te laat of binnen %(days)s dagen", days=SOON_DAYS),
            ngettext("%(num)s mijlpaal", "%(num)s mijlpalen", total),
            gettext("Geen mijlpalen te laat of binnenkort."),
            items,
            total,
        )
    ]
