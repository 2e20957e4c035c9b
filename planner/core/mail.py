"""Outgoing e-mail: queued during the transaction and sent only after it commits.

With MAIL_SERVER set, messages go out over SMTP (smtplib; MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME,
MAIL_PASSWORD, MAIL_DEFAULT_SENDER). Without it (development, tests, a demo) every message is written as
an .eml file to the outbox folder (MAIL_OUTBOX, default instance/outbox), which admins read on the
"Uitgaande mail" page. Each message carries the area path it belongs to, so that page is scoped.
"""

from __future__ import annotations

import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.core import access

SCOPE_HEADER = "X-Wijkplanner-Gebied"
_QUEUE = "planner_mail_queue"


def queue(session, *, to: str, subject: str, body: str, scope_path: str) -> None:
    """Send this message once the session's transaction commits; a rollback drops it."""
    message = EmailMessage()
    message["To"] = to
    message["From"] = current_app.config.get("MAIL_DEFAULT_SENDER") or "noreply@wijkplanner.invalid"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = f"<{uuid.uuid4()}@wijkplanner>"
    message[SCOPE_HEADER] = scope_path
    message.set_content(body)
    session.connection()  # begin the transaction now, so its commit or rollback decides about the message
    session.info.setdefault(_QUEUE, []).append((current_app._get_current_object(), message))


@event.listens_for(Session, "after_commit")
def _send_queued(session) -> None:
    for app, message in session.info.pop(_QUEUE, []):
        try:
            deliver(app, message)
        except (OSError, smtplib.SMTPException):  # the answer is stored; a mail server hiccup must not undo it
            app.logger.exception("E-mail aan %s niet verstuurd", message["To"])


@event.listens_for(Session, "after_rollback")
def _drop_queued(session) -> None:
    session.info.pop(_QUEUE, None)


def init_app(app) -> None:
    """Nothing to set up per app: the session events above are registered once, on import."""


def outbox_dir(app) -> Path:
    if app.config.get("MAIL_OUTBOX"):
        return Path(app.config["MAIL_OUTBOX"])
    # Beside the uploads folder, so each test session (and xdist worker) keeps its own outbox.
    uploads = app.config.get("UPLOAD_FOLDER")
    return (Path(uploads).parent if uploads else Path(app.instance_path)) / "outbox"


def deliver(app, message: EmailMessage) -> None:
    server = app.config.get("MAIL_SERVER")
    if not server:
        folder = outbox_dir(app)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
        (folder / name).write_bytes(bytes(message))
        return
    with smtplib.SMTP(server, int(app.config.get("MAIL_PORT") or 25), timeout=30) as smtp:
        if app.config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if app.config.get("MAIL_USERNAME"):
            smtp.login(app.config["MAIL_USERNAME"], app.config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


@dataclass
class OutboxMessage:
    name: str
    to: str
    subject: str
    sent_at: datetime | None
    body: str


def outbox(app, user) -> list[OutboxMessage]:
    """Messages in the outbox folder that belong to the areas `user` administers, newest first."""
    paths = access.grant_paths(user, "admin")
    folder = outbox_dir(app)
    found = []
    for file in sorted(folder.glob("*.eml"), reverse=True) if folder.is_dir() else []:
        message = BytesParser(policy=policy.default).parsebytes(file.read_bytes())
        if not access.covers(paths, str(message.get(SCOPE_HEADER, ""))):
            continue
        date = message.get("Date")
        part = message.get_body(preferencelist=("plain",))
        found.append(
            OutboxMessage(
                name=file.stem,
                to=str(message.get("To", "")),
                subject=str(message.get("Subject", "")),
                sent_at=parsedate_to_datetime(date).replace(tzinfo=None) if date else None,
                body=part.get_content() if part is not None else "",
            )
        )
    return found


def purge_outbox(app, before: datetime) -> int:
    """Delete outbox files written before `before` (local time): they hold residents' addresses."""
    folder = outbox_dir(app)
    removed = 0
    for file in folder.glob("*.eml") if folder.is_dir() else []:
        if datetime.fromtimestamp(file.stat().st_mtime) < before:
            file.unlink()
            removed += 1
    return removed
