"""P&C pages, the .xlsx export, the timeline and the .ics feed through the test client."""

import io
import re
from datetime import date, timedelta

import openpyxl
from icalendar import Calendar
from sqlalchemy import func, select

from planner.agenda import services as agenda
from planner.cycle import services
from planner.cycle.models import ActionPcFlag, PcMoment
from planner.extensions import db
from tests.helpers import login


def _feed(client, token):
    return client.get(f"/agenda.ics?token={token}")


def test_calendar_generate_edit_and_close(client, helmond, make_user):
    gm, _, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    login(client, manager)
    client.post("/pc/genereren", data={"area_id": str(gm.id), "year": "2026"})
    assert db.session.scalar(select(func.count(PcMoment.id))) == 5
    html = client.get("/pc/?jaar=2026").get_data(as_text=True)
    assert "Begroting 2027" in html and "Jaarstukken 2025" in html
    kadernota = db.session.scalar(select(PcMoment).where(PcMoment.kind == "kadernota"))
    html = client.post(
        f"/pc/momenten/{kadernota.id}/bewerken",
        data={"input_deadline": "2026-03-10", "college_date": "2026-03-01", "council_date": "2026-07-02"},
    ).get_data(as_text=True)
    assert 'id="college_date-fout"' in html
    assert (
        client.post(
            f"/pc/momenten/{kadernota.id}/bewerken",
            data={"input_deadline": "2026-03-10", "college_date": "2026-04-14", "council_date": "2026-07-02"},
        ).status_code
        == 302
    )
    asked = client.post(f"/pc/momenten/{kadernota.id}/sluiten")  # a confirmation page first, nothing closed
    assert asked.status_code == 200 and 'name="bevestigd" value="ja"' in asked.get_data(as_text=True)
    db.session.refresh(kadernota)
    assert not kadernota.is_closed
    client.post(f"/pc/momenten/{kadernota.id}/sluiten", data={"bevestigd": "ja"})
    db.session.refresh(kadernota)
    assert kadernota.is_closed and kadernota.closed_by_id == manager.id
    assert "gesloten op" in client.get(f"/pc/momenten/{kadernota.id}").get_data(as_text=True)


def test_team_members_and_readers_may_not_manage_the_calendar(client, two_wards, make_user):
    w = two_wards
    moment = services.generate_cycle(w["gm"], 2026)[0]
    db.session.commit()
    login(client, w["user_a"])
    assert client.post("/pc/genereren", data={"area_id": str(w["gm"].id), "year": "2027"}).status_code == 403
    assert client.post(f"/pc/momenten/{moment.id}/sluiten").status_code == 403
    assert client.get(f"/pc/momenten/{moment.id}/bewerken").status_code == 403
    assert client.get(f"/pc/momenten/{moment.id}").status_code == 200


def test_flag_from_action_page_and_what_goes_in_export(client, two_wards, make_user):
    w = two_wards
    moments = {m.kind: m for m in services.generate_cycle(w["gm"], 2026)}
    db.session.commit()
    kadernota = moments["kadernota"]
    action = w["action_a"]
    action.title = '=HYPERLINK("http://evil.example","klik")'
    db.session.commit()
    login(client, w["user_a"])
    assert "Opnemen in een P&C-document" in client.get(f"/acties/{action.id}").get_data(as_text=True)
    client.post(
        f"/acties/{action.id}/pc",
        data={"pc_moment_id": str(kadernota.id), "purpose": "nieuw_beleid", "note": "Structureel € 40.000"},
    )
    services.flag_action(w["user_b"], kadernota, w["action_b"].id, "nieuw_beleid")
    db.session.commit()
    assert db.session.scalar(select(func.count(ActionPcFlag.id))) == 2
    html = client.get(f"/pc/momenten/{kadernota.id}").get_data(as_text=True)
    assert "Binnenstad" in html and "Geheime" not in html and "Helmond-Oost" not in html
    response = client.get(f"/pc/momenten/{kadernota.id}/export.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Wijk", "Wijkcode", "Programma", "Actienummer", "Actie")
    assert len(rows) == 2 and rows[1][0] == "Binnenstad"
    assert sheet["E2"].data_type == "s" and sheet["E2"].value.startswith("=HYPERLINK")  # text, not a formula
    assert sheet["I2"].is_date and sheet["I2"].value.date() == date(2026, 3, 1)
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    # B's flag cannot be removed by A, and A is told nothing about it.
    flag_b = db.session.scalar(select(ActionPcFlag).where(ActionPcFlag.action_id == w["action_b"].id))
    assert client.post(f"/pc/vlaggen/{flag_b.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 404


def test_an_action_leaves_a_pc_moment_only_after_confirming(client, two_wards):
    w = two_wards
    kadernota = next(m for m in services.generate_cycle(w["gm"], 2026) if m.kind == "kadernota")
    action = w["action_a"]
    flag = services.flag_action(w["user_a"], kadernota, action.id, "nieuw_beleid", "Structureel € 40.000")
    db.session.commit()
    login(client, w["user_a"])
    asked = client.post(f"/pc/vlaggen/{flag.id}/verwijderen")
    html = asked.get_data(as_text=True)
    assert asked.status_code == 200 and f"Actie {action.number} uit Kadernota" in html
    assert "Structureel € 40.000" in html and 'name="bevestigd" value="ja"' in html
    assert db.session.scalar(select(func.count(ActionPcFlag.id))) == 1
    done = client.post(f"/pc/vlaggen/{flag.id}/verwijderen", data={"bevestigd": "ja"}, follow_redirects=True)
    assert "De actie staat niet meer in Kadernota" in done.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ActionPcFlag.id))) == 0


