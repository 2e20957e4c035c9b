"""Agenda pages through the test client: create, invalid input, scoping, links, council views."""

from datetime import date
from html import unescape

from sqlalchemy import func, select

from planner.agenda import services
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.extensions import db
from tests.helpers import csrf_token, login


def _form(**overrides):
    data = {
        "area_id": "",
        "kind": "toezegging",
        "number": "T2026-004",
        "title": "Notitie over speelplekken",
        "date": "2026-02-05",
        "body": "raad",
        "submitters": "",
        "portfolio_holder": "Wethouder Van Dijk",
        "status": "open",
        "deadline": "2026-05-01",
        "url": "https://example.org/t4",
        "description": "",
    }
    data.update(overrides)
    return data


def test_create_and_edit_an_item(client, helmond, make_user):
    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    response = client.post("/agenda/nieuw", data=_form(area_id=str(gm.id)))
    item = db.session.scalars(select(AgendaItem)).one()
    assert response.headers["Location"].endswith(f"/agenda/{item.id}")
    response = client.post(f"/agenda/{item.id}/bewerken", data=_form(area_id=str(gm.id), status="afgedaan"))
    assert response.status_code == 302
    db.session.refresh(item)
    assert item.status == "afgedaan"
    assert "Notitie over speelplekken" in client.get("/agenda/").get_data(as_text=True)


def test_invalid_item_shows_dutch_messages_beside_fields_and_stores_nothing(client, helmond, make_user):
    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    html = client.post("/agenda/nieuw", data=_form(area_id=str(gm.id), deadline="2026-01-01")).get_data(as_text=True)
    assert 'id="deadline-fout"' in html and "deadline ligt vóór de datum" in html
    html = client.post("/agenda/nieuw", data=_form(area_id=str(gm.id), status="half")).get_data(as_text=True)
    assert 'id="status-fout"' in html and "Onbekende status" in html
    html = client.post("/agenda/nieuw", data=_form(area_id=str(gm.id), date="31-02-2026")).get_data(as_text=True)
    assert 'id="date-fout"' in html
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0


