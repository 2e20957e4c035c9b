"""The trekker of an action is an organisation (with a contact person), and parties record what they commit."""

from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.actions import services
from planner.actions.models import Action, Commitment
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.opgaven.models import Organisation
from tests.helpers import csrf_token, login


@pytest.fixture
def parties(ctx):
    lev = Organisation(name="LEV-groep", kind="zorg_welzijn", active=True)
    platform = Organisation(name="Bewonersplatform Binnenstad", kind="bewonersorganisatie", active=True)
    gone = Organisation(name="Oude stichting", kind="overig", active=False)
    db.session.add_all([lev, platform, gone])
    db.session.commit()
    return lev, platform, gone


def _form(**overrides):
    data = {
        "title": "Buurtkamer openen",
        "description": "",
        "goal_id": "",
        "parent_id": "",
        "owner_organisation_id": "",
        "owner_person": "",
        "status": "gepland",
        "progress": "0",
        "weight": "1",
        "start_date": "2026-03-01",
        "end_date": "2026-12-31",
    }
    data.update(overrides)
    return data


def test_the_action_form_offers_active_organisations_and_the_page_shows_trekker_and_person(
    client, helmond, make_user, make_programme, parties
):
    _, ward, _ = helmond
    lev, platform, gone = parties
    programme = make_programme(ward)
    login(client, make_user("team@helmond.nl", "team_member", ward))
    page = client.get(f"/programmas/{programme.id}/acties/nieuw").get_data(as_text=True)
    assert "Bewonersplatform Binnenstad" in page and "Oude stichting" not in page
    response = client.post(
        f"/programmas/{programme.id}/acties/nieuw",
        data=_form(owner_organisation_id=str(platform.id), owner_person="Henk Swinkels", **{f"weight-{ward.id}": "1"}),
    )
    assert response.status_code == 302
    action = db.session.scalars(select(Action)).one()
    assert (action.owner_organisation, action.owner_person) == (platform, "Henk Swinkels")
    assert action.owner == "Bewonersplatform Binnenstad (Henk Swinkels)"
    detail = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert "Bewonersplatform Binnenstad" in detail and "Henk Swinkels" in detail
    # Searching by the trekker's name finds the action.
    assert "Buurtkamer openen" in client.get("/programmas/zoeken?q=bewonersplatform").get_data(as_text=True)


def test_a_deactivated_organisation_stays_trekker_but_cannot_become_one(helmond, make_programme, make_action, parties):
    _, ward, _ = helmond
    lev, _, gone = parties
    programme = make_programme(ward)
    with pytest.raises(PlannerError) as refused:
        services.create_action(programme, title="Nieuw", owner_organisation=gone)
    assert refused.value.field == "owner_organisation_id" and "gedeactiveerd" in refused.value.message
    db.session.rollback()
    action = make_action(programme, "Oud", owner_organisation=lev)
    lev.active = False
    db.session.commit()
    services.update_action(action, None, owner_person="Fatima", owner_organisation=lev)  # history stays
    assert action.owner == "LEV-groep (Fatima)"


def test_commitments_are_stored_with_exact_amounts_and_bad_ones_are_refused(
    helmond, make_programme, make_action, parties
):
    _, ward, _ = helmond
    lev, platform, gone = parties
    action = make_action(make_programme(ward))
    commitment = services.add_commitment(
        action, organisation=platform, kind="uren", amount=Decimal("120.5"), description=" Vrijwilligers "
    )
    assert (commitment.amount, commitment.description, commitment.kind_label) == (
        Decimal("120.50"),
        "Vrijwilligers",
        "Uren",
    )
    for kwargs, field, text in (
        ({"organisation": None}, "organisation_id", "Kies de partij"),
        ({"amount": Decimal("-1")}, "amount", "niet negatief"),
        ({"amount": None}, "amount", "Vul een bedrag"),
        ({"kind": "bitcoin"}, "kind", "geld, uren of in natura"),
        ({"organisation": gone}, "organisation_id", "gedeactiveerd"),
    ):
        values = {"organisation": lev, "kind": "geld", "amount": Decimal("500"), **kwargs}
        with pytest.raises(PlannerError) as refused:
            services.add_commitment(action, **values)
        assert refused.value.field == field and text in refused.value.message
    services.remove_commitment(commitment)
    assert db.session.scalar(select(func.count(Commitment.id))) == 0


