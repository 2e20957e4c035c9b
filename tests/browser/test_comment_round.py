"""The internal comment round in Chromium: a partner granted on one concept programme finds it from the menu,
opens the round and comments on an action (after a refused empty comment); a team member of the ward answers
it; the partner reads the answer. axe-core runs on every page and every form state visited."""

from __future__ import annotations

from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.opgaven.services import grant_partner
from tests.browser.helpers import log_in


def _go(page, name: str, axe_check, what: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).first.click()
    assert page.locator("h1").count() == 1, what
    axe_check(page, what)


def _click(page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def _log_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()


def test_partner_comments_on_an_action_the_team_answers_and_the_partner_reads_it(
    page, axe_check, helmond, make_user, make_programme, make_action
):
    _, ward, _ = helmond
    woonbedrijf = Organisation(name="Woonbedrijf", kind="woningcorporatie")
    db.session.add(woonbedrijf)
    programme = make_programme(ward, title="Concept wijkprogramma Binnenstad", goals=("Meer ontmoeting",))
    make_action(programme, title="Buurtkamer openen", goal=programme.goals[0])
    partner = make_user("ria@woonbedrijf.nl", name="Ria Jansen")
    grant_partner(partner, None, woonbedrijf, programme=programme)
    make_user("team@helmond.nl", "team_member", ward, name="Tessa Team")
    db.session.commit()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    log_in(page, "ria@woonbedrijf.nl")
    _go(page, "Programma's", axe_check, "programma's van de partner")
    _go(page, "Concept wijkprogramma Binnenstad", axe_check, "conceptprogramma (partner)")
    _go(page, "Interne ronde (0 onbeantwoord)", axe_check, "interne ronde (leeg)")
    page.get_by_label("Waarover gaat uw opmerking?").select_option(label="Actie 1: Buurtkamer openen")
    _click(page, "Opmerking opslaan")
    assert "Schrijf uw opmerking." in page.inner_text("#text-fout")
    axe_check(page, "interne ronde met fout")
    page.get_by_label("Uw opmerking", exact=True).fill(
        "Kan de buurtkamer in ons pand aan de Markt? Wij hebben ruimte vrij."
    )
    _click(page, "Opmerking opslaan")
    assert "Uw opmerking is opgeslagen." in page.inner_text("main")
    assert "Ria Jansen (Woonbedrijf)" in page.inner_text("main")
    assert "Nog niet beantwoord" in page.inner_text("main")
    axe_check(page, "interne ronde met opmerking (partner)")
    _log_out(page)

    log_in(page, "team@helmond.nl")
    page.goto(f"/programmas/{programme.id}")
    _go(page, "Interne ronde (1 onbeantwoord)", axe_check, "interne ronde (team)")
    page.get_by_label("Antwoord van het team").fill("Goed idee: we bekijken het pand samen in maart.")
    page.get_by_label("Wat is ermee gedaan?").select_option(label="Verwerkt")
    _click(page, "Antwoord opslaan")
    assert "Het antwoord is opgeslagen." in page.inner_text("main")
    axe_check(page, "interne ronde na antwoord (team)")
    _log_out(page)

    log_in(page, "ria@woonbedrijf.nl")
    page.goto(f"/programmas/{programme.id}")
    _go(page, "Interne ronde (0 onbeantwoord)", axe_check, "interne ronde met antwoord (partner)")
    main = page.inner_text("main")
    assert "Goed idee: we bekijken het pand samen in maart." in main and "Antwoord van Tessa Team" in main
    assert "Verwerkt" in main
    page.set_viewport_size({"width": 320, "height": 720})
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "round at 320 px"
    assert not errors, errors
