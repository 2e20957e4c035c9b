"""The `areas` import target (profile cbs-gebieden): CBS municipalities, wards and neighbourhoods
become Areas under their parent, and indicator columns (cars per household) become Measurements.

Idempotent on the CBS code; a ward whose municipality is unknown is a row error, never a guess.
Only a functioneel beheerder of the municipality (or of every municipality, for new ones) may
write its areas.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from planner.areas.models import Area
from planner.areas.services import area_path, level_for_code
from planner.core import access
from planner.excel.targets import ApplyResult, ImportContext, applier, upsert
from planner.extensions import db
from planner.indicators.models import Indicator, Measurement

LEVEL_ORDER = ("gemeente", "wijk", "buurt")  # parents before children
MEASUREMENT_KIND = "realisatie"
SOURCE = "CBS"


def parent_code(code: str, municipality_code: str | None) -> str | None:
    """GM for a ward (from the row, else from the code: WK0014xx → GM0014), WK for a neighbourhood."""
    if code.startswith("WK"):
        return municipality_code or f"GM{code[2:6]}"
    if code.startswith("BU"):
        return f"WK{code[2:8]}"
    return None


def period_option(ctx: ImportContext) -> str | None:
    """The measurement period: the `period` option, else the year in the file name (CBS names its
    files after the reference year: wijken-autobezit-2023.csv)."""
    if ctx.options.get("period"):
        return str(ctx.options["period"]).strip()
    found = re.search(r"(?<!\d)(19|20)(\d\d)(?!\d)", str(ctx.options.get("filename") or ""))
    return found.group(0) if found else None


@applier("areas")
def apply_areas(ctx: ImportContext) -> ApplyResult:
    result = ApplyResult()
    table = ctx.table("areas")
    sheet, labels = table.sheet, table.mapping
    code_label = labels.get("code", "Gebiedscode")
    records = table.records
    codes = {r.values["code"] for r in records}
    parents = {parent_code(r.values["code"], r.values.get("municipality_code")) for r in records} - {None}
    existing = {a.code: a for a in db.session.scalars(select(Area).where(Area.code.in_(codes | parents)))} \
        if len(codes | parents) < 1000 else {a.code: a for a in db.session.scalars(select(Area))}
    scope = _Scope(ctx.user)

    areas_by_row = {}
    for level in LEVEL_ORDER:
        for record in records:
            code = record.values["code"]
            if level_for_code(code) != level:
                continue
            parent = None
            wanted_parent = parent_code(code, record.values.get("municipality_code"))
            if wanted_parent:
                parent = existing.get(wanted_parent)
                if parent is None:
                    column = labels.get("municipality_code", code_label) if level == "wijk" else code_label
                    what = "gemeente" if level == "wijk" else "wijk"
                    result.error(sheet, record.row, column,
                                 f"de {what} {wanted_parent} van {code} is niet bekend. Importeer eerst de "
                                 f"{'gemeenten' if level == 'wijk' else 'wijken'} (CBS-lijst) of verbeter de code.")
                    continue
            path = area_path(parent, code)
            if not scope.allows(path):
                result.error(sheet, record.row, code_label,
                             f"u mag de gebieden van {path.split('/')[0]} niet wijzigen: daarvoor is de rol "
                             "functioneel beheerder op die gemeente nodig.")
                continue
            area = upsert(result, Area, key={"code": code},
                          values={"name": record.values["name"].strip(), "level": level,
                                  "parent_id": parent.id if parent else None, "path": path},
                          existing=existing.get(code), lookup=False)
            existing[code] = area
            areas_by_row[record.row] = area
        db.session.flush()  # the next level needs these ids
    if table.indicators and not result.errors:
        _apply_measurements(ctx, table, areas_by_row, result)
    return result


def _apply_measurements(ctx: ImportContext, table, areas_by_row: dict, result: ApplyResult) -> None:
    rows = [r for r in table.records if r.row in areas_by_row
            and any(r.values.get(i.field) is not None or i.field in r.secret for i in table.indicators)]
    if not rows:
        return
    period = period_option(ctx)
    if period is None:
        result.error(table.sheet, None, None, "Uit de bestandsnaam blijkt niet over welk jaar de cijfers gaan. "
                                              "Geef de periode op (bijvoorbeeld 2023) of zet het jaar in de bestandsnaam.")
        return
    indicators = {}
    for spec in table.indicators:
        current = db.session.scalar(select(Indicator).where(Indicator.code == spec.field))
        indicators[spec.field] = upsert(result, Indicator, key={"code": spec.field},
                                        values={"name": spec.title, "unit": spec.unit or "", "source": SOURCE},
                                        existing=current, lookup=False)
    db.session.flush()
    ids = [i.id for i in indicators.values()]
    existing = {(m.indicator_id, m.area_id): m for m in db.session.scalars(
        select(Measurement).where(Measurement.indicator_id.in_(ids), Measurement.period == period,
                                  Measurement.kind == MEASUREMENT_KIND))}
    for record in rows:
        area = areas_by_row[record.row]
        for spec in table.indicators:
            secret = spec.field in record.secret
            value = record.values.get(spec.field)
            if value is None and not secret:
                continue
            indicator = indicators[spec.field]
            current = existing.get((indicator.id, area.id))
            measurement = upsert(result, Measurement,
                                 key={"indicator_id": indicator.id, "area_id": area.id, "period": period,
                                      "kind": MEASUREMENT_KIND},
                                 values={"value": value, "is_secret": secret}, existing=current, lookup=False)
            if current is None:
                measurement.import_run_id = ctx.run_id


class _Scope:
    """Which area paths the importing user may write: admin grants, or everything for the CLI and
    for a functioneel beheerder of every municipality (who may also add new municipalities)."""

    def __init__(self, user):
        from planner.excel.runner import covers_everything

        self.everything = user is None or covers_everything(user, "admin")
        self.paths = [] if self.everything else access.grant_paths(user, "admin")

    def allows(self, path: str) -> bool:
        return self.everything or access.covers(self.paths, path)
