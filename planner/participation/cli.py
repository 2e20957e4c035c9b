"""`flask --app wsgi participation purge`: remove personal data past its retention date."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

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
    from planner.participation.jobs import purge

    day = today.date() if today else date.today()
    counts, mails = purge(day)
    click.echo(
        f"Van {counts['contacts']} {'inspreker' if counts['contacts'] == 1 else 'insprekers'} naam en e-mailadres "
        f"gewist (bewaartermijn voorbij op {day:%d-%m-%Y}); "
        f"{counts['throttle']} oude {'tellerregel' if counts['throttle'] == 1 else 'tellerregels'} voor de spamgrens "
        f"verwijderd; {mails} {'oud bericht' if mails == 1 else 'oude berichten'} uit de map voor uitgaande mail "
        "verwijderd. De reacties zelf blijven bewaard."
    )
