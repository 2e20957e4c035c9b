"""Issuing, revoking and checking API tokens, and turning domain objects into API documents."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from planner.api.models import ApiToken
from planner.core.errors import PlannerError
from planner.core.models import mark_used, utcnow
from planner.core.security import token_hash
from planner.extensions import db

TOKEN_PREFIX = "wp_"
MAX_TOKENS_PER_USER = 20


def issue_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and never stored."""
    name = (name or "").strip()
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
    token = ApiToken(user=user, user_id=user.id, name=name, prefix=secret[:10], token_hash=token_hash(secret))
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


def user_for_secret(secret: str | None):
    """The enabled user behind an active token, or None for anything malformed, unknown or revoked."""
    if not secret or len(secret) > 100 or not secret.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_enabled:
        return None
    mark_used(token)
    return token.user
