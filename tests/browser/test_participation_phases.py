"""In Chromium, with axe-core on every page: the team opens execution to residents, a resident reacts on an
action of the programme in execution, the team answers in moderation, and the resident finds the answer on
the feedback page, marked with the phase."""

from __future__ import annotations

from datetime import date, timedelta

from planner.extensions import db
from planner.programmes.services import transition
from tests.browser.helpers import log_in

TODAY = date.today()


def test_resident_reacts_on_an_action_in_execution_and_finds_the_answer(page, axe_check, world, adopt, make_user):
    p, action = world["prog_a"], world["action_a"]
    adopt(p)
    transition(p, "uitvoering", make_user("gm-start@helmond.nl", "area_manager", p.area))
    db.session.commit()

    # The team opens execution to residents; overlapping dates are refused beside the field first.
    log_in(page, "a@helmond.nl")
    page.goto(f"/programmas/{p.id}/inbreng")
    with page.expect_navigation():
        page.get_by_role("link", name="Inspraak in elke fase").click()
    axe_check(page, "inspraak in elke fase")
    page.get_by_label("Consultatie open vanaf").fill((TODAY - timedelta(days=90)).isoformat())
    page.get_by_label("Consultatie sluit na").fill((TODAY - timedelta(days=60)).isoformat())
    page.get_by_label("Bewoners reageren tijdens de uitvoering", exact=False).check()
    page.get_by_label("Uitvoering: inspraak open vanaf").fill((TODAY - timedelta(days=70)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Inspraak per fase opslaan").click()
    assert page.locator("#uitvoering_opens_on-fout").is_visible()
    assert "overlapt met de fase" in page.inner_text("#uitvoering_opens_on-fout")
    axe_check(page, "inspraak in elke fase met fout")
    page.get_by_label("Uitvoering: inspraak open vanaf").fill((TODAY - timedelta(days=30)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Inspraak per fase opslaan").click()
    assert "De inspraak per fase is opgeslagen." in page.inner_text("main")
    page.context.clear_cookies()

    # The resident, without an account, reacts on the action.
    page.goto(f"/inspraak/{p.id}")
    assert "Dit programma wordt uitgevoerd" in page.inner_text(
        "main"
    ) and "Inspraak tijdens de fase uitvoering" in page.inner_text("main")
    axe_check(page, "programma in uitvoering")
    with page.expect_navigation():
        page.get_by_role("link", name="Reageer op actie 1").click()
    assert "Reageren op actie 1" in page.inner_text("h1")
    axe_check(page, "reactie op een actie in uitvoering")
    page.locator("#text").fill("De buurtkamer is 's avonds altijd dicht.")
    with page.expect_navigation():
        page.get_by_role("button", name="Reactie versturen").click()
    assert "Bedankt voor uw reactie" in page.inner_text("h1")

    # The team moderates and answers.
    log_in(page, "a@helmond.nl")
    page.goto(f"/programmas/{p.id}/inbreng?moderatie=te_modereren")
    assert "fase: uitvoering" in page.inner_text(".triage-table")
    page.locator("input[name=ids]").first.check()
    with page.expect_navigation():
        page.click("button[name=decision][value=gepubliceerd]")
    page.goto(f"/programmas/{p.id}/inbreng")
    with page.expect_navigation():
        page.click(".triage-table a >> nth=0")
    page.select_option("#status", "overgenomen")
    page.fill("#response", "Vanaf januari is de buurtkamer op donderdagavond open.")
    page.check(f"#action_ids-{action.id}")
    with page.expect_navigation():
        page.click("form:not([action]) button[type=submit]")
    assert "De reactie is opgeslagen." in page.inner_text("main")
    page.context.clear_cookies()

    # The resident finds the answer on the feedback page.
    page.goto(f"/inspraak/{p.id}")
    with page.expect_navigation():
        page.get_by_role("link", name="Lees reacties en antwoorden").click()
    feedback = page.inner_text("main")
    assert "fase: uitvoering" in feedback and "Vanaf januari is de buurtkamer op donderdagavond open." in feedback
    axe_check(page, "terugkoppeling met een reactie uit de uitvoering")


def test_admin_sets_the_participation_policy_from_the_admin_start(page, axe_check, helmond, make_user):
    gm, _ward, _other = helmond
    make_user("beheer@helmond.nl", "admin", gm)
    log_in(page, "beheer@helmond.nl")
    page.goto("/beheer/gebruikers")
    with page.expect_navigation():
        page.get_by_role("link", name="Inspraakbeleid").click()
    axe_check(page, "inspraakbeleid per gemeente")
    with page.expect_navigation():
        page.get_by_role("link", name="Helmond").click()
    axe_check(page, "inspraakbeleid van een gemeente")
    page.get_by_label("Inspraak tijdens de uitvoering staat standaard open").check()
    page.get_by_label("Bewaartermijn van namen en e-mailadressen (dagen)").fill("10")
    with page.expect_navigation():
        page.get_by_role("button", name="Inspraakbeleid opslaan").click()
    assert "Kies een bewaartermijn van 30" in page.inner_text("#retention_days-fout")
    axe_check(page, "inspraakbeleid met fout")
    page.get_by_label("Bewaartermijn van namen en e-mailadressen (dagen)").fill("180")
    with page.expect_navigation():
        page.get_by_role("button", name="Inspraakbeleid opslaan").click()
    table = page.inner_text("table")
    assert "standaard open" in table and "180" in table
