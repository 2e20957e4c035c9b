"""Team members' work on participation: residents' reactions waiting for moderation, per programme."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.worklist import WorkItem, WorkList, role_paths
from planner.extensions import db
from planner.participation.models import Contribution
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme


def reactions_to_moderate(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "team_member")
    if not paths:
        return []
    rows = db.session.execute(
        select(Programme.id, Programme.title, func.count(Contribution.id))
        .join(Contribution, Contribution.programme_id == Programme.id)
        .join(Programme.area)
        .where(path_condition(Area.path, paths), programme_visibility(user), Contribution.moderation == "te_modereren")
        .group_by(Programme.id, Programme.title)
        .order_by(Programme.title)
    ).all()
    total = sum(count for *_, count in rows)
    items = [
        WorkItem(
            title,
            url_for("participation.index", programme_id=programme_id, moderatie="te_modereren"),
            ngettext("%(num)s reactie wacht", "%(num)s reacties wachten", count),
        )
        for programme_id, title, count in rows
    ]
    return [
        WorkList(
            "team_member",
            gettext("Reacties van bewoners die wachten op moderatie"),
            ngettext("%(num)s reactie", "%(num)s reacties", total),
            gettext("Geen reacties die wachten op moderatie."),
            items,
            len(items),
        )
    ]
