"""Template and revision pages through the test client: success, refusals beside the field, other wards."""

from sqlalchemy import func, select

from planner.extensions import db
from planner.programmes.models import Programme, ProgrammeVersion
from planner.programmes.services import transition
from planner.rollout.models import ProgrammeTemplate, Revision
from planner.rollout.services import save_as_template
from tests.helpers import adoption, login, login_as


def test_a_revision_without_a_reason_is_refused_then_reopens_the_goals_until_it_is_stored(
    client, helmond, make_user, make_programme, make_item
):
    gm, ward, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward, goals=("Minder overlast",))
    for status in ("consultatie", "besluitvorming", "vastgesteld", "uitvoering"):
        transition(programme, status, manager, **(adoption(programme) if status == "vastgesteld" else {}))
    item = make_item(gm, number="RB 2027-12", kind="besluit", title="Herijking wijkaanpak")
    db.session.commit()
    login(client, manager)
    page = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "Programma herzien" in page and "Doel bewerken" not in page

    refused = client.post(f"/programmas/{programme.id}/herzien", data={"reason": "", "agenda_item_id": item.id})
    assert refused.status_code == 200 and "Schrijf waarom het programma wordt herzien" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Revision)) == 0

    opened = client.post(
        f"/programmas/{programme.id}/herzien", data={"reason": "Nieuwe cijfers", "agenda_item_id": item.id}
    )
    assert opened.status_code == 302
    goal = programme.goals[0]
    form = client.get(f"/programmas/{programme.id}/doelen/{goal.id}/bewerken").get_data(as_text=True)
    assert "Doel bewerken" in form
    client.post(
        f"/programmas/{programme.id}/doelen/{goal.id}/bewerken",
        data={"title": "Veel minder overlast", "description": "", "theme_id": "", "lock_version": goal.lock_version},
    )
    client.post(f"/programmas/{programme.id}/herzien/afronden")
    version = db.session.scalars(select(ProgrammeVersion).order_by(ProgrammeVersion.number.desc())).first()
    assert "Nieuwe cijfers" in version.note and "RB 2027-12" in version.note
    assert version.snapshot["goals"][0]["title"] == "Veel minder overlast"
    assert "Doel bewerken" not in client.get(f"/programmas/{programme.id}").get_data(as_text=True)


def test_a_team_cannot_roll_out_to_another_ward_and_nothing_is_stored(client, helmond, make_user, make_programme):
    gm, ward, other = helmond
    team = make_user("team@helmond.nl", "team_member", ward)
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    template = save_as_template(make_programme(ward), manager, title="Buurtkamers", fits_when="Weinig ontmoeting.")
    db.session.commit()
    before = db.session.scalar(select(func.count()).select_from(Programme))
    login(client, team)
    page = client.get(f"/sjablonen/{template.id}/uitrollen").get_data(as_text=True)
    assert "Binnenstad (WK079410)" in page and "Helmond-Oost" not in page
    response = client.post(
        f"/sjablonen/{template.id}/uitrollen", data={"ward_ids": [other.id], "start": "01-01-2027", "title": ""}
    )
    assert "alleen wijken waarin u programma" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Programme)) == before


def test_readers_see_no_templates_and_editors_save_one_from_the_programme_page(
    client, helmond, make_user, make_programme, adopt
):
    gm, ward, _ = helmond
    programme = adopt(make_programme(ward, title="WOP Binnenstad"))
    reader = make_user("raad@helmond.nl", "reader", gm)
    team = make_user("team@helmond.nl", "team_member", ward)
    login(client, reader)
    assert "Opslaan als sjabloon" not in client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert client.get("/sjablonen/").status_code == 403
    client = login_as(client, team)
    assert "Opslaan als sjabloon" in client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    response = client.post(
        f"/programmas/{programme.id}/sjabloon",
        data={
            "title": "Buurtkamers",
            "fits_when": "Weinig ontmoeting.",
            "steps": "Bewonersavond\nRaadsvoorstel\nBewonersavond",
            "goal_ids": [g.id for g in programme.goals],
        },
    )
    template = db.session.scalars(select(ProgrammeTemplate)).one()
    assert response.headers["Location"].endswith(f"/sjablonen/{template.id}")
    assert template.steps == ["Bewonersavond", "Raadsvoorstel"] and template.actions == []
    assert "Buurtkamers" in client.get("/sjablonen/").get_data(as_text=True)
    assert "nog niet" in client.get(f"/sjablonen/{template.id}").get_data(as_text=True)
