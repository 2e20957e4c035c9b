"""The demo's political agenda and P&C calendar: what a council member and two ward teams see after `demo load`."""

from datetime import date

from sqlalchemy import func, select

from planner.agenda import services
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.core.models import User
from planner.cycle import services as cycle
from planner.cycle.models import ActionPcFlag, PcMoment
from planner.demo import content
from planner.extensions import db
from tests.helpers import demo_email, login


def _user(key):
    return db.session.scalar(select(User).where(User.email == demo_email(key)))


def _item(number):
    return db.session.scalar(select(AgendaItem).where(AgendaItem.number == number))


def _as(client, key):
    client.post("/uitloggen")
    login(client, _user(key), password=content.PASSWORD)


def test_demo_agenda_has_every_kind_and_both_link_meanings(demo):
    kinds = set(db.session.scalars(select(AgendaItem.kind)))
    assert kinds >= {
        "coalitieakkoord",
        "raadsvoorstel",
        "besluit",
        "motie",
        "amendement",
        "toezegging",
        "raadsinformatiebrief",
        "schriftelijke_vragen",
    }
    assert set(db.session.scalars(select(ActionAgendaLink.meaning))) == {"voert_uit", "verantwoording_via"}
    # The adopted programmes' decisions exist and carry their actions.
    for programme_key, number in (("binnenstad", "RB2025-037"), ("west", "RB2025-112")):
        programme = demo.programmes[programme_key]
        assert programme.status in ("vastgesteld", "uitvoering")
        assert programme.decision_item == _item(number) and programme.competent_body == "raad"
        assert {link.action.programme_id for link in _item(number).links} == {programme.id}
    # The coalitieakkoord 2026–2030 continues three agreements of 2022–2026 and ends one, each with a reason.
    carried = {
        i.number: i for i in db.session.scalars(select(AgendaItem).where(AgendaItem.council_period == "2022-2026"))
    }
    assert {n: (i.carry_over, i.carried_into.number if i.carried_into else "") for n, i in carried.items()} == {
        "CA2022-03": ("nee", ""),
        "CA2022-07": ("ja", "CA2026-04"),
        "CA2022-11": ("ja", "CA2026-08"),
        "CA2022-14": ("ja", "CA2026-12"),
    }
    assert all(i.carry_over_reason for i in carried.values())


def test_council_questions_show_the_overdue_commitment_and_the_motion_without_action(client, demo):
    today = date.today()
    reader = _user("raadslid")
    overdue = [i.number for i in services.overdue_commitments(reader, today)]
    assert {"T2026-009", "T2026-014"} <= set(overdue) and "T2026-022" not in overdue
    assert all(_item(n).deadline < today for n in overdue)
    motions = [i.number for i in services.adopted_motions_without_action(reader)]
    assert "M2026-021" in motions and "M2025-018" not in motions

    _as(client, "raadslid")
    html = client.get("/agenda/raad").get_data(as_text=True)
    assert "T2026-009" in html and "Huurgarantie voor bewoners van de Planetenlaan" in html
    assert "(verlopen)" in html


def test_demo_links_to_a_draft_stay_within_the_ward(client, demo):
    motion = _item("M2026-034")  # carried out only by an action in Helmond-Oost's draft programme
    ward_item = _item("WR-OOST-2026-04")

    _as(client, "binnenstad")
    assert "M2026-034" in client.get("/agenda/raad").get_data(as_text=True)
    page = client.get(f"/agenda/{motion.id}").get_data(as_text=True)
    assert "Wijkkamer voor ouders" not in page and "Helmond-Oost 2026" not in page
    assert client.get(f"/agenda/{ward_item.id}").status_code == 404
    assert "WR-OOST-2026-04" not in client.get("/agenda/").get_data(as_text=True)

    _as(client, "raadslid")  # Helmond-Oost's programme is in consultation: on the council's agenda, so readable
    assert "Wijkkamer voor ouders" in client.get(f"/agenda/{motion.id}").get_data(as_text=True)

    _as(client, "oost")
    assert "M2026-034" not in client.get("/agenda/raad").get_data(as_text=True)
    assert "Wijkkamer voor ouders in het wijkhuis" in client.get(f"/agenda/{motion.id}").get_data(as_text=True)
    assert client.get(f"/agenda/{ward_item.id}").status_code == 200


