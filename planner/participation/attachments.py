"""Photos and documents of a participation moment: type by content, size limits, alt text, scoping, serving.

Only JPEG, PNG and PDF are accepted, recognised by their first bytes (a renamed HTML or SVG file is
refused whatever its name), and they are served back with the type stored at upload, `nosniff` and
a Content-Disposition with a cleaned file name: a browser never renders an upload as a web page.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata

from flask import send_file
from sqlalchemy import false, select

from planner.core import access
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.participation.models import ATTACHMENT_TYPES, IMAGE_TYPES, MomentAttachment, ParticipationMoment

DEFAULT_MAX_MB = 10  # per file; never above MAX_UPLOAD_MB (the whole request)
MAX_DESCRIPTION = 500
SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"%PDF-", "application/pdf"))
EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
# Chrome's PDF viewer is an <embed> in a generated page with inline styles: object-src and style-src
# must allow it. Nothing can run: no script source at all.
SERVE_CSP = (
    "default-src 'none'; img-src 'self'; object-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


# ---- pure checks -----------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The content type from the file's first bytes, or None when it is not JPEG, PNG or PDF."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def clean_filename(name: str | None) -> str:
    """The name without folders or control characters, as shown to colleagues."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".")
    return name[-200:] if len(name) > 200 else name


def safe_download_name(name: str) -> str:
    """A name for Content-Disposition: letters, digits, spaces and . _ - ( ) only (Unicode letters kept)."""
    safe = re.sub(r"[^\w .()-]+", "_", name).strip(" ._") or "bijlage"
    return safe


