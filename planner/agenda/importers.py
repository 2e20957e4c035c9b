"""Imports of the griffie's lists (Excel engine, `raadsinformatie` profile) and ORI JSON.

Both end in `apply_items`: upsert on (municipality, number), every rule of `services`
checked per row, every error collected, and nothing kept when there is one. The griffie's list
also goes through the import runner (`flask import run FILE --profile raadsinformatie`, the
general import page) with the `agenda_items` applier below: the same upsert, row errors with
sheet, row and column, and a recorded run that can be reverted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from sqlalchemy import select
from wtforms import BooleanField, SelectField

from planner.agenda import services
from planner.agenda.models import AgendaItem
from planner.core.errors import PlannerError
from planner.core.audit import jsonable
from planner.core.forms import IdSelectField
from planner.excel.targets import ApplyResult, Change, ImportContext, applier
from planner.extensions import db

# The profile's enum names (English) → our statuses and kinds.
KINDS = {"motion": "motie", "amendment": "amendement", "commitment": "toezegging", "question": "schriftelijke_vragen"}
STATUSES = {"submitted": "open", "adopted": "aangenomen", "rejected": "verworpen", "withdrawn": "ingetrokken",
            "held": "open", "open": "open", "done": "afgedaan", "overdue": "open"}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportForm(FlaskForm):
    area_id = IdSelectField("Gemeente")
    file = FileField("Bestand", description="Een lijst van de griffie (.xlsx of .csv) of een Open Raadsinformatie-document (.json).")
    default_kind = SelectField("Type als de lijst geen type noemt", choices=[("motie", "Motie"), ("toezegging", "Toezegging")])
    dry_run = BooleanField("Alleen controleren, niets opslaan")


def existing_items(area) -> dict[str, AgendaItem]:
    return {i.number: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.area_id == area.id))}


def upsert_item(area, existing: dict, values: dict) -> tuple[str, AgendaItem, dict]:
    """Create or update the item with `values["number"]`: ("created" | "updated" | "unchanged", item,
    the changed fields' values before). Raises PlannerError (with its field) on a broken rule."""
    item = existing.get(values["number"])
    if item is None:
        item = services.create_item(area, **values)
        existing[item.number] = item
        return "created", item, {}
    before = {k: getattr(item, k) for k, v in values.items() if getattr(item, k) != v}
    if not before:
        return "unchanged", item, {}
    services.update_item(item, **{k: values[k] for k in before})
    return "updated", item, before


def apply_items(area, rows: list[tuple[str, dict]], report: ImportReport) -> ImportReport:
    """Upsert `rows` ((where, values)) into `area`; on any error the caller rolls back."""
    existing = existing_items(area)
    seen = {}
    for where, values in rows:
        report.rows += 1
        number = values["number"]
        if number in seen:
            report.errors.append(f"{where}: nummer {number} komt ook voor in {seen[number]}.")
            continue
        seen[number] = where
        try:
            outcome, _, _ = upsert_item(area, existing, values)
            setattr(report, outcome, getattr(report, outcome) + 1)
        except PlannerError as error:
            report.errors.append(f"{where}: {error.message}")
    return report


def record_values(v: dict, default_kind: str = "motie") -> dict:
    """A parsed row of the `raadsinformatie` profile as agenda item values."""
    return {
        "number": v["number"], "title": v["title"], "kind": KINDS.get(v.get("kind"), default_kind) if v.get("kind") else default_kind,
        "date": v.get("date"), "submitters": v.get("submitters") or "", "portfolio_holder": v.get("portfolio_holder") or "",
        "status": STATUSES.get(v.get("status"), "open"), "deadline": v.get("deadline"),
    }


def griffie_rows(source, filename: str, default_kind: str = "motie") -> tuple[list[tuple[str, dict]], ImportReport]:
    from planner.excel import FileRejected, load_profile, parse

    report = ImportReport()
    try:
        result = parse(source, load_profile("raadsinformatie"), filename=filename)
    except FileRejected as error:
        report.errors.append(error.message)
        return [], report
    report.errors.extend(e.message for e in result.errors)
    sheet = result.tables[0].sheet if result.tables else None
    rows = []
    for record in result.records:
        where = f"{sheet + ', ' if sheet else ''}rij {record.row}"
        rows.append((where, record_values(record.values, default_kind)))
    return rows, report


def ori_rows(data, area) -> tuple[list[tuple[str, dict]], ImportReport]:
    from planner.agenda.ori import parse_ori

    report = ImportReport()
    result = parse_ori(data)
    report.errors.extend(result.errors)
    if result.municipality and result.municipality != area.code:
        report.errors.append(f"Dit document is van gemeente {result.municipality}, niet van {area.name} ({area.code}).")
    return [(values.pop("_where"), values) for values in result.items], report


def import_file(source, filename: str, area, *, default_kind: str = "motie", dry_run: bool = False) -> ImportReport:
    """One path for the upload page and the CLI. The caller commits when `ok` and not `dry_run`."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".json":
        raw = source.read() if hasattr(source, "read") else Path(source).read_bytes() if isinstance(source, (str, Path)) else source
        rows, report = ori_rows(raw, area)
    elif suffix in (".xlsx", ".csv"):
        rows, report = griffie_rows(source, filename, default_kind)
    else:
        return ImportReport(errors=["Kies een .xlsx- of .csv-lijst van de griffie of een ORI-document (.json)."])
    if report.errors:
        return report  # the file itself has errors: do not touch the database
    with db.session.no_autoflush:
        apply_items(area, rows, report)
    db.session.flush()
    return report


def import_upload(upload, area, *, default_kind: str = "motie", dry_run: bool = False) -> ImportReport:
    if upload is None or not getattr(upload, "filename", ""):
        return ImportReport(errors=["Kies een bestand om te importeren."])
    return import_file(upload.stream, upload.filename, area, default_kind=default_kind, dry_run=dry_run)


# ---- through the import runner ------------------------------------------------------------

DEFAULT_KINDS = ("motie", "toezegging", "amendement", "schriftelijke_vragen")


def _import_area(ctx):
    """The area from the `area` option (the runner has checked the user's right on it), or the only
    municipality of the installation; the items of a griffie's list belong to one municipality."""
    from planner.areas.models import Area
    from planner.core import access

    code = str(ctx.options.get("area") or "").strip().upper()
    if code:
        area = db.session.scalar(select(Area).where(Area.code == code))
        if area is None:
            raise PlannerError(f"Gebied {code} bestaat niet. Geef de code van de gemeente op, bijvoorbeeld GM0794.", "area")
        return area
    municipalities = db.session.scalars(select(Area).where(Area.level == "gemeente")).all()
    if len(municipalities) != 1:
        raise PlannerError("Geef de gemeente op waarvoor u de lijst importeert (optie area, bijvoorbeeld "
                           "--option area=GM0794).", "area")
    area = municipalities[0]
    if ctx.user is not None and not access.can(ctx.user, "edit", area):
        raise PlannerError(f"U mag geen agendapunten importeren voor {area.name}.", "area")
    return area


@applier("agenda_items")
def apply_agenda_items(ctx: ImportContext) -> ApplyResult:
    """The griffie's list through the runner: every broken rule as a row error beside its column."""
    result = ApplyResult()
    area = _import_area(ctx)
    default_kind = str(ctx.options.get("kind") or "motie")
    if default_kind not in DEFAULT_KINDS:
        raise PlannerError(f"Onbekend standaardtype '{default_kind}' (optie kind). Kies uit: {', '.join(DEFAULT_KINDS)}.", "kind")
    table = ctx.table("agenda_items")
    labels = table.mapping  # field -> the header as written in the file
    existing, seen = existing_items(area), {}
    for record in table.records:
        values = record_values(record.values, default_kind)
        if values["number"] in seen:
            result.error(table.sheet, record.row, labels.get("number"),
                         f"nummer {values['number']} staat ook in rij {seen[values['number']]}. Elk nummer één keer.")
            continue
        seen[values["number"]] = record.row
        try:
            outcome, item, before = upsert_item(area, existing, values)
        except PlannerError as error:
            result.error(table.sheet, record.row, labels.get(error.field), error.message)
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
        if outcome == "created":
            result.changes.append(Change("AgendaItem", item.id, "create"))
        elif outcome == "updated":
            result.changes.append(Change("AgendaItem", item.id, "update", before={k: jsonable(v) for k, v in before.items()}))
    return result
