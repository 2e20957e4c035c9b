"""The team's work list: programmes in execution without a reflection in the last quarter."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.worklist import WorkItem, WorkList, first_and_total, role_paths
from planner.learning.services import overdue_condition
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme


def reflection_due(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "team_member")
    if not paths:
        return []
    query = (
        select(Programme.id, Programme.title, Area.name)
        .join(Programme.area)
        .where(path_condition(Area.path, paths), programme_visibility(user), overdue_condition(today))
        .order_by(Area.path, Programme.title)
    )
    rows, total = first_and_total(query)
    return [
        WorkList(
            "team_member",
            gettext("Programma's zonder reflectie in het afgelopen kwartaal"),
            ngettext("%(num)s programma", "%(num)s programma's", total),
            gettext("Elk programma in uitvoering heeft een recente reflectie."),
            [
                WorkItem(title, url_for("learning.new_programme_reflection", programme_id=pid), area)
                for pid, title, area in rows
            ],
            total,
        )
    ]
