"""The political agenda and the P&C calendar in Chromium, on the demo municipality, as a new user tries them:
the griffie's workbook and an ORI document imported, the council's questions, an action's political trail,
the P&C calendar and "wat moet erin", the programme timeline (plotly from our own files) and the .ics
feed per user, revoked. axe-core passes on every page visited."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from icalendar import Calendar
from sqlalchemy import select

from planner.actions.models import Action
from planner.cycle.models import PcMoment
from planner.demo import content
from planner.extensions import db
from tests.browser.helpers import log_in
from tests.helpers import demo_email

ROOT = Path(__file__).resolve().parents[2]
GRIFFIE = ROOT / "imports/samples/griffie/moties-toezeggingen.xlsx"
ORI = ROOT / "imports/samples/ori/ori-sample.json"


def _login(page, key):
    log_in(page, demo_email(key), content.PASSWORD)


def _logout(page):
    page.context.clear_cookies()


def _watch(page, base_url):
    """Collect script errors, failed responses and any request that leaves the live server."""
    problems = []
    page.on("pageerror", lambda e: problems.append(f"script: {e}"))
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("favicon.ico") else None
        ),
    )
    page.on("request", lambda r: problems.append(f"extern: {r.url}") if not r.url.startswith(base_url) else None)
    return problems


def _import(page, path, dry_run=False):
    page.goto("/agenda/importeren")
    page.set_input_files("#file", str(path))
    page.set_checked("#dry_run", dry_run)  # checked by default: first the preview
    page.click("main form[enctype] button[type=submit]")
    page.wait_for_load_state()


def test_griffie_and_ori_imports_then_the_council_questions(page, axe_check, demo, base_url, tmp_path):
    problems = _watch(page, base_url)
    _login(page, "manager")
    page.goto("/agenda/")
    assert "RB2025-037" in page.inner_text("main")
    row = page.locator("main tr", has_text="RB2025-037").inner_text()
    assert "afgerond" in row and "%" in row  # the linked actions' progress
    axe_check(page, "agenda-overzicht")

    page.goto("/agenda/importeren")
    axe_check(page, "importpagina")
    assert page.is_checked("#dry_run")
    _import(page, GRIFFIE, dry_run=True)
    assert "Controle geslaagd" in page.inner_text("main") and "7 nieuw" in page.inner_text("main")
    assert "Speelplekken Helmond-Oost" in page.inner_text("table.import-sample")  # the preview, nothing stored yet
    axe_check(page, "import gecontroleerd")
    page.click("#inlezen ~ form button[type=submit]")  # commit the checked upload, no second upload
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith("/agenda")
    assert "Import gelukt: 7 nieuw" in page.inner_text("main")
    assert "Speelplekken Helmond-Oost" in page.inner_text("main")
    axe_check(page, "agenda na griffie-import")
    _import(page, GRIFFIE)  # the same list again, straight in: nothing changes, and the page says so
    assert "Ongewijzigd: alle 7 rijen stonden al zo in Wijkplanner." in page.inner_text("main")

    # The ORI document repeats M2026-003, A2026-001 and T2026-012 (now with source ids and links): updated, not duplicated.
    _import(page, ORI)
    text = page.inner_text("main")
    assert "Import gelukt: 1 nieuw, 3 bijgewerkt" in text, text[:400]
    assert "RB2026-004" in text
    axe_check(page, "agenda na ORI-import")
    # The run is recorded and can be reverted from its page: the besluit goes, the griffie's items stay.
    page.click("main .utrecht-alert >> text=bekijken of terugdraaien")
    page.wait_for_load_state()
    assert "ori-sample.json" in page.inner_text("h1") and "Ingelezen" in page.inner_text("main")
    axe_check(page, "ORI-import vastgelegd")
    page.click("main button:has-text('Terugdraaien')")
    page.wait_for_load_state()
    assert "terugdraaien?" in page.inner_text("h1")  # the confirmation step, without JavaScript
    axe_check(page, "bevestigen terugdraaien")
    page.click("main button:has-text('Ja, import')")
    page.wait_for_load_state()
    assert "is teruggedraaid" in page.inner_text("main")
    page.goto("/agenda/")
    assert "RB2026-004" not in page.inner_text("main") and "Speelplekken Helmond-Oost" in page.inner_text("main")

    # An ORI document with an unknown type: the error by path, nothing stored.
    bad = ORI.read_text(encoding="utf-8").replace('"@type": "Besluit"', '"@type": "Stemming"')
    bad_file = tmp_path / "ori-fout.json"
    bad_file.write_text(bad, encoding="utf-8")
    _import(page, bad_file)
    assert "onbekend type 'Stemming'" in page.inner_text("main")
    assert "vergaderingen[0].agendapunten[0].besluit.@type" in page.inner_text("table.import-errors")
    axe_check(page, "ORI-import met fout")

    page.goto("/agenda/raad")
    overdue = page.inner_text("#toezeggingen + .table-wrap")
    assert "T2026-009" in overdue and "T2026-014" in overdue  # demo, past their deadline
    assert "T2025-031" in overdue  # from the griffie's list: deadline 1 March 2026
    assert "T2026-022" not in overdue  # still to come
    assert "(verlopen)" in overdue
    motions = page.inner_text("#moties ~ .table-wrap")
    assert "Huurgarantie voor bewoners van de Planetenlaan" in motions
    assert "Speelplekken Helmond-Oost" in motions  # imported, no action yet
    assert "Licht in de stegen" not in motions  # carried out by the avondaanpak
    axe_check(page, "vragen van de raad")
    assert problems == []


def test_trail_calendar_what_goes_in_and_timeline(page, axe_check, demo, base_url):
    problems = _watch(page, base_url)
    year = date.today().year
    action = db.session.scalar(select(Action).where(Action.title == "Pandenaanpak leegstaande winkels"))
    kadernota = db.session.scalar(select(PcMoment).where(PcMoment.kind == "kadernota", PcMoment.year == year + 2))
    _login(page, "raadslid")

    page.goto(f"/acties/{action.id}/politiek")
    trail = page.inner_text("main")
    for expected in ("CA2022-07", "RB2025-037", "RIB2026-031", "SV2026-017", "Voert uit", "Verantwoording via"):
        assert expected in trail
    axe_check(page, "politiek spoor")
    page.click("text=Besluit RB2025-037")
    page.wait_for_load_state()
    assert "Acties die dit uitvoeren" in page.inner_text("main")
    assert "Pandenaanpak leegstaande winkels" in page.inner_text("#acties + .table-wrap")
    axe_check(page, "besluit met acties")

    page.goto(f"/acties/{action.id}")
    assert "Politiek spoor" in page.inner_text("main")
    axe_check(page, "actiepagina met politiek spoor")

    page.goto(f"/pc/?jaar={year + 1}")
    calendar = page.inner_text("main table")
    assert f"Kadernota (voorjaarsnota) {year + 2}" in calendar and f"Jaarstukken {year}" in calendar
    axe_check(page, "P&C-kalender")
    page.click(f"text=Kadernota (voorjaarsnota) {year + 2}")
    page.wait_for_load_state()
    assert page.url.endswith(f"/pc/momenten/{kadernota.id}")
    body = page.inner_text("main")
    assert "wat moet erin" in body and "Avondaanpak Markt en Havenweg" in body and "Nieuw beleid" in body
    # The stedelijke wijkaanpak awaits the council's decision: on its agenda, so a reader sees it; Noord's concept not.
    assert "Energiecoaches aan huis" in body and "Collectieve inkoop isolatie" not in body
    with page.expect_download() as download:
        page.click("text=Exporteren naar Excel")
    assert download.value.suggested_filename == f"input-kadernota-{year + 2}-GM0794.xlsx"
    axe_check(page, "wat moet erin")

    page.goto(f"/programmas/{action.programme_id}/tijdlijn")
    page.wait_for_selector("#tijdlijn svg.main-svg")
    assert page.locator("#tijdlijn .bars path, #tijdlijn .barlayer path").count() >= 5
    assert page.locator("script[src*='plotly.min.js']").get_attribute("src").startswith("/")
    assert "RB2025-037" in page.inner_text("main")  # the decision in the table of dates
    axe_check(page, "tijdlijn")
    assert problems == []


def _fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, None, b""


def _new_feed(page, axe_check, key):
    _logout(page)
    _login(page, key)
    page.goto("/pc/abonnement")
    axe_check(page, f"abonnement {key}")
    page.click("button[value=maken]")
    page.wait_for_load_state()
    axe_check(page, f"abonnement {key} met link")
    return page.input_value("#feed-url")


def _summaries(body):
    return [str(e.get("summary")) for e in Calendar.from_ical(body).walk("VEVENT")]


def test_ics_feed_per_user_token_scoped_and_revoked(page, axe_check, demo, base_url):
    year = date.today().year
    feed_binnenstad = _new_feed(page, axe_check, "binnenstad")
    assert feed_binnenstad.startswith(base_url + "/agenda.ics?token=")
    status, mimetype, body = _fetch(feed_binnenstad)
    assert status == 200 and mimetype.startswith("text/calendar")
    events = _summaries(body)
    assert any(s.startswith("Deadline toezegging T2026-022") for s in events)
    assert any(s.startswith("Deadline schriftelijke vragen SV2026-052") for s in events)
    assert f"Raad: Kadernota (voorjaarsnota) {year + 2} (Helmond)" in events
    assert not any("WR-OOST" in s or "wijkkamer" in s.lower() for s in events)  # Helmond-Oost's own item
    assert not any("T2025-047" in s for s in events)  # afgedaan: no deadline to keep

    feed_oost = _new_feed(page, axe_check, "oost")
    assert feed_oost != feed_binnenstad
    assert any("WR-OOST-2026-04" in s for s in _summaries(_fetch(feed_oost)[2]))

    page.click("button[value=intrekken]")
    page.wait_for_load_state()
    assert "Agenda-abonnement intrekken?" in page.inner_text("h1")
    assert _fetch(feed_oost)[0] == 200  # nothing revoked before the confirmation
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, link intrekken").click()
    assert "ingetrokken" in page.inner_text("main")
    axe_check(page, "abonnement ingetrokken")
    assert _fetch(feed_oost)[0] == 404
    assert _fetch(feed_binnenstad)[0] == 200  # one user's revocation leaves another's feed alone
    assert _fetch(base_url + "/agenda.ics?token=niet-geldig")[0] == 404
    assert _fetch(base_url + "/agenda.ics")[0] == 404
