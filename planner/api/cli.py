"""`flask --app wsgi api token EMAIL --name NAAM [--limit N]`: an API token for a script, printed once."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from planner.api.models import DEFAULT_RATE_LIMIT
from planner.core.cli import committing, fail
from planner.core.errors import PlannerError
from planner.extensions import db

cli = AppGroup("api", help="API-sleutels voor de alleen-lezen API onder /api/v1/.")


@cli.command("token")
@click.argument("email")
@click.option("--name", required=True, help="Waarvoor de sleutel dient, bijvoorbeeld 'dashboard griffie'.")
@click.option(
    "--limit",
    type=int,
    default=None,
    metavar="N",
    help=f"Hoeveel verzoeken per minuut de sleutel mag doen (standaard {DEFAULT_RATE_LIMIT}).",
)
def token_command(email: str, name: str, limit: int | None) -> None:
    """Maak een API-sleutel voor een gebruiker; de sleutel wordt één keer getoond."""
    from planner.api.services import issue_token
    from planner.core.audit import acting_as
    from planner.core.models import User

    user = db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        fail(f"Onbekende gebruiker '{email.strip()}'. Maak hem eerst aan met 'flask --app wsgi users create'.")
    with committing(), acting_as(user):
        try:
            _, secret = issue_token(user, name, rate_limit=limit)
        except PlannerError as error:
            fail(error.message)
    click.echo(secret)
