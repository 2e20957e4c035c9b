"""The `budget_lines` import target: Iv3 taakveld figures and financial-system exports become
BudgetLines, idempotent on (municipality, year, line key, lasten/baten, kind)."""
from __future__ import annotations

import gc
import re
from decimal import Decimal

from sqlalchemy import insert, select, update

from planner.areas.models import Area
from planner.budget.models import BUDGET_KINDS, BudgetLine, Taakveld
from planner.core.audit import jsonable
from planner.excel.targets import ApplyResult, Change, ImportContext, applier
from planner.extensions import db

# Iv3 files carry no year column; CBS publishes one file per year and names it after the year.
IV3_DEFAULT_YEAR = 2024
# begroting-export column → budget kind (one BudgetLine per kind that has an amount).
EXPORT_KINDS = {
    "budget_original": "primitief",
    "budget_amended": "na_wijziging",
    "actuals": "realisatie",
    "commitments": "verplichting",
}
BUDGET_BASIS_KINDS = ("primitief", "na_wijziging")
IV3_COLUMNS = {"expenses": "lasten", "income": "baten"}


@applier("budget_lines")
def apply_budget_lines(ctx: ImportContext) -> ApplyResult:
    # Tens of thousands of small acyclic dicts: the cyclic collector would only re-scan them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _apply(ctx)
    finally:
        if enabled:
            gc.enable()


def _apply(ctx: ImportContext) -> ApplyResult:
    if getattr(ctx.profile, "name", "") == "iv3-taakvelden" or "municipality_name" in _fields(ctx):
        return apply_iv3(ctx)
    return apply_budget_export(ctx)


def _fields(ctx: ImportContext) -> set:
    return set(ctx.records[0].values) if ctx.records else set()


def _sheet(ctx: ImportContext) -> str | None:
    return ctx.result.tables[0].sheet if ctx.result.tables else None


def _label(ctx: ImportContext, field: str) -> str:
    """The column as the user wrote it in the header, for error messages."""
    table = ctx.result.tables[0] if ctx.result.tables else None
    if table is not None and field in table.mapping:
        return table.mapping[field]
    for table in getattr(ctx.profile, "tables", ()):
        for column in table.columns:
            if column.field == field:
                return column.label or field
    return field


def _cents(amount) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


def fiscal_year_option(ctx: ImportContext, default: int | None = None) -> int | None:
    year = ctx.options.get("fiscal_year")
    if year:
        return int(year)
    match = re.search(r"(20\d\d)", str(ctx.options.get("filename") or ""))
    return int(match.group(1)) if match else default


def check_kind(kind: str | None) -> None:
    from planner.core.errors import PlannerError

    if kind is not None and kind not in BUDGET_KINDS:
        raise PlannerError(f"Onbekende soort '{kind}'. Kies uit: {', '.join(BUDGET_KINDS)}.", "kind")


def taakveld_codes() -> dict[str, list[Taakveld]]:
    codes: dict[str, list[Taakveld]] = {}
    for tv in db.session.scalars(select(Taakveld)):
        codes.setdefault(tv.code, []).append(tv)
    return codes


VALUE_FIELDS = ("taakveld_code", "cost_centre", "economic_category", "description", "amount")
KEY_FIELDS = ("area_id", "fiscal_year", "line_key", "direction", "kind")


def _existing(area_ids: list[int], years, kinds: tuple[str, ...] | None = None) -> dict[tuple, object]:
    """Every line of these municipalities and years in one query, as plain rows: a whole Iv3
    file is 48,564 lines, and ORM objects for each would cost more than the file's parsing."""
    query = select(BudgetLine.id, *[getattr(BudgetLine, f) for f in KEY_FIELDS + VALUE_FIELDS]).where(
        BudgetLine.fiscal_year.in_(list(years)))
    if len(area_ids) < 500:
        query = query.where(BudgetLine.area_id.in_(area_ids))
    if kinds:
        query = query.where(BudgetLine.kind.in_(kinds))
    return {tuple(row[1:6]): row for row in db.session.execute(query)}


