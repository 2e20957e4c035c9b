"""Sign-in throttling: failed tries counted in the database per typed address and per client address.

Counted in the database, not in a worker's memory, so the limit holds with several workers and servers. After
LOGIN_MAX_FAILURES_* failures within the window each further failure makes the next try wait, twice as long as
the wait before (exponential back-off), up to a ceiling. A throttled try is refused before the password is
checked: the expensive hash is what a flood of guesses would otherwise buy.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from planner.core.models import LoginThrottle, utcnow
from planner.extensions import db

ACCOUNT, ADDRESS = "account", "address"
# A row is forgotten this long after its last failure or block.
FORGET_AFTER = timedelta(days=1)


def _key(kind: str, value: str) -> str:
    # Keyed with the application secret: the table never holds an e-mail or IP address, not even as a plain hash
    # that a list of addresses could be run against.
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _keys(email: str, address: str | None) -> list[tuple[str, str]]:
    keys = [(ACCOUNT, _key(ACCOUNT, (email or "").strip().lower()))]
    if address:
        keys.append((ADDRESS, _key(ADDRESS, address)))
    return keys


def wait_seconds(email: str, address: str | None, now: datetime | None = None) -> int:
    """How many seconds the next try for this address from this client must still wait; 0: it may go ahead."""
    now = now or utcnow()
    conditions = [and_(LoginThrottle.kind == kind, LoginThrottle.key == key) for kind, key in _keys(email, address)]
    until = db.session.scalar(
        select(LoginThrottle.blocked_until)
        .where(or_(*conditions), LoginThrottle.blocked_until > now)
        .order_by(LoginThrottle.blocked_until.desc())
        .limit(1)
    )
    return math.ceil((until - now).total_seconds()) if until else 0


def _row(kind: str, key: str, now: datetime) -> LoginThrottle:
    query = select(LoginThrottle).where(LoginThrottle.kind == kind, LoginThrottle.key == key)
    row = db.session.scalar(query)
    if row is None:
        try:
            with db.session.begin_nested():  # another worker may insert the same key at the same moment
                db.session.add(LoginThrottle(kind=kind, key=key, failures=0, window_start=now))
        except IntegrityError:
            pass
        row = db.session.scalar(query)
    return row


def record_failure(email: str, address: str | None, now: datetime | None = None) -> int:
    """Count a failed try; returns the seconds the next try must wait (0 while under the limits)."""
    now = now or utcnow()
    cfg = current_app.config
    window = timedelta(minutes=cfg["LOGIN_FAILURE_WINDOW_MINUTES"])
    limits = {ACCOUNT: cfg["LOGIN_MAX_FAILURES_ACCOUNT"], ADDRESS: cfg["LOGIN_MAX_FAILURES_ADDRESS"]}
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.window_start < now - FORGET_AFTER,
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < now - FORGET_AFTER),
        )
    )
    wait = 0
    for kind, key in _keys(email, address):
        row = _row(kind, key, now)
        quiet_since = max(row.window_start, row.blocked_until or row.window_start)
        if now - quiet_since > window:  # a fresh window: old failures no longer count
            row.failures, row.window_start, row.blocked_until = 0, now, None
            db.session.flush()
        # Counted in SQL, so two workers failing at once both count.
        db.session.execute(
            update(LoginThrottle).where(LoginThrottle.id == row.id).values(failures=LoginThrottle.failures + 1)
        )
        db.session.refresh(row)
        over = row.failures - limits[kind]
        if over >= 0:
            seconds = min(cfg["LOGIN_BACKOFF_SECONDS"] * 2 ** min(over, 30), cfg["LOGIN_BACKOFF_MAX_MINUTES"] * 60)
            row.blocked_until = now + timedelta(seconds=seconds)
            wait = max(wait, int(seconds))
    db.session.flush()
    return wait


def clear_account(email: str) -> None:
    """A successful sign-in wipes the count for the address typed (not for the client address: one account an
    attacker owns must not reset the count of a client that guesses at others)."""
    ((kind, key),) = _keys(email, None)
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.kind == kind, LoginThrottle.key == key))
