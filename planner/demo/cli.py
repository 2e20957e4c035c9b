"""`flask --app wsgi demo load|logins`: the demo municipality on the command line."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from planner.core.cli import fail
from planner.core.errors import PlannerError
from planner.demo import content
from planner.demo.builder import (
    build_demo,
    database_has_data,
    demo_logins,
    rebuild_schema,
)
from planner.extensions import db

cli = AppGroup("demo", help="De demogemeente Helmond laden.")


@cli.command("load")
@click.option(
    "--reset",
    is_flag=True,
    help="Wis eerst ALLE gegevens (tabellen opnieuw opgebouwd uit de migraties) en laad dan de demo.",
)
@click.option(
    "--if-empty",
    is_flag=True,
    help="Laad alleen als de database leeg is; toon anders alleen de demologins (voor scripts/serve.sh).",
)
def load_command(reset: bool, if_empty: bool) -> None:
    """Bouw de demogemeente Helmond (GM0794) met haar echte CBS-wijken en voorbeeldprogramma's."""
    if database_has_data():
        if if_empty and not reset:
            click.echo("De database bevat al gegevens; de demo wordt niet opnieuw geladen.")
            _print_logins()
            return
        if not reset:
            fail(
                "De database bevat al gegevens. De demo wordt alleen in een lege database geladen; "
                "gebruik --reset om eerst alle gegevens te wissen."
            )
        rebuild_schema()
    started = time.perf_counter()
    try:
        world = build_demo(current_app.config["SAMPLES_DIR"])
        db.session.commit()
    except PlannerError as error:
        fail(f"De demo kon niet worden geladen: {error.message}")
    wards = sum(1 for a in world.areas.values() if a.level == "wijk")
    counts = _counts()
    click.echo(
        f"Demo geladen in {time.perf_counter() - started:.1f} s: gemeente Helmond met {wards} wijken, "
        f"{len(world.programmes)} programma's, {len(world.partners)} partners, "
        f"{counts['agenda']} agendapunten, {counts['inbreng']} bijdragen van bewoners, "
        f"{counts['indicatoren']} indicatoren, {counts['begroting']} begrotingsregels."
    )
    _print_logins()


def _counts() -> dict[str, int]:
    from sqlalchemy import func, select

    from planner.models import AgendaItem, BudgetLine, Contribution, Indicator

    models = {"agenda": AgendaItem, "inbreng": Contribution, "indicatoren": Indicator, "begroting": BudgetLine}
    return {key: db.session.scalar(select(func.count()).select_from(model)) for key, model in models.items()}


@cli.command("logins")
def logins_command() -> None:
    """Toon de inloggegevens van de demogebruikers."""
    _print_logins()


def _print_logins() -> None:
    rows = demo_logins()
    if not rows:
        click.echo("Er zijn geen demogebruikers in deze database.")
        return
    click.echo(f"Demologins (wachtwoord voor allemaal: {content.PASSWORD}):")
    width = max(len(email) for email, _, _ in rows)
    for email, role, area in rows:
        click.echo(f"  {email:<{width}}  {role} op {area}")
