"""The public index, the consultation period, the municipality on public pages, and the answer by
e-mail to a resident who gave an address with consent (through the outbox folder)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import func, select

from planner.core.models import AuditEvent
from planner.extensions import db
from planner.participation import consultation, services
from planner.participation.models import Contribution
from planner.programmes.services import transition
from tests.helpers import login, login_as


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")

    def read():
        return [BytesParser(policy=policy.default).parsebytes(f.read_bytes()) for f in sorted(tmp_path.glob("*.eml"))]

    return read


def _token(client, url):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def test_index_lists_open_consultations_and_feedback_pages_without_login(
    csrf_client, world, make_programme, helmond, adopt
):
    concept = make_programme(helmond[1], title="Geheim concept")
    adopted = adopt(make_programme(helmond[2], title="Programma vastgesteld"))
    response = csrf_client.get("/inspraak/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "<title>Inspraak en terugkoppeling · Gemeente Helmond</title>" in html  # a title, not the page in it
    open_part, feedback_part = html.split("Wat is er met de inbreng gedaan?")
    assert f'/inspraak/{world["prog_a"].id}"' in open_part and "Programma Helmond-Oost" in open_part
    assert f"/inspraak/{adopted.id}/terugkoppeling" in feedback_part
    assert concept.title not in html
    assert "Gemeente Helmond" in html  # the only gemeente in the area tree names the pages
    assert "/inspraak/" in csrf_client.get("/inloggen").get_data(as_text=True)  # residents find it from the login


def test_configured_municipality_name_and_logo_on_every_public_page(app, csrf_client, world, monkeypatch):
    monkeypatch.setitem(csrf_client.application.config, "MUNICIPALITY_NAME", "Gemeente Voorbeeldstad")
    monkeypatch.setitem(csrf_client.application.config, "MUNICIPALITY_LOGO", "img/logo.svg")
    p = world["prog_a"]
    for url in (f"/inspraak/{p.id}", f"/inspraak/{p.id}/reageren", f"/inspraak/{p.id}/terugkoppeling", "/inspraak/"):
        html = csrf_client.get(url).get_data(as_text=True)
        assert "Gemeente Voorbeeldstad" in html and "/static/img/logo.svg" in html, url


def test_period_closes_the_form_with_a_message_and_stores_nothing(client, csrf_client, world):
    p = world["prog_a"]
    login(client, world["team_a"])
    today = date.today()
    url = f"/programmas/{p.id}/inspraakperiode"
    bad = client.post(url, data={"opens_on": today.isoformat(), "closes_on": (today - timedelta(days=1)).isoformat()})
    assert bad.status_code == 422 and "sluitingsdatum ligt vóór de startdatum" in bad.get_data(as_text=True)
    assert consultation.period_of(p) is None
    opens = (today - timedelta(days=10)).strftime("%d-%m-%Y")
    assert client.post(url, data={"opens_on": opens, "closes_on": today.isoformat()}).status_code == 302
    draft = csrf_client.get(f"/inspraak/{p.id}").get_data(as_text=True)
    assert "Inspraakperiode" in draft and "Reageer op het hele programma" in draft
    token = _token(csrf_client, f"/inspraak/{p.id}/reageren")
    # The next day the period is over: the page says so, a late post is refused and nothing is stored.
    client.post(url, data={"opens_on": opens, "closes_on": (today - timedelta(days=1)).isoformat()})
    page = csrf_client.get(f"/inspraak/{p.id}/reageren").get_data(as_text=True)
    assert "De inspraakperiode is gesloten" in page and 'name="text"' not in page
    assert "Reageer op het hele programma" not in csrf_client.get(f"/inspraak/{p.id}").get_data(as_text=True)
    assert "Inspraakperiode: van" in csrf_client.get(f"/inspraak/{p.id}/terugkoppeling").get_data(as_text=True)
    open_part, feedback_part = csrf_client.get("/inspraak/").get_data(as_text=True).split("Wat is er met de inbreng")
    assert f"/inspraak/{p.id}/terugkoppeling" in feedback_part and "inspraak gesloten" in feedback_part
    assert f'/inspraak/{p.id}"' not in open_part
    late = csrf_client.post(
        f"/inspraak/{p.id}/reageren", data={"text": "Te laat", "website": "", "token": token, "name": "", "email": ""}
    )
    assert late.status_code == 409 and "niet opgeslagen" in late.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Contribution.id))) == 0
    with pytest.raises(services.ConsultationClosed):
        services.submit_public_reaction(p, text="Via de service", ip_hash="x")


def test_period_edit_is_for_the_team_only(client, world):
    reader = login_as(client, world["reader"])
    assert reader.get(f"/programmas/{world['prog_a'].id}/inspraakperiode").status_code == 404
    assert (
        login_as(client, world["team_b"]).post(f"/programmas/{world['prog_a'].id}/inspraakperiode", data={}).status_code
        == 404
    )


def test_not_open_page_links_to_the_feedback_page(csrf_client, world):
    p = world["prog_a"]
    transition(p, "besluitvorming", world["team_a"])
    db.session.commit()
    response = csrf_client.get(f"/inspraak/{p.id}/reageren")
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and f"/inspraak/{p.id}/terugkoppeling" in html and "/inspraak/" in html


def test_answer_is_mailed_only_to_a_resident_who_consented(world, react, outbox):
    p, team = world["prog_a"], world["team_a"]
    with_mail = react(p, text="Meer groen", email="bewoner@example.nl", consent=True)
    anonymous = react(p, text="Meer licht", ip_hash="h2")
    services.respond(team, with_mail, status="overgenomen", response="We planten tien bomen.")
    services.respond(team, anonymous, status="niet_overgenomen", response="Er staat al genoeg licht.")
    db.session.commit()
    [message] = outbox()
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert message["To"] == "bewoner@example.nl" and "Programma Binnenstad" in message["Subject"]
    assert "We planten tien bomen." in body and "Meer groen" in body and "Gemeente Helmond" in body
    # Unchanged answer: no second mail. Moderation: one mail about publication.
    services.respond(team, with_mail, status="overgenomen", response="We planten tien bomen.")
    services.moderate(team, p, [with_mail.id, anonymous.id], "gepubliceerd")
    db.session.commit()
    assert [m["Subject"].split(":")[0] for m in outbox()] == ["Antwoord op uw reactie", "Uw reactie is behandeld"]
    # The audit trail never holds the address.
    assert not any("bewoner@example.nl" in str(e.after) for e in db.session.scalars(select(AuditEvent)))


def test_no_mail_when_the_answer_is_rolled_back(world, react, outbox):
    c = react(world["prog_a"], email="bewoner@example.nl", consent=True)
    services.respond(world["team_a"], c, status="deels", response="Gedeeltelijk.")
    db.session.rollback()
    assert outbox() == []


def test_admin_reads_the_outbox_of_their_own_areas_only(client, world, react, outbox, make_user, make_area):
    c = react(world["prog_a"], email="bewoner@example.nl", consent=True)
    login(client, world["team_a"])
    detail = f"/programmas/{world['prog_a'].id}/inbreng/{c.id}"
    assert client.post(detail, data={"status": "deels", "response": "Half overgenomen."}).status_code == 302
    [message] = outbox()
    assert f"/inspraak/{world['prog_a'].id}/terugkoppeling" in message.get_body(("plain",)).get_content()
    assert client.get("/beheer/uitgaande-mail").status_code == 403
    admin = make_user("beheer@helmond.nl", "admin", world["prog_a"].area.parent)
    other = make_user("beheer@almere.nl", "admin", make_area("GM0034", "Almere"))
    page = login_as(client, admin).get("/beheer/uitgaande-mail").get_data(as_text=True)
    assert "bewoner@example.nl" in page and "Half overgenomen." in page
    assert "bewoner@example.nl" not in login_as(client, other).get("/beheer/uitgaande-mail").get_data(as_text=True)
