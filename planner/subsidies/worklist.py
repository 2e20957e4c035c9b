"""Work on subsidies for the start page: initiatives waiting for the ward team, applications waiting for a
beschikking."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.worklist import MAX_ITEMS, WorkItem, WorkList, role_paths
from planner.extensions import db
from planner.subsidies.models import SubsidyApplication


def _waiting(paths: list[str], status: str) -> tuple[list[SubsidyApplication], int]:
    """The oldest applications in `status` within `paths` (the first MAX_ITEMS) and how many there are."""
    query = (
        select(SubsidyApplication)
        .join(Area, Area.id == SubsidyApplication.area_id)
        .where(path_condition(Area.path, paths), SubsidyApplication.status == status)
    )
    rows = db.session.scalars(
        query.order_by(SubsidyApplication.submitted_on, SubsidyApplication.id).limit(MAX_ITEMS)
    ).all()
    total = db.session.scalar(query.with_only_columns(func.count(SubsidyApplication.id)).order_by(None))
    return rows, total


def _list(role: str, title: str, empty: str, waiting: tuple[list[SubsidyApplication], int]) -> WorkList:
    rows, total = waiting
    items = [WorkItem(a.title, url_for("subsidies.detail", application_id=a.id), a.area.name) for a in rows]
    return WorkList(
        role,
        title,
        ngettext("%(num)s aanvraag", "%(num)s aanvragen", total),
        empty,
        items,
        total,
        url_for("subsidies.index") if total > len(items) else None,
    )


def waiting_applications(user, today: date) -> list[WorkList]:
    lists = []
    paths = role_paths(user, "team_member")
    if paths:
        lists.append(
            _list(
                "team_member",
                gettext("Bewonersinitiatieven die wachten op moderatie"),
                gettext("Geen bewonersinitiatieven die wachten op moderatie."),
                _waiting(paths, "te_modereren"),
            )
        )
    paths = role_paths(user, "controller")
    if paths:
        lists.append(
            _list(
                "controller",
                gettext("Subsidieaanvragen die wachten op een beschikking"),
                gettext("Geen subsidieaanvragen die wachten op een beschikking."),
                _waiting(paths, "ingediend"),
            )
        )
    return lists
