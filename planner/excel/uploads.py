"""Uploaded files kept between preview and commit: instance/uploads/<sha256>, plus a small note
per user (<sha256>.<user id>.json) with the file name and options, so a commit re-uploads
nothing and one user cannot commit another user's upload by guessing its hash.

A file is kept only while it is needed: its note goes when the import of it ends, or after
UPLOAD_RETENTION_HOURS when it was only previewed; the file goes with its last note. A user keeps
at most UPLOAD_MAX_PER_USER uploads at a time."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from planner.core.errors import PlannerError
from planner.excel.models import ImportRun
from planner.excel.runner import read_source
from planner.extensions import db

_SHA = re.compile(r"^[0-9a-f]{64}$")
_NOTE = re.compile(r"^([0-9a-f]{64})\.(\d+)\.json$")
DEFAULT_MAX_PER_USER = 20
DEFAULT_RETENTION_HOURS = 24
# A run that ended: its upload is not needed any more.
ENDED = ("committed", "rejected", "reverted", "failed")


def upload_dir() -> Path:
    # UPLOAD_FOLDER lets each test session (and each xdist worker) keep its uploads apart.
    path = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _notes(folder: Path, user_id: int | None = None) -> list[tuple[Path, str, int]]:
    """(note path, sha, user id) of every note, or of one user's."""
    found = []
    for path in folder.glob(f"*.{user_id}.json" if user_id is not None else "*.json"):
        match = _NOTE.match(path.name)
        if match:
            found.append((path, match.group(1), int(match.group(2))))
    return found


def store_upload(source, filename: str, user, *, options: dict, metadata=None) -> str:
    """Keep the file for its preview and commit. Raises PlannerError when the user already keeps
    UPLOAD_MAX_PER_USER other uploads."""
    data = read_source(source)
    sha = _sha256(data)
    folder = upload_dir()
    _remove_expired(folder, user.id)
    limit = int(current_app.config.get("UPLOAD_MAX_PER_USER", DEFAULT_MAX_PER_USER))
    others = [n for n in _notes(folder, user.id) if n[1] != sha]
    if len(others) >= limit:
        hours = int(current_app.config.get("UPLOAD_RETENTION_HOURS", DEFAULT_RETENTION_HOURS))
        raise PlannerError(
            f"U heeft al {len(others)} bestanden klaarstaan die nog niet zijn ingelezen; meer dan {limit} "
            f"tegelijk kan niet. Lees een van die bestanden in, of wacht: een bestand dat alleen is bekeken, "
            f"wordt na {hours} uur verwijderd.",
            "file",
        )
    if not (folder / sha).exists():
        (folder / sha).write_bytes(data)
    note = {"filename": Path(filename or "bestand").name, "options": options, "metadata": None}
    if metadata is not None:
        meta = read_source(metadata)
        note["metadata"] = _sha256(meta)
        (folder / note["metadata"]).write_bytes(meta)
    (folder / f"{sha}.{user.id}.json").write_text(json.dumps(note), encoding="utf-8")
    return sha


def load_upload(sha: str, user) -> tuple[bytes, dict] | None:
    """The file and its note, or None when it is not this user's upload (or gone)."""
    if not sha or not _SHA.match(sha) or user is None:
        return None
    folder = upload_dir()
    note_path = folder / f"{sha}.{user.id}.json"
    if not note_path.is_file() or not (folder / sha).is_file():
        return None
    note = json.loads(note_path.read_text(encoding="utf-8"))
    meta = note.get("metadata")
    note["metadata_bytes"] = (
        (folder / meta).read_bytes() if meta and _SHA.match(meta) and (folder / meta).is_file() else None
    )
    return (folder / sha).read_bytes(), note


def preview_run_id(note: dict, profile: str) -> int | None:
    """The dry run that previewed this upload with this profile, if there is one."""
    return (note.get("previews") or {}).get(profile)


def remember_preview(sha: str, user, profile: str, run_id: int) -> None:
    """Note the preview's run, so that viewing the preview again stores no new run."""
    path = upload_dir() / f"{sha}.{user.id}.json"
    if path.is_file():
        note = json.loads(path.read_text(encoding="utf-8"))
        note["previews"] = {**(note.get("previews") or {}), profile: run_id}
        path.write_text(json.dumps(note), encoding="utf-8")


def discard_upload(sha: str, user_id: int) -> None:
    """The user's note of the upload; the file (and its metadata file) once no note names it."""
    if not _SHA.match(sha or ""):
        return
    folder = upload_dir()
    (folder / f"{sha}.{user_id}.json").unlink(missing_ok=True)
    _remove_unused(folder)


def _remove_unused(folder: Path) -> int:
    """Files no note names any more."""
    named = set()
    for path, sha, _ in _notes(folder):
        named.add(sha)
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata")
        except (OSError, ValueError):
            meta = None
        if meta:
            named.add(meta)
    removed = 0
    for path in folder.iterdir():
        if _SHA.match(path.name) and path.name not in named:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _remove_expired(folder: Path, user_id: int | None = None, now: float | None = None) -> int:
    hours = float(current_app.config.get("UPLOAD_RETENTION_HOURS", DEFAULT_RETENTION_HOURS))
    limit = (now if now is not None else time.time()) - hours * 3600
    expired = [path for path, _, _ in _notes(folder, user_id) if path.stat().st_mtime < limit]
    for path in expired:
        path.unlink(missing_ok=True)
    return len(expired)


def cleanup(now: float | None = None) -> tuple[int, int]:
    """Remove the notes of uploads whose import ended, and of uploads only previewed longer than
    UPLOAD_RETENTION_HOURS ago; then every file no note names. Returns (notes, files) removed."""
    folder = upload_dir()
    notes = _notes(folder)
    ended: dict[tuple[str, int], datetime] = {}  # (sha, user id) → when its last import ended
    if notes:
        rows = db.session.execute(
            select(ImportRun.sha256, ImportRun.user_id, ImportRun.options, ImportRun.finished_at).where(
                ImportRun.sha256.in_({sha for _, sha, _ in notes}), ImportRun.state.in_(ENDED)
            )
        )
        for sha, user_id, options, finished in rows:
            if not (options or {}).get("dry_run") and finished is not None:
                ended[sha, user_id] = max(finished, ended.get((sha, user_id), finished))
    removed = 0
    for path, sha, user_id in notes:
        finished = ended.get((sha, user_id))
        # a note written after the import ended is the same file uploaded again: it stays
        if finished is not None and datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None) <= finished:
            path.unlink(missing_ok=True)
            removed += 1
    removed += _remove_expired(folder, now=now)
    return removed, _remove_unused(folder) + _remove_old_error_lists(folder, now)


def _remove_old_error_lists(folder: Path, now: float | None) -> int:
    """The complete error lists of runs (errors/run-N.csv) after the same retention as an upload; the
    run keeps its first errors in the database."""
    hours = float(current_app.config.get("UPLOAD_RETENTION_HOURS", DEFAULT_RETENTION_HOURS))
    limit = (now if now is not None else time.time()) - hours * 3600
    old = [p for p in (folder / "errors").glob("run-*.csv") if p.stat().st_mtime < limit]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)
