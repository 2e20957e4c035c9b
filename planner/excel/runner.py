"""The one import path for the browser and the CLI: record a run, parse, apply all-or-nothing,
keep what changed so the run can be reverted.

A run is recorded first (state `running`) and its outcome afterwards, each on a session of its
own that commits at once: the run stays on record whatever happens to the data, and recording it
never commits (or waits for) the caller's transaction. The applier writes inside the session's
transaction; any row error, a dry run or an exception rolls that transaction back — the database
is exactly as before — and a clean run commits it together with the changes kept for a revert.
"""

from __future__ import annotations

import csv
import dataclasses
import gc
import hashlib
import io
import json
import os
import secrets
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import Date, DateTime, Numeric, and_, delete, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased

from planner.core import access
from planner.core.audit import acting_as
from planner.core.errors import PlannerError
from planner.core.i18n import number
from planner.core.models import utcnow
from planner.excel.csv_export import csv_cell
from planner.excel.engine import ParseResult, parse
from planner.excel.errors import ErrorLog, FileRejected, ProfileError, RowError, group_errors
from planner.excel.models import MAX_STORED_ERRORS, ImportChange, ImportProfile, ImportRun
from planner.excel.profiles import Profile, list_profiles, load_profile, profile_from_dict
from planner.excel.targets import CREATED_BY_RUN, ApplyResult, ImportContext, get_applier, registry
from planner.excel.values import euros
from planner.extensions import db

DEFAULT_CAPABILITY = "edit"
CAPABILITY_LABELS = {
    "admin": "functioneel beheerder",
    "budget": "controller of functioneel beheerder",
    "edit": "gebiedsmanager, opgaveteamlid of functioneel beheerder",
}
PREVIEW_ROWS = 20
# The option "alleen mijn gemeente": of a file with many municipalities (a profile with a
# `municipality_column`) only the rows of the user's own municipality are read.
ONLY_MUNICIPALITY = "only_municipality"
_YES = frozenset({"ja", "j", "yes", "y", "true", "1", "on"})


@dataclass
class TablePreview:
    target: str
    sheet: str | None
    header_row: int | None
    mapping: dict
    unmatched: list
    labels: dict  # field -> Dutch label from the profile
    rows: list  # the first PREVIEW_ROWS records' values, as they will be stored
    rows_read: int
    types: dict = field(default_factory=dict)  # field -> the profile's column type, for showing values


@dataclass
class ImportReport:
    profile: str
    state: str = "running"
    run_id: int | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: ErrorLog = field(default_factory=ErrorLog)
    warnings: list[str] = field(default_factory=list)
    tables: list[TablePreview] = field(default_factory=list)
    # "alleen mijn gemeente": the municipality read and what was left out of the file
    only_municipality: str | None = None
    skipped_municipalities: int = 0
    skipped_rows: int = 0
    # a report read back from its run keeps only the first errors: how many there were in all
    error_total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        return max(self.error_total, len(self.errors))

    @property
    def skipped_note(self) -> str | None:
        """'341 gemeenten overgeslagen — alleen Helmond wordt ingelezen.'"""
        if self.only_municipality is None:
            return None
        n = self.skipped_municipalities
        return (
            f"{number(n, locale='nl_NL')} {'gemeente' if n == 1 else 'gemeenten'} overgeslagen "
            f"({number(self.skipped_rows, locale='nl_NL')} {'rij' if self.skipped_rows == 1 else 'rijen'}) — "
            f"alleen {self.only_municipality} wordt ingelezen."
        )

    @property
    def only_unchanged(self) -> bool:
        return self.ok and not self.created and not self.updated

    def as_dict(self) -> dict:
        """The CLI's --json report."""
        return {
            "profile": self.profile,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [e.as_dict() for e in self.errors],
            "state": self.state,
            "run_id": self.run_id,
            "only_municipality": self.only_municipality,
            "skipped_municipalities": self.skipped_municipalities,
            "skipped_rows": self.skipped_rows,
        }


# Progress of the imports running in this process, by run id (rows read / validated / written); the
# heartbeat writes it onto the run, where every web server reads it.
PROGRESS: dict[int, dict] = {}


