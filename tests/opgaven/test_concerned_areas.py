"""An opgave on several areas: the owning area decides who sees and edits it; the areas it concerns lie
within it, show on its page and find it in the list's area filter."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.api.services import issue_token
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.opgaven import services
from planner.opgaven.models import Opgave
from tests.helpers import login, login_as


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _form(**overrides) -> dict:
    return {
        "title": "Armoede in Binnenstad en Oost",
        "statement": "Gezinnen in twee wijken redden het niet van hun inkomen.",
        "kind": "maatschappelijk",
        "priority": "hoog",
    } | overrides


@pytest.fixture
def people(helmond, make_user):
    gm, binnenstad, oost = helmond
    return {
        "manager": make_user("manager@helmond.nl", "area_manager", gm),
        "team": make_user("team@helmond.nl", "team_member", binnenstad),
        "oost": make_user("oost@helmond.nl", "team_member", oost),
    }


def test_a_gemeente_opgave_on_two_wijken_shows_them_and_is_found_under_each(client, helmond, people):
    gm, binnenstad, oost = helmond
    login(client, people["manager"])
    response = client.post("/opgaven/nieuw", data=_form(area_id=gm.id, concerned_area_ids=[binnenstad.id, oost.id]))
    assert response.status_code == 302
    opgave = db.session.scalar(select(Opgave).where(Opgave.title == "Armoede in Binnenstad en Oost"))
    assert (opgave.area, opgave.concerned_areas) == (gm, [binnenstad, oost])
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert "Gaat ook over Binnenstad (wijk), Helmond-Oost (wijk)" in page
    assert "Armoede in Binnenstad en Oost" in _text(client.get("/opgaven/?gebied=WK079411"))

    form = client.get(f"/opgaven/{opgave.id}/bewerken").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*value="{oost.id}"|value="{oost.id}"[^>]*checked', form)
    response = client.post(
        f"/opgaven/{opgave.id}/bewerken",
        data=_form(area_id=gm.id, concerned_area_ids=[binnenstad.id], lock_version=opgave.lock_version),
    )
    assert response.status_code == 302
    assert "Armoede in Binnenstad en Oost" not in _text(client.get("/opgaven/?gebied=WK079411"))


def test_the_filter_keeps_the_owning_area_deciding_who_sees_the_opgave(client, helmond, people, make_opgave):
    gm, binnenstad, oost = helmond
    make_opgave(gm, title="Armoede overal", concerned_areas=[oost])
    make_opgave(binnenstad, title="Levendige binnenstad")
    oost_team = login_as(client, people["oost"])
    # The Oost team may not see a municipality's opgave, even one that concerns its ward.
    assert "Armoede overal" not in _text(oost_team.get("/opgaven/?gebied=WK079411"))
    manager = login_as(client, people["manager"])
    listed = _text(manager.get("/opgaven/?gebied=WK079411"))
    assert "Armoede overal" in listed and "Levendige binnenstad" not in listed


def test_a_concerned_area_outside_the_owning_area_is_refused_beside_the_field(client, helmond, people):
    gm, binnenstad, oost = helmond
    login(client, people["manager"])
    before = db.session.scalar(select(func.count()).select_from(Opgave))
    response = client.post("/opgaven/nieuw", data=_form(area_id=binnenstad.id, concerned_area_ids=[oost.id]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = re.search(r'id="concerned_area_ids-fout">(.*?)</div>', html, re.S)
    assert error and "Helmond-Oost ligt niet binnen Binnenstad" in unescape(error.group(1))
    assert db.session.scalar(select(func.count()).select_from(Opgave)) == before


def test_moving_the_owning_area_checks_the_concerned_areas_again(helmond, people, make_opgave):
    gm, binnenstad, oost = helmond
    opgave = make_opgave(gm, concerned_areas=[oost])
    with pytest.raises(PlannerError) as refused:
        services.update_opgave(opgave, None, area=binnenstad)
    db.session.rollback()
    assert refused.value.field == "concerned_area_ids"
    assert db.session.get(Opgave, opgave.id).area == gm


def test_a_team_can_only_pick_areas_within_its_grants(client, helmond, people):
    gm, binnenstad, oost = helmond
    login(client, people["team"])
    form = client.get("/opgaven/nieuw").get_data(as_text=True)
    assert f'value="{oost.id}"' not in form.split('id="concerned_area_ids"')[1].split("</fieldset>")[0]
    response = client.post("/opgaven/nieuw", data=_form(area_id=binnenstad.id, concerned_area_ids=[oost.id]))
    assert "Kies alleen uit de lijst" in _text(response)


def test_the_api_names_the_concerned_areas_and_filters_on_them(client, helmond, people, make_opgave):
    gm, binnenstad, oost = helmond
    opgave = make_opgave(gm, title="Armoede overal", concerned_areas=[oost])
    _, secret = issue_token(people["manager"], "test")
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    found = client.get("/api/v1/opgaven?area=WK079411", headers=headers).get_json()["items"]
    assert [(o["id"], o["area"], o["concerned_areas"]) for o in found] == [(opgave.id, "GM0794", ["WK079411"])]
    assert client.get("/api/v1/opgaven?area=WK079410", headers=headers).get_json()["items"] == []
