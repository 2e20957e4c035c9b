"""Bijsturen in Chromium: the team corrects an action from its page (refused without a reason, beside
the field), the story shows it, the comparison counts it as bijgestuurd; axe passes on each page."""

from __future__ import annotations

from datetime import date

from tests.browser.helpers import log_in


def test_team_corrects_an_action_and_the_comparison_counts_it(
    page, axe_check, helmond, make_programme, make_action, make_user
):
    from planner.actions.services import add_milestone
    from planner.extensions import db
    from planner.tracking import cache

    cache.PAGES.clear()  # the live server shares this process: no page cached by an earlier test
    gm, binnenstad, oost = helmond
    action = make_action(make_programme(binnenstad, title="WOP Binnenstad"), "Groen plein", status="loopt")
    make_action(make_programme(oost, title="WOP Helmond-Oost"), "Huiskamer", status="loopt")
    milestone = add_milestone(action, "Ontwerp klaar", date(2026, 5, 1))
    db.session.commit()
    make_user("team@binnenstad.nl", "team_member", binnenstad)
    make_user("gm@helmond.nl", "area_manager", gm)

    log_in(page, "team@binnenstad.nl")
    page.goto(f"/acties/{action.id}")
    with page.expect_navigation():
        page.click("text=Bijsturen")
    page.check("input[name=aspects][value=scope]")
    page.fill("#changes", "De speelplek komt aan de oostkant.")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Bijsturing vastleggen")
    assert "Geef de reden van de bijsturing" in page.inner_text("#reason-fout")
    assert page.get_attribute("#reason", "aria-invalid") == "true"
    axe_check(page, "bijsturen met fout")
    page.fill("#reason", "Bewoners wezen op de zon in de middag.")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=Bijsturing vastleggen")
    story = page.inner_text("#voortgangsverhaal + *, .tracking-story")
    assert "Bewoners wezen op de zon in de middag." in story and "Inhoud (scope)" in story
    axe_check(page, "actie met bijsturing")

    page.goto(f"/mijlpalen/{milestone.id}/verplaatsen")
    axe_check(page, "mijlpaal verplaatsen")

    page.goto(f"/programmas/{action.programme_id}/tijdlijn")
    page.wait_for_selector("#tijdlijn svg.main-svg")
    assert "Bijsturing actie 1: Bewoners wezen op de zon" in page.inner_text("main")
    axe_check(page, "tijdlijn met bijsturing")

    page.context.clear_cookies()
    log_in(page, "gm@helmond.nl")
    page.goto(f"/vergelijking?gebied=GM0794&jaar={date.today().year}")
    headers = page.eval_on_selector_all("#tabel-wijken thead th", "els => els.map(e => e.innerText.trim())")
    column = next(n for n, h in enumerate(headers) if h.startswith("Bijgestuurd"))
    assert headers[column - 1].startswith("Niet op schema")
    cells = page.eval_on_selector_all(
        "#tabel-wijken tbody tr", "rows => rows.map(r => Array.from(r.children).map(c => c.innerText.trim()))"
    )
    by_ward = {row[0]: row[column] for row in cells}
    assert by_ward == {"Binnenstad": "1", "Helmond-Oost": "0"}
    axe_check(page, "vergelijking met bijgestuurd")
