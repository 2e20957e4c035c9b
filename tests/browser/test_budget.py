"""Budget pages in Chromium: the ward and municipality pages draw their plotly charts under the CSP
and pass axe; a team member allocates money from the action page."""
from __future__ import annotations

from decimal import Decimal

from planner.budget import services
from planner.extensions import db
from tests.budget.conftest import make_line, ward_world  # noqa: F401  (builder fixtures)
from tests.conftest import PASSWORD


def _login(page, email):
    page.goto("/inloggen")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_load_state()


def test_municipality_and_ward_budget_pages_draw_charts_and_pass_axe(page, axe_check, ward_world, make_user):
    w = ward_world
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("30000.00"))
    services.allocate(w["action_b"], w["line"], year=2026, amount=Decimal("10000.00"))
    db.session.commit()
    make_user("c@helmond.nl", "controller", w["gm"])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("favicon.ico") else None)
    _login(page, "c@helmond.nl")
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
    _login(page, "t@helmond.nl")
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
