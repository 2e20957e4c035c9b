"""A user with an area role in one ward and a partner grant on an opgave in another: the grant opens the partner
pages of that opgave, never its budget, residents' personal data or the team's pages."""

from __future__ import annotations

import pytest

from planner.extensions import db
from planner.opgaven.services import grant_partner
from planner.programmes.services import transition
from tests.helpers import login, login_as


@pytest.fixture
def mixed(helmond, make_user, make_programme, make_action, make_opgave, make_organisation, adopt, allocate, react):
    """Reader on ward A; partner for Woonbedrijf on an opgave in ward B whose programme is in consultation."""
    _gm, ward_a, ward_b = helmond
    corporation = make_organisation("Woonbedrijf")
    opgave_b = make_opgave(ward_b, title="Wonen in Oost")
    programme_a = make_programme(ward_a, title="Programma Binnenstad")
    action_a = make_action(programme_a, title="Buurtkamer Binnenstad")
    adopt(programme_a)
    programme_b = make_programme(ward_b, title="Programma Helmond-Oost")
    programme_b.opgave_id = opgave_b.id
    action_b = make_action(programme_b, title="Woningen opknappen", owner_organisation=corporation)
    allocate(action_a, "1000")
    allocate(action_b, "250000")
    manager = make_user("gm-oost@helmond.nl", "area_manager", ward_b)
    transition(programme_b, "consultatie", manager)
    db.session.commit()
    reaction = react(programme_b, name="Jan Bewoner", email="jan@example.org", consent=True)
    user = make_user("gemengd@helmond.nl", "reader", ward_a)
    grant_partner(user, opgave_b, corporation)
    db.session.commit()
    return {
        "user": user,
        "opgave_b": opgave_b,
        "programme_a": programme_a,
        "programme_b": programme_b,
        "action_b": action_b,
        "reaction": reaction,
    }


def test_mixed_user_gets_404_on_the_partner_wards_budget_and_resident_reactions(client, mixed):
    login(client, mixed["user"])
    b = mixed["programme_b"].id
    for url in (
        f"/programmas/{b}/begroting",
        f"/programmas/{b}/inbreng",
        f"/programmas/{b}/inbreng/{mixed['reaction'].id}",
        f"/programmas/{b}/inbreng/export.xlsx",
        f"/programmas/{b}/bijeenkomsten",
        f"/programmas/{b}/streefwaarden",
        f"/programmas/{b}/vertraging",
        f"/acties/{mixed['action_b'].id}/toekenningen",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "jan@example.org" not in response.get_data(as_text=True)
        assert "250.000" not in response.get_data(as_text=True)


def test_mixed_user_opens_the_partner_pages_of_the_other_ward(client, mixed):
    login(client, mixed["user"])
    opgave, programme, action = mixed["opgave_b"], mixed["programme_b"], mixed["action_b"]
    for url in (
        f"/opgaven/{opgave.id}",
        f"/opgaven/{opgave.id}/tafel",
        f"/programmas/{programme.id}",
        f"/programmas/{programme.id}/tijdlijn",
        f"/acties/{action.id}",
        f"/acties/{action.id}/politiek",
        f"/acties/{action.id}/voortgang",  # Woonbedrijf leads this action
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "jan@example.org" not in page and "Jan Bewoner" not in page
    assert client.get(f"/inspraak/{programme.id}").status_code == 200  # the public consultation stays open


def test_mixed_user_keeps_the_budget_page_of_the_own_ward(client, mixed):
    login(client, mixed["user"])
    page = client.get(f"/programmas/{mixed['programme_a'].id}/begroting")
    assert page.status_code == 200
    assert "1.000" in page.get_data(as_text=True)
    assert "250.000" not in page.get_data(as_text=True)


def test_histories_read_through_the_grant_leave_out_residents_input(client, mixed, make_user):
    programme, action = mixed["programme_b"], mixed["action_b"]
    login(client, mixed["user"])
    for url in (f"/programmas/{programme.id}/historie", f"/acties/{action.id}/historie"):
        page = client.get(url)
        assert page.status_code == 200 and "bankjes" not in page.get_data(as_text=True), url
    team = login_as(client, make_user("team-oost@helmond.nl", "team_member", programme.area))
    assert "bankjes" in team.get(f"/programmas/{programme.id}/historie").get_data(as_text=True)
