"""The start page's work lists in Chromium, on the demo municipality: each role sees what waits for it, with a
link to the page where it is done, and the page passes axe."""

from __future__ import annotations

from planner.demo import content
from tests.browser.helpers import log_in
from tests.helpers import demo_email


def _start_as(page, email):
    page.context.clear_cookies()
    log_in(page, email, content.PASSWORD)
    page.goto("/")


def test_each_role_sees_its_work_on_the_start_page(page, demo, axe_check):
    _start_as(page, demo_email("binnenstad"))
    work = page.inner_text("section[aria-labelledby=werk-team_member]")
    assert "Te doen als opgaveteamlid" in work and "te laat sinds" in work  # the demo's late milestones
    assert "Mijlpalen te laat of binnen 14 dagen" in work and "Afspraken aan tafel" in work
    axe_check(page, "startpagina van een opgaveteamlid")
    page.click("section[aria-labelledby=werk-team_member] >> text=Start bouw")
    page.wait_for_load_state()
    assert "/acties/" in page.url and "Transformatie Markt" in page.inner_text("h1")

    _start_as(page, demo_email("oost"))
    work = page.inner_text("section[aria-labelledby=werk-team_member]")
    assert "Reacties van bewoners die wachten op moderatie (4 reacties)" in work  # the demo's waiting reactions
    page.click("section[aria-labelledby=werk-team_member] >> text=Wijkontwikkelprogramma Helmond-Oost")
    page.wait_for_load_state()
    assert "/inbreng" in page.url and "moderatie=te_modereren" in page.url

    _start_as(page, demo_email("manager"))
    work = page.inner_text("section[aria-labelledby=werk-area_manager]")
    # The city-wide programme was adopted in 2025: no programme of the demo waits for a decision now.
    assert "Geen programma's in besluitvorming." in work and "Wijken met late acties" in work and "late acties" in work
    axe_check(page, "startpagina van een gebiedsmanager")

    _start_as(page, demo_email("controller"))
    work = page.inner_text("section[aria-labelledby=werk-controller]")
    assert "Eerstvolgende inleverdatum P&C" in work and "inleveren uiterlijk" in work
    assert "afwijkingen zonder toelichting" in work and "Geen mislukte imports." in work
    axe_check(page, "startpagina van een controller")

    _start_as(page, demo_email("admin"))
    work = page.inner_text("section[aria-labelledby=werk-admin]")
    assert "Geen geblokkeerde accounts." in work and "Geen imports die zijn blijven steken." in work

    _start_as(page, demo_email("raadslid"))
    assert page.locator("section.worklist").count() == 0  # a reader has no work lists

    _start_as(page, f"partner.woonpartners@{content.DOMAIN}")
    work = page.inner_text("section[aria-labelledby=werk-partner]")
    assert "Te doen als partner aan tafel" in work and "Voortgangsrapportages" in work
    axe_check(page, "startpagina van een partner")