def test_political_trail_of_an_action_in_the_demo(client, demo):
    action = next(a for a in demo.programmes["binnenstad"].actions if a.title == "Pandenaanpak leegstaande winkels")
    _as(client, "raadslid")
    html = client.get(f"/acties/{action.id}/politiek").get_data(as_text=True)
    for number in ("CA2022-07", "RB2025-037", "RIB2026-031", "SV2026-017"):
        assert number in html
    assert "Voert uit" in html and "Verantwoording via" in html
    # A sub-action carries out what its parent carries out.
    child = next(a for a in action.children if a.title.startswith("Transformatie Markt"))
    html = client.get(f"/acties/{child.id}/politiek").get_data(as_text=True)
    assert "RB2025-037" in html and f"via hoofdactie {action.number}" in html


def test_demo_pc_calendar_for_this_year_and_next_with_flagged_actions(client, demo):
    year, today = date.today().year, date.today()
    moments = db.session.scalars(select(PcMoment)).all()
    for calendar_year in (year, year + 1):
        kinds = {m.kind for m in moments if m.council_date.year == calendar_year}
        assert kinds >= {"jaarrekening", "kadernota", "berap1", "berap2", "begroting"}
    assert all(m.is_closed == (m.council_date < today) for m in moments)
    kadernota = db.session.scalar(select(PcMoment).where(PcMoment.kind == "kadernota", PcMoment.year == year + 1))
    jaarrekening = db.session.scalar(select(PcMoment).where(PcMoment.kind == "jaarrekening", PcMoment.year == year))
    assert {f.purpose for f in kadernota.flags} == {"nieuw_beleid"}
    assert {f.purpose for f in jaarrekening.flags} == {"verantwoording"}
    assert db.session.scalar(select(func.count(ActionPcFlag.id))) >= 10

    later = db.session.scalar(select(PcMoment).where(PcMoment.kind == "kadernota", PcMoment.year == year + 2))
    # Counted per user: a reader does not count the flags on concept programmes' actions.
    assert cycle.flag_counts(_user("raadslid"), [later]) == {later.id: 3}
    assert cycle.flag_counts(_user("manager"), [later]) == {later.id: 4}
    upcoming = cycle.next_input_deadline(_user("raadslid"), today)
    assert upcoming.input_deadline >= today and not upcoming.is_closed

    _as(client, "raadslid")
    html = client.get(f"/pc/momenten/{kadernota.id}").get_data(as_text=True)
    assert "Geveltuinen en groene daken subsidie" in html
    # The wijkkamer came from this autumn's bewonersavond: the next kadernota, in a programme in consultation.
    assert "Wijkkamer voor ouders" in client.get(f"/pc/momenten/{later.id}").get_data(as_text=True)
    _as(client, "oost")
    assert "Wijkkamer voor ouders" in client.get(f"/pc/momenten/{later.id}").get_data(as_text=True)
    calendar = client.get(f"/pc/?jaar={year + 1}").get_data(as_text=True)
    assert f"Kadernota (voorjaarsnota) {year + 2}" in calendar and "Eerstvolgende inleverdatum" in calendar


def test_unlink_buttons_only_where_the_user_may_change_the_action(client, demo):
    decision = _item("RB2025-037")
    _as(client, "controller")  # sees the adopted Binnenstad programme, may not change it
    page = client.get(f"/agenda/{decision.id}").get_data(as_text=True)
    assert "Pandenaanpak leegstaande winkels" in page and "Ontkoppelen" not in page
    _as(client, "oost")  # another ward's team: the decision, but none of Binnenstad's actions
    page = client.get(f"/agenda/{decision.id}").get_data(as_text=True)
    assert "Pandenaanpak" not in page and "Ontkoppelen" not in page
    _as(client, "binnenstad")
    assert "Ontkoppelen" in client.get(f"/agenda/{decision.id}").get_data(as_text=True)


def test_import_link_only_for_who_may_import_and_purpose_follows_the_document(client, demo):
    year = date.today().year
    _as(client, "binnenstad")  # a ward team records items for its ward, but imports the municipality's lists not
    assert "Lijst van de griffie importeren" not in client.get("/agenda/").get_data(as_text=True)
    assert client.get("/agenda/importeren").status_code == 403
    jaarrekening = db.session.scalar(select(PcMoment).where(PcMoment.kind == "jaarrekening", PcMoment.year == year))
    page = client.get(f"/pc/momenten/{jaarrekening.id}").get_data(as_text=True)
    assert '<option selected value="verantwoording">' in page
    _as(client, "manager")
    assert "Lijst van de griffie importeren" in client.get("/agenda/").get_data(as_text=True)