def _parse(
    data: bytes, filename: str, profile: Profile, metadata, max_bytes: int, municipality=None, progress=None
) -> ParseResult:
    reader = registry().document_readers.get(profile.json_layout)
    if reader is not None and Path(filename or "").suffix.lower() == ".json":
        return reader(data, profile)
    targets = registry().targets
    cents = bool(profile.tables) and all(t.target in targets and targets[t.target].cents for t in profile.tables)
    return parse(
        io.BytesIO(data),
        profile,
        filename=filename,
        metadata=metadata,
        max_bytes=max_bytes,
        cents=cents,
        municipality=municipality,
        progress=progress,
        max_rows=current_app.config.get("IMPORT_MAX_ROWS") or None,
        stream_cells=current_app.config.get("IMPORT_STREAM_CELLS") or None,
        spool_after=current_app.config.get("IMPORT_SPOOL_RECORDS") or None,
    )


# --- profiles ------------------------------------------------------------------------------------


def shipped_profiles() -> list[Profile]:
    return list_profiles(_profile_dir())


def user_profiles() -> list[tuple[ImportProfile, Profile]]:
    rows = db.session.scalars(select(ImportProfile).order_by(ImportProfile.title)).all()
    return [(row, profile_from_dict(json.loads(row.definition), default_name=row.name)) for row in rows]


def all_profiles() -> list[Profile]:
    return shipped_profiles() + [p for _, p in user_profiles()]


def resolve_profile(name: str) -> Profile:
    """A shipped profile (imports/NAME.toml) or one a user saved from the mapping screen."""
    path = _profile_dir() / f"{name}.toml"
    if "/" not in name and path.is_file():
        return load_profile(path)
    row = db.session.scalar(select(ImportProfile).where(ImportProfile.name == name))
    if row is None:
        known = ", ".join(p.name for p in all_profiles())
        raise ProfileError(f"Onbekend profiel '{name}'. Kies uit: {known}.")
    return profile_from_dict(json.loads(row.definition), default_name=row.name)


def _profile_dir() -> Path:
    return Path(current_app.config.get("PROFILES_DIR") or Path(__file__).resolve().parents[2] / "imports")


# --- access ----------------------------------------------------------------------------------------


def capability_for(target: str) -> str:
    found = registry().targets.get(target)
    return found.capability if found else DEFAULT_CAPABILITY


def covers_everything(user, capability: str) -> bool:
    """The capability on every municipality (root area) there is: an installation-wide role."""
    if user is None:
        return True
    paths = access.grant_paths(user, capability)
    roots = registry().root_paths()
    return bool(paths) and all(access.covers(paths, r) for r in roots)


def may_use_profile(user, profile: Profile) -> bool:
    """The user holds, somewhere, the capability every target of the profile needs (the area is checked later)."""
    return user is None or all(access.grant_paths(user, capability_for(t.target)) for t in profile.tables)


def may_import(user) -> bool:
    """The user holds a capability some import target needs (for the menu: no profile files are read)."""
    return any(
        access.grant_paths(user, capability) for capability in {t.capability for t in registry().targets.values()}
    )


def authorise(user, profile: Profile, options: dict) -> None:
    """Refuse before reading the file when the user may not import into this target at all.
    `user=None` is the command line acting for the installation."""
    if user is None:
        return
    for target in dict.fromkeys(t.target for t in profile.tables):
        capability = capability_for(target)
        who = CAPABILITY_LABELS.get(capability, capability)
        code = (options.get("area") or "").strip().upper()
        if code:
            area = registry().visible_area(user, code)
            if area is None or not access.can(user, capability, area):
                raise PlannerError(
                    f"U mag met dit profiel niet importeren voor gebied {code}: daarvoor is de "
                    f"rol {who} op dat gebied nodig.",
                    "area",
                )
        elif not access.grant_paths(user, capability):
            raise PlannerError(
                f"U mag met het profiel '{profile.title}' niet importeren: daarvoor is de rol "
                f"{who} nodig. Vraag de functioneel beheerder om die rol."
            )
        elif _nationwide(target) and not covers_everything(user, capability):
            raise PlannerError(
                f"Dit bestand kan gegevens van alle gemeenten bevatten; daarvoor is de rol {who} "
                "op alle gemeenten nodig. Geef de gemeente op waarvoor u importeert.",
                "area",
            )


