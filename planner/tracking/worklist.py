"""Work on implementation: progress reports due (team members, partners) and wards with late actions
(area managers)."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from planner.actions.models import Action, ActionArea
from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.worklist import WorkItem, WorkList, first_and_total, role_paths
from planner.extensions import db
from planner.opgaven.access import partner_grants
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme
from planner.tracking.delay import late_condition
from planner.tracking.models import ProgressUpdate
from planner.tracking.services import current_period

# Reports are asked for programmes being carried out, once a quarter, on actions that are under way.
REPORTING_STATUSES = ("vastgesteld", "uitvoering")


def quarter_start(today: date) -> date:
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def report_due_condition(today: date):
    """SQL on Action joined with its Programme: under way in a programme being carried out, and no report
    written since the quarter began."""
    reported = exists(
        select(ProgressUpdate.id).where(
            ProgressUpdate.action_id == Action.id,
            ProgressUpdate.created_at >= datetime.combine(quarter_start(today), datetime.min.time()),
        )
    )
    under_way = or_(
        Action.status.in_(("loopt", "vertraagd")),
        and_(Action.status == "gepland", Action.start_date.is_not(None), Action.start_date <= today),
    )
    return and_(Programme.status.in_(REPORTING_STATUSES), under_way, ~reported)


def _report_list(role: str, query, today: date, empty: str) -> WorkList:
    rows, total = first_and_total(query.order_by(Programme.title, Action.number))
    items = [
        WorkItem(
            gettext("Actie %(number)s. %(title)s", number=number, title=title),
            url_for("tracking.report", action_id=action_id),
            programme,
        )
        for action_id, number, title, programme in rows
    ]
    return WorkList(
        role,
        gettext("Voortgangsrapportages over %(period)s", period=current_period(today)),
        ngettext("%(num)s rapportage", "%(num)s rapportages", total),
        empty,
        items,
        total,
    )


def _actions_with_programme():
    return select(Action.id, Action.number, Action.title, Programme.title).join(Action.programme).join(Programme.area)


def reports_due(user, today: date) -> list[WorkList]:
    """Team members: actions in their wards without a report this quarter; partners: the same for the
    actions their organisation leads at the opgaven they are granted on."""
    out = []
    if paths := role_paths(user, "team_member"):
        query = _actions_with_programme().where(
            path_condition(Area.path, paths), programme_visibility(user), report_due_condition(today)
        )
        out.append(_report_list("team_member", query, today, gettext("Alle lopende acties hebben een rapportage.")))
    if grants := partner_grants(user):
        led = or_(
            *[
                and_(Programme.opgave_id == g.opgave_id, Action.owner_organisation_id == g.organisation_id)
                for g in grants
            ]
        )
        query = _actions_with_programme().where(led, programme_visibility(user), report_due_condition(today))
        out.append(
            _report_list(
                "partner", query, today, gettext("Geen acties van uw organisatie die op een rapportage wachten.")
            )
        )
    return out


def wards_with_late_actions(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "area_manager")
    if not paths:
        return []
    ward = aliased(Area)
    rows = db.session.execute(
        select(ward.code, ward.name, func.count(func.distinct(Action.id)))
        .select_from(Action)
        .join(Action.programme)
        .join(Programme.area)
        .join(ActionArea, ActionArea.action_id == Action.id)
        .join(ward, ward.id == ActionArea.area_id)
        .where(path_condition(ward.path, paths), programme_visibility(user), late_condition(today))
        .group_by(ward.code, ward.name)
        .order_by(func.count(func.distinct(Action.id)).desc(), ward.code)
    ).all()
    items = [
        WorkItem(name, url_for("tracking.ward", code=code), ngettext("%(num)s late actie", "%(num)s late acties", n))
        for code, name, n in rows
    ]
    return [
        WorkList(
            "area_manager",
            gettext("Wijken met late acties"),
            ngettext("%(num)s wijk", "%(num)s wijken", len(rows)),
            gettext("Geen wijk met late acties."),
            items,
            len(rows),
        )
    ]
