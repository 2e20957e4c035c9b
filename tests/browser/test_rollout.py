"""Templates in Chromium: the Binnenstad programme becomes a template (refused without saying when it fits),
is rolled out to two wards whose drafts get re-based targets, and the roll-out view shows the three side by
side with the lessons per ward and who still has to come to the table; a team ticks off a step of its own ward
and never sees a lesson from another ward's draft. axe passes on each page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.helpers import adoption


def test_binnenstad_becomes_a_template_rolled_out_to_two_wards(
    page, axe_check, helmond, make_area, make_programme, make_action, make_user
):
    from sqlalchemy import select

    from planner.extensions import db
    from planner.indicators.models import GoalTarget
    from planner.indicators.services import record_measurement, save_indicator, set_goal_target
    from planner.learning.services import add_lesson, record_reflection
    from planner.opgaven.services import create_opgave, save_organisation, seat_party
    from planner.programmes.models import Programme
    from tests.browser.helpers import log_in

    def lesson(user, programme, statement):
        reflection = record_reflection(
            user, programme=programme, held_on=date(2026, 5, 1), kind="team", what_works="De avondronde"
        )
        return add_lesson(user, reflection, statement=statement, action_ids=[programme.actions[0].id])

    gm, binnenstad, oost = helmond
    west = make_area("WK079415", "Helmond-West", gm)
    programme = make_programme(binnenstad, title="WOP Binnenstad", goals=("Minder overlast",))
    make_action(programme, "Avondaanpak", goal=programme.goals[0], start_date=date(2026, 3, 1))
    indicator = save_indicator(None, code="onveilig", name="Voelt zich onveilig", unit="%")
    for ward, value in ((binnenstad, 30), (oost, 15), (west, 20)):
        record_measurement(indicator, ward, period="2025", kind="nulmeting", value=Decimal(value))
    set_goal_target(
        programme.goals[0], indicator, binnenstad, baseline_period="2025", target_period="2028", target_value=24
    )
    opgave = create_opgave(area=binnenstad, title="Veilig centrum", statement="Een centrum zonder overlast.")
    seat_party(opgave, save_organisation(None, name="Woonpartners", kind="woningcorporatie"), role="trekker")
    programme.opgave = opgave
    db.session.commit()
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    make_user("team@oost.nl", "team_member", oost)
    lesson(manager, programme, "Avondrondes werken beter met de wijkagent erbij")
    db.session.commit()

    log_in(page, "gm@helmond.nl")
    page.goto(f"/programmas/{programme.id}")
    with page.expect_navigation():
        page.click("text=Opslaan als sjabloon")
    axe_check(page, "opslaan als sjabloon")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Sjabloon opslaan")
    assert "Beschrijf wanneer het sjabloon past" in page.inner_text("#fits_when-fout")
    axe_check(page, "opslaan als sjabloon met fout")
    page.fill("#fits_when", "Een wijk met overlast in de avonduren.")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Sjabloon opslaan")
    assert "Woningcorporatie" in page.inner_text("#rollen ~ .table-wrap")
    with page.expect_navigation():
        page.click("text=Nieuw programma uit sjabloon")
    assert "Helmond-Oost: geen opgave in deze wijk" in page.inner_text("#aan-tafel ~ ul")
    axe_check(page, "uitrollen")
    page.check("text=Helmond-Oost (WK079411)")
    page.check("text=Helmond-West (WK079415)")
    page.fill("#start", "2027-01-01")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Programma's maken")
    assert "2 streefwaarden herberekend" in page.inner_text("main")
    headers = page.eval_on_selector_all(
        "#naast-elkaar + .table-wrap thead th a", "els => els.map(e => e.innerText.trim())"
    )
    assert headers == ["Binnenstad", "Helmond-Oost", "Helmond-West"]
    assert "Avondrondes werken beter met de wijkagent erbij" in page.inner_text("#naast-elkaar + .table-wrap")
    table = page.inner_text("#aan-tafel ~ ul")
    assert (
        "Binnenstad: alle rollen zitten aan tafel" in table
        and "Helmond-West: dit programma hoort (nog) bij geen" in table
    )
    axe_check(page, "uitrolbeeld")
    with page.expect_navigation():
        page.click("text=Avondrondes werken beter met de wijkagent erbij")
    assert page.locator("h2:has-text('Avondrondes werken beter'), h3:has-text('Avondrondes werken beter')").count()
    page.go_back()

    db.session.expire_all()
    targets = {t.area_id: t.target_value for t in db.session.scalars(select(GoalTarget))}
    assert targets == {binnenstad.id: 24, oost.id: 12, west.id: 16}
    drafts = {p.area_id: p for p in db.session.scalars(select(Programme).where(Programme.id != programme.id))}
    lesson(manager, drafts[oost.id], "Oost start de avondronde pas na de zomer")
    lesson(manager, drafts[west.id], "Geheim leerpunt uit het concept van West")
    db.session.commit()

    page.context.clear_cookies()
    log_in(page, "team@oost.nl")
    page.goto("/sjablonen/")
    axe_check(page, "sjablonen")
    with page.expect_navigation():
        page.click("text=WOP Binnenstad")
    side_by_side = page.inner_text("#naast-elkaar + .table-wrap")
    assert "Oost start de avondronde pas na de zomer" in side_by_side
    assert "Geheim leerpunt" not in page.content() and "Avondrondes werken" not in side_by_side
    forms = page.locator("form[action*=uitrolstap]")
    assert forms.count() == 1  # its own ward only
    page.select_option("select[name=step]", "Bewonersavond")
    page.fill("input[name=done_on]", "2026-11-03")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Stap bijwerken")
    board = page.inner_text("#werkwijze ~ .table-wrap")
    # The pilot is a concept of another ward: the Helmond-Oost team sees its own row only.
    assert "Helmond-Oost\tnog niet\t✓ 3 nov 2026" in board and "Binnenstad" not in board
    axe_check(page, "uitrolbeeld na afvinken")


def test_a_programme_in_execution_is_revised_under_a_decision(
    page, axe_check, helmond, make_programme, make_user, make_item
):
    from planner.extensions import db
    from planner.programmes.services import transition
    from planner.rollout.services import save_as_template
    from tests.browser.helpers import log_in

    gm, binnenstad, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(binnenstad, title="WOP Binnenstad", goals=("Minder overlast",))
    for status in ("consultatie", "besluitvorming", "vastgesteld", "uitvoering"):
        transition(programme, status, manager, **(adoption(programme) if status == "vastgesteld" else {}))
    make_item(gm, number="RB 2027-12", kind="besluit", title="Herijking wijkaanpak")
    template = save_as_template(programme, manager, title="Minder overlast", fits_when="Overlast.")
    db.session.commit()

    log_in(page, "gm@helmond.nl")
    page.goto(f"/programmas/{programme.id}")
    with page.expect_navigation():
        page.click("text=Programma herzien")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Herziening openen")
    assert "Schrijf waarom het programma wordt herzien" in page.inner_text("#reason-fout")
    axe_check(page, "herzien met fout")
    page.fill("#reason", "De nieuwe veiligheidsmonitor vraagt om scherpere doelen.")
    page.select_option("#agenda_item_id", label="Besluit RB 2027-12: Herijking wijkaanpak")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Herziening openen")
    axe_check(page, "programma tijdens herziening")
    with page.expect_navigation():
        page.click("text=Doel bewerken")
    page.fill("#title", "Veel minder overlast")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Opslaan")
    with page.expect_navigation():
        page.click("text=Herziening afronden en vastleggen")
    assert "Doel 1: Veel minder overlast" in page.inner_text("main")
    assert page.locator("text=Doel bewerken").count() == 0
    page.goto(f"/programmas/{programme.id}/versies")
    assert "De nieuwe veiligheidsmonitor" in page.inner_text("main")

    page.goto(f"/sjablonen/{template.id}/bewerken")
    axe_check(page, "sjabloon bewerken")
    page.fill("#steps", "Bewonersavond\nRaadsvoorstel")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Opslaan")
    assert "Raadsvoorstel" in page.inner_text("#werkwijze ~ .table-wrap")