def wants_own_municipality(profile: Profile, options: dict) -> bool:
    return bool(profile.municipality_column) and str(options.get(ONLY_MUNICIPALITY) or "").strip().lower() in _YES


def municipalities_of(user) -> list[str]:
    """The CBS codes of the municipalities (root areas) in which the user holds a role."""
    paths = access.grant_paths(user, "view")
    roots = registry().root_paths()
    return sorted(
        {r.split("/")[0] for r in roots if any(access.covers([p], r) or access.covers([r], p) for p in paths)}
    )


def own_municipality(user, options: dict) -> tuple[str, str]:
    """(CBS code, name) of the municipality "alleen mijn gemeente" reads: the one the `area` option
    names, else the one the user's roles lie in (the command line: the only one installed)."""
    code = (options.get("area") or "").strip().upper()
    if not code:
        found = municipalities_of(user) if user is not None else [r.split("/")[0] for r in registry().root_paths()]
        if len(found) != 1:
            raise PlannerError(
                "Bij 'alleen mijn gemeente' is niet duidelijk welke gemeente u bedoelt: "
                + (
                    "u heeft geen rol in een gemeente."
                    if not found
                    else f"uw rechten liggen in {len(found)} gemeenten. Vul de CBS-code van de gemeente in."
                ),
                "area",
            )
        code = found[0]
    if user is not None:
        area = registry().visible_area(user, code)
        name = area.name if area is not None else None
    else:
        name = registry().area_name(code) if registry().area_name else None
    if not name:
        raise PlannerError(f"Onbekende gemeente '{code}'. Geef de CBS-code van een gemeente in Wijkplanner.", "area")
    return code, name


def _nationwide(target: str) -> bool:
    found = registry().targets.get(target)
    return bool(found and found.nationwide)


# --- running -------------------------------------------------------------------------------------


def read_source(source) -> bytes:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source)
    if isinstance(source, (str, Path)):
        return Path(source).read_bytes()
    return source.read()


def start_run(
    data: bytes,
    filename: str,
    profile: Profile,
    *,
    user=None,
    options: dict | None = None,
    dry_run: bool = False,
    queued: bool = False,
) -> ImportRun:
    """Record the run before anything else, on a session of its own (the caller's is not committed).
    `queued`: a job worker will execute it; until then it waits in state `queued`."""
    run = ImportRun(
        user_id=getattr(user, "id", None),
        profile=profile.name,
        target=profile.tables[0].target if profile.tables else "",
        file_name=(filename or "")[-255:],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        # a preview is marked, so the history can leave it out (it stays "rejected" if it found errors)
        options=_plain({**(options or {}), **({"dry_run": True} if dry_run else {})}),
        state="queued" if queued else "running",
        progress={"phase": "wachtrij", "read": 0, "validated": 0, "written": 0},
    )
    with _bookkeeping() as session:
        session.add(run)
        session.flush()
        run_id = run.id
        session.commit()
    return db.session.get(ImportRun, run_id)


@contextmanager
def _bookkeeping():
    """A session of its own for the run's record: it commits at once, whatever the data's transaction
    does, and never commits the caller's session."""
    session = Session(db.engine)
    try:
        yield session
    finally:
        session.close()


def run_import(
    source, filename: str, profile, *, user=None, options: dict | None = None, dry_run: bool = False, metadata=None
) -> ImportReport:
    """Import one file. Commits: the run is always recorded; data only when clean and not a dry run."""
    profile = profile if isinstance(profile, Profile) else resolve_profile(profile)
    data = read_source(source)
    run = start_run(data, filename, profile, user=user, options=options, dry_run=dry_run)
    return execute_run(run, data, profile, user=user, options=options, dry_run=dry_run, metadata=metadata)