def test_timeline_renders_chart_and_table(client, two_wards, make_item):
    w = two_wards
    services.generate_cycle(w["gm"], 2026)
    motion = make_item(w["gm"], number="M1", status="aangenomen", date=date(2026, 4, 2), title="Motie Buurtkamers")
    agenda.link_action(w["user_a"], motion, w["action_a"].id)
    db.session.commit()
    login(client, w["user_a"])
    response = client.get(f"/programmas/{w['action_a'].programme_id}/tijdlijn")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "/vendor/plotly.min.js" in html and 'id="tijdlijn-data"' in html
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in html
    assert "Raad: Kadernota (voorjaarsnota) 2027" in html and "Motie M1" in html
    assert "<table" in html and "Buurtkamer Binnenstad" in html
    assert client.get(f"/programmas/{w['action_b'].programme_id}/tijdlijn").status_code == 404


def test_ics_feed_holds_the_right_events_per_user(client, two_wards, make_item, make_user):
    w = two_wards
    services.generate_cycle(w["gm"], date.today().year)
    make_item(
        w["gm"],
        number="T1",
        kind="toezegging",
        title="Notitie speelplekken",
        date=date.today(),
        deadline=date.today() + timedelta(days=20),
    )
    make_item(
        w["ward_b"],
        number="SDC-B",
        kind="toezegging",
        title="Oost-geheim",
        date=date.today(),
        deadline=date.today() + timedelta(days=20),
        body="stadsdeelcommissie",
    )
    token_a = services.issue_token(w["user_a"])
    token_b = services.issue_token(w["user_b"])
    db.session.commit()
    response = _feed(client, token_a)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    summaries = [str(e.get("summary")) for e in cal.walk("VEVENT")]
    assert any("Notitie speelplekken" in s for s in summaries)
    assert not any("Oost-geheim" in s for s in summaries)
    assert sum("Begroting" in s for s in summaries) == 3  # input, college, council
    summaries_b = [str(e.get("summary")) for e in Calendar.from_ical(_feed(client, token_b).data).walk("VEVENT")]
    assert any("Oost-geheim" in s for s in summaries_b)


def test_revoked_or_malformed_token_gets_404_without_data(client, helmond, make_user):
    gm, _, _ = helmond
    user = make_user("r@helmond.nl", "reader", gm)
    login(client, user)
    html = client.post("/pc/abonnement", data={"do": "maken"}).get_data(as_text=True)
    token = re.search(r"agenda\.ics\?token=([A-Za-z0-9_-]+)", html).group(1)
    client.post("/uitloggen")
    assert _feed(client, token).status_code == 200
    for bad in ("", "x", "abc%00", "a" * 300, token[:-1]):
        response = _feed(client, bad)
        assert response.status_code == 404 and b"VCALENDAR" not in response.data
    assert client.get("/agenda.ics").status_code == 404
    login(client, user)
    asked = client.post("/pc/abonnement", data={"do": "intrekken"})
    assert asked.status_code == 200 and "Agenda-abonnement intrekken?" in asked.get_data(as_text=True)
    assert _feed(client, token).status_code == 200  # still works until confirmed
    client.post("/pc/abonnement", data={"do": "intrekken", "bevestigd": "ja"})
    assert _feed(client, token).status_code == 404


def test_a_new_feed_link_replaces_the_old_one_only_after_confirming(client, helmond, make_user):
    gm, _, _ = helmond
    login(client, make_user("r@helmond.nl", "reader", gm))
    html = client.post("/pc/abonnement", data={"do": "maken"}).get_data(as_text=True)
    old = re.search(r"agenda\.ics\?token=([A-Za-z0-9_-]+)", html).group(1)
    asked = client.post("/pc/abonnement", data={"do": "maken"}).get_data(as_text=True)
    assert "Nieuwe link voor uw agenda-abonnement maken?" in asked and "agenda.ics?token=" not in asked
    assert _feed(client, old).status_code == 200
    made = client.post("/pc/abonnement", data={"do": "maken", "bevestigd": "ja"}).get_data(as_text=True)
    new = re.search(r"agenda\.ics\?token=([A-Za-z0-9_-]+)", made).group(1)
    assert _feed(client, old).status_code == 404 and _feed(client, new).status_code == 200


def test_year_navigation_leads_only_to_years_with_moments_or_next_year(client, helmond, make_user):
    gm, _, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    services.generate_cycle(gm, 2040)
    db.session.commit()
    this_year = date.today().year
    assert services.calendar_years(manager, date(2026, 5, 1))[:2] == [2026, 2027]
    assert 2040 in services.calendar_years(manager, date(2026, 5, 1))
    login(client, manager)
    nav = re.search(r'<nav class="actions-bar".*?</nav>', client.get("/pc/?jaar=2040").get_data(as_text=True), re.S)[0]
    assert "jaar=2039" not in nav and "jaar=2041" not in nav  # no empty years either side
    nav = re.search(
        r'<nav class="actions-bar".*?</nav>', client.get(f"/pc/?jaar={this_year}").get_data(as_text=True), re.S
    )[0]
    assert f"jaar={this_year - 1}" not in nav and f"jaar={this_year + 1}" in nav