def test_a_team_member_adds_and_removes_a_commitment_on_the_action_page(
    client, helmond, make_user, make_programme, make_action, parties
):
    _, ward, _ = helmond
    lev, _, _ = parties
    action = make_action(make_programme(ward))
    login(client, make_user("team@helmond.nl", "team_member", ward))
    url = f"/acties/{action.id}"
    response = client.post(
        f"{url}/inzet",
        data={
            "csrf_token": csrf_token(client, url),
            "organisation_id": lev.id,
            "kind": "geld",
            "amount": "2.500,50",
            "description": "Subsidie",
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#inzet")
    (commitment,) = db.session.scalars(select(Commitment)).all()
    assert (commitment.organisation, commitment.amount) == (lev, Decimal("2500.50"))
    page = client.get(url).get_data(as_text=True)
    assert "Inzet van partijen" in page and "Subsidie" in page
    asked = client.post(f"/inzet/{commitment.id}/verwijderen", data={"csrf_token": csrf_token(client, url)})
    html = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200 and f"Inzet van {lev.name} bij actie {action.number} verwijderen?" in html
    assert "€ 2.500,50" in html.replace("\xa0", " ") and "blijft partner" in html
    assert db.session.scalar(select(func.count(Commitment.id))) == 1
    response = client.post(
        f"/inzet/{commitment.id}/verwijderen", data={"csrf_token": csrf_token(client, url), "bevestigd": "ja"}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Commitment.id))) == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount": "-10"}, "amount", "Een inzet kan niet negatief zijn. Vul 0 of meer in."),
        ({"amount": "veel"}, "amount", "Vul een getal in, bijvoorbeeld 1,5."),
        ({"organisation_id": ""}, "organisation_id", "Kies de partij die deze inzet levert."),
        ({"organisation_id": "999999"}, "organisation_id", "Kies een van de mogelijkheden uit de lijst."),
    ],
    ids=["negative", "not-a-number", "no-party", "unknown-party"],
)
def test_bad_commitment_input_gets_a_dutch_message_beside_its_field_and_nothing_is_stored(
    client, helmond, make_user, make_programme, make_action, parties, overrides, field, message
):
    _, ward, _ = helmond
    lev, _, _ = parties
    action = make_action(make_programme(ward))
    login(client, make_user("team@helmond.nl", "team_member", ward))
    url = f"/acties/{action.id}"
    data = {
        "csrf_token": csrf_token(client, url),
        "organisation_id": str(lev.id),
        "kind": "geld",
        "amount": "100",
        "description": "",
        **overrides,
    }
    response = client.post(f"{url}/inzet", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-fout"' in html and message in html.replace("&#39;", "'")
    assert db.session.scalar(select(func.count(Commitment.id))) == 0


def test_another_wards_team_gets_404_and_a_reader_403_for_commitments(
    client, helmond, make_user, make_programme, make_action, parties
):
    gm, ward, other = helmond
    lev, _, _ = parties
    action = make_action(make_programme(ward))
    commitment = services.add_commitment(action, organisation=lev, kind="geld", amount=Decimal("10"))
    db.session.commit()
    login(client, make_user("oost@helmond.nl", "team_member", other))
    token = csrf_token(client, "/")
    assert (
        client.post(
            f"/acties/{action.id}/inzet",
            data={"csrf_token": token, "organisation_id": lev.id, "kind": "geld", "amount": "5"},
        ).status_code
        == 404
    )
    confirmed = {"csrf_token": token, "bevestigd": "ja"}
    assert client.post(f"/inzet/{commitment.id}/verwijderen", data=confirmed).status_code == 404
    assert client.post("/inzet/999999/verwijderen", data=confirmed).status_code == 404
    assert db.session.scalar(select(func.count(Commitment.id))) == 1


def test_history_shows_a_change_of_trekker_by_the_organisations_names(
    client, helmond, make_user, make_programme, make_action, parties
):
    _, ward, _ = helmond
    lev, platform, _gone = parties
    action = make_action(make_programme(ward), owner_organisation=lev)
    services.update_action(action, None, owner_organisation=platform)
    db.session.commit()
    login(client, make_user("team@helmond.nl", "team_member", ward))
    history = client.get(f"/acties/{action.id}/historie").get_data(as_text=True)
    assert "<del>LEV-groep</del> → <ins>Bewonersplatform Binnenstad</ins>" in history
    history = client.get(f"/programmas/{action.programme_id}/historie").get_data(as_text=True)
    assert "<ins>Bewonersplatform Binnenstad</ins>" in history
