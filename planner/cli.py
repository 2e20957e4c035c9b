"""Flask CLI commands of the application itself: users and roles, and the `export` group."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from planner.core.cli import committing, export_group, fail

users_cli = AppGroup("users", help="Gebruikers aanmaken en rollen toekennen.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, metavar="ROL", help="admin, area_manager, team_member, controller of reader.")
@click.option(
    "--area",
    "area_code",
    required=True,
    metavar="CODE",
    help="CBS-code van het gebied waarop de rol geldt (GM…, WK… of BU…).",
)
@click.option("--name", default=None, help="Weergavenaam; standaard het deel van het e-mailadres vóór de @.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Lees het wachtwoord als één regel van standaardinvoer in plaats van erom te vragen.",
)
def create_user_command(email: str, role: str, area_code: str, name: str | None, password_stdin: bool) -> None:
    """Maak een gebruiker aan met een rol op een gebied."""
    from planner.areas.services import find_area
    from planner.core.models import ROLES
    from planner.core.users import create_user, grant_role

    if role not in ROLES:
        fail(f"Onbekende rol '{role}'. Kies uit: {', '.join(ROLES)}.", exit_code=2)
    area = find_area(area_code)
    if area is None:
        fail(
            f"Onbekende gebiedscode '{area_code.strip()}'. Laad eerst de gebieden (bijvoorbeeld met "
            "'flask --app wsgi demo load') of controleer de CBS-code (GM…, WK… of BU…)."
        )
    password = _read_password(password_stdin)
    with committing():
        user = create_user(email=email, name=(name or email.split("@")[0]).strip(), password=password)
        grant_role(user, role, area)
    click.echo(f"Gebruiker {user.email} aangemaakt met rol {role} op {area.name} ({area.code}).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            fail("Geen wachtwoord ontvangen op standaardinvoer.")
        return line.rstrip("\r\n")
    for _ in range(3):
        first = click.prompt("Wachtwoord", hide_input=True, show_default=False)
        second = click.prompt("Herhaal het wachtwoord", hide_input=True, show_default=False)
        if first == second:
            return first
        click.echo("De twee wachtwoorden zijn niet gelijk. Probeer het opnieuw.", err=True)
    fail("Drie keer een ander wachtwoord herhaald; er is niets aangemaakt.")


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(export_group)
