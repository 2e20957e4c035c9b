"""P&C decisions in Chromium: a gebiedsmanager adopts a programme by choosing the competent body and the
besluit from the political agenda (refused first without the besluit), and the programme page links to it;
a controller sets the municipality's mandate for shifts from the budget page. axe passes on every page."""

from __future__ import annotations

from planner.agenda.models import AgendaItem
from planner.extensions import db
from planner.programmes.services import transition
from tests.browser.helpers import log_in


def test_adoption_with_besluit_and_the_mandate_page(page, axe_check, helmond, make_user, make_programme):
    gm, ward, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    make_user("c@helmond.nl", "controller", gm)
    programme = make_programme(ward)
    for step in ("consultatie", "besluitvorming"):
        transition(programme, step, manager)
    besluit = AgendaItem(area=gm, kind="besluit", number="RB2026-041", title="Vaststelling wijkprogramma", body="raad")
    db.session.add(besluit)
    db.session.commit()

    log_in(page, "gm@helmond.nl")
    page.goto(f"/programmas/{programme.id}/status/vastgesteld")
    axe_check(page, "vaststellen met besluit")
    page.select_option("#competent_body", "raad")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#decision_item_id-fout").is_visible()
    axe_check(page, "vaststellen zonder besluit")
    page.select_option("#decision_item_id", str(besluit.id))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    meta = page.inner_text("main p.meta")
    assert "Vastgesteld door gemeenteraad" in meta and "RB2026-041" in meta
    page.click("main p.meta a:has-text('RB2026-041')")
    assert page.url.endswith(f"/agenda/{besluit.id}")

    page.context.clear_cookies()
    log_in(page, "c@helmond.nl")
    page.goto("/begroting/GM0794")
    page.click("text=Mandaat instellen")
    axe_check(page, "mandaat")
    page.fill("#amount", "25.000,00")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "€\xa025.000,00 per overschrijding" in page.inner_text("main")
