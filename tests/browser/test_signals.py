"""In Chromium, with axe-core on every page: a resident sends a signal for a ward without an open programme;
the ward's team finds it on the start page and triages it into a new opgave."""

from __future__ import annotations

from sqlalchemy import select

from planner.extensions import db
from planner.participation.models import Signal
from tests.browser.helpers import log_in


def test_resident_signal_becomes_a_new_opgave_of_the_ward(page, axe_check, helmond, make_user):
    gm, ward, _other = helmond
    team = make_user("team@helmond.nl", "team_member", ward)
    page.goto("/inspraak/")
    with page.expect_navigation():
        page.locator("#wijken ~ ul").get_by_role("link", name="Binnenstad").click()
    assert "Een signaal of idee voor Binnenstad" in page.inner_text("h1")
    axe_check(page, "openbaar signaalformulier")
    page.get_by_label("Uw signaal of idee").fill("Het speeltuintje aan de Kerkstraat is al maanden kapot.")
    page.get_by_label("Waar in de wijk? (niet verplicht)").fill("Kerkstraat")
    page.get_by_label("E-mailadres (niet verplicht)").fill("bewoner@example.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Signaal versturen").click()
    assert "Geef toestemming" in page.inner_text("main")  # an address without consent is refused
    axe_check(page, "signaalformulier met fout")
    page.get_by_label("Ik geef toestemming", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Signaal versturen").click()
    assert "Bedankt voor uw signaal" in page.inner_text("h1")
    axe_check(page, "bedankt voor uw signaal")

    log_in(page, team.email)
    page.goto("/")
    work = page.inner_text("section[aria-labelledby=werk-team_member]")
    assert "Signalen en ideeën van bewoners om te behandelen" in work and "1 nieuw signaal" in work
    with page.expect_navigation():
        page.locator("section[aria-labelledby=werk-team_member]").get_by_role("link", name="Binnenstad").click()
    assert "/wijken/WK079410/signalen" in page.url and "speeltuintje" in page.inner_text("main")
    axe_check(page, "signalen van een wijk")
    with page.expect_navigation():
        page.get_by_role("link", name="behandelen").first.click()
    axe_check(page, "signaal behandelen")
    page.get_by_label("Verkennen als nieuwe opgave").check()
    page.get_by_label("Titel van de nieuwe opgave").fill("Spelen in de Binnenstad")
    page.get_by_label("De opgave in één zin").fill("Kinderen hebben een veilige plek om te spelen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Signaal behandelen").click()
    main = page.inner_text("main")
    assert "Het signaal is afgehandeld" in page.inner_text("body") and "Spelen in de Binnenstad" in main
    axe_check(page, "signalen na behandeling")
    with page.expect_navigation():
        page.get_by_role("link", name="Spelen in de Binnenstad").click()
    assert "Spelen in de Binnenstad" in page.inner_text("h1") and "speeltuintje" in page.inner_text("main")
    db.session.expire_all()
    assert db.session.scalars(select(Signal)).one().opgave.status == "signalering"
