"""Participation's scheduled work in the job worker: the nightly purge of personal data past retention."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from huey import crontab

from planner.core import jobs
from planner.core.cli import committing
from planner.core.mail import purge_outbox
from planner.participation.services import RETENTION_DAYS, purge_personal_data


def purge(day: date) -> tuple[dict, int]:
    """Names and addresses past retention wiped (committed), old outbox mails removed: (counts, mails)."""
    with committing():
        counts = purge_personal_data(day)
    # Mails in the outbox folder carry the resident's address: they go after the same retention term.
    days = int(current_app.config.get("PARTICIPATION_RETENTION_DAYS", RETENTION_DAYS))
    mails = purge_outbox(current_app, datetime.combine(day, datetime.min.time()) - timedelta(days=days))
    return counts, mails


def nightly_purge() -> None:
    purge(date.today())


def init_app(app) -> None:
    jobs.schedule(crontab(hour="3", minute="30"), nightly_purge)
