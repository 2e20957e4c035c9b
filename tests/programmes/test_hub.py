"""The programme page as hub: the tab bar shows each role only the programme pages it may open (the team sees the
reactions waiting for moderation, a council reader no internal round or moderation, a partner only the partner
pages), every tab opens with the bar and itself marked current; the money of the actions per year and per action;
in consultation the public link, a QR code and the period."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from planner.budget import services as budget
from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.opgaven.services import grant_partner
from planner.participation import consultation
from tests.helpers import login_as

ALL_TABS = [
    "Overzicht",
    "Inbreng en moderatie",
    "Bijeenkomsten",
    "Geld",
    "Streefwaarden",
    "Tijdlijn",
    "Vertraging",
    "Versies",
    "Wijzigingshistorie",
    "Leren",
]


def _tabs(html: str) -> list[tuple[str, str, bool]]:
    """(label without its count, href, current) of each tab in the programme's tab bar."""
    nav = re.search(r'<nav class="programme-tabs" aria-label="Onderdelen van het programma">(.*?)</nav>', html, re.S)
    assert nav, "no programme tab bar"
    tabs = []
    for attrs, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav.group(1), re.S):
        label = re.sub(r"\s*\(.*\)$", "", re.sub(r"<[^>]+>", "", text).strip())
        tabs.append((label, re.search(r'href="([^"]+)"', attrs).group(1), 'aria-current="page"' in attrs))
    return tabs


def _labels(client, programme) -> list[str]:
    response = client.get(f"/programmas/{programme.id}")
    assert response.status_code == 200
    return [label for label, _, _ in _tabs(response.get_data(as_text=True))]


def _every_tab_opens_marked_current(client, programme) -> None:
    for label, href, _ in _tabs(client.get(f"/programmas/{programme.id}").get_data(as_text=True)):
        response = client.get(href)
        assert response.status_code == 200, (label, href)
        assert [lbl for lbl, _, current in _tabs(response.get_data(as_text=True)) if current] == [label], href


@pytest.fixture
def consulting(world, react, make_user):
    """Ward A's programme in consultation with two public reactions waiting for moderation."""
    react(world["prog_a"], text="Graag meer bankjes.", ip_hash="h1")
    react(world["prog_a"], text="Meer groen op het plein.", ip_hash="h2")
    return world


def test_team_sees_all_tabs_with_the_reactions_waiting_for_moderation(client, consulting):
    team = login_as(client, consulting["team_a"])
    html = team.get(f"/programmas/{consulting['prog_a'].id}").get_data(as_text=True)
    assert [label for label, _, _ in _tabs(html)] == ALL_TABS  # in consultation: the internal round is closed
    assert "Inbreng en moderatie (2 te modereren)</a>" in html
    assert _tabs(html)[0][2] is True  # the overview is the current page
    _every_tab_opens_marked_current(team, consulting["prog_a"])


def test_team_sees_the_internal_round_of_a_concept(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward, title="Concept Binnenstad")
    team = login_as(client, make_user("t@helmond.nl", "team_member", ward))
    assert _labels(team, programme)[:2] == ["Overzicht", "Interne ronde"]
    _every_tab_opens_marked_current(team, programme)


def test_reader_sees_no_internal_round_nor_residents_input(client, consulting):
    reader = login_as(client, consulting["reader"])
    labels = _labels(reader, consulting["prog_a"])
    assert labels == [t for t in ALL_TABS if t not in ("Inbreng en moderatie", "Bijeenkomsten")]
    assert "te modereren" not in reader.get(f"/programmas/{consulting['prog_a'].id}").get_data(as_text=True)
    _every_tab_opens_marked_current(reader, consulting["prog_a"])


def test_partner_sees_only_the_pages_partners_may_open(client, helmond, make_user, make_programme, make_action):
    gm, ward, other = helmond
    programme = make_programme(ward, title="Concept Binnenstad")
    make_action(programme, title="Buurtkamer openen")
    organisation = Organisation(name="Woonbedrijf", kind="woningcorporatie")
    db.session.add(organisation)
    partner = make_user("ria@woonbedrijf.nl")
    grant_partner(partner, None, organisation, programme=programme)
    # A partner who is also a team member elsewhere is held to the same tabs on this programme.
    mixed = make_user("kees@woonbedrijf.nl", "team_member", other)
    grant_partner(mixed, None, organisation, programme=programme)
    db.session.commit()

    for user in (partner, mixed):
        client_ = login_as(client, user)
        assert _labels(client_, programme) == [
            "Overzicht",
            "Interne ronde",
            "Tijdlijn",
            "Versies",
            "Wijzigingshistorie",
        ]
        _every_tab_opens_marked_current(client_, programme)
        for hidden in ("inbreng", "bijeenkomsten", "begroting", "streefwaarden", "vertraging"):
            assert client_.get(f"/programmas/{programme.id}/{hidden}").status_code == 404, hidden


