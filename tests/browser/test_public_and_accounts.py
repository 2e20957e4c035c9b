"""In Chromium, with axe-core on every page: a resident finds a consultation from the login page and
meets a closed period; a team member sets the period; a user changes their own password; an admin
reads the audit trail and the outgoing mail and confirms blocking an account without JavaScript."""

from __future__ import annotations

from datetime import date, timedelta

from planner.extensions import db
from planner.participation import consultation
from tests.browser.helpers import log_in


def test_resident_finds_consultation_and_meets_a_closed_period(page, axe_check, world):
    p = world["prog_a"]
    page.goto("/inloggen")
    with page.expect_navigation():
        page.get_by_role("link", name="lees en reageer op de wijkprogramma’s in inspraak").click()
    assert "Inspraak en terugkoppeling" in page.inner_text("h1")
    assert "Gemeente Helmond" in page.inner_text("header")
    axe_check(page, "openbare index")
    page.set_viewport_size({"width": 320, "height": 720})
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    axe_check(page, "openbare index (320 px)")
    page.set_viewport_size({"width": 1280, "height": 900})
    with page.expect_navigation():
        page.get_by_role("link", name="Programma Binnenstad").click()
    axe_check(page, "concept met gemeentenaam")
    consultation.set_period(
        world["team_a"], p, opens_on=date.today() - timedelta(days=20), closes_on=date.today() - timedelta(days=1)
    )
    db.session.commit()
    page.goto(f"/inspraak/{p.id}/reageren")
    assert "De inspraakperiode is gesloten" in page.inner_text("h1")
    assert page.locator("textarea").count() == 0
    axe_check(page, "inspraak gesloten")
    page.goto(f"/inspraak/{p.id}")
    assert "De inspraakperiode is gesloten" in page.inner_text("main")
    axe_check(page, "concept na sluiting")


def test_team_sets_the_consultation_period(page, axe_check, world):
    log_in(page, world["team_a"].email)
    page.goto(f"/programmas/{world['prog_a'].id}/inbreng")
    with page.expect_navigation():
        page.get_by_role("link", name="Inspraakperiode instellen").click()
    axe_check(page, "inspraakperiode")
    page.get_by_label("Inspraak open vanaf").fill("2026-03-01")
    page.get_by_label("Inspraak sluit na").fill("2026-02-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Inspraakperiode opslaan").click()
    assert "vóór de startdatum" in page.inner_text("main")
    axe_check(page, "inspraakperiode met fout")
    page.get_by_label("Inspraak sluit na").fill("2026-04-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Inspraakperiode opslaan").click()
    assert "De inspraakperiode is opgeslagen" in page.inner_text("main")


def test_user_changes_password_and_admin_audits_and_blocks(page, axe_check, helmond, make_user):
    gm, binnenstad, oost = helmond
    make_user("beheer@helmond.nl", "admin", gm)
    team = make_user("team@helmond.nl", "team_member", binnenstad, name="Tessa Team")
    log_in(page, "beheer@helmond.nl")
    with page.expect_navigation():
        page.get_by_role("link", name="Wachtwoord wijzigen").click()
    axe_check(page, "eigen wachtwoord")
    page.get_by_label("Huidig wachtwoord").fill("fout-fout-fout")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een-nieuw-lang-wachtwoord")
    page.get_by_label("Nieuw wachtwoord nogmaals").fill("een-nieuw-lang-wachtwoord")
    with page.expect_navigation():
        page.get_by_role("button", name="Wachtwoord wijzigen").click()
    assert "huidige wachtwoord klopt niet" in page.inner_text("main")
    axe_check(page, "eigen wachtwoord met fout")

    with page.expect_navigation():
        page.get_by_role("link", name="Audittrail").click()
    assert "Audittrail" in page.inner_text("h1") and "Gebruiker team@helmond.nl" in page.inner_text("main")
    axe_check(page, "audittrail")
    page.get_by_label("Wie").select_option(label="Tessa Team (team@helmond.nl)")
    with page.expect_navigation():
        page.get_by_role("button", name="Filteren").click()
    axe_check(page, "audittrail gefilterd")

    page.goto("/beheer/gebruikers")
    with page.expect_navigation():
        page.get_by_role("link", name="Uitgaande mail").click()
    axe_check(page, "uitgaande mail")

    page.goto(f"/beheer/gebruikers/{team.id}")
    axe_check(page, "gebruiker met gegevensformulier")
    page.get_by_role("button", name="Account blokkeren").click()
    page.wait_for_load_state()
    assert "Tessa Team blokkeren?" in page.inner_text("h1")
    axe_check(page, "bevestigen blokkeren")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Tessa Team blokkeren").click()
    assert "kan niet meer inloggen" in page.inner_text("main")


def test_team_deletes_a_concept_after_a_confirmation_page(page, axe_check, helmond, make_user, make_programme):
    gm, binnenstad, oost = helmond
    make_user("team@helmond.nl", "team_member", binnenstad)
    programme = make_programme(binnenstad, title="Proefconcept")
    log_in(page, "team@helmond.nl")
    page.goto(f"/programmas/{programme.id}")
    page.get_by_role("button", name="Concept verwijderen").click()
    page.wait_for_load_state()
    assert "Proefconcept verwijderen?" in page.inner_text("h1")
    axe_check(page, "bevestigen verwijderen")
    with page.expect_navigation():
        page.get_by_role("link", name="Annuleren, niets wijzigen").click()
    assert "Proefconcept" in page.inner_text("h1")
    page.get_by_role("button", name="Concept verwijderen").click()
    page.wait_for_load_state()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, concept verwijderen").click()
    assert "is verwijderd" in page.inner_text("main")
