"""Residents' signals between phases: the public form per ward, the ward team's triage three ways,
the answer by e-mail, 404 for another ward's team, and the purge of a signal's personal data."""

from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import func, select

from planner.core.errors import PlannerError
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.opgaven.models import Opgave
from planner.participation import services, signals
from planner.participation.models import Contribution, Signal, SignalContact
from tests.helpers import csrf_token, login, login_as


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")

    def read():
        return [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in sorted(tmp_path.glob("*.eml"))]

    return read


@pytest.fixture
def signal(world):
    def make(text="De stoep bij de school is kapot.", ip_hash="h1", **kw):
        made = signals.submit_signal(world["ward_a"], text=text, ip_hash=ip_hash, **kw)
        db.session.commit()
        return made

    return make


def _count():
    return db.session.scalar(select(func.count(Signal.id)))


def _post_signal(client, code, **extra):
    url = f"/inspraak/wijk/{code}"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    data = {"text": "Meer groen op het plein", "location": "", "name": "", "email": "", "website": "", "token": token}
    return client.post(url, data=data | extra)


def test_resident_sends_a_signal_for_a_ward_without_cookie_and_with_consent(csrf_client, world, helmond):
    index = csrf_client.get("/inspraak/").get_data(as_text=True)
    assert "/inspraak/wijk/WK079410" in index and "/inspraak/wijk/WK079411" in index
    assert csrf_client.get("/inspraak/wijk/GM0794").status_code == 404  # a municipality is not a ward
    response = _post_signal(
        csrf_client,
        "WK079410",
        location="Kerkstraat",
        name="Jan",
        email="jan@example.nl",
        consent="y",
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/inspraak/wijk/WK079410/bedankt")
    assert "Set-Cookie" not in response.headers
    stored = db.session.scalars(select(Signal)).one()
    assert stored.area_id == world["ward_a"].id and stored.location == "Kerkstraat" and stored.outcome == "nieuw"
    assert stored.contact.email == "jan@example.nl" and stored.contact.keep_until > stored.submitted_at.date()


def test_personal_data_without_consent_is_refused_and_nothing_stored(csrf_client, world):
    response = _post_signal(csrf_client, "WK079410", name="Jan", email="jan@example.nl")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Geef toestemming" in html
    assert "Meer groen op het plein" in html  # the resident's text is kept in the form
    assert _count() == 0


def test_spam_limit_per_address_is_shared_with_reactions(world, signal, react):
    for i in range(services.RATE_LIMIT - 1):
        signal(text=f"Signaal {i}")
    react(world["prog_a"])  # the fifth attempt from this address, a reaction
    with pytest.raises(services.RateLimited):
        signal(text="Nog een")
    db.session.rollback()
    assert _count() == services.RATE_LIMIT - 1
    with pytest.raises(services.SpamSuspected):
        signal(ip_hash="bot", honeypot="http://spam")
    db.session.rollback()
    assert _count() == services.RATE_LIMIT - 1


def test_triage_into_a_programme_enters_moderation_with_the_contact(world, signal):
    s = signal(name="Jan", email="jan@example.nl", consent=True, location="Kerkstraat")
    keep_until = s.contact.keep_until
    signals.to_programme(world["team_a"], s, world["prog_a"])
    db.session.commit()
    c = s.contribution
    assert s.outcome == "programma" and c.programme_id == world["prog_a"].id
    assert c.source == "publiek" and c.moderation == "te_modereren" and "Kerkstraat" in c.text
    assert c.contact.email == "jan@example.nl" and c.contact.keep_until == keep_until
    assert db.session.scalar(select(func.count()).select_from(SignalContact)) == 0  # moved, not copied
    with pytest.raises(PlannerError, match="al afgehandeld"):
        signals.to_programme(world["team_a"], s, world["prog_a"])


def test_triage_refuses_another_wards_programme(world, signal):
    s = signal()
    with pytest.raises(PlannerError) as caught:
        signals.to_programme(world["team_a"], s, world["prog_b"])
    assert caught.value.field == "programme_id"
    db.session.rollback()
    assert (
        db.session.get(Signal, s.id).outcome == "nieuw" and db.session.scalar(select(func.count(Contribution.id))) == 0
    )


def test_triage_into_a_new_opgave_and_linking_an_existing_one(world, signal):
    s = signal(location="Schoolplein")
    signals.to_new_opgave(world["team_a"], s, title="Veilig naar school", statement="Kinderen lopen veilig.")
    db.session.commit()
    opgave = s.opgave
    assert opgave.status == "signalering" and opgave.area_id == world["ward_a"].id
    assert "De stoep bij de school is kapot." in opgave.description and "Schoolplein" in opgave.description
    other = signal(text="Ook hier is de stoep kapot.", ip_hash="h2")
    signals.to_existing_opgave(world["team_a"], other, opgave)
    db.session.commit()
    assert other.opgave_id == opgave.id and other.outcome == "opgave"
    assert db.session.scalar(select(func.count(Opgave.id))) == 1


def test_answer_reaches_the_resident_by_email_only_with_consent(world, signal, outbox):
    with_mail = signal(name="Jan", email="jan@example.nl", consent=True)
    anonymous = signal(text="Anoniem signaal", ip_hash="h2")
    signals.answer_signal(world["team_a"], with_mail, "De gemeente repareert de stoep in mei.")
    signals.answer_signal(world["team_a"], anonymous, "Dank u, we nemen het mee.")
    db.session.commit()
    mails = outbox()
    assert len(mails) == 1 and mails[0]["To"] == "jan@example.nl"
    body = mails[0].get_body().get_content()
    assert "De gemeente repareert de stoep in mei." in body and "Beste Jan," in body
    assert anonymous.outcome == "beantwoord" and anonymous.answer == "Dank u, we nemen het mee."
    with pytest.raises(PlannerError) as caught:
        signals.answer_signal(world["team_a"], signal(text="Leeg antwoord?", ip_hash="h3"), "  ")
    assert caught.value.field == "answer"


def test_purge_removes_a_signals_personal_data_after_the_term(app, world, signal):
    s = signal(name="Jan", email="jan@example.nl", consent=True, now=datetime(2026, 1, 1), retention_days=30)
    result = app.test_cli_runner().invoke(args=["participation", "purge", "--today", "2026-03-01"])
    assert result.exit_code == 0 and "Van 1 inspreker naam en e-mailadres gewist" in result.output
    db.session.expire_all()
    kept = db.session.get(Signal, s.id)
    assert kept.contact is None and kept.text == "De stoep bij de school is kapot."


def test_team_triages_through_the_pages_and_each_triage_is_audited(client, world, signal):
    s = signal()
    login(client, world["team_a"])
    start = client.get("/").get_data(as_text=True)
    assert "/wijken/WK079410/signalen" in start and "1 nieuw signaal" in start
    assert "/wijken/WK079410/signalen" in client.get("/gebieden/WK079410").get_data(as_text=True)
    url = f"/wijken/WK079410/signalen/{s.id}"
    token = csrf_token(client, url)
    bad = client.post(url, data={"csrf_token": token, "outcome": "nieuwe_opgave", "title": "", "statement": ""})
    assert bad.status_code == 422 and "Vul een korte titel in" in bad.get_data(as_text=True)
    assert db.session.get(Signal, s.id).outcome == "nieuw" and db.session.scalar(select(func.count(Opgave.id))) == 0
    response = client.post(
        url,
        data={"csrf_token": token, "outcome": "nieuwe_opgave", "title": "Veilig naar school", "statement": "Veilig."},
    )
    assert response.status_code == 302
    listing = client.get("/wijken/WK079410/signalen").get_data(as_text=True)
    assert "Veilig naar school" in listing and "Er zijn geen nieuwe signalen." in listing
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "Signal")).all()
    assert any(e.event == "update" and (e.after or {}).get("outcome") == "opgave" for e in events)


