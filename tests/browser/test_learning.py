"""Learning in Chromium: a ward team records a reflection with two lessons (an error beside a field first); a
team member of another ward, who reads along with the municipality, finds one by a word from it; the area
manager sees the leading principles and the evaluation. axe-core runs on every learning page."""

from __future__ import annotations

from planner.core.users import grant_role
from planner.extensions import db
from planner.programmes.services import transition
from tests.browser.helpers import log_in


def _go(page, link: str, axe_check, what: str, exact: bool = True) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=link, exact=exact).first.click()
    assert page.locator("h1").count() == 1, what
    axe_check(page, what)


def _save(page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def test_a_team_records_a_reflection_with_two_lessons_and_another_ward_finds_one(
    page, axe_check, two_wards, adopt, make_user
):
    w = two_wards
    programme = adopt(w["action_a"].programme)
    manager = make_user("gm@helmond.nl", "area_manager", w["gm"])
    transition(programme, "uitvoering", manager)
    reader = make_user("lezer.oost@helmond.nl", "team_member", w["ward_b"])
    grant_role(reader, "reader", w["gm"])
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    log_in(page, "a@helmond.nl")
    assert "Programma's zonder reflectie" in page.inner_text("main")
    page.goto(f"/programmas/{programme.id}")
    assert "nog geen reflectie" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Onderdelen van het programma").get_by_role("link", name="Leren").click()
    axe_check(page, "leerlog van het programma")
    _go(page, "Reflectie vastleggen", axe_check, "reflectie vastleggen")
    page.get_by_label("Datum van de reflectie").fill("2026-12-01")
    page.get_by_label("Begeleid door een onafhankelijke procesbegeleider").check()
    _save(page, "Reflectie opslaan")
    assert "procesbegeleider" in page.inner_text("#facilitator-fout")
    axe_check(page, "reflectie met fout")
    page.get_by_label("Naam van de begeleider").fill("Marieke Hendriks")
    page.get_by_label("Overige deelnemers, één rol per regel").fill("opgaveregisseur\nwijkagent")
    page.get_by_label("Wat werkt?").fill("Ouders komen naar het schoolplein.")
    page.get_by_label("Wat veranderen we?").fill("De buurtkamer gaat 's ochtends open.")
    _save(page, "Reflectie opslaan")
    assert "De reflectie is vastgelegd" in page.inner_text("main")
    axe_check(page, "reflectie")

    for statement, account in (
        ("Ontmoet ouders op het schoolplein", "Op het schoolplein kwamen veertig ouders, in het wijkhuis vijf."),
        ("Een buurtkamer in de ochtend bereikt ouderen", "Eenzaamheid onder ouderen: de ochtend werkt beter."),
    ):
        _go(page, "Leerpunt toevoegen", axe_check, "leerpunt toevoegen")
        page.get_by_label("Leerpunt in één zin").fill(statement)
        page.get_by_label("Toelichting: wat gebeurde er, wat leerden we?").fill(account)
        page.get_by_label("Samenleven", exact=True).check()
        page.get_by_label("1. Buurtkamer Binnenstad", exact=True).check()
        _save(page, "Leerpunt opslaan")
        assert "Het leerpunt is vastgelegd" in page.inner_text("main")
    assert page.locator("article h3").all_inner_texts() == [
        "Ontmoet ouders op het schoolplein",
        "Een buurtkamer in de ochtend bereikt ouderen",
    ]
    page.goto(f"/programmas/{programme.id}")
    assert "nog geen reflectie" not in page.inner_text("main")

    page.context.clear_cookies()
    log_in(page, "lezer.oost@helmond.nl")
    _go(page, "Leren", axe_check, "leerpunten zoeken")
    page.get_by_label("Woorden").fill("eenzaamheid")
    _save(page, "Zoeken")
    axe_check(page, "zoekresultaten")
    results = page.inner_text("main")
    assert "1 leerpunt gevonden" in results and "Een buurtkamer in de ochtend bereikt ouderen" in results
    assert "Binnenstad" in results and "Buurtkamer Binnenstad" in results
    _go(page, "Een buurtkamer in de ochtend bereikt ouderen", axe_check, "reflectie, gelezen uit een andere wijk")

    page.context.clear_cookies()
    log_in(page, "gm@helmond.nl")
    page.goto("/leren/")
    _go(page, "Leidende principes", axe_check, "leidende principes")
    _go(page, "Principe toevoegen", axe_check, "principe toevoegen")
    page.get_by_label("Leidend principe in één zin").fill("Begin bij de plekken waar mensen al komen")
    _save(page, "Opslaan")
    assert "Begin bij de plekken waar mensen al komen" in page.inner_text("main")
    page.goto(f"/leren/programma/{programme.id}")
    _go(page, "Evaluatie", axe_check, "evaluatie")
    _save(page, "Evaluatie opslaan")
    axe_check(page, "evaluatie met fout")
    assert "Geef het oordeel van het team over doel 1" in page.inner_text("main")
    assert not errors, errors
