"""Uploaded files kept between preview and commit: instance/uploads/<sha256>, plus a small note
per user (<sha256>.<user id>.json) with the file name and options, so a commit re-uploads
nothing and one user cannot commit another user's upload by guessing its hash."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import current_app

from planner.excel.runner import read_source

_SHA = re.compile(r"^[0-9a-f]{64}$")


def upload_dir() -> Path:
    # UPLOAD_FOLDER lets each test session (and each xdist worker) keep its uploads apart.
    path = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def store_upload(source, filename: str, user, *, options: dict, metadata=None) -> str:
    data = read_source(source)
    sha = _sha256(data)
    folder = upload_dir()
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
