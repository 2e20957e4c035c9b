"""`flask --app wsgi participation purge`: remove personal data past its retention date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import click
from flask import current_app
from flask.cli import AppGroup

from planner.core.cli import committing

cli = AppGroup("participation", help="Inspraak: persoonsgegevens opruimen.")


@cli.command("purge")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD); standaard de echte datum.",
)
def purge_command(today) -> None:
    """Wis namen en e-mailadressen waarvan de bewaartermijn voorbij is; de reacties blijven, geanonimiseerd."""
    from sqlalchemy import select

    from planner.core.mail import purge_outbox
    from planner.extensions import db
    from planner.participation.models import ParticipationPolicy
    from planner.participation.phases import default_retention_days
    from planner.participation.services import purge_personal_data

    day = today.date() if today else date.today()
    with committing():
        counts = purge_personal_data(day)
    # Mails in the outbox folder carry the resident's address: they go after the retention term, the shortest
    # of the municipalities' policies (the folder is shared by all municipalities of the installation).
    terms = db.session.scalars(select(ParticipationPolicy.retention_days)).all()
    days = min([*terms, default_retention_days()])
    mails = purge_outbox(current_app, datetime.combine(day, datetime.min.time()) - timedelta(days=days))
    click.echo(
        f"Van {counts['contacts']} {'inspreker' if counts['contacts'] == 1 else 'insprekers'} naam en e-mailadres "
        f"gewist (bewaartermijn voorbij op {day:%d-%m-%Y}); "
        f"{counts['throttle']} oude {'tellerregel' if counts['throttle'] == 1 else 'tellerregels'} voor de spamgrens "
        f"verwijderd; {mails} {'oud bericht' if mails == 1 else 'oude berichten'} uit de map voor uitgaande mail "
        "verwijderd. De reacties zelf blijven bewaard."
    )
