"""Sign-in under attack: failures counted in the database per typed address and per client address, a 429 with a
Dutch wait once over the limit, no password hash checked for a throttled try, and every outcome on the trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import g
from sqlalchemy import func, select, update

from planner import create_app
from planner.core import security, throttle
from planner.core.models import AuditEvent, LoginThrottle, User, utcnow
from planner.extensions import db
from tests.helpers import PASSWORD

WRONG = "niet-het-goede-wachtwoord"


@pytest.fixture
def hash_checks(monkeypatch):
    """How often a password hash is checked (the expensive step), counted instead of timed."""
    calls = []

    class Counting(PasswordHasher):
        def verify(self, stored, password):
            calls.append(stored)
            return super().verify(stored, password)

    monkeypatch.setattr(security, "_hasher", Counting.from_parameters(security._hasher._parameters))
    return calls


def _try(client, email, password=WRONG, address="127.0.0.1"):
    g.pop("_login_user", None)
    return client.post("/inloggen", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def test_account_is_throttled_after_five_failures_without_checking_the_hash(client, make_user, hash_checks):
    make_user("team@helmond.nl")
    for _ in range(4):
        response = _try(client, "team@helmond.nl")
        assert response.status_code == 200
        assert "horen niet bij elkaar" in response.get_data(as_text=True)
    fifth = _try(client, "TEAM@helmond.nl ")  # the same account however it is typed
    assert fifth.status_code == 429
    assert "Te veel mislukte pogingen. Probeer het over 1 minuut opnieuw." in fifth.get_data(as_text=True)
    assert fifth.headers["Retry-After"] == "60"
    assert len(hash_checks) == 5

    # While throttled even the right password is refused, and no hash is computed for it.
    refused = _try(client, "team@helmond.nl", PASSWORD)
    assert refused.status_code == 429 and len(hash_checks) == 5

    # Once the wait is over the right password gets in, and the account's count starts afresh.
    db.session.execute(update(LoginThrottle).values(blocked_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert _try(client, "team@helmond.nl", PASSWORD).status_code == 302
    assert db.session.scalar(select(func.count()).where(LoginThrottle.kind == "account")) == 0


def test_each_failure_past_the_limit_doubles_the_wait_up_to_the_ceiling(app, ctx):
    now = utcnow()
    waits = [throttle.record_failure("a@helmond.nl", None, now) for _ in range(12)]
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:9] == [60, 120, 240, 480, 960]
    assert waits[-1] == 3600  # LOGIN_BACKOFF_MAX_MINUTES
    assert throttle.wait_seconds("a@helmond.nl", None, now + timedelta(seconds=3599)) == 1
    assert throttle.wait_seconds("a@helmond.nl", None, now + timedelta(seconds=3600)) == 0


def test_failures_outside_the_window_no_longer_count(app, ctx):
    start = utcnow()
    for _ in range(4):
        throttle.record_failure("a@helmond.nl", None, start)
    later = start + timedelta(minutes=16)  # the window is 15 minutes
    assert throttle.record_failure("a@helmond.nl", None, later) == 0
    assert db.session.scalar(select(LoginThrottle.failures)) == 1


def test_one_client_guessing_at_many_addresses_is_throttled(client, app, make_user, monkeypatch, hash_checks):
    monkeypatch.setitem(app.config, "LOGIN_MAX_FAILURES_ADDRESS", 3)
    make_user("team@helmond.nl")
    assert _try(client, "een@helmond.nl", address="203.0.113.9").status_code == 200
    assert _try(client, "twee@helmond.nl", address="203.0.113.9").status_code == 200
    assert _try(client, "drie@helmond.nl", address="203.0.113.9").status_code == 429
    assert _try(client, "team@helmond.nl", PASSWORD, address="203.0.113.9").status_code == 429
    assert len(hash_checks) == 3
    # Another client is not held back by it.
    assert _try(client, "team@helmond.nl", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_counts_keep_neither_the_typed_address_nor_the_client_address(client, make_user):
    _try(client, "iemand@voorbeeld.nl", address="203.0.113.9")
    keys = db.session.scalars(select(LoginThrottle.key)).all()
    assert len(keys) == 2
    assert all(len(k) == 64 and "voorbeeld" not in k and "203" not in k for k in keys)


def test_known_unknown_and_blocked_addresses_each_check_one_hash(client, make_user, hash_checks):
    make_user("team@helmond.nl")
    blocked = make_user("weg@helmond.nl")
    blocked.is_enabled = False
    db.session.commit()
    for email in ("team@helmond.nl", "niemand@helmond.nl", "weg@helmond.nl"):
        before = len(hash_checks)
        response = _try(client, email)
        assert response.status_code == 200
        assert "horen niet bij elkaar" in response.get_data(as_text=True)
        assert len(hash_checks) == before + 1, email
    # The dummy hash has the parameters of real ones, so checking it costs the same.
    real = db.session.scalar(select(User.password_hash).where(User.email == "team@helmond.nl"))
    assert hash_checks[1].split("$")[1:4] == real.split("$")[1:4]


def test_sign_ins_and_failures_are_on_the_audit_trail(client, make_user):
    user = make_user("team@helmond.nl")
    _try(client, "team@helmond.nl")
    _try(client, "niemand@helmond.nl")
    _try(client, "team@helmond.nl", PASSWORD)
    events = db.session.execute(
        select(
            AuditEvent.event, AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.user_id, AuditEvent.entity_label
        )
        .where(AuditEvent.event.in_(("login", "login_failed")))
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.event, e.entity_type, e.entity_id, e.user_id) for e in events] == [
        ("login_failed", "User", user.id, None),
        ("login_failed", "Login", 0, None),
        ("login", "User", user.id, user.id),
    ]
    assert "niemand" not in events[1].entity_label  # an address without an account may be anyone's


def test_a_block_counted_by_one_server_holds_on_another(client, make_user, database_url):
    make_user("team@helmond.nl")
    for _ in range(5):
        _try(client, "team@helmond.nl")
    # A second server on the same database, with the same SECRET_KEY (as every server of one installation has).
    other_server = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url, "WTF_CSRF_ENABLED": False}
    )
    with other_server.app_context():
        answer = other_server.test_client().post("/inloggen", data={"email": "team@helmond.nl", "password": PASSWORD})
        assert answer.status_code == 429
        db.session.remove()
