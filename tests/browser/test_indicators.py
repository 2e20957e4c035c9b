"""Indicator definitions in Chromium: a municipality's administrator makes one of their own and
sees it marked as theirs beside the national ones; axe passes on the list and the form."""

from __future__ import annotations

from planner.extensions import db
from planner.indicators.models import Indicator
from tests.browser.helpers import log_in


def test_admin_makes_an_indicator_of_their_own_municipality(page, axe_check, helmond, make_area, make_user):
    gm, _, _ = helmond
    make_area("GM0772", "Eindhoven")  # a second municipality: Helmond's admin is not the installation's
    db.session.add(Indicator(code="Koopwoningen_47", name="Koopwoningen", unit="%"))
    db.session.commit()
    make_user("beheer@helmond.nl", "admin", gm)
    log_in(page, "beheer@helmond.nl")
    page.goto("/indicatoren")
    assert "Landelijk" in page.inner_text("table")
    assert page.get_by_role("link", name="Bewerken").count() == 0  # national: not Helmond's to change
    axe_check(page, "indicatoren")
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe indicator").click()
    axe_check(page, "nieuwe indicator")
    page.get_by_label("Code").fill("Wijkmonitor_1")
    page.get_by_label("Naam").fill("Tevredenheid over de buurt")
    page.get_by_label("Van").select_option(label="Helmond")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    row = page.get_by_role("row").filter(has_text="Tevredenheid over de buurt")
    assert "Helmond" in row.inner_text() and row.get_by_role("link", name="Bewerken").count() == 1
    axe_check(page, "indicatoren met eigen indicator")
