"""`flask --app wsgi import run|list|runs|revert`: the same import path as the upload page.

Exit codes of `import run`: 0 committed (or a clean dry run), 1 rejected with errors and nothing
written, 2 usage (unknown profile or user, missing file, malformed --option).
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from planner.core.cli import ID, committing, fail
from planner.core.i18n import number

cli = AppGroup("import", help="Bestanden importeren (Excel, CSV, JSON) met een importprofiel.")


def _user(email: str | None):
    """--as EMAIL: act with that user's roles; without it the command acts for the installation."""
    if not email:
        return None
    from planner.core.models import User
    from planner.extensions import db

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        fail(f"Onbekende gebruiker '{email}'. Maak de gebruiker aan met 'flask --app wsgi users create'.", exit_code=2)
    return user


def _options(pairs: tuple[str, ...]) -> dict:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(
                f"'--option {pair}' is niet van de vorm sleutel=waarde, bijvoorbeeld --option fiscal_year=2025.",
                exit_code=2,
            )
        options[key.strip()] = value.strip()
    return options


@cli.command("run")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--profile", "profile_name", required=True, metavar="NAAM", help="Importprofiel (zie 'import list').")
@click.option("--dry-run", is_flag=True, help="Alleen controleren en tellen; er wordt niets opgeslagen.")
@click.option("--json", "as_json", is_flag=True, help="Druk het importrapport af als JSON.")
@click.option(
    "--option",
    "option_pairs",
    multiple=True,
    metavar="SLEUTEL=WAARDE",
    help=(
        "Extra gegevens voor het profiel, zoals area=GM0794, fiscal_year=2025, period=2023 of "
        "only_municipality=ja (van een landelijk bestand alleen de eigen gemeente inlezen)."
    ),
)
@click.option(
    "--metadata",
    "metadata_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Metadatabestand bij het profiel (CBS DataProperties).",
)
@click.option(
    "--as",
    "as_email",
    default=None,
    metavar="EMAIL",
    help="Importeer met de rechten van deze gebruiker (standaard: als de installatie).",
)
def run_command(
    file: Path,
    profile_name: str,
    dry_run: bool,
    as_json: bool,
    option_pairs: tuple[str, ...],
    metadata_path: Path | None,
    as_email: str | None,
) -> None:
    """Importeer FILE met een profiel: alles of niets, en te herstellen met 'import revert'."""
    from planner.excel.errors import ProfileError
    from planner.excel.runner import resolve_profile, run_import

    options = _options(option_pairs)
    user = _user(as_email)
    try:
        profile = resolve_profile(profile_name)
    except ProfileError as error:
        fail(str(error), exit_code=2)
    report = run_import(file, file.name, profile, user=user, options=options, dry_run=dry_run, metadata=metadata_path)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    if report.errors:
        raise SystemExit(1)


def _n(value) -> str:
    """A count in Dutch notation (3.735), as the screens show it: CLI output is Dutch."""
    return number(value, locale="nl_NL")


def _rows(count: int) -> str:
    return f"{_n(count)} {'rij' if count == 1 else 'rijen'}"


def _print_report(report) -> None:
    if report.skipped_note:
        click.echo(report.skipped_note)
    for error in report.errors:
        click.echo(error.message, err=True)
    if report.errors:
        errors = _n(len(report.errors)) + (" fout" if len(report.errors) == 1 else " fouten")
        click.echo(
            f"Geweigerd: {errors} in {_rows(report.rows)}; er is niets opgeslagen (import {report.run_id}).",
            err=True,
        )
        return
    counts = f"{_n(report.created)} nieuw, {_n(report.updated)} gewijzigd, {_n(report.unchanged)} ongewijzigd"
    if report.state == "dry_run":
        click.echo(f"Proefimport zonder fouten: {_rows(report.rows)}; zou geven: {counts}. Er is niets opgeslagen.")
    elif report.only_unchanged:
        # Count what was compared, not the file's rows: an Iv3 import for one municipality reads all 24,282.
        click.echo(
            f"Ongewijzigd: alle {_rows(report.unchanged)} stonden al zo in Wijkplanner "
            f"({_rows(report.rows)} gelezen; import {report.run_id})."
        )
    else:
        click.echo(f"Ingelezen: {_rows(report.rows)}; {counts} (import {report.run_id}).")
    for warning in report.warnings:
        click.echo(f"Let op: {warning}")


@cli.command("list")
def list_command() -> None:
    """Toon de importprofielen: naam, titel, bestandssoorten en doel."""
    from planner.excel.runner import shipped_profiles, user_profiles

    saved = [p for _, p in user_profiles()]
    for profile in shipped_profiles() + saved:
        targets = ", ".join(dict.fromkeys(t.target for t in profile.tables))
        mark = " (eigen profiel)" if profile in saved else ""
        click.echo(
            f"{profile.name:<22} {profile.title}{mark}\n{'':<22} formaten: {', '.join(profile.formats)}; "
            f"doel: {targets}"
        )


@cli.command("runs")
@click.option("--limit", default=20, show_default=True, help="Aantal imports, nieuwste eerst.")
def runs_command(limit: int) -> None:
    """Toon de laatste imports met hun toestand en aantallen."""
    from planner.excel.models import ImportRun
    from planner.extensions import db

    for run in db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)):
        click.echo(
            f"{run.id:>5}  {run.started_at:%d-%m-%Y %H:%M}  {run.state_label:<13} {run.profile:<18} "
            f"{run.file_name}  nieuw {run.created}, gewijzigd {run.updated}, ongewijzigd {run.unchanged}, "
            f"fouten {run.error_count}"
        )


@cli.command("revert")
@click.argument("run_id", type=ID)
@click.option("--as", "as_email", default=None, metavar="EMAIL", help="Wie het terugdraaien doet (voor het logboek).")
def revert_command(run_id: int, as_email: str | None) -> None:
    """Draai import RUN_ID terug: de toestand van vóór die import komt terug."""
    from planner.excel.models import ImportRun
    from planner.excel.runner import revert_run
    from planner.extensions import db

    user = _user(as_email)
    run = db.session.get(ImportRun, run_id)
    if run is None:
        fail(f"Er is geen import met nummer {run_id}. Zie 'flask --app wsgi import runs'.", exit_code=2)
    with committing():
        count = revert_run(run, user)
    click.echo(f"Import {run_id} ({run.file_name}) is teruggedraaid: {count} rijen hersteld.")


@cli.command("cleanup")
def cleanup_command() -> None:
    """Verwijder bewaarde uploads die niet meer nodig zijn: van afgeronde imports, en bestanden die
    alleen zijn bekeken en ouder zijn dan UPLOAD_RETENTION_HOURS (standaard 24 uur)."""
    from planner.excel.uploads import cleanup

    notes, files = cleanup()
    click.echo(f"Opgeruimd: {_n(files)} {'bestand' if files == 1 else 'bestanden'} ({_n(notes)} uploads).")
