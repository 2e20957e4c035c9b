"""A municipality's admin keeps its own theme list in Chromium: the themes page with the shared list and the
municipality's own, the new-theme form with "Geldt voor" (also with an error), all through axe-core."""

from __future__ import annotations

from planner.extensions import db
from tests.browser.helpers import log_in


def _click(page, role: str, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role(role, name=name, exact=True).first.click()


def test_a_municipal_admin_adds_a_theme_to_the_own_list(page, axe_check, helmond, make_area, make_user):
    gm, _, _ = helmond
    make_area("GM0034", "Almere")
    db.session.commit()
    make_user("beheer@helmond.nl", "admin", gm)
    log_in(page, "beheer@helmond.nl")
    page.goto("/beheer/themas")
    axe_check(page, "thema's")
    assert "Gedeeld door alle gemeenten" in page.inner_text("main")
    _click(page, "link", "Nieuw thema")
    axe_check(page, "nieuw thema")
    page.get_by_label("Naam").fill("Wonen")
    page.get_by_label("Geldt voor").select_option(label="Helmond")
    _click(page, "button", "Opslaan")
    assert "al een thema" in page.inner_text("main")
    axe_check(page, "nieuw thema met fout")
    page.get_by_label("Naam").fill("Kanaalzone")
    _click(page, "button", "Opslaan")
    main = page.inner_text("main")
    assert "Het thema is opgeslagen." in main and "Alleen Helmond" in main and "Kanaalzone" in main
    axe_check(page, "thema's met eigen lijst")