def test_money_shows_the_allocations_per_year_and_action_only_of_this_programme(
    client, helmond, make_user, make_programme, make_action, make_line
):
    gm, ward, other = helmond
    programme = make_programme(ward, title="WOP Binnenstad")
    buurtkamer = make_action(programme, title="Buurtkamer openen")
    speeltuin = make_action(programme, title="Speeltuin vernieuwen")
    elsewhere = make_action(make_programme(other, title="WOP Oost"), title="Geheime sloopplannen")
    line_2026 = make_line(gm, "500000.00", year=2026, description="Buurtwerk")
    line_2027 = make_line(gm, "500000.00", year=2027, description="Buurtwerk")
    unused = make_line(gm, "700000.00", year=2026, key="KPL9/4300/7.1", taakveld="7.1", description="Riolering")
    budget.allocate(buurtkamer, line_2026, year=2026, amount=Decimal("100000"))
    budget.allocate(buurtkamer, line_2027, year=2027, amount=Decimal("25000"))
    budget.allocate(speeltuin, line_2026, year=2026, amount=Decimal("12345.67"))
    budget.allocate(elsewhere, line_2026, year=2026, amount=Decimal("99999"))
    programme.cost_notes = "Cofinanciering door Woonbedrijf."
    organisation = Organisation(name="Woonbedrijf", kind="woningcorporatie")
    db.session.add(organisation)
    partner = make_user("ria@woonbedrijf.nl")
    grant_partner(partner, None, organisation, programme=programme)
    team = make_user("t@helmond.nl", "team_member", ward)
    db.session.commit()

    money = budget.programme_money(team, programme)
    assert money.by_year == {2026: Decimal("112345.67"), 2027: Decimal("25000.00")}
    assert money.total == Decimal("137345.67")
    assert [(r.action.title, r.by_year, r.total) for r in money.actions] == [
        ("Buurtkamer openen", {2026: Decimal("100000.00"), 2027: Decimal("25000.00")}, Decimal("125000.00")),
        ("Speeltuin vernieuwen", {2026: Decimal("12345.67")}, Decimal("12345.67")),
    ]

    for user, sees_budget_page in ((team, True), (partner, False)):
        html = login_as(client, user).get(f"/programmas/{programme.id}").get_data(as_text=True)
        table = html.split('id="geld-per-jaar"', 1)[1].split("</table>", 1)[0]
        assert "€\xa0125.000,00" in table and "€\xa012.345,67" in table  # per action
        assert "€\xa0112.345,67" in table and "€\xa0137.345,67" in table  # per year, in total
        lines = html.split('id="geld-regels"', 1)[1].split("</table>", 1)[0]
        assert "6.1 · Buurtwerk" in lines and "Riolering" not in html  # only the lines the actions draw from
        assert "Geheime sloopplannen" not in html and "99.999" not in html  # not another programme's money
        assert "Cofinanciering door Woonbedrijf." in html  # the free text stays, as explanation
        assert ("Naar de begroting van dit programma" in html) is sees_budget_page
    assert unused.id  # the unused line exists, yet is never shown


def test_programme_in_consultation_shows_public_link_qr_and_period(client, consulting):
    programme = consulting["prog_a"]
    team = login_as(client, consulting["team_a"])
    html = team.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert re.search(
        rf'id="openbare-link" type="text" readonly value="https?://localhost/inspraak/{programme.id}"', html
    )
    assert re.search(r'<svg role="img" aria-label="QR-code met de link https?://localhost/inspraak/\d+"', html)
    assert "Kopieer link" in html and 'aria-live="polite"' in html
    assert "Inspraakperiode instellen" in html
    consultation.set_period(consulting["team_a"], programme, opens_on=date(2027, 3, 1), closes_on=date(2027, 4, 15))
    db.session.commit()
    html = team.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "vanaf <strong>1 mrt 2027</strong> tot en met <strong>15 apr 2027</strong>" in html
    assert "Inspraakperiode wijzigen" in html

    reader_html = login_as(client, consulting["reader"]).get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "/inspraak/" in reader_html and "Inspraakperiode wijzigen" not in reader_html  # the team sets the dates


def test_concept_shows_no_public_link(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward, title="Concept Binnenstad")
    team = login_as(client, make_user("t@helmond.nl", "team_member", ward))
    html = team.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "openbare-link" not in html and "<svg" not in html