def write_lines(result: ApplyResult, rows: list[dict], existing: dict, run_id: int | None) -> None:
    """Insert new lines and update changed ones in bulk, counting and keeping before-images for
    a revert. Nothing is written when the file had errors: imports are all-or-nothing."""
    new, updates = [], []
    for row in rows:
        current = existing.get(tuple(row[f] for f in KEY_FIELDS))
        if current is None:
            new.append({**row, "import_run_id": run_id})
            continue
        before = {f: jsonable(getattr(current, f)) for f in VALUE_FIELDS if f in row and getattr(current, f) != row[f]}
        if before:
            result.updated += 1
            result.changes.append(Change("BudgetLine", current.id, "update", before=before))
            updates.append({"id": current.id, **{f: row[f] for f in before}})
        else:
            result.unchanged += 1
    result.created += len(new)
    if result.errors:
        return
    if new:
        # A plain executemany (RETURNING would make SQLite insert row by row), then the new ids
        # in one query, for the revert.
        db.session.execute(insert(BudgetLine.__table__), new)
        keys = {tuple(row[f] for f in KEY_FIELDS) for row in new}
        query = select(BudgetLine.id, *[getattr(BudgetLine, f) for f in KEY_FIELDS]).where(
            BudgetLine.fiscal_year.in_({r["fiscal_year"] for r in new}), BudgetLine.kind.in_({r["kind"] for r in new}))
        areas = {r["area_id"] for r in new}
        if len(areas) < 500:
            query = query.where(BudgetLine.area_id.in_(areas))
        result.changes.extend(Change("BudgetLine", row[0], "create") for row in db.session.execute(query)
                              if tuple(row[1:]) in keys)
    if updates:
        db.session.execute(update(BudgetLine), updates)


def apply_iv3(ctx: ImportContext) -> ApplyResult:
    """Iv3: one row per municipality (by name) × taakveld with baten and lasten in euros."""
    result = ApplyResult()
    year = fiscal_year_option(ctx, IV3_DEFAULT_YEAR)
    kind = ctx.options.get("kind") or "primitief"
    check_kind(kind)
    sheet = _sheet(ctx)
    municipalities = {a.name.strip().casefold(): a for a in db.session.scalars(
        select(Area).where(Area.level == "gemeente"))}
    records = ctx.records
    only = (ctx.options.get("area") or "").strip().upper()
    if only:
        # One municipality's rows from the national file (an installation holds only its own).
        wanted = next((a for a in municipalities.values() if a.code == only), None)
        if wanted is None:
            result.error(None, None, None, f"Onbekende gemeente '{only}'. Geef de CBS-code van een gemeente die in "
                                           "Wijkplanner staat (bijvoorbeeld GM0794).")
            return result
        records = [r for r in records if (r.values.get("municipality_name") or "").strip().casefold()
                   == wanted.name.strip().casefold()]
        if not records:
            result.error(sheet, None, _label(ctx, "municipality_name"),
                         f"{wanted.name} staat niet in dit bestand. Controleer of de naam overeenkomt met de CBS-naam.")
            return result
    codes = taakveld_codes()
    names = {(r.values.get("municipality_name") or "").strip().casefold() for r in records}
    area_ids = [municipalities[n].id for n in names if n in municipalities]
    existing = _existing(area_ids, [year], (kind,))
    rows = []
    for record in records:
        values = record.values
        name = (values.get("municipality_name") or "").strip()
        area = municipalities.get(name.casefold())
        if area is None:
            result.error(sheet, record.row, _label(ctx, "municipality_name"),
                         f"De gemeente '{name}' is niet bekend. Laad eerst de CBS-gemeentelijst of controleer de naam.")
            continue
        code = values.get("taakveld")
        known = codes.get(code)
        if not known:
            result.error(sheet, record.row, _label(ctx, "taakveld"),
                         f"Taakveld '{code}' bestaat niet in de BBV-lijst. Controleer de code (bijvoorbeeld 6.71a).")
            continue
        # CBS still publishes the pre-2023 codes 6.71/6.72/6.81/6.82 as a residual position in
        # later years, so an Iv3 file is matched on a known code, not on its validity period.
        taakveld = next((t for t in known if t.valid_in(year)), known[-1])
        for column, direction in IV3_COLUMNS.items():
            amount = values.get(column)
            if amount is None:
                continue
            rows.append({"area_id": area.id, "fiscal_year": year, "line_key": code, "direction": direction,
                         "kind": kind, "taakveld_code": code, "description": taakveld.name, "amount": _cents(amount)})
    write_lines(result, rows, existing, ctx.run_id)
    return result


