"""Area managers' work on programmes: those waiting for a decision (status besluitvorming)."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.worklist import WorkItem, WorkList, first_and_total, role_paths
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme


def awaiting_decision(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "area_manager")
    if not paths:
        return []
    query = (
        select(Programme.id, Programme.title, Area.name)
        .join(Programme.area)
        .where(path_condition(Area.path, paths), programme_visibility(user), Programme.status == "besluitvorming")
        .order_by(Programme.updated_at, Programme.id)
    )
    rows, total = first_and_total(query)
    return [
        WorkList(
            "area_manager",
            gettext("Programma's die wachten op een besluit"),
            ngettext("%(num)s programma", "%(num)s programma's", total),
            gettext("Geen programma's in besluitvorming."),
            [WorkItem(title, url_for("programmes.detail", programme_id=pid), area) for pid, title, area in rows],
            total,
        )
    ]
