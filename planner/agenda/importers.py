"""Imports of the griffie's lists (Excel engine, `raadsinformatie` profile) and ORI JSON.

Both end in `apply_items`: upsert on (municipality, number), every rule of `services`
checked per row, every error collected, and nothing kept when there is one.
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
from planner.core.forms import IdSelectField
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


def apply_items(area, rows: list[tuple[str, dict]], report: ImportReport) -> ImportReport:
    """Upsert `rows` ((where, values)) into `area`; on any error the caller rolls back."""
    existing = {i.number: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.area_id == area.id))}
    seen = {}
    for where, values in rows:
        report.rows += 1
        number = values["number"]
        if number in seen:
            report.errors.append(f"{where}: nummer {number} komt ook voor in {seen[number]}.")
            continue
        seen[number] = where
        item = existing.get(number)
        try:
            if item is None:
                services.create_item(area, **values)
                report.created += 1
            else:
                changed = {k: v for k, v in values.items() if getattr(item, k) != v}
                if changed:
                    services.update_item(item, **changed)
                    report.updated += 1
                else:
                    report.unchanged += 1
        except PlannerError as error:
            report.errors.append(f"{where}: {error.message}")
    return report


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
        v = record.values
        where = f"{sheet + ', ' if sheet else ''}rij {record.row}"
        rows.append((where, {
            "number": v["number"], "title": v["title"], "kind": KINDS.get(v.get("kind"), default_kind) if v.get("kind") else default_kind,
            "date": v.get("date"), "submitters": v.get("submitters") or "", "portfolio_holder": v.get("portfolio_holder") or "",
            "status": STATUSES.get(v.get("status"), "open"), "deadline": v.get("deadline"),
        }))
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
