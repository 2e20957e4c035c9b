"""`flask --app wsgi export wijkprogramma --area CODE [--programme ID] -o FILE`: one programme as a workbook."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from planner.core.cli import ID, fail


def newest_open_programme(area):
    """The programme a team most likely means: the newest one of the area not yet evaluated."""
    from planner.extensions import db
    from planner.programmes.models import Programme

    return db.session.scalars(
        select(Programme)
        .where(Programme.area_id == area.id, Programme.status != "geevalueerd")
        .order_by(Programme.start_year.desc(), Programme.created_at.desc(), Programme.id.desc())
    ).first()


@click.command("wijkprogramma")
@click.option("--area", "area_code", required=True, metavar="CODE", help="CBS-code van het gebied (WK… of GM…).")
@click.option(
    "--programme",
    "programme_id",
    type=ID,
    default=None,
    metavar="ID",
    help="Nummer (id) van het programma; standaard het nieuwste niet-geëvalueerde programma van het gebied.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bestandsnaam van de werkmap (.xlsx).",
)
@with_appcontext
def export_wijkprogramma(area_code: str, programme_id: int | None, output: Path) -> None:
    """Een wijkprogramma als Excel-werkmap die u kunt bewerken en opnieuw inlezen."""
    from planner.areas.services import find_area
    from planner.extensions import db
    from planner.programmes.models import Programme
    from planner.programmes.workbook import write_programme_workbook

    area = find_area(area_code)
    if area is None:
        fail(f"Onbekende gebiedscode '{area_code.strip()}'. Gebruik een CBS-code zoals WK079410.", exit_code=2)
    if programme_id is not None:
        programme = db.session.get(Programme, programme_id)
        if programme is None or programme.area_id != area.id:
            fail(
                f"{area.name} ({area.code}) heeft geen programma met id {programme_id}. "
                "Laat --programme weg voor het nieuwste programma van het gebied.",
                exit_code=2,
            )
    else:
        programme = newest_open_programme(area)
        if programme is None:
            fail(
                f"{area.name} ({area.code}) heeft geen programma dat nog loopt. Kies een ander gebied "
                "of geef met --programme het id van een geëvalueerd programma."
            )
    if output.suffix.lower() != ".xlsx":
        fail("Geef een bestandsnaam die eindigt op .xlsx, bijvoorbeeld -o binnenstad.xlsx.", exit_code=2)
    count = write_programme_workbook(programme, str(output), exported_by="de opdrachtregel")
    click.echo(
        f"Programma '{programme.title}' ({programme.period_label}, {programme.status_label.lower()}, "
        f"id {programme.id}) met {count} acties geschreven naar {output}."
    )
