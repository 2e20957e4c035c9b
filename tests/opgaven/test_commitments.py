"""The opgave's table shows what each party commits to its actions, summed per party, within what the user sees;
'wie ontbreekt' uses the trekker's organisation."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from planner.actions.services import add_commitment
from planner.extensions import db
from planner.opgaven import services
from tests.helpers import login


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_the_table_sums_commitments_per_party_and_flags_an_unseated_trekker(
    client, helmond, make_opgave, make_organisation, seat, make_programme, make_action, make_user
):
    from planner.programmes.services import update_programme

    gm, ward, other = helmond
    opgave = make_opgave(ward)
    lev = make_organisation("LEV-groep", "zorg_welzijn")
    platform = make_organisation("Bewonersplatform Binnenstad", "bewonersorganisatie")
    corporation = make_organisation("Woonpartners", "woningcorporatie")
    seat(opgave, lev)
    seat(opgave, platform)
    programme = make_programme(ward)
    update_programme(programme, None, opgave=opgave)
    led = make_action(programme, "Buurtkamer", owner_organisation=platform, owner_person="Henk")
    elsewhere = make_action(programme, "Renovatie", owner_organisation=corporation)
    for action, party, kind, amount in (
        (led, lev, "geld", "2500"),
        (led, lev, "uren", "40"),
        (elsewhere, lev, "geld", "1000.50"),
        (led, platform, "uren", "300"),
        (elsewhere, corporation, "natura", "18000"),
    ):
        add_commitment(action, organisation=party, kind=kind, amount=Decimal(amount))
    db.session.commit()
    team = make_user("team@helmond.nl", "team_member", ward)

    rows = services.commitments_by_party(team, opgave)
    assert [(r.organisation.name, r.seated, r.money, r.hours, r.in_kind, r.actions) for r in rows] == [
        ("Bewonersplatform Binnenstad", True, 0, Decimal("300.00"), 0, 1),
        ("LEV-groep", True, Decimal("3500.50"), Decimal("40.00"), 0, 2),
        ("Woonpartners", False, 0, 0, Decimal("18000.00"), 1),
    ]
    assert [a.title for a in services.who_is_missing(team, opgave).unmatched_owners] == ["Renovatie"]

    login(client, team)
    table = _text(client.get(f"/opgaven/{opgave.id}/tafel"))
    assert "Inzet per partij" in table and "3.500,50" in table and "Woonpartners (niet aan tafel)" in table
    # Another ward's team sees neither the table nor the sums.
    client.post("/uitloggen")
    outsider = make_user("oost@helmond.nl", "team_member", other)
    login(client, outsider)
    assert client.get(f"/opgaven/{opgave.id}/tafel").status_code == 404
    assert services.commitments_by_party(outsider, opgave) == []


def test_merging_organisations_moves_trekkerships_and_commitments(
    helmond, make_organisation, make_programme, make_action
):
    _, ward, _ = helmond
    duplicate = make_organisation("LEV groep", "zorg_welzijn")
    lev = make_organisation("LEV-groep", "zorg_welzijn")
    action = make_action(make_programme(ward), owner_organisation=duplicate)
    add_commitment(action, organisation=duplicate, kind="uren", amount=Decimal("8"))
    assert services.organisation_usage(duplicate)["actions"] == 1
    services.merge_organisations(duplicate, lev)
    db.session.commit()
    assert action.owner_organisation == lev and [c.organisation for c in action.commitments] == [lev]
