"""Login wiring, argon2 password hashing, session lifetimes and security headers on every response."""

from __future__ import annotations

import hashlib
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, g, request, session
from flask_babel import gettext
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from planner.core.i18n import N_
from planner.extensions import db, login_manager

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_hash(secret: str) -> str:
    """What is stored of a long random token (API key, calendar feed link): its SHA-256. Unlike a
    password it has 256 random bits, so a fast hash is enough and a lookup by hash stays indexed."""
    return hashlib.sha256(secret.encode()).hexdigest()


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_dummy: tuple[PasswordHasher, str] | None = None


def verify_dummy_password(password: str) -> bool:
    """Check `password` against a hash of nothing, at the cost of a real check: an address without an account
    must answer as slowly as one with an account, or the time tells which addresses exist."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:  # made with the hasher in use, so with its parameters
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(16)))
    verify_password(_dummy[1], password)
    return False


# ---- sessions --------------------------------------------------------------------------------------------
# The session cookie is signed but lives in the browser: a copy kept from before a logout would work for ever.
# So the session carries the account's session_version and its start and last-use times, checked on every
# request; raising the version (users.end_sessions) ends every copy at once.
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "sv", "auth_at", "seen_at")


def start_session(user) -> None:
    """After login_user: bind the session to the account's current version and start its clocks."""
    now = int(time.time())
    session["sv"], session["auth_at"], session["seen_at"] = user.session_version, now, now


def keep_session(user) -> None:
    """After the user ended their other sessions themselves (a password change): this one goes on."""
    session["sv"] = user.session_version


def session_is_valid(user, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    lifetime = current_app.config["SESSION_MAX_HOURS"] * 3600
    try:
        return (
            session.get("sv") == user.session_version
            and now - float(session["seen_at"]) <= idle
            and now - float(session["auth_at"]) <= lifetime
        )
    except (KeyError, TypeError, ValueError):
        return False


def drop_login() -> None:
    """Forget who is signed in on this session (after logout_user, or when the session has run out)."""
    for key in _LOGIN_KEYS:
        session.pop(key, None)


def init_app(app) -> None:
    from planner.core.models import User

    login_manager.login_view = "auth.login"
    login_manager.login_message = N_("Log in om deze pagina te bekijken.")
    login_manager.localize_callback = gettext  # flashed in the reader's language, stored as plain text
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        # A blocked account loses its open sessions too, not only the next login.
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_enabled or not session_is_valid(user):
            drop_login()
            return None
        now = int(time.time())
        if now - int(session["seen_at"]) >= 60:  # a minute is precise enough, and spares a new cookie per request
            session["seen_at"] = now
        return user

    proxies = {
        name: app.config[f"PROXY_FIX_{name.upper()}"] for name in ("x_for", "x_proto", "x_host", "x_port", "x_prefix")
    }
    if any(proxies.values()):
        # Only behind a proxy the operator names: otherwise anyone could claim any address in X-Forwarded-For
        # and walk past the per-address limits.
        app.wsgi_app = ProxyFix(app.wsgi_app, **proxies)

    @app.before_request
    def _nonce():
        g.csp_nonce = secrets.token_urlsafe(16)

    @app.after_request
    def _headers(response):
        nonce = getattr(g, "csp_nonce", "")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            f"script-src 'self' 'nonce-{nonce}'; object-src 'none'; base-uri 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure:  # only over HTTPS: HSTS on plain http would lock a dev server out
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if getattr(current_user, "is_authenticated", False):
            # Pages behind the login show scoped drafts: never kept by a shared proxy.
            response.headers.setdefault("Cache-Control", "private, no-cache")
        return response
