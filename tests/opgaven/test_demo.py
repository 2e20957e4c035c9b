"""The demo's opgaven: Helmond's opgaven walk their lifecycle with reasons, have owners and a table with
agreements and a meeting, one is framed as an opportunity, and the demo logins still open them."""

import re
from html import unescape

from planner.demo import content
from planner.opgaven import services
from tests.helpers import login


def _email(key: str) -> str:
    return next(email for k, email, *_ in content.USERS if k == key)


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_demo_opgaven_have_a_lifecycle_with_reasons_owners_and_a_table(demo):
    binnenstad = demo.opgaven["binnenstad"]
    assert binnenstad.status == "uitvoering" and binnenstad.priority == "hoog"
    assert binnenstad.portfolio_holder and binnenstad.official_sponsor and binnenstad.director
    steps = services.lifecycle(binnenstad)
    assert [s.to for s in steps] == ["signalering", "verkenning", "programmering", "uitvoering"]
    assert all(s.reason for s in steps[1:])
    noord = services.lifecycle(demo.opgaven["noord"])
    assert [s.to for s in noord][-2:] == ["programmering", "verkenning"]  # a step back, with its reason
    assert "niet haalbaar" in noord[-1].reason

    roles = {s.organisation.name: s.role for s in binnenstad.seats}
    assert roles["Woonpartners"] == "financier" and roles["Gemeente Helmond – team Binnenstad"] == "trekker"
    assert any(a.actions for a in binnenstad.agreements)
    (meeting,) = binnenstad.meetings
    assert len(meeting.attendees) == 4 and len(meeting.agreements) == 3
    assert all(o.seats for o in demo.opgaven.values())
    opportunity = demo.opgaven["rijpelberg"]
    assert opportunity.status == "verkenning" and "de kans" in opportunity.statement


def test_demo_logins_open_their_opgaven_and_the_reader_sees_no_contacts(demo, client):
    team = demo.users["binnenstad"]
    login(client, team, content.PASSWORD)
    opgave = demo.opgaven["binnenstad"]
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert opgave.statement in page and "Wijkontwikkelprogramma Binnenstad 2025–2028" in page
    assert "Bas Verhagen (opgaveregisseur)" in _text(client.get(f"/opgaven/{opgave.id}/tafel"))
    assert client.get(f"/opgaven/{demo.opgaven['oost'].id}").status_code == 404
    client.post("/uitloggen")
    login(client, demo.users["raadslid"], content.PASSWORD)
    table = _text(client.get(f"/opgaven/{opgave.id}/tafel"))
    assert "Woonpartners" in table and "Bas Verhagen (opgaveregisseur)" not in table
    assert "Rijpelberg: jongeren maken de wijk" in _text(client.get("/opgaven/"))
