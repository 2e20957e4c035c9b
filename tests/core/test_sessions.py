"""Sessions end when they should: a cookie kept from before a logout, a password change, a reset, a block or
"Overal uitloggen" no longer signs anyone in; sessions also end when idle and after a fixed lifetime."""

from __future__ import annotations

import time

import pytest
from flask import g, request
from sqlalchemy import select

from planner import create_app
from planner.api import services as api
from planner.config import load_config
from planner.core.models import AuditEvent
from planner.cycle import services as cycle
from planner.extensions import db
from tests.helpers import PASSWORD, login, login_as

PROTECTED = "/account/wachtwoord"


def _signed_in(client) -> bool:
    g.pop("_login_user", None)  # the tests share one app context: Flask-Login would reuse the user it loaded
    return client.get(PROTECTED).status_code == 200


def _copy(client):
    """A second browser holding a copy of `client`'s session cookie, as an attacker who saved it would."""
    copy = client.application.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


@pytest.fixture
def team(helmond, make_user):
    gm, binnenstad, _ = helmond
    admin = make_user("beheer@helmond.nl", "admin", gm)
    user = make_user("team@helmond.nl", "team_member", binnenstad)
    return admin, user


def test_a_cookie_saved_before_logout_no_longer_works(client, team):
    _, user = team
    login(client, user)
    saved = _copy(client)
    assert _signed_in(saved)
    g.pop("_login_user", None)
    client.post("/uitloggen")
    assert not _signed_in(client) and not _signed_in(saved)
    g.pop("_login_user", None)
    login(client, user)
    assert _signed_in(client)  # signing in again works


def test_changing_ones_own_password_ends_the_other_sessions_but_not_this_one(client, team):
    _, user = team
    login(client, user)
    elsewhere = _copy(client)
    g.pop("_login_user", None)
    response = client.post(
        PROTECTED, data={"current": PASSWORD, "new": "een-heel-nieuw-wachtwoord", "repeat": "een-heel-nieuw-wachtwoord"}
    )
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(elsewhere)
    assert db.session.scalar(select(AuditEvent.event).where(AuditEvent.event == "password")) == "password"


def _as_admin(client, admin, path, data=None):
    g.pop("_login_user", None)
    response = login_as(client, admin).post(path, data=data or {})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def test_an_admin_password_reset_ends_sessions_and_is_audited(client, team):
    admin, user = team
    session = login_as(client, user)
    _as_admin(client, admin, f"/beheer/gebruikers/{user.id}/wachtwoord", {"password": "door-beheer-gezet-2026"})
    assert not _signed_in(session)
    details = db.session.scalar(
        select(AuditEvent.after).where(AuditEvent.event == "password", AuditEvent.entity_id == user.id)
    )
    assert details == {"wachtwoord": "opnieuw ingesteld door een beheerder"}


def test_overal_uitloggen_ends_every_session_of_the_user(client, team):
    admin, user = team
    laptop, phone = login_as(client, user), login_as(client, user)
    page = login_as(client, admin).get(f"/beheer/gebruikers/{user.id}").get_data(as_text=True)
    assert f'action="/beheer/gebruikers/{user.id}/overal-uitloggen"' in page and "Overal uitloggen" in page
    _as_admin(client, admin, f"/beheer/gebruikers/{user.id}/overal-uitloggen")
    assert not _signed_in(laptop) and not _signed_in(phone)
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.event == "sessions")) is not None
    assert _signed_in(login_as(client, user))  # the password still works


def test_an_admin_signing_out_everywhere_stays_signed_in_here(client, team):
    admin, _ = team
    here = login_as(client, admin)
    laptop = login_as(client, admin)
    g.pop("_login_user", None)
    assert here.post(f"/beheer/gebruikers/{admin.id}/overal-uitloggen").status_code == 302
    assert _signed_in(here) and not _signed_in(laptop)


def test_unblocking_revives_no_session_api_key_or_calendar_link(client, team):
    admin, user = team
    session = login_as(client, user)
    _, secret = api.issue_token(user, "Rapportagescript")
    feed = cycle.issue_token(user)
    db.session.commit()
    _as_admin(client, admin, f"/beheer/gebruikers/{user.id}/blokkeren", {"bevestigd": "ja"})
    _as_admin(client, admin, f"/beheer/gebruikers/{user.id}/deblokkeren")
    assert not _signed_in(session)
    assert api.user_for_secret(secret) is None
    assert cycle.user_for_token(feed) is None
    assert _signed_in(login_as(client, user))  # the account itself works again


@pytest.mark.parametrize(
    ("key", "age"),
    [("seen_at", 31 * 60), ("auth_at", 12 * 3600 + 60)],
    ids=["idle-30-minutes", "older-than-12-hours"],
)
def test_sessions_end_when_idle_and_after_their_lifetime(client, team, key, age):
    _, user = team
    login(client, user)
    assert _signed_in(client)
    with client.session_transaction() as session:
        session[key] = int(time.time()) - age
        if key == "auth_at":
            session["seen_at"] = int(time.time())  # in use all along: the lifetime ends it all the same
    assert not _signed_in(client)


def test_cookies_demand_https_outside_development(monkeypatch):
    for name in ("FLASK_DEBUG", "WIJKPLANNER_DEV"):
        monkeypatch.delenv(name, raising=False)
    production = load_config({"SECRET_KEY": "s"})
    assert production["SESSION_COOKIE_SECURE"] is True and production["REMEMBER_COOKIE_SECURE"] is True
    assert load_config({"SECRET_KEY": "s", "TESTING": True})["SESSION_COOKIE_SECURE"] is False
    assert load_config({"SECRET_KEY": "s", "SESSION_COOKIE_SECURE": False})["SESSION_COOKIE_SECURE"] is False


def _client_address(**config):
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})
    app.add_url_rule("/adres", "adres", lambda: request.remote_addr or "")
    return (
        app.test_client()
        .get("/adres", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
        .get_data(as_text=True)
    )


def test_forwarded_addresses_count_only_behind_a_configured_proxy():
    assert _client_address() == "10.0.0.2"  # anyone could send the header: ignored unless a proxy is named
    assert _client_address(PROXY_FIX_X_FOR=1) == "203.0.113.9"
