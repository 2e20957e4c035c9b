"""Themes: a deactivated theme is no longer offered but stays on what has it; each municipality keeps its own list
next to the shared one, and a theme of another municipality cannot be chosen, not even by hand."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.core.models import RoleAssignment
from planner.extensions import db
from planner.opgaven.models import Opgave, Theme
from planner.opgaven.services import save_theme, set_theme_active
from planner.participation.models import Contribution
from planner.programmes.models import Goal
from tests.helpers import login, login_as


def _error_beside(response, field: str) -> str:
    match = re.search(rf'id="{field}-fout">(.*?)</div>', response.get_data(as_text=True), re.S)
    assert match, f"no error beside {field}"
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _options(html: str, name: str) -> list[str]:
    """The labels offered in the select (or checkboxes) called `name`."""
    select_ = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    if select_:
        return [unescape(t).strip() for t in re.findall(r"<option[^>]*>(.*?)</option>", select_.group(0), re.S)]
    return [unescape(t).strip() for t in re.findall(rf'name="{name}"[^>]*>\s*<label[^>]*>(.*?)</label>', html, re.S)]


def _selected(html: str, name: str) -> list[str]:
    select_ = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S)
    return [unescape(t).strip() for t in re.findall(r"<option selected[^>]*>(.*?)</option>", select_.group(0), re.S)]


@pytest.fixture
def two_municipalities(helmond, make_area, make_user, make_programme):
    gm, ward, _ = helmond
    almere = make_area("GM0034", "Almere")
    almere_ward = make_area("WK003401", "Almere-Haven", almere)
    db.session.commit()
    helmond_theme = save_theme(None, name="Kanaalzone", area=gm)
    almere_theme = save_theme(None, name="Strand en water", area=almere)
    db.session.commit()
    return {
        "helmond": gm,
        "ward": ward,
        "almere": almere,
        "almere_ward": almere_ward,
        "helmond_theme": helmond_theme,
        "almere_theme": almere_theme,
        "team": make_user("team@helmond.nl", "team_member", ward),
        "programme": make_programme(ward),
    }


def test_a_deactivated_theme_is_not_offered_but_stays_selected_where_it_was_chosen(
    client, helmond, make_user, make_programme, react
):
    _, ward, _ = helmond
    wonen = db.session.scalar(select(Theme).where(Theme.name == "Wonen"))
    programme = make_programme(ward)
    goal = programme.goals[0]
    goal.theme = wonen
    set_theme_active(wonen, False)
    db.session.commit()
    login(client, make_user("team@helmond.nl", "team_member", ward))
    new_goal = client.get(f"/programmas/{programme.id}/doelen/nieuw").get_data(as_text=True)
    assert "Veiligheid" in _options(new_goal, "theme_id") and "Wonen" not in _options(new_goal, "theme_id")
    editing = client.get(f"/programmas/{programme.id}/doelen/{goal.id}/bewerken").get_data(as_text=True)
    assert _selected(editing, "theme_id") == ["Wonen"]
    assert "Wonen" not in _options(client.get("/opgaven/nieuw").get_data(as_text=True), "theme_ids")
    assert "Wonen" not in _options(
        client.get(f"/programmas/{programme.id}/inbreng/nieuw").get_data(as_text=True), "theme_id"
    )
    assert "Wonen" in client.get(f"/programmas/{programme.id}").get_data(as_text=True)  # the goal still shows it

    response = client.post(f"/programmas/{programme.id}/doelen/nieuw", data={"title": "Nieuw", "theme_id": wonen.id})
    assert response.status_code == 200 and _error_beside(response, "theme_id")
    assert db.session.scalar(select(func.count(Goal.id)).where(Goal.programme_id == programme.id)) == 1
    response = client.post(
        f"/programmas/{programme.id}/inbreng/nieuw", data={"text": "Meer woningen", "target": "", "theme_id": wonen.id}
    )
    assert response.status_code == 200 and _error_beside(response, "theme_id")
    assert db.session.scalar(select(func.count(Contribution.id))) == 0


def test_theme_choices_offer_the_own_municipalitys_themes_and_the_shared_ones(client, two_municipalities):
    w = two_municipalities
    login(client, w["team"])
    offered = _options(client.get(f"/programmas/{w['programme'].id}/doelen/nieuw").get_data(as_text=True), "theme_id")
    assert "Kanaalzone" in offered and "Wonen" in offered and "Strand en water" not in offered
    offered = _options(client.get("/opgaven/nieuw").get_data(as_text=True), "theme_ids")
    assert "Kanaalzone" in offered and "Strand en water" not in offered


def test_a_theme_of_another_municipality_posted_by_hand_is_refused_and_nothing_stored(client, two_municipalities):
    w = two_municipalities
    login(client, w["team"])
    programme = w["programme"]
    response = client.post(
        f"/programmas/{programme.id}/doelen/nieuw", data={"title": "Aan het water", "theme_id": w["almere_theme"].id}
    )
    assert response.status_code == 200 and "Kies een van de mogelijkheden" in _error_beside(response, "theme_id")
    response = client.post(
        "/opgaven/nieuw",
        data={
            "area_id": w["ward"].id,
            "title": "Water",
            "statement": "Te weinig water.",
            "kind": "maatschappelijk",
            "priority": "middel",
            "theme_ids": [w["almere_theme"].id],
        },
    )
    assert response.status_code == 200 and _error_beside(response, "theme_ids")
    assert db.session.scalar(select(func.count(Goal.id)).where(Goal.programme_id == programme.id)) == 1
    assert db.session.scalar(select(func.count(Opgave.id))) == 0


def test_the_services_refuse_a_theme_of_another_municipality(two_municipalities):
    from planner.core.errors import PlannerError
    from planner.programmes.services import add_goal

    w = two_municipalities
    with pytest.raises(PlannerError, match="hoort bij een andere gemeente"):
        add_goal(w["programme"], "Aan het water", theme=w["almere_theme"])


def test_a_municipal_admin_keeps_the_own_list_and_reads_the_shared_one(client, two_municipalities, make_user):
    w = two_municipalities
    admin = make_user("beheer@helmond.nl", "admin", w["helmond"])
    login(client, admin)
    page = client.get("/beheer/themas").get_data(as_text=True)
    assert "Alleen Helmond" in page and "Kanaalzone" in page and "Strand en water" not in page
    assert f"/beheer/themas/{db.session.scalar(select(Theme.id).where(Theme.name == 'Wonen'))}" not in page

    response = client.post("/beheer/themas/nieuw", data={"name": "kanaalzone", "area_id": w["helmond"].id})
    assert "al een thema" in _error_beside(response, "name")
    response = client.post("/beheer/themas/nieuw", data={"name": "wonen", "area_id": w["helmond"].id})
    assert "gedeeld door alle gemeenten" in _error_beside(response, "name")
    response = client.post("/beheer/themas/nieuw", data={"name": "Eigen thema", "area_id": w["almere"].id})
    assert _error_beside(response, "area_id")
    response = client.post("/beheer/themas/nieuw", data={"name": "Voor iedereen", "area_id": ""})
    assert _error_beside(response, "area_id")
    assert db.session.scalar(select(func.count(Theme.id)).where(Theme.name.in_(["Eigen thema", "Voor iedereen"]))) == 0
    assert client.post(f"/beheer/themas/{w['almere_theme'].id}", data={"name": "Van mij"}).status_code == 404
    wonen = db.session.scalar(select(Theme).where(Theme.name == "Wonen"))
    assert client.post(f"/beheer/themas/{wonen.id}/deactiveren").status_code == 403
    assert wonen.active

    response = client.post(
        "/beheer/themas/nieuw", data={"name": "Strand en water", "area_id": w["helmond"].id}, follow_redirects=True
    )
    assert response.status_code == 200  # the same name as Almere's own theme is fine in Helmond
    mine = db.session.scalar(select(Theme).where(Theme.name == "Strand en water", Theme.area_id == w["helmond"].id))
    assert mine is not None


def test_an_admin_of_every_municipality_keeps_the_shared_list(client, two_municipalities, make_user):
    w = two_municipalities
    admin = make_user("beheer@regio.nl", "admin", w["helmond"])
    db.session.add(RoleAssignment(user=admin, role="admin", area=w["almere"]))
    db.session.commit()
    client = login_as(client, admin)
    response = client.post("/beheer/themas/nieuw", data={"name": "Kanaalzone", "area_id": ""})
    assert "(van Helmond)" in _error_beside(response, "name")
    assert client.post("/beheer/themas/nieuw", data={"name": "Cultuur", "area_id": ""}).status_code == 302
    assert db.session.scalar(select(Theme).where(Theme.name == "Cultuur")).area_id is None


def test_the_api_theme_filter_finds_the_own_municipalitys_theme_when_another_has_the_same_name(
    client, two_municipalities, make_opgave, make_user
):
    from planner.api.services import issue_token

    w = two_municipalities
    save_theme(None, name="Water", area=w["almere"])
    water = save_theme(None, name="Water", area=w["helmond"])
    make_opgave(w["ward"], title="Droge voeten", themes=[water])
    _, secret = issue_token(make_user("raad@helmond.nl", "reader", w["helmond"]), "test")
    db.session.commit()
    doc = client.get("/api/v1/opgaven?theme=Water", headers={"Authorization": f"Bearer {secret}"}).get_json()
    assert [o["title"] for o in doc["items"]] == ["Droge voeten"]


def test_an_editor_in_two_municipalities_sees_which_municipality_a_theme_belongs_to(client, two_municipalities):
    w = two_municipalities
    db.session.add(RoleAssignment(user=w["team"], role="team_member", area=w["almere_ward"]))
    db.session.commit()
    login(client, w["team"])
    offered = _options(client.get("/opgaven/nieuw").get_data(as_text=True), "theme_ids")
    assert "Kanaalzone (Helmond)" in offered and "Strand en water (Almere)" in offered and "Wonen" in offered
    response = client.post(
        "/opgaven/nieuw",
        data={
            "area_id": w["ward"].id,
            "title": "Water",
            "statement": "Te weinig water.",
            "kind": "maatschappelijk",
            "priority": "middel",
            "theme_ids": [w["almere_theme"].id],
        },
    )
    assert "hoort bij een andere gemeente" in _error_beside(response, "theme_ids")
    assert db.session.scalar(select(func.count(Opgave.id))) == 0
