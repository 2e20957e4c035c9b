"""`flask --app wsgi api token EMAIL --name NAAM`: an API token for a script, printed once."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from planner.core.cli import committing, fail
from planner.extensions import db

cli = AppGroup("api", help="API-sleutels voor de alleen-lezen API onder /api/v1/.")


@cli.command("token")
@click.argument("email")
@click.option("--name", required=True, help="Waarvoor de sleutel dient, bijvoorbeeld 'dashboard griffie'.")
def token_command(email: str, name: str) -> None:
    """Maak een API-sleutel voor een gebruiker; de sleutel wordt één keer getoond."""
    from planner.api.services import issue_token
    from planner.core.audit import acting_as
    from planner.core.models import User

    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        fail(f"Onbekende gebruiker '{email.strip()}'. Maak hem eerst aan met 'flask --app wsgi users create'.")
    with committing(), acting_as(user):
        _, secret = issue_token(user, name)
    click.echo(secret)
