"""Budget pages in Chromium: the ward and municipality pages draw their plotly charts under the CSP
and pass axe; a team member allocates money from the action page; a controller reads the
deviation report of a closed berap with its totals, explains a line and downloads the workbook."""

from __future__ import annotations

from decimal import Decimal

from planner.budget import services
from planner.extensions import db
from tests.browser.helpers import log_in


def test_municipality_and_ward_budget_pages_draw_charts_and_pass_axe(page, axe_check, ward_world, make_user):
    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("30000.00"))
    services.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("10000.00"))
    db.session.commit()
    make_user("c@helmond.nl", "controller", w["gm"])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("favicon.ico") else None
        ),
    )
    log_in(page, "c@helmond.nl")
    page.goto("/begroting/GM0794?jaar=2026")
    page.wait_for_selector("#grafiek-wijken .main-svg")
    page.wait_for_selector("#grafiek-taakvelden .main-svg")
    assert errors == []
    axe_check(page, "begroting gemeente")
    page.goto("/begroting/WK079410?jaar=2026")
    page.wait_for_selector("#grafiek-taakvelden .main-svg")
    assert "30.000,00" in page.inner_text("#tabel-taakvelden")
    axe_check(page, "begroting wijk")


def test_team_member_allocates_from_the_action_page(page, axe_check, ward_world, make_user):
    w = ward_world
    make_user("t@helmond.nl", "team_member", w["a"])
    log_in(page, "t@helmond.nl")
    page.goto(f"/acties/{w['action_a'].id}")
    page.select_option("#budget_line_id", str(w["line"].id))
    page.fill("#amount", "200.000,00")
    page.click("form[action$='/toekenningen'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#amount-fout").is_visible()
    axe_check(page, "toekenning met fout")
    page.fill("#amount", "12.500,00")
    page.click("form[action$='/toekenningen'] button[type=submit]")
    page.wait_for_load_state()
    page.wait_for_selector("#begroting")
    assert "12.500,00" in page.inner_text("#begroting + .table-wrap")
    axe_check(page, "actiepagina met toekenning")


def test_controller_explains_a_deviation_and_downloads_the_workbook(page, axe_check, ward_world, make_user, make_line):
    from planner.cycle.services import add_moment, close_moment

    w = ward_world
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("50000.00"))
    make_line(w["gm"], "40000.00", key="KPL2/4300/2.1", taakveld="2.1", description="Verkeer")
    moment = add_moment(w["gm"], kind="berap1", year=2026)
    close_moment(moment, controller)
    make_line(w["gm"], "135000.00", kind="prognose")  # after the berap: the line will overrun
    make_line(w["gm"], "52000.00", key="KPL2/4300/2.1", taakveld="2.1", description="Verkeer", kind="prognose")
    db.session.commit()
    log_in(page, "c@helmond.nl")
    page.goto(f"/begroting/pc/{moment.id}")
    total = page.locator("tfoot tr", has_text="Totaal begrotingsregels").inner_text()
    assert "140.000,00" in total and "187.000,00" in total and "47.000,00" in total
    assert "WOP Binnenstad" in page.inner_text("main")  # the action's programme
    axe_check(page, "afwijkingen berap 1")
    page.fill("#toelichting-line-1", "Extra inzet buurtwerk na de zomer.")
    page.click("form.note-form >> nth=0 >> button")
    page.wait_for_load_state()
    assert page.input_value("#toelichting-line-1") == "Extra inzet buurtwerk na de zomer."
    with page.expect_download() as download:
        page.click("text=Download als Excel-werkmap")
    assert download.value.suggested_filename == "afwijkingen-berap1-2026-GM0794.xlsx"
