"""The `measurements` import target: CBS kerncijfers (or any sheet with indicator columns) become
Indicators and Measurements, idempotent on (indicator, area, period, kind), all-or-nothing."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from planner.areas.models import Area
from planner.core.errors import PlannerError
from planner.excel.targets import ApplyResult, ImportContext, upsert
from planner.extensions import db
from planner.indicators.models import MEASUREMENT_KINDS, Indicator, Measurement
from planner.indicators.services import is_bounded, normalise_period

YEAR_IN_NAME = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")


def _period(ctx: ImportContext) -> str:
    """The period of every row: given by the user, or the year in the file name (kwb-2024-…)."""
    raw = ctx.options.get("period") or ctx.options.get("year")
    if not raw:
        match = YEAR_IN_NAME.search(str(ctx.options.get("filename") or ""))
        raw = match.group(1) if match else None
    if not raw:
        raise PlannerError(
            "Geef de periode van de cijfers op (bijvoorbeeld 2024): het bestand noemt geen jaar.", "period"
        )
    return normalise_period(raw)


def _indicator_code(ctx: ImportContext, field: str, header: str) -> str:
    """The CBS key (AantalInwoners_5) whatever the layout (a_inw in the csv): the profile's first alias."""
    for table in getattr(ctx.profile, "tables", ()):
        for column in table.columns:
            if column.field == field:
                aliases = column.spec.get("aliases") if getattr(column, "spec", None) else None
                return (aliases or [header])[0]
    return header


def apply_measurements(ctx: ImportContext) -> ApplyResult:
    result = ApplyResult()
    table = ctx.result.tables[0] if ctx.result.tables else None
    if table is None or not table.records:
        return result
    try:
        period = _period(ctx)
    except PlannerError as error:
        result.error(None, None, None, error.message)
        return result
    kind = ctx.options.get("kind") or "realisatie"
    if kind not in MEASUREMENT_KINDS:
        result.error(None, None, None, f"onbekende soort meting '{kind}'. Kies uit: {', '.join(MEASUREMENT_KINDS)}.")
        return result
    source = ctx.options.get("source") or getattr(ctx.profile, "title", "") or ""
    code_column = table.mapping.get("code", "code")
    defs = [
        (
            ind,
            _indicator_code(ctx, ind.field, table.mapping.get(ind.field, ind.field)),
            table.mapping.get(ind.field, ind.field),
        )
        for ind in table.indicators
    ]

    codes = {r.values.get("code") for r in table.records if r.values.get("code")}
    areas = (
        dict(db.session.execute(select(Area.code, Area.id).where(Area.code.in_(sorted(codes)))).all()) if codes else {}
    )
    # First every check, then every write: nothing is stored when any row is wrong.
    rows = []
    for record in table.records:
        code = record.values.get("code")
        area_id = areas.get(code)
        if area_id is None:
            result.error(
                table.sheet,
                record.row,
                code_column,
                f"onbekend gebied '{code}'. Laad eerst de gebieden (profiel cbs-gebieden) of corrigeer de code.",
            )
            continue
        for ind, _code, header in defs:
            if ind.field not in record.values:
                continue
            value = record.values.get(ind.field)
            if value is not None and is_bounded(ind.unit) and not 0 <= Decimal(value) <= 100:
                result.error(
                    table.sheet,
                    record.row,
                    header,
                    f"{ind.title} is een percentage: {value} ligt niet tussen 0 en 100.",
                )
                continue
            rows.append((area_id, ind.field, value, ind.field in record.secret))
    if result.errors:
        return result

    indicators = {}
    existing_ind = {
        i.code: i for i in db.session.scalars(select(Indicator).where(Indicator.code.in_([c for _, c, _ in defs])))
    }
    for ind, code, _header in defs:
        values = {"name": ind.title or code, "unit": ind.unit or ""}
        if code not in existing_ind:
            values["source"] = source
        indicators[ind.field] = upsert(
            result, Indicator, key={"code": code}, values=values, existing=existing_ind.get(code), lookup=False
        )
    db.session.flush()
    ids = {f: i.id for f, i in indicators.items()}
    existing = {
        (m.indicator_id, m.area_id): m
        for m in db.session.scalars(
            select(Measurement).where(
                Measurement.indicator_id.in_(list(ids.values())),
                Measurement.period == period,
                Measurement.kind == kind,
                Measurement.area_id.in_(list(set(areas.values()))),
            )
        )
    }
    for area_id, field, value, secret in rows:
        indicator_id = ids[field]
        upsert(
            result,
            Measurement,
            key={"indicator_id": indicator_id, "area_id": area_id, "period": period, "kind": kind},
            values={"value": value, "is_secret": secret, "import_run_id": ctx.run_id},
            existing=existing.get((indicator_id, area_id)),
            lookup=False,
        )
    db.session.flush()
    result.resolve_ids()
    return result