def execute_run(
    run: ImportRun,
    data: bytes,
    profile: Profile,
    *,
    user=None,
    options: dict | None = None,
    dry_run: bool = False,
    metadata=None,
) -> ImportReport:
    run_id = run.id
    options = dict(options or {})
    report = ImportReport(profile.name, run_id=run_id)
    _progress(run_id, "lezen")
    with _heartbeat(run_id):
        try:
            with acting_as(user), _collector_paused():
                changes = _apply(report, data, run.file_name, profile, user, options, dry_run, metadata)
            if report.errors or dry_run:
                db.session.rollback()
            elif not _still_mine(run_id):
                # declared dead by the stale-run check (a heartbeat that could not get through): keep nothing
                db.session.rollback()
                return report
            else:
                _record_changes(run_id, changes)
        except Exception:
            db.session.rollback()
            report.errors.append(RowError(None, None, None, FAILED_REASON))
            _finish(run_id, report, "failed")
            raise
        _finish(run_id, report, "rejected" if report.errors else "dry_run" if dry_run else "committed")
    return report


# --- the worker's heartbeat and runs whose worker died ----------------------------------------------

FAILED_REASON = (
    "De verwerking is mislukt door een storing in Wijkplanner; er is niets opgeslagen. Probeer het opnieuw of "
    "meld het bij de functioneel beheerder."
)
STALE_REASON = (
    "De verwerking is afgebroken: het proces dat deze import uitvoerde, is gestopt (een herstart of een "
    "storing). Er is niets opgeslagen. Start de import opnieuw."
)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def _heartbeat(run_id: int):
    """Mark the run as running in this process, and say so every IMPORT_HEARTBEAT_SECONDS, with the
    progress so far, until the block ends. On a session of its own: the data's transaction stays open."""
    engine = db.engine
    interval = float(current_app.config.get("IMPORT_HEARTBEAT_SECONDS", 5))
    with _bookkeeping() as session:
        session.execute(
            update(ImportRun)
            .where(ImportRun.id == run_id)
            .values(state="running", worker=worker_id(), heartbeat_at=utcnow())
        )
        session.commit()
    stop = threading.Event()

    def beat():
        while not stop.wait(interval):
            _beat(engine, run_id)

    thread = threading.Thread(target=beat, name=f"import-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 1)


def _beat(engine, run_id: int) -> None:
    values = {"heartbeat_at": utcnow()}
    if run_id in PROGRESS:
        values["progress"] = dict(PROGRESS[run_id])
    try:
        with Session(engine) as session:
            session.execute(
                update(ImportRun).where(ImportRun.id == run_id, ImportRun.state == "running").values(**values)
            )
            session.commit()
    except OperationalError:  # SQLite busy with the import's own writes: the next beat gets through
        pass


def _still_mine(run_id: int) -> bool:
    """Asked inside the data's transaction (another connection would wait for its lock on SQLite); on
    PostgreSQL the row stays locked until the commit, so the stale-run check cannot fail it meanwhile."""
    state = db.session.scalar(select(ImportRun.state).where(ImportRun.id == run_id).with_for_update())
    return state == "running"


def _worker_gone(run: ImportRun, silent_since: datetime, host: str) -> bool:
    """On this host, the worker's process is checked; elsewhere, its heartbeat."""
    worker_host, _, pid = (run.worker or "").rpartition(":")
    if worker_host == host and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # a process of another user holds the pid: not ours any more
            return True
        return False
    return (run.heartbeat_at or run.started_at) < silent_since


def fail_stale_runs(now: datetime | None = None) -> list[int]:
    """Runs still `running` whose worker died: marked failed with the reason (their data's transaction
    never committed, so nothing of them is stored). Returns their ids."""
    now = now or utcnow()
    silent_since = now - timedelta(seconds=float(current_app.config.get("IMPORT_STALE_SECONDS", 120)))
    host = socket.gethostname()
    failed = []
    with _bookkeeping() as session:
        for run in session.scalars(select(ImportRun).where(ImportRun.state == "running")):
            if not _worker_gone(run, silent_since, host):
                continue
            kept = session.scalar(select(func.count()).where(ImportChange.run_id == run.id))
            done = (run.progress or {}) | {"phase": "afgebroken"}
            if kept:  # it died after its data was committed, before the run was: the data is there
                values = {"state": "committed", "progress": done | {"phase": "klaar"}}
            else:
                values = {
                    "state": "failed",
                    "errors": [RowError(None, None, None, STALE_REASON).as_dict()],
                    "error_count": 1,
                    "progress": done,
                }
            result = session.execute(
                update(ImportRun)
                .where(ImportRun.id == run.id, ImportRun.state == "running", ImportRun.worker == run.worker)
                .values(finished_at=now, **values)
            )
            if result.rowcount:
                failed.append(run.id)
        session.commit()
    return failed


@contextmanager
def _collector_paused():
    """An import makes millions of small acyclic objects (cells, records, lines) that stay alive
    until it ends; the cyclic garbage collector would only traverse them again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _apply(
    report: ImportReport, data: bytes, filename: str, profile: Profile, user, options: dict, dry_run: bool, metadata
) -> list:
    max_mb = current_app.config.get("MAX_UPLOAD_MB", 20)
    try:
        if len(data) > max_mb * 1024 * 1024:
            raise FileRejected(
                f"Het bestand is {len(data) / 1024 / 1024:.1f} MB; de grens is {max_mb} MB. "
                "Verklein het bestand of splits het op."
            )
        municipality = None
        if wants_own_municipality(profile, options):
            code, name = own_municipality(user, options)
            options["area"] = code  # the rights are checked on it, and the applier reads only it
            municipality = frozenset({code.casefold(), name.strip().casefold()})
            report.only_municipality = name
        authorise(user, profile, options)
        run_id = report.run_id
        parsed = _parse(
            data,
            filename,
            profile,
            metadata,
            max_mb * 1024 * 1024,
            municipality,
            progress=lambda read, total: _progress(run_id, "lezen", read=read, total=total),
        )
    except (FileRejected, PlannerError) as error:
        report.errors.append(RowError(None, None, None, error.message))
        return []
    report.rows = sum(t.rows_read for t in parsed.tables)
    if municipality is not None:
        report.skipped_rows = sum(t.skipped_rows for t in parsed.tables)
        report.skipped_municipalities = len(set().union(*(t.skipped for t in parsed.tables)))
    report.warnings = list(parsed.warnings)
    report.tables = [_preview(t, profile) for t in parsed.tables]
    _progress(report.run_id, "controleren", read=report.rows, validated=len(parsed.records))
    if parsed.errors:
        report.errors.extend(parsed.errors)
        return []
    _progress(report.run_id, "schrijven", read=report.rows, validated=report.rows)
    result = apply_parsed(
        parsed, profile, user=user, options={**options, "filename": filename}, run_id=report.run_id, dry_run=dry_run
    )
    report.created, report.updated, report.unchanged = result.created, result.updated, result.unchanged
    report.errors.extend(_in_order(result.errors))
    # rows of the file ("Rijen verwerkt"), not what they became: a budget row is up to four lines
    _progress(report.run_id, "schrijven", read=report.rows, validated=report.rows, written=report.rows)
    return result.changes


def _in_order(errors):
    """Errors by sheet and row; as they are when the applier found them in that order (a million of
    them are then never held at once)."""
    places = ((e.sheet or "", e.row or 0) for e in errors)
    previous = next(places, None)
    for place in places:
        if place < previous:
            return sorted(errors, key=lambda e: (e.sheet or "", e.row or 0))
        previous = place
    return errors


def apply_parsed(
    parsed: ParseResult,
    profile: Profile,
    *,
    user=None,
    options: dict | None = None,
    run_id: int | None = None,
    dry_run: bool = False,
) -> ApplyResult:
    """Call the applier of every target in the profile; one merged result. Flushes, never commits."""
    merged = ApplyResult()
    context = ImportContext(
        profile=profile, result=parsed, user=user, run_id=run_id, options=options or {}, dry_run=dry_run
    )
    try:
        for target in dict.fromkeys(t.target for t in profile.tables):
            result = get_applier(target)(context)
            merged.created += result.created
            merged.updated += result.updated
            merged.unchanged += result.unchanged
            merged.errors.extend(result.errors)
            merged.changes.extend(result.changes)
        if not merged.errors:
            db.session.flush()
            merged.resolve_ids()
    except (PlannerError, LookupError) as error:
        message = error.message if isinstance(error, PlannerError) else str(error)
        merged.errors.append(RowError(None, None, None, message))
    return merged


def _record_changes(run_id: int, changes: list) -> None:
    # Straight to the driver: a whole Iv3 file is 48,564 changes, and SQLAlchemy's per-row
    # parameter processing would cost a third of the import.
    rows = [
        (run_id, c.entity_type, c.entity_id, c.op, json.dumps(c.before) if c.before is not None else None)
        for c in changes
        if c.entity_id is not None
    ]
    if rows:
        connection = db.session.connection()
        mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
        sql = (
            f"INSERT INTO {ImportChange.__tablename__} (run_id, entity_type, entity_id, op, before) "
            f"VALUES ({', '.join([mark] * 5)})"
        )
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
    db.session.commit()


def _finish(run_id: int, report: ImportReport, state: str) -> None:
    """The outcome, on the run's own session: the data's transaction has been committed or rolled back."""
    with _bookkeeping() as session:
        run = session.get(ImportRun, run_id)
        run.state = report.state = state
        run.finished_at = utcnow()
        run.rows, run.created, run.updated, run.unchanged = (
            report.rows,
            report.created,
            report.updated,
            report.unchanged,
        )
        run.errors = [e.as_dict() for e in report.errors[:MAX_STORED_ERRORS]]
        run.error_count = len(report.errors)
        run.progress = {**PROGRESS.pop(run_id, {}), "phase": "klaar"}
        run.preview = _preview_record(report)
        if report.errors:  # a name of its own: run ids start again after a database reset
            run.preview["errors_file"] = f"run-{run_id}-{secrets.token_hex(8)}.csv"
        run.heartbeat_at = utcnow()
        session.commit()
        if report.errors:
            _write_errors(errors_path(run), report.errors)


# --- what the preview and the result pages read back from the run ------------------------------------


def _preview_record(report: ImportReport) -> dict:
    return {
        "tables": [_encoded(dataclasses.asdict(t)) for t in report.tables],
        "warnings": list(report.warnings),
        "only_municipality": report.only_municipality,
        "skipped_municipalities": report.skipped_municipalities,
        "skipped_rows": report.skipped_rows,
        "groups": [dict(dataclasses.asdict(g), more=g.more) for g in group_errors(report.errors)],
    }


def _encoded(value):
    """A preview's values as JSON, with the decimals and dates tagged, so they come back as they were."""
    if isinstance(value, dict):
        return {k: _encoded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_encoded(v) for v in value]
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decoded(value):
    if isinstance(value, list):
        return [_decoded(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, raw),) = value.items()
            if tag == "$decimal":
                return Decimal(raw)
            if tag == "$datetime":
                return datetime.fromisoformat(raw)
            if tag == "$date":
                return date.fromisoformat(raw)
        return {k: _decoded(v) for k, v in value.items()}
    return value


def report_of(run: ImportRun) -> ImportReport:
    """The report of a finished run as its worker kept it: the first errors, the preview's first rows."""
    kept = run.preview or {}
    return ImportReport(
        run.profile,
        state=run.state,
        run_id=run.id,
        rows=run.rows,
        created=run.created,
        updated=run.updated,
        unchanged=run.unchanged,
        errors=[RowError(**e) for e in run.errors or []],
        warnings=list(kept.get("warnings") or []),
        tables=[TablePreview(**_decoded(t)) for t in kept.get("tables") or []],
        only_municipality=kept.get("only_municipality"),
        skipped_municipalities=kept.get("skipped_municipalities") or 0,
        skipped_rows=kept.get("skipped_rows") or 0,
        error_total=run.error_count or 0,
    )


def groups_of(run: ImportRun) -> tuple[list, int | None]:
    """The run's errors grouped, and how many errors the groups were made from when that is not all
    of them (runs recorded before the worker grouped them all)."""
    kept = (run.preview or {}).get("groups")
    if kept is not None:
        return kept, None
    return group_errors(run.errors or []), len(run.errors or [])


def errors_path(run: ImportRun) -> Path | None:
    """Every error of a run, as CSV rows (sheet, row, column, message), kept beside the uploads."""
    name = (run.preview or {}).get("errors_file")
    if not name:
        return None
    folder = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    return folder / "errors" / Path(name).name


def _write_errors(path: Path, errors: list[RowError]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for e in errors:
            writer.writerow([csv_cell(e.sheet), csv_cell(e.row), csv_cell(e.column), csv_cell(e.message)])


def _progress(run_id: int | None, phase: str, **counts) -> None:
    if run_id is not None:
        PROGRESS[run_id] = {**PROGRESS.get(run_id, {"read": 0, "validated": 0, "written": 0}), "phase": phase, **counts}


def progress_of(run: ImportRun) -> dict:
    return PROGRESS.get(run.id) or run.progress or {}


def _preview(table, profile: Profile) -> TablePreview:
    columns = [c for t in profile.tables if t.target == table.target for c in t.columns]
    labels = {c.field: c.label for c in columns}
    labels.update({i.field: i.title for i in table.indicators})
    types = {c.field: c.type for c in columns}
    types.update({i.field: "decimal" for i in table.indicators})
    rows = [dict(r.values, _secret=r.secret) for r in table.records[:PREVIEW_ROWS]]
    for row in rows:  # amounts as they will be stored
        for name in table.cents:
            if row.get(name) is not None:
                row[name] = euros(row[name])
    return TablePreview(
        table.target,
        table.sheet,
        table.header_row,
        dict(table.mapping),
        list(table.unmatched),
        labels,
        rows,
        table.rows_read,
        types,
    )


def _plain(options: dict) -> dict:
    return {k: (str(v) if not isinstance(v, (str, int, float, bool, type(None))) else v) for k, v in options.items()}


# --- revert --------------------------------------------------------------------------------------


def later_overlapping_run(run: ImportRun) -> ImportRun | None:
    """Rule: a run cannot be reverted while a later committed run changed any of the same rows."""
    mine, theirs = aliased(ImportChange), aliased(ImportChange)
    later = (ImportRun.id > run.id, ImportRun.state == "committed")
    found = db.session.scalar(
        select(ImportRun)
        .join(theirs, theirs.run_id == ImportRun.id)
        .join(mine, and_(mine.entity_type == theirs.entity_type, mine.entity_id == theirs.entity_id))
        .where(mine.run_id == run.id, mine.op != CREATED_BY_RUN, theirs.op != CREATED_BY_RUN, *later)
        .order_by(ImportRun.id)
        .limit(1)
    )
    # Rows recorded as CREATED_BY_RUN carry the run's id: a later run that updated one of them.
    models = _models_by_name()
    for entity_type, recorded in _created_by_run(run):
        model = models[entity_type]
        other = db.session.scalar(
            select(ImportRun)
            .join(theirs, theirs.run_id == ImportRun.id)
            .where(
                theirs.entity_type == entity_type,
                theirs.op == "update",
                theirs.entity_id.in_(select(model.id).where(_created_by(model, run.id, recorded))),
                *later,
            )
            .order_by(ImportRun.id)
            .limit(1)
        )
        if other is not None and (found is None or other.id < found.id):
            found = other
    return found


def _created_by_run(run: ImportRun) -> list[tuple[str, dict | None]]:
    """(entity type, what the CREATED_BY_RUN change recorded) of the run's bulk creations."""
    return [
        tuple(row)
        for row in db.session.execute(
            select(ImportChange.entity_type, ImportChange.before)
            .where(ImportChange.run_id == run.id, ImportChange.op == CREATED_BY_RUN)
            .order_by(ImportChange.id)
        )
    ]


def _created_by(model, run_id: int, recorded: dict | None):
    """The rows a CREATED_BY_RUN change stands for: those carrying the run's id, within the id range
    the importer recorded (through the primary key: `import_run_id` need not be indexed)."""
    clause = model.import_run_id == run_id
    ids = (recorded or {}).get("ids")
    return and_(model.id.between(ids[0], ids[1]), clause) if ids else clause


def revert_run(run: ImportRun, user=None) -> int:
    """Restore the state before `run`: created rows deleted, updated rows given their earlier values,
    newest change first. Flushes; the caller commits. Returns the number of rows restored."""
    if run.state != "committed":
        raise PlannerError(
            f"Import {run.id} is {run.state_label.lower()}; alleen een ingelezen import kan worden teruggedraaid."
        )
    later = later_overlapping_run(run)
    if later is not None:
        raise PlannerError(
            f"Import {later.id} ({later.file_name}, {later.started_at:%d-%m-%Y %H:%M}) is later "
            f"ingelezen en wijzigde dezelfde rijen. Draai eerst import {later.id} terug."
        )
    models = _models_by_name()
    changes = db.session.execute(
        select(ImportChange.entity_type, ImportChange.entity_id, ImportChange.op, ImportChange.before)
        .where(ImportChange.run_id == run.id)
        .order_by(ImportChange.id.desc())
    ).all()
    restored = 0
    with acting_as(user):
        # Updates first (newest first), then creations per type in the reverse order the types first
        # appeared: dependants (measurements) go before what they depend on (areas).
        for entity_type, entity_id, op, before in changes:
            if op == "update":
                _restore(models[entity_type], entity_id, before or {})
                restored += 1
        order = list(dict.fromkeys(c[0] for c in changes if c[2] in ("create", CREATED_BY_RUN)))
        for entity_type in order:
            ids = sorted((c[1] for c in changes if c[2] == "create" and c[0] == entity_type), reverse=True)
            _delete(models[entity_type], ids)
            restored += len(ids)
            for created in (c for c in changes if c[2] == CREATED_BY_RUN and c[0] == entity_type):
                restored += _delete_created_by(models[entity_type], run.id, created[3])
        run.state = "reverted"
        run.reverted_at = utcnow()
        run.reverted_by_id = getattr(user, "id", None)
        db.session.flush()
    return restored


def _models_by_name() -> dict:
    return {m.class_.__name__: m.class_ for m in db.Model.registry.mappers}


def _restore(model, entity_id: int, before: dict) -> None:
    columns = model.__table__.c
    values = {name: _from_json(columns[name].type, value) for name, value in before.items() if name in columns}
    if not values:
        return
    obj = db.session.get(model, entity_id)
    if obj is None:
        return  # deleted since by hand: nothing to restore
    for name, value in values.items():
        setattr(obj, name, value)


def _from_json(column_type, value):
    if value is None:
        return None
    if isinstance(column_type, Numeric) and column_type.asdecimal:
        return Decimal(str(value))
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(column_type, Date):
        return date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return value


def _delete(model, ids: list[int]) -> None:
    """Delete what the run created, refusing when something outside the run now refers to it."""
    table = model.__table__
    audited = hasattr(model, "audit_label")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        _check_referrers(table, chunk)
        if audited:  # through the ORM: the audit trail records the revert, relationship cascades apply
            for obj in db.session.scalars(select(model).where(model.id.in_(chunk))):
                db.session.delete(obj)
            db.session.flush()
        else:
            db.session.execute(delete(model).where(model.id.in_(chunk)).execution_options(synchronize_session=False))


def _delete_created_by(model, run_id: int, recorded: dict | None) -> int:
    """Delete the rows a CREATED_BY_RUN change stands for: one referrer check and one DELETE
    however many rows the run created."""
    created = _created_by(model, run_id, recorded)
    ids = select(model.id).where(created).scalar_subquery()
    _check_referrers(model.__table__, ids)
    if hasattr(model, "audit_label"):  # through the ORM, as in _delete
        objs = db.session.scalars(select(model).where(created)).all()
        for obj in objs:
            db.session.delete(obj)
        db.session.flush()
        return len(objs)
    result = db.session.execute(delete(model).where(created).execution_options(synchronize_session=False))
    return result.rowcount


def _check_referrers(table, ids) -> None:
    """`ids`: a list of ids, or a subquery selecting them."""
    db.session.flush()
    for other in db.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table or fk.parent.table.name == "import_changes":
                continue
            query = select(func.count()).select_from(other).where(fk.parent.in_(ids))
            if other is table:
                query = query.where(other.c.id.not_in(ids))
            count = db.session.scalar(query)
            if count:
                what = registry().table_labels.get(other.name, other.name)
                raise PlannerError(
                    f"Deze import kan niet worden teruggedraaid: {count} {what} verwijzen nog naar "
                    "rijen die deze import heeft aangemaakt. Verwijder of wijzig die eerst."
                )
