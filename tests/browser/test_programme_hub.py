"""The programme page as hub, in Chromium: a team member finds the money of the actions on it, moves the programme
to consultation, copies the public link from the same page (clipboard and input checked), sees the QR code and
opens the public page. The tab bar leads to every sub-page; at 320 px it wraps without sideways scrolling.
axe-core runs on each page."""

from __future__ import annotations

import os
from decimal import Decimal

from planner.budget.services import allocate
from planner.extensions import db
from tests.browser.helpers import log_in

SHOTS = os.environ.get("HUB_SCREENSHOTS")  # a folder to keep screenshots in, for looking at them by hand


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)
        page.screenshot(path=os.path.join(SHOTS, "top-" + name))


def test_team_moves_programme_to_consultation_and_copies_its_public_link_from_the_hub(
    page, axe_check, helmond, make_user, make_programme, make_action, make_line
):
    gm, ward, _ = helmond
    programme = make_programme(ward, title="Wijkprogramma Binnenstad", goals=("Meer ontmoeting",))
    action = make_action(programme, title="Buurtkamer openen", goal=programme.goals[0])
    line_2026 = make_line(gm, "300000.00", year=2026, description="Buurtwerk")
    line_2027 = make_line(gm, "300000.00", year=2027, description="Buurtwerk")
    allocate(action, line_2026, year=2026, amount=Decimal("100000"))
    allocate(action, line_2027, year=2027, amount=Decimal("25000"))
    make_user("team@helmond.nl", "team_member", ward)
    db.session.commit()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "team@helmond.nl")
    page.goto(f"/programmas/{programme.id}")
    tabs = page.get_by_role("navigation", name="Onderdelen van het programma")
    assert tabs.get_by_role("link", name="Overzicht").get_attribute("aria-current") == "page"
    assert "€\xa0125.000,00" in page.inner_text("#geld-per-jaar")  # Dutch notation, non-breaking space
    axe_check(page, "programmapagina (concept)")

    # To consultation: the confirmation page, then back on the hub with the public link.
    with page.expect_navigation():
        page.get_by_role("link", name="Naar consultatie").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, zet op consultatie").click()
    public_url = page.input_value("#openbare-link")
    assert public_url.endswith(f"/inspraak/{programme.id}") and public_url.startswith("http://127.0.0.1:")
    assert page.get_attribute("#openbare-link", "readonly") is not None
    assert page.locator(".consultation-share__qr svg[role=img]").count() == 1
    axe_check(page, "programmapagina (consultatie)")
    _shot(page, "hub-1366.png")

    page.get_by_role("button", name="Kopieer link").click()
    page.wait_for_function("document.querySelector('[data-copy-status]').textContent.length > 0")
    assert page.inner_text("[data-copy-status]") == "Gekopieerd"
    assert page.evaluate("navigator.clipboard.readText()") == public_url

    # Every tab opens its page with the same bar, the page marked as current.
    names = page.get_by_role("navigation", name="Onderdelen van het programma").get_by_role("link").all_inner_texts()
    assert names == [
        "Overzicht",
        "Inbreng en moderatie (0 te modereren)",
        "Bijeenkomsten",
        "Geld",
        "Streefwaarden",
        "Tijdlijn",
        "Vertraging",
        "Versies (1)",
        "Wijzigingshistorie",
        "Leren",
    ]
    for name in names[1:]:
        with page.expect_navigation():
            page.get_by_role("navigation", name="Onderdelen van het programma").get_by_role("link", name=name).click()
        current = page.get_by_role("navigation", name="Onderdelen van het programma").locator("[aria-current=page]")
        assert current.inner_text() == name
        axe_check(page, f"tabblad {name}")

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/programmas/{programme.id}")
    assert _no_sideways_scroll(page), "de programmapagina schuift zijwaarts op 320 px"
    axe_check(page, "programmapagina op 320 px")
    _shot(page, "hub-320.png")

    page.goto(public_url)
    assert page.locator("h1").inner_text() == "Wijkprogramma Binnenstad"
    assert not errors
