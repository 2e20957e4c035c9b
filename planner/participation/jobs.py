"""Participation's scheduled work in the job worker: the nightly purge of personal data past retention."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from huey import crontab
from sqlalchemy import select

from planner.core import jobs
from planner.core.cli import committing
from planner.core.mail import purge_outbox
from planner.extensions import db
from planner.participation.models import ParticipationPolicy
from planner.participation.phases import default_retention_days
from planner.participation.services import purge_personal_data


def purge(day: date) -> tuple[dict, int]:
    """Names and addresses past retention wiped (committed), old outbox mails removed: (counts, mails)."""
    with committing():
        counts = purge_personal_data(day)
    # Mails in the outbox folder carry the resident's address: they go after the retention term, the shortest
    # of the municipalities' policies (the folder is shared by all municipalities of the installation).
    terms = db.session.scalars(select(ParticipationPolicy.retention_days)).all()
    days = min([*terms, default_retention_days()])
    mails = purge_outbox(current_app, datetime.combine(day, datetime.min.time()) - timedelta(days=days))
    return counts, mails


def nightly_purge() -> None:
    purge(date.today())


def init_app(app) -> None:
    jobs.schedule(crontab(hour="3", minute="30"), nightly_purge)