def test_another_wards_team_gets_404(client, world, signal):
    s = signal()
    other = login_as(client, world["team_b"])
    assert other.get("/wijken/WK079410/signalen").status_code == 404
    assert other.get(f"/wijken/WK079410/signalen/{s.id}").status_code == 404
    assert other.get(f"/wijken/WK079411/signalen/{s.id}").status_code == 404  # not a signal of their ward
    reader = login_as(client, world["reader"])  # may read the ward's programmes, not residents' signals
    assert reader.get("/wijken/WK079410/signalen").status_code == 404
    assert "/wijken/WK079410/signalen" not in reader.get("/gebieden/WK079410").get_data(as_text=True)


def test_triage_page_into_a_programme_and_a_refusal_beside_the_field(client, world, signal):
    s = signal(name="Jan", email="jan@example.nl", consent=True)
    login(client, world["team_a"])
    url = f"/wijken/WK079410/signalen/{s.id}"
    token = csrf_token(client, url)
    bad = client.post(url, data={"csrf_token": token, "outcome": "programma", "programme_id": ""})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Kies een programma van deze wijk uit de lijst." in html
    other = client.post(url, data={"csrf_token": token, "outcome": "programma", "programme_id": world["prog_b"].id})
    assert other.status_code == 422 and db.session.scalar(select(func.count(Contribution.id))) == 0
    ok = client.post(url, data={"csrf_token": token, "outcome": "programma", "programme_id": world["prog_a"].id})
    assert ok.status_code == 302
    c = db.session.scalars(select(Contribution)).one()
    assert c.programme_id == world["prog_a"].id and c.moderation == "te_modereren"
    moderation = client.get(f"/programmas/{world['prog_a'].id}/inbreng?moderatie=te_modereren").get_data(as_text=True)
    assert "De stoep bij de school is kapot." in moderation
    assert f"inbreng {c.id} bij Programma Binnenstad" in client.get(url).get_data(as_text=True)
