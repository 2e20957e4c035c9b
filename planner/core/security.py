"""Login wiring, argon2 password hashing and security headers on every response."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import g, request
from flask_babel import gettext
from flask_login import current_user

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
        return user if user is not None and user.is_enabled else None

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
