"""Imports of the griffie's lists and of Open Raadsinformatie documents, through the import runner.

Two profiles, one applier: `raadsinformatie` (xlsx/csv lists of moties and toezeggingen as iBabs
or Notubiz export them, read by the Excel engine) and `ori` (the nested ORI JSON document, read by
`planner.agenda.ori` as the runner's document reader for json_layout "ori"). The agenda page, the
general import page and `flask import run FILE --profile raadsinformatie|ori` all run them through
planner/excel/runner.py: the run is recorded first (who, when, file name, SHA-256, options), the
`agenda_items` applier upserts on (municipality, number) with every rule of `services` checked
per row, a dry run or any error keeps nothing, the counts and every error are recorded on the run,
and a committed run can be reverted from its page.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from sqlalchemy import select

from planner.agenda import services
from planner.agenda.models import ITEM_KINDS, ITEM_STATUSES, AgendaItem
from planner.agenda.ori import parse_ori
from planner.core.audit import jsonable
from planner.core.errors import PlannerError
from planner.excel.engine import ParseResult, Record, TableResult
from planner.excel.errors import RowError
from planner.excel.runner import read_source, run_import
from planner.excel.targets import ApplyResult, Change, ImportContext
from planner.extensions import db

# The profile's enum names (English) → our statuses and kinds.
KINDS = {"motion": "motie", "amendment": "amendement", "commitment": "toezegging", "question": "schriftelijke_vragen"}
STATUSES = {
    "submitted": "open",
    "adopted": "aangenomen",
    "rejected": "verworpen",
    "withdrawn": "ingetrokken",
    "held": "open",
    "open": "open",
    "done": "afgedaan",
    "overdue": "open",
}
DEFAULT_KINDS = ("motie", "toezegging", "amendement", "schriftelijke_vragen")
PROFILE_FOR_SUFFIX = {
    ".xlsx": "raadsinformatie",
    ".csv": "raadsinformatie",
    ".txt": "raadsinformatie",
    ".tsv": "raadsinformatie",
    ".json": "ori",
}
AGENDA_PROFILES = frozenset(PROFILE_FOR_SUFFIX.values())
# A broken rule on an ORI object is placed at the field's key in the document.
ORI_KEYS = {
    "number": "nummer",
    "title": "titel",
    "date": "datum",
    "deadline": "deadline",
    "status": "status",
    "url": "url",
    "kind": "documenttype",
    "body": "orgaan",
    "submitters": "indieners",
    "portfolio_holder": "portefeuillehouder",
}


# ---- the upsert ---------------------------------------------------------------------------


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


def record_values(v: dict, default_kind: str = "motie") -> dict:
    """A parsed record as agenda item values. A griffie row names kind and status with the profile's
    enum names; an ORI object already with ours, and also its body, link and id in the source."""
    kind, status = v.get("kind"), v.get("status")
    values = {
        "number": v.get("number"),
        "title": v.get("title"),
        "kind": (KINDS.get(kind) or (kind if kind in ITEM_KINDS else default_kind)) if kind else default_kind,
        "date": v.get("date"),
        "submitters": v.get("submitters") or "",
        "portfolio_holder": v.get("portfolio_holder") or "",
        "status": STATUSES.get(status) or (status if status in ITEM_STATUSES else "open"),
        "deadline": v.get("deadline"),
    }
    values.update({k: v[k] for k in ("body", "url", "external_id") if k in v})
    return values


# ---- ORI documents as the runner's document reader ------------------------------------------


def read_ori_document(data: bytes, profile) -> ParseResult:
    """The nested ORI document as one table of records (one per besluit, document, toezegging);
    every problem as a RowError whose column is its JSON path."""
    ori = parse_ori(data)
    columns = profile.tables[0].columns
    table = TableResult(
        target=profile.tables[0].target,
        keys=profile.tables[0].keys,
        mapping={c.field: (c.spec.get("aliases") or [c.field])[0] for c in columns},
        records=[Record(i + 1, values) for i, values in enumerate(ori.items)],
        rows_read=ori.objects,
    )
    errors = [RowError(None, None, p.path, str(p)) for p in ori.problems]
    return ParseResult(profile.name, [table], errors)


# ---- the applier --------------------------------------------------------------------------


def _area_by_code(code: str):
    from planner.areas.models import Area

    area = db.session.scalar(select(Area).where(Area.code == code))
    if area is None:
        raise PlannerError(f"Gebied {code} bestaat niet. Geef de code van de gemeente op, bijvoorbeeld GM0794.", "area")
    return area


def _import_area(ctx: ImportContext, table):
    """The municipality the items belong to: the `area` option (the runner has checked the user's
    right on it), else the one an ORI document names, else the installation's only municipality.
    An ORI document of another municipality than the option is refused."""
    from planner.areas.models import Area
    from planner.core import access

    code = str(ctx.options.get("area") or "").strip().upper()
    named = sorted({str(r.values["municipality"]) for r in table.records if r.values.get("municipality")})
    if code:
        area = _area_by_code(code)
        if named and named != [area.code]:
            raise PlannerError(
                f"Dit document is van gemeente {', '.join(named)}, niet van {area.name} ({area.code}). "
                "Kies het document van deze gemeente of de juiste gemeente.",
                "area",
            )
        return area
    if named:
        area = _area_by_code(named[0])
    else:
        municipalities = db.session.scalars(select(Area).where(Area.level == "gemeente")).all()
        if len(municipalities) != 1:
            raise PlannerError(
                "Geef de gemeente op waarvoor u de lijst importeert (optie area, bijvoorbeeld --option area=GM0794).",
                "area",
            )
        area = municipalities[0]
    if ctx.user is not None and not access.can(ctx.user, "edit", area):
        raise PlannerError(f"U mag geen agendapunten importeren voor {area.name}.", "area")
    return area


def _error(result: ApplyResult, table, record, field: str | None, message: str) -> None:
    """Beside its sheet, row and column; for an ORI object at its JSON path."""
    path = record.values.get("path")
    if path:
        column = f"{path}.{ORI_KEYS[field]}" if field in ORI_KEYS else path
        result.errors.append(RowError(None, None, column, f"{path}: {message}"))
    else:
        result.error(table.sheet, record.row, table.mapping.get(field), message)


def apply_agenda_items(ctx: ImportContext) -> ApplyResult:
    """Griffie lists and ORI documents: every broken rule as an error at its place."""
    result = ApplyResult()
    table = ctx.table("agenda_items")
    area = _import_area(ctx, table)
    default_kind = str(ctx.options.get("kind") or "motie")
    if default_kind not in DEFAULT_KINDS:
        raise PlannerError(
            f"Onbekend standaardtype '{default_kind}' (optie kind). Kies uit: {', '.join(DEFAULT_KINDS)}.", "kind"
        )
    existing, seen = existing_items(area), {}
    with db.session.no_autoflush:
        for record in table.records:
            values = record_values(record.values, default_kind)
            number = values["number"]
            if number in seen:
                _error(
                    result,
                    table,
                    record,
                    "number",
                    f"nummer {number} staat ook in {seen[number]}. Elk nummer één keer.",
                )
                continue
            seen[number] = record.values.get("path") or f"rij {record.row}"
            try:
                outcome, item, before = upsert_item(area, existing, values)
            except PlannerError as error:
                _error(result, table, record, error.field, error.message)
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
            if outcome == "created":
                result.changes.append(Change("AgendaItem", item.id, "create"))
            elif outcome == "updated":
                result.changes.append(
                    Change("AgendaItem", item.id, "update", before={k: jsonable(v) for k, v in before.items()})
                )
    return result


# ---- the agenda page's import ---------------------------------------------------------------


def profile_for(filename: str) -> str:
    """A griffie list (.xlsx, .csv) or an ORI document (.json)."""
    profile = PROFILE_FOR_SUFFIX.get(Path(filename or "").suffix.lower())
    if profile is None:
        raise PlannerError("Kies een .xlsx- of .csv-lijst van de griffie of een ORI-document (.json).", "file")
    return profile


def import_file(source, filename: str, area, *, user=None, default_kind: str = "motie", dry_run: bool = False):
    """Through the runner, for `area`; commits the run (and the data when clean and not a dry run)."""
    return run_import(
        source,
        filename,
        profile_for(filename),
        user=user,
        dry_run=dry_run,
        options={"area": area.code, "kind": default_kind},
    )


def import_upload(upload, area, user, *, default_kind: str = "motie", dry_run: bool = False):
    """The uploaded file through the runner: (report, the stored upload's SHA-256 to commit it
    later without uploading again, after a clean dry run)."""
    from planner.excel.uploads import store_upload

    if upload is None or not getattr(upload, "filename", ""):
        raise PlannerError("Kies een bestand om te importeren.", "file")
    profile_for(upload.filename)
    data = read_source(upload.stream)
    report = import_file(data, upload.filename, area, user=user, default_kind=default_kind, dry_run=dry_run)
    sha = (
        store_upload(data, upload.filename, user, options={"area": area.code, "kind": default_kind})
        if dry_run and report.ok and not report.only_unchanged
        else None
    )
    return report, sha


def commit_upload(sha: str, profile: str, user):
    """Commit an upload checked by a dry run before; None when it is not this user's upload."""
    from planner.excel.uploads import load_upload

    found = load_upload(sha, user) if profile in AGENDA_PROFILES else None
    if found is None:
        return None
    data, note = found
    return run_import(data, note["filename"], profile, user=user, options=note["options"])


def preview_rows(report, default_kind: str = "motie") -> list[dict]:
    """The first records as they will be stored (kinds and statuses as ours)."""
    return [record_values(row, default_kind) for table in report.tables for row in table.rows]


def outcome_message(report, run_url: str) -> Markup:
    """The flash after a committed import, with the link to the run (where it can be reverted)."""
    if report.only_unchanged:
        text = (
            "Ongewijzigd: de rij stond al zo in Wijkplanner."
            if report.rows == 1
            else f"Ongewijzigd: alle {report.rows} rijen stonden al zo in Wijkplanner."
        )
    else:
        text = f"Import gelukt: {report.created} nieuw, {report.updated} bijgewerkt, {report.unchanged} ongewijzigd."
    return Markup('{} <a class="utrecht-link" href="{}">Import {} bekijken of terugdraaien</a>').format(
        text, run_url, report.run_id
    )
