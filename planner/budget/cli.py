"""`flask --app wsgi export pc-input`: the deviation workbook of the closed P&C moments of a year."""

from __future__ import annotations

from decimal import InvalidOperation
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from planner.core.cli import YEAR, fail
from planner.core.limits import amount_in_range, parse_decimal


class _Everyone:
    """The CLI acts for the installation: it sees every line and action, as an administrator."""

    is_authenticated = True
    id = None

    @property
    def roles(self):
        from planner.areas.models import Area
        from planner.extensions import db

        return [
            type("Grant", (), {"role": "admin", "area": a})()
            for a in db.session.scalars(select(Area).where(Area.parent_id.is_(None)))
        ]


@click.command("pc-input")
@click.option("--year", type=YEAR, required=True, help="Begrotingsjaar van het P&C-moment, bijvoorbeeld 2026.")
@click.option("--area", "area_code", default=None, metavar="CODE", help="Alleen deze gemeente (GM…).")
@click.option("--threshold", default="25000", show_default=True, help="Drempel in euro's.")
@click.option("--percent", default="10", show_default=True, help="Drempel in procenten (leeg: geen).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bestandsnaam van de werkmap (.xlsx).",
)
@with_appcontext
def pc_input(year: int, area_code: str | None, threshold: str, percent: str, output: Path) -> None:
    """Afwijkingen ten opzichte van de bevroren cijfers, per gesloten P&C-moment, als Excel-werkmap."""
    from planner.areas.services import find_area
    from planner.budget.exports import deviation_workbook
    from planner.budget.services import deviation_report
    from planner.cycle.models import PcMoment
    from planner.extensions import db

    try:  # ASCII digits only, no NaN or exponent, within ± € 10 billion
        amount = parse_decimal(threshold.strip().replace(",", "."))
        pct = parse_decimal(percent.strip().replace(",", ".")) if percent.strip() else None
        if not amount_in_range(amount) or (pct is not None and not amount_in_range(pct)):
            raise ValueError(threshold)
    except (ValueError, InvalidOperation):
        fail(
            "De drempel is geen getal tussen -10 miljard en 10 miljard. "
            "Gebruik bijvoorbeeld --threshold 25000 --percent 10.",
            exit_code=2,
        )
    query = select(PcMoment).where(PcMoment.year == year, PcMoment.state == "gesloten")
    if area_code:
        area = find_area(area_code)
        if area is None:
            fail(
                f"Onbekende gebiedscode '{area_code.strip()}'. Gebruik de CBS-code van de gemeente (GM…).", exit_code=2
            )
        query = query.where(PcMoment.area_id == area.id)
    moments = db.session.scalars(query.order_by(PcMoment.area_id, PcMoment.council_date, PcMoment.kind)).all()
    if not moments:
        fail(
            f"Er is geen gesloten P&C-moment voor {year}{' in ' + area_code if area_code else ''}. "
            "Sluit eerst het moment (bijvoorbeeld berap 1) zodat de cijfers bevroren zijn."
        )
    reports = [deviation_report(_Everyone(), m, amount, pct) for m in moments]
    output.write_bytes(deviation_workbook(reports).getvalue())
    rows = sum(len(r.lines) + len(r.actions) for r in reports)
    click.echo(f"{output} geschreven: {len(reports)} P&C-moment(en), {rows} afwijking(en).")