def size_label(size: int) -> str:
    """1234567 → '1,2 MB'; 34567 → '34 kB' (Dutch decimal comma)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


def limit_bytes(config) -> int:
    """The per-file limit: DEFAULT_MAX_MB (or ATTACHMENT_MAX_MB), never more than MAX_UPLOAD_MB."""
    mb = min(int(config.get("ATTACHMENT_MAX_MB", DEFAULT_MAX_MB)), int(config.get("MAX_UPLOAD_MB", DEFAULT_MAX_MB)))
    return mb * 1024 * 1024


def _check_file(filename: str, data: bytes, max_bytes: int) -> str:
    if not data:
        raise PlannerError("Het bestand is leeg. Kies een foto (JPEG of PNG) of een PDF-document.", "file")
    if len(data) > max_bytes:
        raise PlannerError(
            f"Het bestand is {size_label(len(data))}; een bijlage is hoogstens {max_bytes // (1024 * 1024)} MB. "
            "Verklein de foto of splits het document, en probeer het opnieuw.",
            "file",
        )
    kind = sniff(data)
    if kind is None:
        raise PlannerError(
            f"'{filename}' is geen JPEG-foto, PNG-afbeelding of PDF-document (de inhoud is "
            "gecontroleerd, niet alleen de naam). Sla het bestand op als JPEG, PNG of PDF en "
            "probeer het opnieuw.",
            "file",
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if EXTENSIONS.get(extension) != kind:
        wanted = " of ".join(f".{e}" for e, k in EXTENSIONS.items() if k == kind)
        raise PlannerError(
            f"'{filename}' is een {ATTACHMENT_TYPES[kind]}, maar de naam eindigt niet op {wanted}. "
            "Geef het bestand de juiste extensie en probeer het opnieuw.",
            "file",
        )
    return kind


# ---- services --------------------------------------------------------------------------------


def add_attachment(
    user,
    moment: ParticipationMoment,
    *,
    filename: str | None,
    data: bytes,
    description: str = "",
    public: bool = False,
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024,
) -> MomentAttachment:
    """Store a photo or PDF with a moment. Nothing is stored when any rule is broken."""
    access.require(user, "edit", moment.area)
    filename = clean_filename(filename)
    if not filename:
        raise PlannerError("Kies een foto (JPEG of PNG) of een PDF-document.", "file")
    kind = _check_file(filename, data, max_bytes)
    description = " ".join((description or "").split())
    if kind in IMAGE_TYPES and not description:
        raise PlannerError(
            "Beschrijf wat er op de foto te zien is (alt-tekst), zodat ook wie de foto niet kan zien "
            "weet wat erop staat. Bijvoorbeeld: 'Flip-over met de wensen van tafel 2'.",
            "description",
        )
    if len(description) > MAX_DESCRIPTION:
        raise PlannerError(
            f"Een beschrijving is hoogstens {MAX_DESCRIPTION} tekens; deze is {len(description)} tekens.", "description"
        )
    if public and kind not in IMAGE_TYPES:
        raise PlannerError(
            "Alleen foto's kunnen op de openbare terugkoppelingspagina worden getoond. "
            "Haal het vinkje weg bij dit PDF-document.",
            "public",
        )
    digest = hashlib.sha256(data).hexdigest()
    twin = db.session.scalar(
        select(MomentAttachment).where(MomentAttachment.moment_id == moment.id, MomentAttachment.sha256 == digest)
    )
    if twin is not None:
        raise PlannerError(f"Dit bestand is al bij deze bijeenkomst toegevoegd (als '{twin.filename}').", "file")
    attachment = MomentAttachment(
        moment=moment,
        filename=filename,
        content_type=kind,
        size=len(data),
        sha256=digest,
        description=description,
        public=bool(public),
        uploaded_by_id=getattr(user, "id", None),
        file_data=data,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def set_public(user, attachment: MomentAttachment, public: bool) -> MomentAttachment:
    access.require(user, "edit", attachment.moment.area)
    if public and not attachment.is_image:
        raise PlannerError("Alleen foto's kunnen op de openbare terugkoppelingspagina worden getoond.", "public")
    attachment.public = bool(public)
    db.session.flush()
    return attachment


def delete_attachment(user, attachment: MomentAttachment) -> None:
    access.require(user, "edit", attachment.moment.area)
    db.session.delete(attachment)
    db.session.flush()


# ---- scoping ---------------------------------------------------------------------------------


def moment_of(user, programme, moment_id: int) -> ParticipationMoment | None:
    """A moment of `programme` that `user` may read (drafts visible), else None: scoped like the moments page."""
    query = select(ParticipationMoment).where(
        ParticipationMoment.id == moment_id, ParticipationMoment.programme_id == programme.id
    )
    if not access.can(user, "view_draft", programme.area):
        query = query.where(false())
    return db.session.scalar(query)


def attachment_of(moment: ParticipationMoment, attachment_id: int) -> MomentAttachment | None:
    return db.session.scalar(
        select(MomentAttachment).where(MomentAttachment.id == attachment_id, MomentAttachment.moment_id == moment.id)
    )


def public_photos(programme) -> list[tuple[ParticipationMoment, list[MomentAttachment]]]:
    """The photos the team marked public, per moment (oldest first). The caller checks the programme is public."""
    rows = db.session.scalars(
        select(MomentAttachment)
        .join(MomentAttachment.moment)
        .where(
            ParticipationMoment.programme_id == programme.id,
            MomentAttachment.public.is_(True),
            MomentAttachment.content_type.in_(IMAGE_TYPES),
        )
        .order_by(ParticipationMoment.date, ParticipationMoment.id, MomentAttachment.id)
    ).all()
    grouped: dict[int, tuple[ParticipationMoment, list[MomentAttachment]]] = {}
    for attachment in rows:
        grouped.setdefault(attachment.moment_id, (attachment.moment, []))[1].append(attachment)
    return list(grouped.values())


def get_public_photo(programme, attachment_id: int) -> MomentAttachment | None:
    return next((a for _, photos in public_photos(programme) for a in photos if a.id == attachment_id), None)


# ---- serving ---------------------------------------------------------------------------------


def send_attachment(attachment: MomentAttachment, *, download: bool = False, cache: str = "private, no-cache"):
    """The stored bytes with the stored type, never sniffed, under a cleaned name; None for any other type."""
    if attachment.content_type not in ATTACHMENT_TYPES:  # defence in depth: only ever the three types
        return None
    response = send_file(
        io.BytesIO(attachment.file_data),
        mimetype=attachment.content_type,
        as_attachment=download,
        download_name=safe_download_name(attachment.filename),
        etag=attachment.sha256,
        last_modified=attachment.uploaded_at,
        max_age=None,
        conditional=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SERVE_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cache-Control"] = cache
    return response
