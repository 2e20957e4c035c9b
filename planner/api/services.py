"""Issuing, revoking and checking API tokens, and turning domain objects into API documents."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, select, update

from planner.api.models import DEFAULT_RATE_LIMIT, ApiToken
from planner.core import counter
from planner.core.errors import PlannerError
from planner.core.models import mark_used, utcnow
from planner.core.security import token_hash
from planner.extensions import db

TOKEN_PREFIX = "wp_"
MAX_TOKENS_PER_USER = 20
# What `flask api token --limit` accepts (requests per minute).
MAX_RATE_LIMIT = 1_000_000


def issue_token(user, name: str, expires_on: date | None = None, rate_limit: int | None = None) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and never stored. With `expires_on` it works up to
    and including that day (UTC); `rate_limit`: requests per minute (default DEFAULT_RATE_LIMIT)."""
    if rate_limit is not None and not 1 <= rate_limit <= MAX_RATE_LIMIT:
        raise PlannerError(
            f"Het aantal verzoeken per minuut moet tussen 1 en {MAX_RATE_LIMIT:,} liggen.".replace(",", "."),
            "rate_limit",
        )
    name = (name or "").strip()
    if expires_on is not None and expires_on < utcnow().date():
        raise PlannerError("De einddatum ligt in het verleden. Kies vandaag of later, of laat hem leeg.", "expires_on")
    if expires_on is not None and expires_on > utcnow().date() + timedelta(days=3 * 366):
        raise PlannerError("Een sleutel geldt hoogstens drie jaar. Kies een eerdere einddatum.", "expires_on")
    if not name:
        raise PlannerError("Geef de sleutel een naam, bijvoorbeeld het script of systeem dat hem gebruikt.", "name")
    if len(name) > 100:
        raise PlannerError("De naam is te lang: gebruik hoogstens 100 tekens.", "name")
    active = [t for t in tokens_of(user) if t.is_active]
    if len(active) >= MAX_TOKENS_PER_USER:
        raise PlannerError(f"U heeft al {MAX_TOKENS_PER_USER} actieve sleutels. Trek er eerst een in.", "name")
    if any(t.name.lower() == name.lower() for t in active):
        raise PlannerError("U heeft al een actieve sleutel met deze naam. Kies een andere naam.", "name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = datetime.combine(expires_on + timedelta(days=1), time()) if expires_on else None
    token = ApiToken(
        user=user,
        user_id=user.id,
        name=name,
        prefix=secret[:10],
        token_hash=token_hash(secret),
        expires_at=expires_at,
        rate_limit=rate_limit or DEFAULT_RATE_LIMIT,
    )
    db.session.add(token)
    db.session.flush()
    return token, secret


def own_token(user, token_id: int) -> ApiToken | None:
    return db.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))


def revoke_token(user, token_id: int) -> ApiToken:
    token = own_token(user, token_id)
    if token is None:
        raise PlannerError("Deze sleutel bestaat niet (meer).")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
    return token


def revoke_all_tokens(user) -> int:
    """Revoke every active key of `user` (when the account is blocked); returns how many."""
    tokens = [t for t in tokens_of(user) if t.is_active]
    for token in tokens:
        token.revoked_at = utcnow()
    db.session.flush()
    return len(tokens)


def tokens_of(user) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def token_for_secret(secret: str | None) -> ApiToken | None:
    """The active token (not revoked, not expired, its user enabled) behind `secret`, or None for
    anything malformed, unknown, revoked or expired. Read from the database on every request, so
    revoking works at once."""
    if not secret or len(secret) > 100 or not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if token is None or not token.is_active or not token.user.is_enabled:
        return None
    return token


def count_request(token: ApiToken) -> int | None:
    """Count a request against the key's limit per minute and note its last use (at most once a minute); the
    seconds to wait when the limit is reached, else None. Counted across workers: in Redis or a counts file of
    its own (planner.core.counter), so that on SQLite an API read does not wait for the database's write lock;
    on PostgreSQL without Redis in the key's row, in a transaction of its own that commits at once."""
    now = utcnow()
    window = now.replace(second=0, microsecond=0)
    count = counter.hit(f"api:{token.token_hash[:32]}", window)
    if count is None:
        count = _count_in_database(token.id, window)
    mark_used(token)
    return max(1, 60 - now.second) if count > token.rate_limit else None


def _count_in_database(token_id: int, window: datetime) -> int:
    table = ApiToken.__table__
    with db.engine.begin() as connection:
        return connection.scalar(
            update(table)
            .where(table.c.id == token_id)
            .values(
                window_count=case((table.c.window_start == window, table.c.window_count + 1), else_=1),
                window_start=window,
            )
            .returning(table.c.window_count)
        )


def user_for_secret(secret: str | None):
    """The enabled user behind an active token, or None."""
    token = token_for_secret(secret)
    return token.user if token else None
