"""Flask CLI commands of the application itself: users and roles, backup and restore, and the `export` group."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from planner.core.cli import ID, committing, export_group, fail

users_cli = AppGroup("users", help="Gebruikers aanmaken en rollen toekennen.")


@users_cli.command("create")
@click.argument("email")
@click.option(
    "--role", required=True, metavar="ROL", help="admin, area_manager, team_member, controller, reader of partner."
)
@click.option(
    "--area",
    "area_code",
    default=None,
    metavar="CODE",
    help="CBS-code van het gebied waarop de rol geldt (GM…, WK… of BU…); niet bij partner.",
)
@click.option("--opgave", "opgave_id", type=ID, default=None, metavar="ID", help="Bij partner: de opgave (id).")
@click.option(
    "--programme",
    "programme_id",
    type=ID,
    default=None,
    metavar="ID",
    help="Bij partner, in plaats van --opgave: alleen dit programma (id).",
)
@click.option("--organisation", default=None, metavar="NAAM", help="Bij partner: de organisatie, zoals gespeld.")
@click.option("--name", default=None, help="Weergavenaam; standaard het deel van het e-mailadres vóór de @.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Lees het wachtwoord als één regel van standaardinvoer in plaats van erom te vragen.",
)
def create_user_command(
    email: str,
    role: str,
    area_code: str | None,
    opgave_id: int | None,
    programme_id: int | None,
    organisation: str | None,
    name: str | None,
    password_stdin: bool,
) -> None:
    """Maak een gebruiker aan met een rol op een gebied, of een partnerrol op een opgave of programma."""
    from planner.areas.services import find_area
    from planner.core.models import ROLES
    from planner.core.users import create_user, grant_role

    if role == "partner":
        _create_partner(email, opgave_id, programme_id, organisation, name, password_stdin)
        return
    if role not in ROLES:
        fail(f"Onbekende rol '{role}'. Kies uit: {', '.join((*ROLES, 'partner'))}.", exit_code=2)
    if not area_code:
        fail("Geef met --area de CBS-code van het gebied waarop de rol geldt.", exit_code=2)
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


def _create_partner(
    email: str, opgave_id: int | None, programme_id: int | None, organisation: str | None, name, password_stdin: bool
) -> None:
    from planner.core.users import create_user
    from planner.extensions import db
    from planner.opgaven.models import Opgave, Organisation
    from planner.opgaven.services import grant_partner
    from planner.programmes.models import Programme

    if (opgave_id is None) == (programme_id is None) or not (organisation or "").strip():
        fail(
            "Een partner krijgt een rol op één opgave of één programma: geef --opgave ID of --programme ID, "
            "en --organisation NAAM.",
            exit_code=2,
        )
    opgave = programme = None
    if opgave_id is not None:
        opgave = db.session.get(Opgave, opgave_id)
        if opgave is None:
            fail(f"Onbekende opgave {opgave_id}.")
    else:
        programme = db.session.get(Programme, programme_id)
        if programme is None:
            fail(f"Onbekend programma {programme_id}.")
    org = db.session.scalar(select(Organisation).where(Organisation.name == organisation.strip()))
    if org is None:
        fail(f"Onbekende organisatie '{organisation.strip()}'. Controleer de naam onder Beheer.")
    password = _read_password(password_stdin)
    with committing():
        user = create_user(email=email, name=(name or email.split("@")[0]).strip(), password=password)
        grant = grant_partner(user, opgave, org, programme=programme)
        target = grant.target_label
    click.echo(f"Gebruiker {user.email} aangemaakt met partnerrol op {target} voor {org.name}.")


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


backup_cli = AppGroup("backup", help="Back-up van database en uploads maken en terugzetten.")


@backup_cli.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_create_command(file: Path) -> None:
    """Schrijf de hele database en de uploadmap naar één zip-bestand (bevat persoonsgegevens)."""
    from planner.core.backup import BackupError, create_backup

    if not file.parent.is_dir():
        fail(f"De map '{file.parent}' bestaat niet.", exit_code=BackupError.MISSING)
    try:
        summary = create_backup(file)
    except BackupError as error:
        fail(error.message, exit_code=error.exit_code)
    click.echo(
        f"Back-up geschreven naar {file}: {summary.rows} rijen in {len(summary.tables)} tabellen, "
        f"{summary.files} bestanden, databaseversie {summary.revision}. Het bestand bevat persoonsgegevens: "
        "bewaar het versleuteld en op een plek waar alleen beheerders bij kunnen."
    )


@backup_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--reset",
    is_flag=True,
    help="Wis eerst ALLE gegevens in deze database (in dezelfde transactie: mislukt het terugzetten, dan blijven ze).",
)
@click.option("--yes", is_flag=True, help="Vraag bij --reset niet om bevestiging.")
def backup_restore_command(file: Path, reset: bool, yes: bool) -> None:
    """Zet een back-up terug in een lege database op dezelfde databaseversie: alles of niets."""
    from planner.core.backup import BackupError, read_backup, restore_backup

    try:
        read_backup(file)[1].close()  # a damaged file is refused before anyone is asked to wipe data
        if reset and not yes:
            question = (
                "Alle gegevens in deze database worden vervangen door die uit de back-up. Typ 'ja' om door te gaan"
            )
            try:
                answer = click.prompt(question, default="", show_default=False)
            except click.Abort:  # no input (a script without --yes)
                answer = ""
            if answer.strip().lower() != "ja":
                fail("Afgebroken; er is niets gewijzigd. Gebruik --yes om niet te vragen.")
        summary = restore_backup(file, reset=reset)
    except BackupError as error:
        fail(error.message, exit_code=error.exit_code)
    click.echo(
        f"Back-up teruggezet: {summary.rows} rijen in {len(summary.tables)} tabellen, {summary.files} bestanden "
        f"(databaseversie {summary.revision})."
    )


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(export_group)
