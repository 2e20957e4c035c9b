"""A council member reads the versions and history of a programme that went back to concept once: only
what the council was shown, with a note saying so; axe passes on both pages."""

from __future__ import annotations

from planner.extensions import db
from planner.programmes.services import transition, update_programme
from tests.browser.helpers import log_in


def test_reader_sees_versions_and_history_from_the_consultation_on(page, axe_check, helmond, make_user, make_programme):
    gm, binnenstad, _ = helmond
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    programme = make_programme(binnenstad, title="Programma Binnenstad")
    update_programme(programme, None, summary="Interne eerste opzet")
    update_programme(programme, None, summary="Tekst voor de inspraak")
    transition(programme, "consultatie", team)
    transition(programme, "concept", team, note="Terug voor de bezuinigingsronde")
    update_programme(programme, None, summary="Tweede interne opzet")
    transition(programme, "consultatie", team)
    make_user("raad@helmond.nl", "reader", gm)
    db.session.commit()

    log_in(page, "raad@helmond.nl")
    page.goto(f"/programmas/{programme.id}/versies")
    main = page.inner_text("main")
    assert "vanaf de consultatie" in main and "bezuinigingsronde" not in main
    axe_check(page, "versies voor de raad")
    page.goto(f"/programmas/{programme.id}/historie")
    main = page.inner_text("main")
    assert "Interne eerste opzet" not in main and "Tweede interne opzet" not in main
    assert "vanaf de consultatie" in main
    axe_check(page, "historie voor de raad")
