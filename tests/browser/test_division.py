"""The division in Chromium: the functioneel beheerder opens Gebiedsindeling from the menu, makes a
stadsdeel by keyboard, meets a refusal beside the field, places a wijk and a single buurt; axe passes
on every page."""

from __future__ import annotations

from sqlalchemy import select

from planner.areas.models import Area
from planner.extensions import db
from tests.browser.helpers import log_in


def test_admin_divides_the_gemeente_into_a_stadsdeel(page, axe_check, helmond, make_area, make_user):
    gm, binnenstad, oost = helmond
    make_area("BU07941101", "Oost-Centrum", oost)
    db.session.commit()
    make_user("beheer@helmond.nl", "admin", gm)
    log_in(page, "beheer@helmond.nl", keyboard=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Gebiedsindeling", exact=True).click()
    axe_check(page, "gebiedsindeling")
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuw stadsdeel of gebied").click()
    axe_check(page, "nieuw stadsdeel")
    assert page.get_by_label("Code").input_value() == "SD0794-01"
    page.get_by_label("Code").fill("WK079499")
    page.get_by_label("Naam").focus()
    page.keyboard.type("Stadsdeel Centrum")
    page.get_by_label("Binnenstad (WK079410)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "Gebruik een code als SD0794-01" in page.inner_text("#code-fout")
    axe_check(page, "nieuw stadsdeel met fout")
    assert page.get_by_label("Binnenstad (WK079410)").is_checked()  # the user's choice is kept
    page.get_by_label("Code").fill("SD0794-01")
    page.get_by_text("Helmond-Oost (WK079411): 1 buurt").click()
    page.get_by_label("Oost-Centrum (BU07941101)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "Stadsdeel Centrum is opgeslagen" in page.inner_text("main")
    assert "Binnenstad, Oost-Centrum" in page.inner_text("table")
    axe_check(page, "gebiedsindeling met stadsdeel")
    with page.expect_navigation():
        page.get_by_role("link", name="Stadsdeel Centrum").click()
    axe_check(page, "stadsdeel wijzigen")
    db.session.expire_all()
    paths = dict(db.session.execute(select(Area.code, Area.path)).all())
    assert paths["WK079410"] == "GM0794/SD0794-01/WK079410"
    assert paths["BU07941101"] == "GM0794/SD0794-01/BU07941101"
