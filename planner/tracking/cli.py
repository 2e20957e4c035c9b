"""`flask --app wsgi export vergelijking --area GM…|SD… --year YEAR -o FILE`: the ward comparison workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
from flask.cli import with_appcontext

from planner.core.cli import ID, fail


@dataclass
class _Grant:
    role: str
    area: object


class _Installation:
    """The CLI acts for the installation: an administrator's view of the one municipality asked for."""

    is_authenticated = True
    id = None
    name = "systeem"

    def __init__(self, area):
        self.roles = [_Grant("admin", area)]


@click.command("vergelijking")
@click.option(
    "--area",
    "area_code",
    required=True,
    metavar="CODE",
    help="CBS-code van de gemeente (GM…) of code van een stadsdeel (SD…).",
)
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Jaar, bijvoorbeeld 2026.")
@click.option("--theme", "theme_id", type=ID, default=None, help="Alleen acties van dit thema (id).")
@click.option("--opgave", "opgave_id", type=ID, default=None, help="Alleen acties van deze opgave (id).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bestandsnaam van de werkmap (.xlsx).",
)
@with_appcontext
def vergelijking(area_code: str, year: int, theme_id: int | None, opgave_id: int | None, output: Path) -> None:
    """Wijken van een gemeente of stadsdeel naast elkaar: acties, voortgang, geld en indicatoren, als Excel-werkmap."""
    from planner.areas.services import find_area
    from planner.tracking.comparison import compare
    from planner.tracking.exports import comparison_workbook

    area = find_area(area_code)
    if area is None or area.level not in ("gemeente", "stadsdeel"):
        fail(
            f"Onbekende gemeentecode '{area_code.strip()}'. Gebruik de CBS-code van een gemeente (GM…) "
            "of de code van een stadsdeel (SD…) die in Wijkplanner staat.",
            exit_code=2,
        )
    # A stadsdeel: the wards in it, compared within its municipality.
    gm = area if area.level == "gemeente" else find_area(area.path.split("/")[0])
    scope = None if area is gm else area
    result = compare(
        _Installation(gm), gm, year=year, theme_id=theme_id, opgave_id=opgave_id, late_limit=None, scope=scope
    )
    if result is None:
        fail(f"{area.name} ({area.code}) heeft geen wijken in Wijkplanner. Laad eerst de CBS-wijken.")
    comparison_workbook(result, str(output))
    click.echo(f"{len(result.rows)} wijken van {area.name} ({year}) geschreven naar {output}.")
