"""The partner role: granted on an opgave, it reads that opgave's programmes (drafts included) and reports on
the actions its organisation leads; everything else stays closed, in pages, lists, search and the API."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from planner.actions.models import Action
from planner.api.services import issue_token
from planner.areas.models import Area
from planner.core.models import User
from planner.demo import content
from planner.extensions import db
from planner.opgaven.models import Opgave, Organisation, PartnerGrant
from planner.opgaven.services import grant_partner, revoke_partner
from planner.programmes.models import Programme
from planner.tracking.models import ProgressUpdate
from planner.tracking.services import current_period
from tests.helpers import login

PARTNER = f"partner.woonpartners@{content.DOMAIN}"


def _one(model, *where):
    return db.session.scalars(select(model).where(*where)).one()


def _partner_client(client):
    login(client, _one(User, User.email == PARTNER), password=content.PASSWORD)
    return client


def _binnenstad():
    return _one(Programme, Programme.title == "Wijkontwikkelprogramma Binnenstad 2025–2028")


def _noord():
    return _one(Programme, Programme.title == "Wijkontwikkelprogramma Helmond-Noord 2026–2029")


def _draft_in_binnenstad_opgave(make_programme):
    draft = make_programme(_one(Area, Area.code == "WK079410"), title="Concept tweede fase binnenstad")
    draft.opgave_id = _binnenstad().opgave_id
    db.session.commit()
    assert draft.status == "concept"
    return draft


def _oost():
    return _one(Programme, Programme.title == "Wijkontwikkelprogramma Helmond-Oost 2026–2029")


def test_demo_partner_is_granted_on_binnenstad_and_the_noord_draft_for_woonpartners_and_has_reported(demo):
    grants = db.session.scalars(select(PartnerGrant).where(PartnerGrant.user.has(User.email == PARTNER))).all()
    assert {(g.opgave_id, g.programme_id, g.organisation.name) for g in grants} == {
        (_binnenstad().opgave_id, None, "Woonpartners"),
        (None, _noord().id, "Woonpartners"),
    }
    grant = grants[0]
    assert not grant.user.roles
    assert db.session.scalar(
        select(func.count()).select_from(ProgressUpdate).where(ProgressUpdate.author_id == grant.user_id)
    )


def test_partner_sees_the_granted_opgave_and_its_draft_programme(client, demo, make_programme):
    draft = _draft_in_binnenstad_opgave(make_programme)
    _partner_client(client)
    assert client.get(f"/opgaven/{draft.opgave_id}").status_code == 200
    assert client.get(f"/programmas/{draft.id}").status_code == 200
    assert client.get(f"/programmas/{_binnenstad().id}").status_code == 200
    action = _binnenstad().actions[0]
    assert client.get(f"/acties/{action.id}").status_code == 200
    listing = client.get("/programmas/").get_data(as_text=True)
    assert "Concept tweede fase binnenstad" in listing and "Helmond-Oost" not in listing


def test_every_link_on_the_partners_programme_and_action_pages_opens(client, demo):
    _partner_client(client)
    programme, action = _binnenstad(), _binnenstad().actions[0]
    page = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    page += client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert 'href="/gebieden/' not in page  # no area role: the ward's page is closed to a partner
    assert client.get(f"/programmas/{programme.id}/tijdlijn").status_code == 200
    assert client.get(f"/acties/{action.id}/politiek").status_code == 200


def test_partner_gets_404_for_another_wards_draft_another_opgave_and_their_actions(client, demo):
    oost = _oost()
    assert oost.is_draft
    _partner_client(client)
    assert client.get(f"/programmas/{oost.id}").status_code == 404
    assert client.get(f"/opgaven/{oost.opgave_id}").status_code == 404
    for action in oost.actions:
        assert client.get(f"/acties/{action.id}").status_code == 404
    granted = (_binnenstad().opgave_id, _noord().opgave_id)
    other = db.session.scalars(select(Opgave).where(Opgave.id.not_in(granted))).all()
    assert other
    for opgave in other:
        assert client.get(f"/opgaven/{opgave.id}").status_code == 404


def test_lists_search_csv_and_api_do_not_leak_other_programmes(client, demo, make_programme):
    _draft_in_binnenstad_opgave(make_programme)
    partner = _one(User, User.email == PARTNER)
    _, secret = issue_token(partner, "test")
    db.session.commit()
    _partner_client(client)
    assert "Helmond-Oost" not in client.get("/programmas/zoeken?q=Wijkontwikkelprogramma").get_data(as_text=True)
    assert "Binnenstad" in client.get("/programmas/zoeken?q=Wijkontwikkelprogramma").get_data(as_text=True)
    csv = client.get("/programmas/export.csv").get_data(as_text=True)
    assert "Helmond-Oost" not in csv and "Concept tweede fase binnenstad" in csv
    api = client.get("/api/v1/programmes", headers={"Authorization": f"Bearer {secret}"}).get_json()
    titles = {p["title"] for p in api["items"]}
    assert titles == {
        "Wijkontwikkelprogramma Binnenstad 2025–2028",
        "Concept tweede fase binnenstad",
        "Wijkontwikkelprogramma Helmond-Noord 2026–2029",
    }
    opgaven = client.get("/opgaven/").get_data(as_text=True)
    assert _one(Opgave, Opgave.id == _oost().opgave_id).title not in opgaven


def _report(client, action, text="Bouw gestart volgens planning."):
    return client.post(
        f"/acties/{action.id}/voortgang",
        data={"period": current_period(date.today()), "progress": 55, "status": action.status, "text": text},
    )


def test_partner_reports_progress_on_the_action_woonpartners_leads(client, demo):
    action = _one(
        Action, Action.title == "Transformatie Markt 12–16 tot 18 woningen", Action.programme_id == _binnenstad().id
    )
    assert action.owner_organisation.name == "Woonpartners"
    _partner_client(client)
    assert client.get(f"/acties/{action.id}/voortgang").status_code == 200
    response = _report(client, action)
    assert response.status_code == 302
    assert db.session.scalar(
        select(func.count()).select_from(ProgressUpdate).where(ProgressUpdate.text == "Bouw gestart volgens planning.")
    )


def test_partner_is_refused_on_an_action_another_organisation_leads_and_nothing_is_stored(client, demo):
    action = _one(Action, Action.title == "Pandenaanpak leegstaande winkels", Action.programme_id == _binnenstad().id)
    assert action.owner_organisation.name != "Woonpartners"
    before = db.session.scalar(select(func.count()).select_from(ProgressUpdate))
    _partner_client(client)
    response = _report(client, action, text="Mag niet")
    assert response.status_code == 403
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(ProgressUpdate)) == before
    # Editing stays area-based: no partner edits the programme or an action.
    assert client.get(f"/programmas/{_binnenstad().id}/bewerken").status_code == 403


def test_partner_menu_has_no_budget_or_import_links_and_those_pages_are_404(client, demo):
    _partner_client(client)
    html = client.get("/").get_data(as_text=True)
    for label in ("Importeren", "Begroting", "Wijken vergelijken", "Gebieden"):
        assert f">{label}<" not in html
    for url in ("/begroting", "/vergelijking", "/importeren/", "/gebruikers", "/gebieden"):
        assert client.get(url).status_code == 404, url


def test_grant_and_revoke_partner_role(demo, make_user):
    user = make_user("partner@example.nl")
    opgave = _one(Opgave, Opgave.id == _noord().opgave_id)
    organisation = _one(Organisation, Organisation.name == "Woonpartners")
    grant = grant_partner(user, opgave, organisation)
    assert revoke_partner(user, grant.id) is grant
    assert revoke_partner(user, grant.id) is None


def test_admin_grants_and_revokes_a_partner_role_on_the_users_page(client, demo):
    partner = _one(User, User.email == PARTNER)
    grant = _one(PartnerGrant, PartnerGrant.user_id == partner.id, PartnerGrant.opgave_id.is_not(None))
    login(client, _one(User, User.email == f"beheerder@{content.DOMAIN}"), password=content.PASSWORD)
    assert PARTNER in client.get("/beheer/gebruikers").get_data(as_text=True)
    page = client.get(f"/beheer/gebruikers/{partner.id}").get_data(as_text=True)
    assert "Partnerrollen" in page and "Woonpartners" in page

    noord = _one(Opgave, Opgave.id == _noord().opgave_id)
    woonpartners = _one(Organisation, Organisation.name == "Woonpartners")
    response = client.post(
        f"/beheer/gebruikers/{partner.id}/partnerrollen",
        data={"opgave_id": noord.id, "organisation_id": woonpartners.id},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    response = client.post(f"/beheer/gebruikers/{partner.id}/partnerrollen", data={"opgave_id": 999999})
    assert response.status_code == 422

    before = len(_one_list(partner))
    asked = client.post(f"/beheer/gebruikers/{partner.id}/partnerrollen/{grant.id}/intrekken")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Partnerrol van" in html and grant.opgave.title in html
    assert 'name="bevestigd" value="ja"' in html and "audittrail blijven" in html
    assert len(_one_list(partner)) == before  # nothing revoked yet
    response = client.post(
        f"/beheer/gebruikers/{partner.id}/partnerrollen/{grant.id}/intrekken", data={"bevestigd": "ja"}
    )
    assert response.status_code == 302
    assert sorted((g.opgave_id or 0, g.programme_id or 0, g.organisation_id) for g in _one_list(partner)) == [
        (0, _noord().id, woonpartners.id),
        (noord.id, 0, woonpartners.id),
    ]


def test_cli_creates_a_partner_on_an_opgave_for_an_organisation(app, runner, demo):
    opgave_id = _binnenstad().opgave_id
    args = ["users", "create", "lid@woonpartners.nl", "--role", "partner", "--opgave", str(opgave_id)]
    refused = runner.invoke(args=[*args, "--password-stdin"], input="een-lang-wachtwoord\n")
    assert refused.exit_code == 2 and "--organisation" in refused.output
    result = runner.invoke(
        args=[*args, "--organisation", "Woonpartners", "--password-stdin"], input="een-lang-wachtwoord\n"
    )
    assert result.exit_code == 0, result.output
    user = _one(User, User.email == "lid@woonpartners.nl")
    assert not user.roles
    assert [(g.opgave_id, g.organisation.name) for g in _one_list(user)] == [(opgave_id, "Woonpartners")]


def _one_list(user):
    return db.session.scalars(select(PartnerGrant).where(PartnerGrant.user_id == user.id)).all()


# ---- a partner granted on one programme ------------------------------------------------------------


def _noord_opgave():
    return _one(Opgave, Opgave.id == _noord().opgave_id)


def _energie_partner(make_user):
    """A person of Energiecoöperatie Helmond granted on the Noord draft only (not on its opgave)."""
    user = make_user("lid@energiecooperatie.nl")
    grant_partner(user, None, _one(Organisation, Organisation.name == "Energiecoöperatie Helmond"), programme=_noord())
    db.session.commit()
    return user


def _sibling_of_noord(make_programme, make_action):
    sibling = make_programme(_one(Area, Area.code == "WK079412"), title="Geheim tweede spoor Noord")
    sibling.opgave_id = _noord().opgave_id
    db.session.commit()
    action = make_action(sibling, title="Stille voorbereiding warmtenet")
    return sibling, action


def test_programme_partner_sees_that_draft_but_gets_404_on_a_sibling_programme_everywhere(
    client, demo, make_user, make_programme, make_action
):
    partner = _energie_partner(make_user)
    sibling, sibling_action = _sibling_of_noord(make_programme, make_action)
    _, secret = issue_token(partner, "test")
    db.session.commit()
    login(client, partner)
    api = {"Authorization": f"Bearer {secret}"}

    assert client.get(f"/programmas/{_noord().id}").status_code == 200
    assert client.get(f"/programmas/{sibling.id}").status_code == 404
    assert client.get(f"/acties/{sibling_action.id}").status_code == 404
    assert client.get(f"/programmas/{sibling.id}/opmerkingen").status_code == 404
    assert client.get(f"/api/v1/programmes/{sibling.id}", headers=api).status_code == 404
    assert client.get(f"/api/v1/actions/{sibling_action.id}", headers=api).status_code == 404
    for url in (
        "/programmas/zoeken?q=Noord",
        "/programmas/zoeken?q=voorbereiding",
        "/programmas/",
        "/programmas/export.csv",
        f"/opgaven/{_noord().opgave_id}",
        f"/opgaven/{_noord().opgave_id}/tafel",
        "/opgaven/",
        "/opgaven/portfolio",
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert "Geheim tweede spoor" not in body and "Stille voorbereiding" not in body, url
    assert "Wijkontwikkelprogramma Helmond-Noord" in client.get("/programmas/zoeken?q=Noord").get_data(as_text=True)
    # The opgave is shown, read-only, with the granted programme only.
    assert _noord_opgave().title in client.get("/opgaven/").get_data(as_text=True)
    assert client.get(f"/opgaven/{_noord().opgave_id}/bewerken").status_code == 403
    # Other opgaven and the Binnenstad programmes stay closed.
    assert client.get(f"/programmas/{_binnenstad().id}").status_code == 404
    assert client.get(f"/opgaven/{_binnenstad().opgave_id}").status_code == 404

    listed = client.get("/api/v1/programmes", headers=api).get_json()
    assert [p["title"] for p in listed["items"]] == ["Wijkontwikkelprogramma Helmond-Noord 2026–2029"]
    actions = client.get("/api/v1/actions", headers=api).get_json()
    assert {a["title"] for a in actions["items"]} == {a.title for a in _noord().actions}
    opgave_doc = client.get(f"/api/v1/opgaven/{_noord().opgave_id}", headers=api).get_json()
    assert [p["title"] for p in opgave_doc["programmes"]] == ["Wijkontwikkelprogramma Helmond-Noord 2026–2029"]


def test_programme_partner_reports_only_on_that_programmes_actions_their_organisation_leads(client, demo, make_user):
    partner = _energie_partner(make_user)
    isolatie = _one(Action, Action.title == "Collectieve inkoop isolatie")
    warmtekaart = _one(Action, Action.title == "Warmtekaart Helmond-Noord")
    login(client, partner)
    assert _report(client, isolatie, text="Eerste inkoopronde gestart.").status_code == 302
    assert _report(client, warmtekaart, text="Mag niet").status_code == 403
    # Energiecoöperatie leads actions in the city-wide programme too: not granted there, so not found.
    elsewhere = db.session.scalars(
        select(Action).where(
            Action.owner_organisation.has(Organisation.name == "Energiecoöperatie Helmond"),
            Action.programme_id != _noord().id,
        )
    ).first()
    if elsewhere is not None:
        assert _report(client, elsewhere, text="Mag niet").status_code == 404


def test_a_grant_is_on_an_opgave_or_a_programme_never_both_or_neither(demo, make_user):
    from sqlalchemy.exc import IntegrityError

    from planner.core.errors import PlannerError

    user = make_user("twijfel@woonpartners.nl")
    woonpartners = _one(Organisation, Organisation.name == "Woonpartners")
    for opgave, programme in ((None, None), (_noord_opgave(), _noord())):
        try:
            grant_partner(user, opgave, woonpartners, programme=programme)
        except PlannerError as refused:
            assert "opgave" in str(refused).lower()
        else:
            raise AssertionError("grant accepted")
    grant_partner(user, None, woonpartners, programme=_noord())
    try:
        grant_partner(user, None, woonpartners, programme=_noord())
    except PlannerError as refused:
        assert "al" in str(refused)
    db.session.rollback()
    # The database holds the rule too, whatever writes to it.
    db.session.add(PartnerGrant(user_id=user.id, organisation_id=woonpartners.id))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("a grant on nothing was stored")
    assert not db.session.scalars(select(PartnerGrant).where(PartnerGrant.user_id == user.id)).all()


def test_admin_grants_a_partner_role_on_one_programme_and_refuses_both(client, demo, make_user):
    user = make_user("nieuw@energiecooperatie.nl")
    grant_partner(user, None, _one(Organisation, Organisation.name == "Woonpartners"), programme=_noord())
    db.session.commit()
    login(client, _one(User, User.email == f"beheerder@{content.DOMAIN}"), password=content.PASSWORD)
    page = client.get(f"/beheer/gebruikers/{user.id}").get_data(as_text=True)
    assert "Programma: Wijkontwikkelprogramma Helmond-Noord" in page and "Of één programma" in page
    energie = _one(Organisation, Organisation.name == "Energiecoöperatie Helmond")
    url = f"/beheer/gebruikers/{user.id}/partnerrollen"
    both = client.post(
        url, data={"opgave_id": _noord().opgave_id, "programme_id": _noord().id, "organisation_id": energie.id}
    )
    assert both.status_code == 422 and "niet allebei" in both.get_data(as_text=True)
    neither = client.post(url, data={"opgave_id": "", "programme_id": "", "organisation_id": energie.id})
    assert neither.status_code == 422 and "Kies de opgave of het programma" in neither.get_data(as_text=True)
    db.session.rollback()
    assert len(_one_list(user)) == 1
    done = client.post(url, data={"opgave_id": "", "programme_id": _noord().id, "organisation_id": energie.id})
    assert done.status_code == 302
    db.session.rollback()
    assert sorted(g.organisation.name for g in _one_list(user)) == ["Energiecoöperatie Helmond", "Woonpartners"]


def test_cli_creates_a_partner_on_one_programme(app, runner, demo):
    programme_id = _noord().id
    args = ["users", "create", "lid@energie.nl", "--role", "partner", "--programme", str(programme_id)]
    both = runner.invoke(
        args=[*args, "--opgave", "1", "--organisation", "Woonpartners", "--password-stdin"], input="x\n"
    )
    assert both.exit_code == 2 and "--programme" in both.output
    result = runner.invoke(
        args=[*args, "--organisation", "Energiecoöperatie Helmond", "--password-stdin"], input="een-lang-wachtwoord\n"
    )
    assert result.exit_code == 0, result.output
    assert "programma Wijkontwikkelprogramma Helmond-Noord" in result.output
    user = _one(User, User.email == "lid@energie.nl")
    assert [(g.programme_id, g.opgave_id) for g in _one_list(user)] == [(programme_id, None)]
