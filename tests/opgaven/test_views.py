"""Opgave pages: scoping (404/403), forms with Dutch errors beside the field and nothing stored, the table,
who is missing, the portfolio, links from other pages, and the admin-only reference lists."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.opgaven.models import Agreement, Opgave, Organisation, Seat, Theme
from tests.helpers import PASSWORD, csrf_token, login


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _error_beside(response, field: str) -> str:
    """The error shown under `field`, tied to its input with aria-describedby."""
    html = response.get_data(as_text=True)
    match = re.search(rf'id="{field}-fout">(.*?)</div>', html, re.S)
    assert match, f"no error beside {field}"
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-fout', html) or re.search(
        rf'aria-describedby="[^"]*{field}-fout[^"]*"[^>]*id="{field}"', html
    ), "error not tied to the field"
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def world(helmond, make_user, make_opgave):
    gm, ward, other = helmond
    return {
        "ward": ward,
        "other": other,
        "gm": gm,
        "opgave": make_opgave(ward, title="Levendige binnenstad"),
        "hidden": make_opgave(other, title="Gezond Oost"),
        "team": make_user("team@helmond.nl", "team_member", ward),
        "reader": make_user("raad@helmond.nl", "reader", gm),
        "admin": make_user("beheer@helmond.nl", "admin", gm),
    }


# ---- scoping ------------------------------------------------------------------------------------


def test_a_team_on_another_ward_gets_404_for_its_opgave_and_its_table(client, world):
    login(client, world["team"])
    hidden = world["hidden"].id
    for url in (
        f"/opgaven/{hidden}",
        f"/opgaven/{hidden}/tafel",
        f"/opgaven/{hidden}/wie-ontbreekt",
        f"/opgaven/{hidden}/bewerken",
        f"/opgaven/{hidden}/fase",
    ):
        assert client.get(url).status_code == 404, url
    listing = _text(client.get("/opgaven/"))
    assert "Levendige binnenstad" in listing and "Gezond Oost" not in listing
    assert "Gezond Oost" not in _text(client.get("/opgaven/portfolio"))
    # An area filter on another ward reveals nothing either.
    assert "Gezond Oost" not in _text(client.get("/opgaven/?gebied=WK079411"))


def test_the_table_never_names_an_action_in_a_draft_the_user_may_not_see(
    client, world, make_programme, make_action, make_organisation, seat
):
    from planner.opgaven.services import record_agreement

    opgave = world["opgave"]
    draft = make_programme(world["ward"], title="Concept Binnenstad")
    draft.opgave = opgave
    action = make_action(draft, title="Geheime aanpak leegstand")
    party = make_organisation()
    seat(opgave, party)
    record_agreement(
        world["team"], opgave, organisation=party, made_on=date(2026, 3, 1), text="Samen aanpakken", actions=[action]
    )
    db.session.commit()

    login(client, world["team"])
    assert "Geheime aanpak leegstand" in _text(client.get(f"/opgaven/{opgave.id}/tafel"))
    client.post("/uitloggen")
    login(client, world["reader"])
    page = _text(client.get(f"/opgaven/{opgave.id}/tafel"))
    assert "Samen aanpakken" in page and "Geheime aanpak leegstand" not in page and "nog geen actie" in page


def test_a_reader_sees_opgaven_but_cannot_change_them(client, world):
    login(client, world["reader"])
    opgave = world["opgave"].id
    page = _text(client.get(f"/opgaven/{opgave}"))
    assert "Levendige binnenstad" in page and "Fase wijzigen" not in page and "Bewerken" not in page
    for url in (
        f"/opgaven/{opgave}/bewerken",
        f"/opgaven/{opgave}/fase",
        f"/opgaven/{opgave}/tafel/nieuw",
        f"/opgaven/{opgave}/afspraken/nieuw",
        f"/opgaven/{opgave}/overleggen/nieuw",
        "/opgaven/nieuw",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(f"/opgaven/{opgave}/fase", data={"to_status": "verkenning", "reason": "Ik wil het"})
    assert response.status_code == 403
    assert db.session.get(Opgave, opgave).status == "signalering"


def test_the_list_filters_by_phase_priority_theme_and_scale(client, world, make_opgave):
    wonen = db.session.scalar(select(Theme).where(Theme.name == "Wonen"))
    make_opgave(world["gm"], title="Stedelijke woonopgave", priority="hoog", themes=[wonen])
    login(client, world["reader"])
    assert "Stedelijke woonopgave" in _text(client.get("/opgaven/?prioriteit=hoog"))
    assert "Levendige binnenstad" not in _text(client.get("/opgaven/?prioriteit=hoog"))
    assert "Levendige binnenstad" not in _text(client.get(f"/opgaven/?thema={wonen.id}"))
    by_scale = _text(client.get("/opgaven/?schaal=wijk"))
    assert "Levendige binnenstad" in by_scale and "Stedelijke woonopgave" not in by_scale
    assert "Geen opgaven gevonden." in _text(client.get("/opgaven/?fase=afgerond"))


# ---- create, edit, lifecycle --------------------------------------------------------------------


def _opgave_form(**overrides) -> dict:
    return {
        "title": "Samen sterker in de Binnenstad",
        "statement": "Wonen boven winkels is de kans voor het centrum.",
        "kind": "maatschappelijk",
        "priority": "middel",
        "description": "",
        "desired_situation": "",
        "portfolio_holder": "Wethouder Smit",
        "official_sponsor": "",
        "director": "Bas",
    } | overrides


def test_a_team_member_creates_an_opgave_in_its_ward(client, world):
    login(client, world["team"])
    wonen = db.session.scalar(select(Theme).where(Theme.name == "Wonen"))
    response = client.post("/opgaven/nieuw", data=_opgave_form(area_id=world["ward"].id, theme_ids=[wonen.id]))
    assert response.status_code == 302
    opgave = db.session.scalar(select(Opgave).where(Opgave.title == "Samen sterker in de Binnenstad"))
    assert (opgave.status, opgave.area, opgave.themes, opgave.portfolio_holder) == (
        "signalering",
        world["ward"],
        [wonen],
        "Wethouder Smit",
    )
    assert "De opgave is aangemaakt" in _text(client.get(response.headers["Location"]))


def test_an_opgave_without_its_sentence_or_in_another_ward_is_not_stored(client, world):
    login(client, world["team"])
    before = _count(Opgave)
    response = client.post("/opgaven/nieuw", data=_opgave_form(area_id=world["ward"].id, statement=" "))
    assert response.status_code == 200
    assert "één zin" in _error_beside(response, "statement")
    response = client.post("/opgaven/nieuw", data=_opgave_form(area_id=world["other"].id))
    assert "Kies een gebied uit de lijst" in _error_beside(response, "area_id")
    assert _count(Opgave) == before


def test_editing_an_opgave_saves_owners_and_desired_situation(client, world):
    login(client, world["team"])
    opgave = world["opgave"]
    form = _opgave_form(
        area_id=world["ward"].id,
        title=opgave.title,
        desired_situation="Minder dan 8% leegstand",
        official_sponsor="Karin Manders",
        lock_version=opgave.lock_version,
    )
    assert client.post(f"/opgaven/{opgave.id}/bewerken", data=form).status_code == 302
    db.session.refresh(opgave)
    assert (opgave.desired_situation, opgave.official_sponsor) == ("Minder dan 8% leegstand", "Karin Manders")


def test_a_phase_change_without_a_reason_shows_the_error_beside_the_reason(client, world):
    login(client, world["team"])
    opgave = world["opgave"]
    response = client.post(f"/opgaven/{opgave.id}/fase", data={"to_status": "verkenning", "reason": ""})
    assert response.status_code == 200
    assert "Geef de reden" in _error_beside(response, "reason")
    assert db.session.get(Opgave, opgave.id).status == "signalering"
    response = client.post(f"/opgaven/{opgave.id}/fase", data={"to_status": "uitvoering", "reason": "Snel"})
    assert "één fase tegelijk" in _error_beside(response, "to_status")
    response = client.post(
        f"/opgaven/{opgave.id}/fase", data={"to_status": "verkenning", "reason": "Scholen en GGD zien hetzelfde beeld."}
    )
    assert response.status_code == 302
    page = _text(client.get(f"/opgaven/{opgave.id}"))
    assert "Scholen en GGD zien hetzelfde beeld." in page and "team@helmond.nl" in page


def test_a_phase_change_needs_the_csrf_token(csrf_client, world):
    csrf_client.post(
        "/inloggen",
        data={"email": "team@helmond.nl", "password": PASSWORD, "csrf_token": csrf_token(csrf_client, "/inloggen")},
    )
    opgave = world["opgave"]
    url = f"/opgaven/{opgave.id}/fase"
    assert csrf_client.post(url, data={"to_status": "verkenning", "reason": "Reden"}).status_code == 400
    assert db.session.get(Opgave, opgave.id).status == "signalering"
    token = csrf_token(csrf_client, url)
    assert (
        csrf_client.post(url, data={"to_status": "verkenning", "reason": "Reden", "csrf_token": token}).status_code
        == 302
    )


# ---- the table ----------------------------------------------------------------------------------


def test_seating_a_party_and_recording_an_agreement_through_the_forms(
    client, world, make_organisation, make_programme, make_action
):
    from planner.programmes.services import update_programme

    woon = make_organisation("Woonpartners", "woningcorporatie")
    programme = make_programme(world["ward"])
    update_programme(programme, None, opgave=world["opgave"])
    action = make_action(programme, "Transformatie Markt 12–16")
    opgave = world["opgave"].id
    login(client, world["team"])
    response = client.post(
        f"/opgaven/{opgave}/tafel/nieuw",
        data={
            "organisation_id": woon.id,
            "role": "financier",
            "brings": ["geld", "locaties"],
            "offer": "Investering",
            "wants": "Betaalbare woningen",
            "contacts": "Ria Jansen (projectleider)",
        },
    )
    assert response.status_code == 302
    seat = db.session.get(Seat, (opgave, woon.id))
    assert (seat.role, seat.brings, seat.contacts) == ("financier", ["geld", "locaties"], "Ria Jansen (projectleider)")

    response = client.post(
        f"/opgaven/{opgave}/afspraken/nieuw",
        data={
            "organisation_id": "",
            "made_on": "12-06-2026",
            "text": "Woonpartners bouwt 18 woningen.",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "Kies de partij" in _error_beside(response, "organisation_id")
    response = client.post(
        f"/opgaven/{opgave}/afspraken/nieuw",
        data={
            "organisation_id": woon.id,
            "made_on": "31-02-2026",
            "text": "Woonpartners bouwt 18 woningen.",
            "status": "open",
        },
    )
    assert "geen geldige datum" in _error_beside(response, "made_on")
    assert _count(Agreement) == 0

    response = client.post(
        f"/opgaven/{opgave}/afspraken/nieuw",
        data={
            "organisation_id": woon.id,
            "made_on": "12-06-2026",
            "due_date": "30-06-2027",
            "text": "Woonpartners bouwt 18 woningen.",
            "status": "open",
            "action_ids": [action.id],
        },
    )
    assert response.status_code == 302
    (agreement,) = db.session.scalars(select(Agreement)).all()
    assert (agreement.made_on, agreement.actions) == (date(2026, 6, 12), [action])
    table = _text(client.get(f"/opgaven/{opgave}/tafel"))
    assert "Woonpartners bouwt 18 woningen." in table and "Transformatie Markt 12–16" in table
    assert "Ria Jansen (projectleider)" in table


def test_a_party_leaves_the_table_only_after_confirming_and_never_with_agreements(
    client, world, make_organisation, seat
):
    from planner.opgaven.services import record_agreement

    woon, zorg = make_organisation("Woonpartners"), make_organisation("Zorgpunt", "zorg_welzijn")
    opgave = world["opgave"]
    seat(opgave, woon, contacts="Ria Jansen")
    seat(opgave, zorg)
    record_agreement(world["team"], opgave, organisation=zorg, made_on=date(2026, 1, 5), text="Spreekuur")
    db.session.commit()
    login(client, world["team"])
    url = f"/opgaven/{opgave.id}/tafel"
    refused = client.post(f"{url}/{zorg.id}/verwijderen", follow_redirects=True)
    assert "Zorgpunt heeft open afspraken bij deze opgave (1)" in _text(refused)  # told at once, no question first
    asked = client.post(f"{url}/{woon.id}/verwijderen")
    page = _text(asked)
    assert "Woonpartners van de tafel van 'Levendige binnenstad' halen?" in page
    assert "contactpersonen" in page and "wijzigingshistorie van de opgave blijven bewaard" in page
    assert _count(Seat) == 2
    done = client.post(f"{url}/{woon.id}/verwijderen", data={"bevestigd": "ja"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"{url}#partijen")
    assert db.session.scalars(select(Seat.organisation_id)).all() == [zorg.id]


def test_an_action_outside_the_opgave_cannot_be_linked_to_an_agreement(
    client, world, make_organisation, seat, make_programme, make_action
):
    woon = make_organisation()
    seat(world["opgave"], woon)
    foreign = make_action(make_programme(world["ward"]), "Zonder opgave")
    login(client, world["team"])
    response = client.post(
        f"/opgaven/{world['opgave'].id}/afspraken/nieuw",
        data={
            "organisation_id": woon.id,
            "made_on": "12-06-2026",
            "text": "Afspraak",
            "status": "open",
            "action_ids": [foreign.id],
        },
    )
    assert "Kies alleen uit de lijst" in _error_beside(response, "action_ids")
    assert _count(Agreement) == 0


def test_a_meeting_needs_its_attendees_and_the_reader_does_not_see_contacts(client, world, make_organisation, seat):
    woon = make_organisation()
    seat(world["opgave"], woon, contacts="Ria Jansen")
    opgave = world["opgave"].id
    login(client, world["team"])
    response = client.post(
        f"/opgaven/{opgave}/overleggen/nieuw", data={"held_on": "10-02-2026", "title": "Eerste tafel"}
    )
    assert "Kies wie er aan tafel zaten" in _error_beside(response, "attendee_ids")
    response = client.post(
        f"/opgaven/{opgave}/overleggen/nieuw",
        data={"held_on": "10-02-2026", "title": "Eerste tafel", "attendee_ids": [woon.id]},
    )
    assert response.status_code == 302
    client.post("/uitloggen")
    login(client, world["reader"])
    table = _text(client.get(f"/opgaven/{opgave}/tafel"))
    assert "Eerste tafel" in table and "Woonbedrijf" in table and "Ria Jansen" not in table
    assert "Partij aan tafel zetten" not in table


def test_who_is_missing_shows_the_theme_without_a_serving_party(client, world, theme, make_organisation, seat):
    world["opgave"].themes = [theme("Wonen", ["woningcorporatie"])]
    db.session.commit()
    login(client, world["team"])
    page = _text(client.get(f"/opgaven/{world['opgave'].id}/wie-ontbreekt"))
    assert "Wonen : geen woningcorporatie aan tafel" in page
    seat(world["opgave"], make_organisation())
    page = _text(client.get(f"/opgaven/{world['opgave'].id}/wie-ontbreekt"))
    assert "Elk thema van de opgave heeft een passende partij aan tafel." in page


def test_a_programme_page_links_to_its_opgave_only_for_who_may_see_it(client, world, make_programme, make_user):
    from planner.programmes.services import update_programme

    programme = make_programme(world["ward"])
    city = world["gm"]
    from planner.opgaven.services import create_opgave

    update_programme(programme, None, opgave=create_opgave(area=city, title="Stedelijk", statement="Overal."))
    db.session.commit()
    login(client, world["team"])  # a ward team does not see the municipality's opgave: its name, no link
    html = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "Stedelijk" in html and "/opgaven/" not in html.split("<main", 1)[1].split("Bewerken", 1)[0]
    manager = make_user("gm@helmond.nl", "area_manager", city)
    client.post("/uitloggen")
    login(client, manager)
    html = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert f'href="/opgaven/{programme.opgave_id}"' in html


def test_the_portfolio_shows_phase_by_area_and_money(client, world):
    login(client, world["reader"])
    page = _text(client.get("/opgaven/portfolio"))
    assert "Aantal opgaven per gebied (rijen) en fase (kolommen)" in page
    assert "Levendige binnenstad" in page and "Totaal toegekend € 0,00" in page


# ---- admin screens ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/beheer/organisaties", "/beheer/organisaties/nieuw", "/beheer/themas", "/beheer/themas/nieuw"]
)
def test_reference_lists_are_for_admins_only(client, world, url):
    login(client, world["team"])
    assert client.get(url).status_code == 403


def test_an_admin_adds_deactivates_and_merges_organisations(client, world, make_organisation):
    login(client, world["admin"])
    response = client.post("/beheer/organisaties/nieuw", data={"name": "Woonbedrijf", "kind": "woningcorporatie"})
    assert response.status_code == 302
    woon = db.session.scalar(select(Organisation).where(Organisation.name == "Woonbedrijf"))
    response = client.post("/beheer/organisaties/nieuw", data={"name": "woonbedrijf", "kind": "overig"})
    assert "al een organisatie" in _error_beside(response, "name")

    response = client.post(f"/beheer/organisaties/{woon.id}/samenvoegen", data={"target_id": woon.id})
    assert response.status_code == 422
    assert "kan niet met zichzelf worden samengevoegd" in _error_beside(response, "target_id")

    assert "is gedeactiveerd" in _text(
        client.post(f"/beheer/organisaties/{woon.id}/deactiveren", follow_redirects=True)
    )
    db.session.refresh(woon)
    assert woon.active is False
    client.post("/uitloggen")
    login(client, world["team"])
    assert "Woonbedrijf" not in _text(client.get(f"/opgaven/{world['opgave'].id}/tafel/nieuw"))

    client.post("/uitloggen")
    login(client, world["admin"])
    duplicate = make_organisation("Woon Bedrijf")
    client.post(f"/beheer/organisaties/{woon.id}/activeren")
    asked = client.post(f"/beheer/organisaties/{duplicate.id}/samenvoegen", data={"target_id": woon.id})
    html = _text(asked)
    assert asked.status_code == 200 and "Woon Bedrijf samenvoegen met Woonbedrijf?" in html
    assert "blijft bestaan als gedeactiveerde organisatie" in html
    assert f'name="target_id" value="{woon.id}"' in asked.get_data(as_text=True)  # the second post repeats it
    db.session.refresh(duplicate)
    assert (duplicate.active, duplicate.merged_into_id) == (True, None)
    response = client.post(
        f"/beheer/organisaties/{duplicate.id}/samenvoegen", data={"target_id": woon.id, "bevestigd": "ja"}
    )
    assert response.status_code == 302
    db.session.refresh(duplicate)
    assert (duplicate.active, duplicate.merged_into_id) == (False, woon.id)


def test_an_admin_creates_renames_reorders_and_deactivates_themes(client, world):
    login(client, world["admin"])
    response = client.post(
        "/beheer/themas/nieuw", data={"name": "Sport en bewegen", "party_kinds": ["onderwijs"]}, follow_redirects=True
    )
    assert "Het thema is opgeslagen." in _text(response)
    sport = db.session.scalar(select(Theme).where(Theme.name == "Sport en bewegen"))
    assert sport.party_kinds == ["onderwijs"]
    response = client.post(f"/beheer/themas/{sport.id}", data={"name": "Wonen"})
    assert "al een thema" in _error_beside(response, "name")
    assert "Sport" in _text(client.post(f"/beheer/themas/{sport.id}", data={"name": "Sport"}, follow_redirects=True))
    client.post(f"/beheer/themas/{sport.id}/omhoog", follow_redirects=True)
    names = [t.name for t in db.session.scalars(select(Theme).order_by(Theme.position))]
    assert names[-2:] == ["Sport", "Duurzaamheid"]
    client.post(f"/beheer/themas/{sport.id}/deactiveren", follow_redirects=True)
    client.post("/uitloggen")
    login(client, world["team"])
    assert "Sport" not in _text(client.get("/opgaven/nieuw"))


def test_an_organisation_used_in_another_municipality_is_changed_only_by_the_installation(
    client, world, make_area, make_opgave
):
    from planner.opgaven.services import seat_party

    eindhoven = make_area("GM0772", "Eindhoven")
    shared = Organisation(name="Woonbedrijf", kind="woningcorporatie")
    own = Organisation(name="Buurtkracht Helmond", kind="bewonersorganisatie")
    db.session.add_all([shared, own])
    seat_party(make_opgave(eindhoven, title="Wonen in Woensel"), shared, role="trekker")
    db.session.commit()
    login(client, world["admin"])  # administers Helmond only

    page = _text(client.get(f"/beheer/organisaties/{shared.id}"))
    assert "ook in een andere gemeente" in page
    token = csrf_token(client, "/beheer/organisaties/nieuw")
    renamed = client.post(
        f"/beheer/organisaties/{shared.id}",
        data={"csrf_token": token, "name": "Woonbedrijf Eindhoven", "kind": "overig"},
    )
    assert renamed.status_code == 403
    assert client.post(f"/beheer/organisaties/{shared.id}/deactiveren", data={"csrf_token": token}).status_code == 403
    merged = client.post(
        f"/beheer/organisaties/{own.id}/samenvoegen", data={"csrf_token": token, "target_id": shared.id}
    )
    assert merged.status_code == 403
    db.session.expire_all()
    assert (shared.name, shared.active, own.merged_into_id) == ("Woonbedrijf", True, None)

    # What only Helmond uses, and what it adds, its administrator keeps.
    added = client.post(
        "/beheer/organisaties/nieuw", data={"csrf_token": token, "name": "Stichting Speelruimte", "kind": "overig"}
    )
    assert added.status_code == 302
    kept = client.post(
        f"/beheer/organisaties/{own.id}",
        data={"csrf_token": token, "name": "Buurtkracht", "kind": "bewonersorganisatie"},
    )
    assert kept.status_code == 302
    db.session.expire_all()
    assert own.name == "Buurtkracht" and _count(Organisation) == 3
