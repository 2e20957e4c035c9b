"""The main menu and the page buttons show each role only what it may use."""

import re

from tests.helpers import login_as


def _menu(client) -> set[str]:
    html = client.get("/programmas/").get_data(as_text=True)
    nav = html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    return set(re.findall(r">([^<>]+)</a>", nav))


def test_menu_and_buttons_follow_the_role(client, helmond, make_user):
    gm, ward, _ = helmond
    reader = login_as(client, make_user("raad@helmond.nl", "reader", gm))
    menu = _menu(reader)
    assert {"Programma's", "Politieke agenda", "Zoeken"} <= menu
    assert not menu & {"Importeren", "Begroting", "Gebruikers"}
    assert "/programmas/nieuw" not in reader.get("/programmas/").get_data(as_text=True)
    assert "/programmas/nieuw" not in reader.get(f"/gebieden/{ward.code}").get_data(as_text=True)

    team = login_as(client, make_user("team@helmond.nl", "team_member", ward))
    menu = _menu(team)
    assert "Importeren" in menu and "Begroting" not in menu  # a team has no budget rights
    assert "/programmas/nieuw" in team.get(f"/gebieden/{ward.code}").get_data(as_text=True)

    controller = login_as(client, make_user("controller@helmond.nl", "controller", gm))
    assert {"Importeren", "Begroting"} <= _menu(controller) and "Gebruikers" not in _menu(controller)
    assert "/programmas/nieuw" not in controller.get("/programmas/").get_data(as_text=True)
