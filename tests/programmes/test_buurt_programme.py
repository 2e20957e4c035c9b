"""A programme for a buurt: created from the buurt's page, listed there and on its wijk, and counted for its
wijk in the comparison and the ward overview."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

from sqlalchemy import select

from planner.extensions import db
from planner.programmes.models import Programme
from planner.tracking.comparison import compare
from tests.helpers import login, login_as


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def test_a_team_creates_a_programme_for_a_buurt_and_it_rolls_up_to_the_wijk(
    client, helmond, make_area, make_user, make_action
):
    gm, binnenstad, _ = helmond
    buurt = make_area("BU07941001", "Centrum", binnenstad)
    db.session.commit()
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    login(client, team)
    form = client.get("/programmas/nieuw?area=BU07941001").get_data(as_text=True)
    assert re.search(rf'<option selected value="{buurt.id}"|<option value="{buurt.id}" selected', form)
    response = client.post(
        "/programmas/nieuw",
        data={"area_id": buurt.id, "title": "Centrum leeft", "start_year": 2026, "end_year": 2028},
    )
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme).where(Programme.title == "Centrum leeft"))
    assert programme.area == buurt
    make_action(programme, title="Buurtkamer openen", status="loopt")

    assert "Centrum leeft" in _text(client.get("/gebieden/BU07941001"))
    assert "Centrum leeft" in _text(client.get("/gebieden/WK079410"))
    assert "Centrum leeft" in _text(client.get("/wijken/WK079410/overzicht"))
    assert client.get("/begroting/BU07941001").status_code == 200
    manager_user = make_user("manager@helmond.nl", "area_manager", gm)
    manager = login_as(client, manager_user)
    assert "Binnenstad" in _text(manager.get("/vergelijking?gebied=GM0794&jaar=2026"))
    result = compare(manager_user, gm, year=2026, today=date(2026, 6, 1))
    rows = {r.code: r for r in result.rows}
    assert (rows["WK079410"].total, rows["WK079410"].by_status) == (1, {"loopt": 1})  # the buurt's action, in its wijk
    assert rows["WK079411"].total == 0