def apply_budget_export(ctx: ImportContext) -> ApplyResult:
    """A financial-system export: one row per kostenplaats × kostensoort × taakveld, with up to
    four amounts (primitief, na wijziging, realisatie, verplichtingen): one BudgetLine each."""
    from planner.areas.services import find_area

    result = ApplyResult()
    sheet = _sheet(ctx)
    code = (ctx.options.get("area") or "").strip()
    area = find_area(code) if code else None
    if area is None or area.level != "gemeente":
        result.error(None, None, None, f"Onbekende gemeente '{code}'. Geef de CBS-code van de gemeente op "
                                       "(bijvoorbeeld GM0794) waarvan deze begroting is." if code else
                     "Geef aan van welke gemeente deze begroting is (de CBS-code, bijvoorbeeld GM0794).")
        return result
    only_kind = ctx.options.get("kind")
    check_kind(only_kind)
    direction = ctx.options.get("direction") or "lasten"
    default_year = fiscal_year_option(ctx)
    codes = taakveld_codes()
    years = {r.values.get("year") or default_year for r in ctx.records}
    if None in years:
        result.error(sheet, None, _label(ctx, "year"), "Er staat geen jaar in het bestand. Voeg een kolom 'Jaar' "
                                                       "toe of geef het begrotingsjaar op bij het importeren.")
        return result
    existing = _existing([area.id], years)
    budgeted = {(y, key) for (a, y, key, d, kind) in existing if kind in BUDGET_BASIS_KINDS}
    rows = []
    for record in ctx.records:
        values = record.values
        year = values.get("year") or default_year
        tv = values.get("taakveld")
        known = codes.get(tv)
        if not known:
            result.error(sheet, record.row, _label(ctx, "taakveld"),
                         f"Taakveld '{tv}' bestaat niet in de BBV-lijst. Controleer de code (bijvoorbeeld 6.71a).")
            continue
        valid = next((t for t in known if t.valid_in(year)), None)
        if valid is None:
            period = f"{known[0].valid_from}–{known[0].valid_to or ''}"
            result.error(sheet, record.row, _label(ctx, "taakveld"),
                         f"Taakveld '{tv}' geldt niet in {year} (geldig {period}). Gebruik de code die in {year} geldt, "
                         "bijvoorbeeld 6.71a–d in plaats van 6.71.")
            continue
        key = f"{values['cost_centre']}/{values['cost_type']}/{tv}"
        kinds = {kind: values.get(column) for column, kind in EXPORT_KINDS.items()
                 if values.get(column) is not None and (only_kind in (None, kind))}
        if only_kind == "prognose" and values.get("actuals") is not None:
            kinds = {"prognose": values["actuals"]}
        if any(k in BUDGET_BASIS_KINDS for k in kinds):
            budgeted.add((year, key))
        rows.append((record, year, key, valid, kinds))
    lines = []
    for record, year, key, valid, kinds in rows:
        if not any(k in BUDGET_BASIS_KINDS for k in kinds) and (year, key) not in budgeted:
            result.error(sheet, record.row, _label(ctx, "cost_centre"),
                         f"Kostenplaats {record.values['cost_centre']} met kostensoort {record.values['cost_type']} "
                         f"(taakveld {valid.code}) staat niet in de begroting {year} van {area.name}. Importeer eerst de "
                         "begroting, of controleer kostenplaats, kostensoort en taakveld.")
            continue
        for kind, amount in kinds.items():
            lines.append({"area_id": area.id, "fiscal_year": year, "line_key": key, "direction": direction, "kind": kind,
                          "taakveld_code": valid.code, "cost_centre": record.values["cost_centre"],
                          "economic_category": record.values["cost_type"],
                          "description": (record.values.get("description") or "")[:300], "amount": _cents(amount)})
    write_lines(result, lines, existing, ctx.run_id)
    return result
