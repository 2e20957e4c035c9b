"""Subsidies in Chromium: a controller grants a subsidy against a budget line and sees the line's room
shrink; a resident asks for wijkbudget without an account, the ward's manager moderates and decides, and the
answer appears on the ward's public page. Every page passes axe."""

from __future__ import annotations

from decimal import Decimal

from planner.extensions import db
from planner.subsidies import services
from tests.browser.helpers import log_in


def _scheme(w):
    scheme = services.create_scheme(
        w["gm"], name="Wijkbudget Binnenstad", area=w["a"], ceiling=Decimal("20000.00"), wijkbudget=True
    )
    db.session.commit()
    return scheme


def test_controller_grants_a_subsidy_and_the_line_room_shrinks(page, axe_check, ward_world, make_user):
    w = ward_world
    scheme = _scheme(w)
    services.apply(scheme, area=w["a"], title="Buurtfeest Kasteelplein", amount=Decimal("5000.00"), initiative=True)
    db.session.commit()
    make_user("c@helmond.nl", "controller", w["gm"])
    log_in(page, "c@helmond.nl")
    page.click("nav >> text=Subsidies")
    axe_check(page, "subsidies")
    page.click("text=Buurtfeest Kasteelplein")
    assert "vrij € 100.000,00" in page.inner_text("#budget_line_id").replace("\xa0", " ")
    axe_check(page, "aanvraag")
    # Without conditions the beschikking is refused beside the field.
    page.check("input[name=outcome][value=verlenen]")
    page.select_option("#budget_line_id", str(w["line"].id))
    page.fill("#granted_amount", "4.000,00")
    page.fill("#account_by", "2099-12-31")
    page.click("form[action$='/beschikking'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#conditions-fout").is_visible()
    axe_check(page, "beschikking met fout")
    page.check("input[name=outcome][value=verlenen]")
    page.select_option("#budget_line_id", str(w["line"].id))
    assert page.input_value("#granted_amount") == "4.000,00"
    page.fill("#conditions", "Openbaar toegankelijk; verslag met foto's.")
    page.fill("#account_by", "2099-12-31")
    page.click("form[action$='/beschikking'] button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#vrij-op-regel").replace("\xa0", " ") == "€ 96.000,00"
    axe_check(page, "verleende subsidie")
    page.goto("/begroting/GM0794?jaar=2026")
    assert "96.000,00" in page.inner_text(".budget-summary")


def test_a_resident_asks_for_wijkbudget_and_reads_the_published_answer(page, axe_check, ward_world, make_user):
    w = ward_world
    _scheme(w)
    make_user("m@helmond.nl", "area_manager", w["gm"])
    make_user("c@helmond.nl", "controller", w["gm"])
    page.goto("/inspraak/wijk/WK079410")
    page.click("text=Bewonersinitiatieven en wijkbudget")
    page.click("text=Wijkbudget aanvragen voor een initiatief")
    axe_check(page, "initiatief aanvragen")
    page.fill("#title", "Moestuin achter de Watermolenwal")
    page.fill("#description", "Met twaalf buren leggen we een moestuin aan.")
    page.fill("#amount", "850,00")
    page.click("form.public-form button[type=submit]")
    page.wait_for_load_state()
    assert "Bedankt" in page.inner_text("main")
    axe_check(page, "initiatieven na versturen")

    log_in(page, "m@helmond.nl")
    page.goto("/subsidies")
    page.click("text=Moestuin achter de Watermolenwal")
    page.check("input[name=decision][value=accept]")
    page.click("form[action$='/moderatie'] button[type=submit]")
    page.wait_for_load_state()
    page.fill("#advice", "Positief: buren doen het samen.")
    page.click("form[action$='/advies'] button[type=submit]")
    page.wait_for_load_state()
    page.check("input[name=outcome][value=verlenen]")
    page.select_option("#budget_line_id", str(w["line"].id))
    page.fill("#granted_amount", "850,00")
    page.fill("#conditions", "De tuin blijft open voor alle buren.")
    page.fill("#account_by", "2099-12-31")
    page.click("form[action$='/beschikking'] button[type=submit]")
    page.wait_for_load_state()
    page.fill("#public_answer", "Uw moestuin krijgt € 850 uit het wijkbudget.")
    page.click("form[action$='/antwoord'] button[type=submit]")
    page.wait_for_load_state()
    axe_check(page, "initiatief met antwoord")

    page.goto("/inspraak/wijk/WK079410/initiatieven")
    assert "Uw moestuin krijgt € 850 uit het wijkbudget." in page.inner_text("main")
    axe_check(page, "openbare antwoorden")
