"""Breadcrumbs link only to pages the user may open; a step they may not open is plain text."""

from __future__ import annotations

import re

from tests.helpers import login


def _crumbs(html: str) -> str:
    return re.search(r'<nav class="utrecht-breadcrumb-nav.*?</nav>', html, re.S).group(0)


def test_a_ward_user_sees_the_municipality_as_text_and_every_crumb_link_opens(
    client, helmond, make_user, make_programme, make_action
):
    gm, binnenstad, _ = helmond
    programme = make_programme(binnenstad, title="WOP Binnenstad")
    action = make_action(programme, "Buurtkamer")
    login(client, make_user("team@helmond.nl", "team_member", binnenstad))
    pages = [
        "/gebieden/WK079410",
        "/wijken/WK079410/overzicht",
        f"/programmas/{programme.id}",
        f"/acties/{action.id}",
        f"/acties/{action.id}/voortgang",
        f"/programmas/{programme.id}/inbreng",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        crumbs = _crumbs(response.get_data(as_text=True))
        for href in re.findall(r'href="([^"]+)"', crumbs):
            assert client.get(href.replace("&amp;", "&")).status_code == 200, (page, href)
    crumbs = _crumbs(client.get("/gebieden/WK079410").get_data(as_text=True))
    assert '<span class="utrecht-breadcrumb-nav__link">Helmond</span>' in crumbs
    assert "/gebieden/GM0794" not in crumbs
