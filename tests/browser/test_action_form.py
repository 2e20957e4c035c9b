"""The action form and the action page in Chromium: milestone rows added by button, budget lines
that follow the chosen year, an agenda picker grouped by kind with a search box; axe on each."""

from __future__ import annotations

from sqlalchemy import select

from planner.actions.models import Action
from planner.extensions import db
from tests.browser.helpers import log_in


def test_team_member_adds_milestones_on_the_form_and_picks_budget_and_agenda_by_keyboard(
    page, axe_check, helmond, make_user, make_programme, make_line, make_item
):
    gm, binnenstad, _ = helmond
    programme = make_programme(binnenstad, title="WOP Binnenstad")
    make_line(gm, "50000", year=2026, key="KPL1", description="Buurtwerk 2026")
    make_line(gm, "60000", year=2027, key="KPL1", description="Buurtwerk 2027")
    make_item(gm, number="M2026-001", kind="motie", title="Meer groen in de wijk")
    make_item(gm, number="T2026-004", kind="toezegging", title="Speelplek terug")
    make_user("a@helmond.nl", "team_member", binnenstad)
    log_in(page, "a@helmond.nl")

    page.goto(f"/programmas/{programme.id}/acties/nieuw")
    page.fill("#title", "Buurtkamer openen")
    page.fill(f"#weight-{binnenstad.id}", "1")
    page.click("text=Nog een mijlpaal")
    assert page.locator("[data-row]").count() == 4
    assert page.evaluate("document.activeElement.id") == "mijlpaal-3-titel"  # focus moves to the new row
    page.keyboard.type("Opening")
    page.fill("#mijlpaal-3-datum", "2026-10-01")
    page.fill("#mijlpaal-0-titel", "Locatie gekozen")
    page.fill("#mijlpaal-0-datum", "2026-04-01")
    axe_check(page, "actieformulier")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Opslaan")
    action = db.session.scalars(select(Action)).one()
    assert sorted(m.title for m in action.milestones) == ["Locatie gekozen", "Opening"]

    # Budget lines follow the chosen year.
    page.select_option("#year", "2027")
    visible = page.eval_on_selector_all(
        "#budget_line_id option", "os => os.filter(o => !o.hidden && o.value).map(o => o.text)"
    )
    assert len(visible) == 1 and "Buurtwerk 2027" in visible[0]
    # The agenda picker: optgroups per kind and a search box, all by keyboard.
    groups = page.eval_on_selector_all("#agenda_item_id optgroup", "gs => gs.map(g => g.label)")
    assert groups == ["Motie", "Toezegging"]
    page.focus("#agenda_item_id-zoek")
    page.keyboard.type("speel")
    shown = page.eval_on_selector_all(
        "#agenda_item_id option", "os => os.filter(o => !o.hidden && o.value).map(o => o.text)"
    )
    assert shown == ["T2026-004: Speelplek terug"]
    assert page.locator("label[for=agenda_item_id-zoek]").inner_text() == "Zoek een agendapunt"
    axe_check(page, "actiepagina")