def test_ward_a_never_sees_ward_b_items_or_drafts(client, two_wards, make_item):
    w = two_wards
    item_b = make_item(w["ward_b"], number="SDC-7", body="stadsdeelcommissie", title="Sloop Oost")
    shared = make_item(w["gm"], number="M9", status="aangenomen", title="Motie Groen")
    services.link_action(w["user_b"], shared, w["action_b"].id)
    db.session.commit()
    login(client, w["user_a"])
    assert client.get(f"/agenda/{item_b.id}").status_code == 404
    assert client.get(f"/agenda/{item_b.id}/bewerken").status_code == 404
    listing = client.get("/agenda/").get_data(as_text=True)
    assert "Sloop Oost" not in listing and "Motie Groen" in listing
    page = client.get(f"/agenda/{shared.id}").get_data(as_text=True)
    assert "Geheime sloopplannen" not in page and "Programma Helmond-Oost" not in page
    council = client.get("/agenda/raad").get_data(as_text=True)
    assert "Geheime" not in council and "Sloop Oost" not in council
    # Linking B's action through the form: the same refusal as a non-existing action.
    response = client.post(
        f"/agenda/{shared.id}/acties",
        data={"action_id": str(w["action_b"].id), "meaning": "voert_uit"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert services.NOT_FOUND_ACTION in html and "Geheime" not in html
    assert client.get(f"/acties/{w['action_b'].id}/politiek").status_code == 404
    assert db.session.scalar(select(func.count(ActionAgendaLink.id))) == 1


def test_link_from_both_sides_and_political_trail(client, two_wards, make_item):
    w = two_wards
    motion = make_item(w["gm"], number="M1", status="aangenomen", title="Motie Buurtkamers")
    decision = make_item(w["gm"], number="RB-3", kind="besluit", status="aangenomen", title="Besluit WOP")
    login(client, w["user_a"])
    action = w["action_a"]
    client.post(f"/agenda/{motion.id}/acties", data={"action_id": str(action.id), "meaning": "voert_uit"})
    client.post(
        f"/acties/{action.id}/agenda", data={"agenda_item_id": str(decision.id), "meaning": "verantwoording_via"}
    )
    assert db.session.scalar(select(func.count(ActionAgendaLink.id))) == 2
    page = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert "Politiek spoor" in page and "Motie Buurtkamers" in page and "Besluit WOP" in page
    trail = client.get(f"/acties/{action.id}/politiek").get_data(as_text=True)
    assert "Motie Buurtkamers" in trail and "Verantwoording via" in trail
    detail = client.get(f"/agenda/{motion.id}").get_data(as_text=True)
    assert "Buurtkamer Binnenstad" in detail and "0%" in detail
    link = db.session.scalar(select(ActionAgendaLink).where(ActionAgendaLink.agenda_item_id == motion.id))
    asked = client.post(f"/agenda/koppelingen/{link.id}/verwijderen", data={"terug": "actie"})
    html = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200 and f"Koppeling tussen actie {action.number} en Motie M1 verwijderen?" in html
    assert "Motie Buurtkamers" in html and 'name="terug" value="actie"' in html
    assert db.session.scalar(select(func.count(ActionAgendaLink.id))) == 2
    done = client.post(f"/agenda/koppelingen/{link.id}/verwijderen", data={"terug": "actie", "bevestigd": "ja"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/acties/{action.id}#politiek")
    assert db.session.scalar(select(func.count(ActionAgendaLink.id))) == 1
    # Someone from ward B cannot remove A's link, and learns nothing about it.
    other = db.session.scalar(select(ActionAgendaLink))
    client.post("/uitloggen")
    login(client, w["user_b"])
    assert client.post(f"/agenda/koppelingen/{other.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 404


def test_council_views_show_overdue_commitments_and_lonely_motions(client, two_wards, make_item, make_user):
    w = two_wards
    make_item(
        w["gm"],
        number="T1",
        kind="toezegging",
        title="Notitie jongerenwerk",
        date=date(2025, 1, 1),
        deadline=date(2025, 6, 1),
    )
    make_item(w["gm"], number="M2", status="aangenomen", title="Motie zonder uitvoering")
    reader = make_user("raad@helmond.nl", "reader", w["gm"])
    login(client, reader)
    html = client.get("/agenda/raad").get_data(as_text=True)
    assert "Notitie jongerenwerk" in html and "Motie zonder uitvoering" in html


def test_readers_see_actions_only_of_adopted_programmes(client, two_wards, make_item, make_user, adopt):
    w = two_wards
    motion = make_item(w["gm"], number="M1", status="aangenomen")
    services.link_action(w["user_a"], motion, w["action_a"].id)
    db.session.commit()
    reader = make_user("raad@helmond.nl", "reader", w["gm"])
    login(client, reader)
    assert "Buurtkamer Binnenstad" not in client.get(f"/agenda/{motion.id}").get_data(as_text=True)
    assert client.get(f"/acties/{w['action_a'].id}/politiek").status_code == 404
    adopt(w["action_a"].programme)
    assert "Buurtkamer Binnenstad" in client.get(f"/agenda/{motion.id}").get_data(as_text=True)
    trail = client.get(f"/acties/{w['action_a'].id}/politiek").get_data(as_text=True)
    assert "Meer groen in de wijk" in trail
    # A reader may read but not record or link.
    assert client.get("/agenda/nieuw").status_code == 403
    assert client.post(f"/agenda/{motion.id}/bewerken", data=_form()).status_code == 403


def test_forms_need_a_csrf_token(csrf_client, helmond, make_user):
    gm, _, _ = helmond
    user = make_user("gm@helmond.nl", "area_manager", gm)
    token = csrf_token(csrf_client, "/inloggen")
    csrf_client.post("/inloggen", data={"email": user.email, "password": "correct-horse-battery", "csrf_token": token})
    assert csrf_client.post("/agenda/nieuw", data=_form(area_id=str(gm.id))).status_code == 400
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0


def test_main_nav_links_the_pc_calendar_and_the_programme_page_its_timeline(client, helmond, make_user, make_programme):
    gm, ward, _ = helmond
    programme = make_programme(ward, title="Programma Binnenstad")
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    html = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    nav = html[html.index("<nav") : html.index("</nav>")]
    assert 'href="/pc/"' in nav and "P&C-kalender" in nav, nav
    assert f'href="/programmas/{programme.id}/tijdlijn"' in html and "Tijdlijn" in html
    assert client.get(f"/programmas/{programme.id}/tijdlijn").status_code == 200


def test_agenda_list_shows_the_progress_of_the_linked_actions_the_user_may_see(
    client, two_wards, make_item, make_action
):
    w = two_wards
    motion = make_item(w["gm"], number="M1", status="aangenomen")
    done = make_action(w["action_a"].programme, title="Bankjes plaatsen", status="afgerond", progress=100)
    w["action_a"].progress = 50
    for action in (w["action_a"], done, w["action_b"]):  # ward B's draft stays out of ward A's figures
        services.link_action(w["user_a"] if action is not w["action_b"] else w["user_b"], motion, action.id)
    services.link_action(w["user_a"], motion, done.id, meaning="verantwoording_via")  # the same action twice: once
    make_item(w["gm"], number="M2", title="Motie zonder acties")
    db.session.commit()
    login(client, w["user_a"])
    html = client.get("/agenda/").get_data(as_text=True)
    row = html.split(">M1<")[1].split("</tr>")[0]
    assert "2 acties, 1 afgerond" in row and 'aria-label="Gemiddelde voortgang: 75%"' in row
    assert "geen acties" in html.split(">M2<")[1].split("</tr>")[0]


def test_coalition_agreement_carries_over_explicitly_with_a_reason(client, helmond, make_user, make_item):
    gm, _, _ = helmond
    new = make_item(gm, number="CA2026-04", kind="coalitieakkoord", title="Pandenaanpak", council_period="2026-2030")
    make_item(gm, number="CA2030-01", kind="coalitieakkoord", title="Te ver", council_period="2030-2034")
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    agreement = _form(area_id=str(gm.id), kind="coalitieakkoord", number="CA2022-07", deadline="")
    refused = (
        ({"council_period": "2022-2025"}, "council_period", "vier jaar na elkaar"),
        ({"council_period": "2022-2026", "carry_over": "ja"}, "carry_over_reason", "Geef de reden"),
        ({"council_period": "2022-2026", "carry_over_reason": "Loopt door"}, "carry_over", "Kies of de afspraak"),
        (
            {
                "council_period": "2022-2026",
                "carry_over": "ja",
                "carry_over_reason": "Loopt",
                "carried_into_number": "CA2030-01",
            },
            "carried_into_number",
            "raadsperiode 2026-2030",
        ),
        (
            {
                "council_period": "2022-2026",
                "carry_over": "nee",
                "carry_over_reason": "Klaar",
                "carried_into_number": "CA2026-04",
            },
            "carried_into_number",
            "niet meegaat",
        ),
    )
    for extra, field, message in refused:
        html = unescape(client.post("/agenda/nieuw", data={**agreement, **extra}).get_data(as_text=True))
        assert f'id="{field}-fout"' in html and message in html, extra
        assert db.session.scalar(select(func.count(AgendaItem.id))) == 2  # nothing stored
    decided = {
        "council_period": "2022-2026",
        "carry_over": "ja",
        "carry_over_reason": "De leegstand is nog niet weg.",
        "carried_into_number": "CA2026-04",
    }
    assert client.post("/agenda/nieuw", data={**agreement, **decided}).status_code == 302
    old = db.session.scalar(select(AgendaItem).where(AgendaItem.number == "CA2022-07"))
    assert (old.council_period, old.carry_over, old.carried_into) == ("2022-2026", "ja", new)
    page = client.get(f"/agenda/{old.id}").get_data(as_text=True)
    assert "Gaat mee naar de volgende raadsperiode: De leegstand is nog niet weg." in page
    assert f"/agenda/{new.id}" in page
    assert f"/agenda/{old.id}" in client.get(f"/agenda/{new.id}").get_data(as_text=True)  # voortzetting van
    # A motie has no council period.
    html = client.post("/agenda/nieuw", data=_form(area_id=str(gm.id), council_period="2022-2026")).get_data(
        as_text=True
    )
    assert 'id="council_period-fout"' in html
