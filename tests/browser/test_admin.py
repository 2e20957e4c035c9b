"""User management in Chromium: the functioneel beheerder creates a ward team member by keyboard,
sees a refusal beside the field, grants a second role; axe passes on every page."""

from __future__ import annotations

from tests.browser.helpers import log_in


def test_admin_creates_a_user_and_grants_a_role(page, axe_check, helmond, make_user):
    gm, binnenstad, oost = helmond
    make_user("beheer@helmond.nl", "admin", gm)
    make_user("team@helmond.nl", "team_member", binnenstad)
    log_in(page, "beheer@helmond.nl", keyboard=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Gebruikers", exact=True).click()
    axe_check(page, "gebruikerslijst")
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe gebruiker").click()
    axe_check(page, "nieuwe gebruiker")
    page.get_by_label("Naam").fill("Fatima el Amrani")
    page.get_by_label("E-mailadres").fill("team@helmond.nl")  # already taken
    page.get_by_label("Eerste wachtwoord").fill("een-lang-wachtwoord")
    page.get_by_label("Rol").select_option("team_member")
    page.get_by_label("Gebied").select_option(label="Helmond-Oost (WK079411)")
    with page.expect_navigation():
        page.get_by_role("button", name="Gebruiker aanmaken").click()
    assert "Er bestaat al een gebruiker" in page.inner_text("#email-fout")
    axe_check(page, "nieuwe gebruiker met fout")
    page.get_by_label("E-mailadres").fill("f.elamrani@helmond.nl")
    page.get_by_label("Eerste wachtwoord").fill("een-lang-wachtwoord")
    with page.expect_navigation():
        page.get_by_role("button", name="Gebruiker aanmaken").click()
    assert "is aangemaakt" in page.inner_text("main")
    assert "Helmond-Oost (WK079411)" in page.inner_text("table")
    axe_check(page, "gebruiker")
    page.get_by_label("Rol", exact=True).select_option("reader")
    page.get_by_label("Gebied").select_option(label="Helmond (GM0794)")
    with page.expect_navigation():
        page.get_by_role("button", name="Rol toekennen", exact=True).click()
    assert "Helmond (GM0794)" in page.inner_text("table")
