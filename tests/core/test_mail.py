"""Outgoing mail: sent over SMTP only after the commit, never after a rollback; a mail server that
fails does not undo what was stored."""

from __future__ import annotations

import smtplib

import pytest

from planner.core import mail
from planner.extensions import db


class FakeSMTP:
    sent: list = []
    fail = False

    def __init__(self, host, port, timeout):
        self.host, self.port = host, port

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.tls = True

    def login(self, user, password):
        self.user = user

    def send_message(self, message):
        if FakeSMTP.fail:
            raise smtplib.SMTPServerDisconnected("weg")
        FakeSMTP.sent.append((self.host, self.port, message))


@pytest.fixture
def smtp(app, monkeypatch, tmp_path):
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    for key, value in {
        "MAIL_SERVER": "smtp.gemeente.nl",
        "MAIL_PORT": 587,
        "MAIL_USE_TLS": True,
        "MAIL_DEFAULT_SENDER": "inspraak@gemeente.nl",
        "MAIL_OUTBOX": str(tmp_path),
    }.items():
        monkeypatch.setitem(app.config, key, value)
    return FakeSMTP


def test_mail_goes_out_over_smtp_after_commit_only(ctx, smtp, tmp_path):
    mail.queue(db.session, to="a@example.nl", subject="Antwoord", body="Tekst", scope_path="GM0794")
    assert smtp.sent == []
    db.session.commit()
    [(host, port, message)] = smtp.sent
    assert (host, port, message["To"], message["From"]) == (
        "smtp.gemeente.nl",
        587,
        "a@example.nl",
        "inspraak@gemeente.nl",
    )
    mail.queue(db.session, to="b@example.nl", subject="Antwoord", body="Tekst", scope_path="GM0794")
    db.session.rollback()
    db.session.commit()
    assert len(smtp.sent) == 1 and list(tmp_path.iterdir()) == []  # with a server nothing lands in the outbox


def test_a_failing_mail_server_is_logged_not_raised(ctx, smtp, caplog):
    smtp.fail = True
    mail.queue(db.session, to="a@example.nl", subject="Antwoord", body="Tekst", scope_path="GM0794")
    db.session.commit()
    assert "niet verstuurd" in caplog.text