def import_kerncijfers(
    path,
    *,
    metadata=None,
    period=None,
    kind: str = "realisatie",
    user=None,
    filename: str | None = None,
    source: str | None = None,
) -> ApplyResult:
    """Parse a CBS kerncijfers file (a path, or bytes with their `filename`) and apply it (a convenience
    for the CLI, tests and the demo). The caller commits when `result.errors` is empty and rolls back otherwise."""
    from pathlib import Path

    from planner.excel.engine import parse
    from planner.excel.profiles import load_profile

    profile = load_profile("cbs-kerncijfers")
    filename = filename or Path(str(path)).name
    parsed = parse(path, profile, filename=filename, metadata=metadata)
    result = ApplyResult(errors=list(parsed.errors))
    if parsed.errors:
        return result
    ctx = ImportContext(
        profile=profile,
        result=parsed,
        user=user,
        options={"period": period, "kind": kind, "filename": filename, "source": source},
    )
    return apply_measurements(ctx)


# ---- indicator columns of the CBS area list (profile cbs-gebieden) ----------------------------

AREA_LIST_KIND = "realisatie"
AREA_LIST_SOURCE = "CBS"


def period_option(ctx: ImportContext) -> str | None:
    """The measurement period: the `period` option, else the year in the file name (CBS names its
    files after the reference year: wijken-autobezit-2023.csv)."""
    if ctx.options.get("period"):
        return str(ctx.options["period"]).strip()
    found = re.search(r"(?<!\d)(19|20)(\d\d)(?!\d)", str(ctx.options.get("filename") or ""))
    return found.group(0) if found else None


def store_area_measurements(ctx: ImportContext, table, areas_by_row: dict, result: ApplyResult) -> None:
    """Hook `areas_imported`: the indicator columns of the CBS area list (cars per household) as
    Measurements of the areas just written, idempotent on (indicator, area, period)."""
    rows = [
        r
        for r in table.records
        if r.row in areas_by_row
        and any(r.values.get(i.field) is not None or i.field in r.secret for i in table.indicators)
    ]
    if not rows:
        return
    period = period_option(ctx)
    if period is None:
        result.error(
            table.sheet,
            None,
            None,
            "Uit de bestandsnaam blijkt niet over welk jaar de cijfers gaan. "
            "Geef de periode op (bijvoorbeeld 2023) of zet het jaar in de bestandsnaam.",
        )
        return
    indicators = {}
    for spec in table.indicators:
        current = db.session.scalar(select(Indicator).where(Indicator.code == spec.field))
        indicators[spec.field] = upsert(
            result,
            Indicator,
            key={"code": spec.field},
            values={"name": spec.title, "unit": spec.unit or "", "source": AREA_LIST_SOURCE},
            existing=current,
            lookup=False,
        )
    db.session.flush()
    ids = [i.id for i in indicators.values()]
    existing = {
        (m.indicator_id, m.area_id): m
        for m in db.session.scalars(
            select(Measurement).where(
                Measurement.indicator_id.in_(ids), Measurement.period == period, Measurement.kind == AREA_LIST_KIND
            )
        )
    }
    for record in rows:
        area = areas_by_row[record.row]
        for spec in table.indicators:
            secret = spec.field in record.secret
            value = record.values.get(spec.field)
            if value is None and not secret:
                continue
            indicator = indicators[spec.field]
            current = existing.get((indicator.id, area.id))
            measurement = upsert(
                result,
                Measurement,
                key={"indicator_id": indicator.id, "area_id": area.id, "period": period, "kind": AREA_LIST_KIND},
                values={"value": value, "is_secret": secret},
                existing=current,
                lookup=False,
            )
            if current is None:
                measurement.import_run_id = ctx.run_id
