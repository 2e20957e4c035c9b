"""Controllers' work on the budget: deviations at the last closed P&C moment that have no explanation yet."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from planner.areas.models import Area
from planner.budget.services import deviation_report
from planner.core.access import path_condition
from planner.core.worklist import WorkItem, WorkList, role_paths
from planner.cycle.models import PcMoment
from planner.extensions import db


def deviations_without_note(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "controller")
    if not paths:
        return []
    closed = db.session.scalars(
        select(PcMoment)
        .join(PcMoment.area)
        .where(path_condition(Area.path, paths), PcMoment.state == "gesloten")
        .order_by(PcMoment.closed_at.desc().nulls_last(), PcMoment.id.desc())
    ).all()
    latest: dict[int, PcMoment] = {}
    for moment in closed:  # the deviation report compares with the figures of the last closed moment
        latest.setdefault(moment.area_id, moment)
    items, total = [], 0
    for moment in latest.values():
        report = deviation_report(user, moment)
        missing = sum(1 for d in (*report.lines, *report.actions) if not d.note.strip())
        if missing:
            total += missing
            items.append(
                WorkItem(
                    f"{moment.screen_label} · {moment.area.name}",
                    url_for("budget.deviations", moment_id=moment.id),
                    ngettext("%(num)s afwijking zonder toelichting", "%(num)s afwijkingen zonder toelichting", missing),
                )
            )
    return [
        WorkList(
            "controller",
            gettext("Afwijkingen zonder toelichting"),
            ngettext("%(num)s afwijking", "%(num)s afwijkingen", total),
            gettext("Elke afwijking heeft een toelichting."),
            items,
            len(items),
        )
    ]
