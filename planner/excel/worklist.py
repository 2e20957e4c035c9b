"""Work on imports: runs that failed (controllers) and runs left half-way (functioneel beheerders)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from planner.core.i18n import nl_date
from planner.core.models import utcnow
from planner.core.worklist import WorkItem, WorkList, first_and_total, role_paths
from planner.excel import runner
from planner.excel.models import RUN_STATES, ImportRun

RECENT_DAYS = 30
# A run still "running" after an hour has lost its worker (a restart, a crash); a preview nobody
# went on with within a day (no later run of the same file) was left behind.
RUNNING_TOO_LONG = timedelta(hours=1)
PREVIEW_LEFT = timedelta(days=1)


def _since(today: date, days: int) -> datetime:
    return datetime.combine(today - timedelta(days=days), datetime.min.time())


def _runs_of(user):
    """The runs a user may open: their own, or every run for a beheerder of every municipality."""
    query = select(ImportRun.id, ImportRun.file_name, ImportRun.profile, ImportRun.started_at, ImportRun.state)
    return query if runner.covers_everything(user, "admin") else query.where(ImportRun.user_id == user.id)


def _items(rows) -> list[WorkItem]:
    return [
        WorkItem(
            file_name or profile,
            url_for("imports.result", run_id=run_id),
            f"{gettext(RUN_STATES.get(state, state))} · {nl_date(started)}",
            late=state == "failed",
        )
        for run_id, file_name, profile, started, state in rows
    ]


def failed_imports(user, today: date) -> list[WorkList]:
    if not role_paths(user, "controller"):
        return []
    query = (
        _runs_of(user)
        .where(ImportRun.state.in_(("failed", "rejected")), ImportRun.started_at >= _since(today, RECENT_DAYS))
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
    )
    rows, total = first_and_total(query)
    return [
        WorkList(
            "controller",
            gettext("Mislukte imports van de laatste %(days)s dagen", days=RECENT_DAYS),
            ngettext("%(num)s import", "%(num)s imports", total),
            gettext("Geen mislukte imports."),
            _items(rows),
            total,
            url_for("imports.runs"),
        )
    ]


def stale_imports(user, today: date) -> list[WorkList]:
    if not role_paths(user, "admin"):
        return []
    now = utcnow()
    later = aliased(ImportRun)
    committed_later = exists(
        select(later.id).where(
            later.sha256 == ImportRun.sha256, later.profile == ImportRun.profile, later.id > ImportRun.id
        )
    )
    query = (
        _runs_of(user)
        .where(
            ImportRun.started_at >= _since(today, RECENT_DAYS),
            or_(
                and_(ImportRun.state == "running", ImportRun.started_at < now - RUNNING_TOO_LONG),
                and_(ImportRun.state == "dry_run", ImportRun.started_at < now - PREVIEW_LEFT, ~committed_later),
            ),
        )
        .order_by(ImportRun.started_at.desc(), ImportRun.id.desc())
    )
    rows, total = first_and_total(query)
    return [
        WorkList(
            "admin",
            gettext("Imports die half zijn blijven steken"),
            ngettext("%(num)s import", "%(num)s imports", total),
            gettext("Geen imports die zijn blijven steken."),
            _items(rows),
            total,
            url_for("imports.runs"),
        )
    ]
