"""The foundation's journey in Chromium: a ward team member logs in, drafts a programme with a goal
and two actions through the forms (by keyboard where a person would), moves it to consultatie
after the confirmation step, compares two versions side by side and reads the audit history.
axe-core runs on every page visited and fails the test on any violation. A second test opens the
same programme in two tabs: the second save shows what the colleague changed and keeps both texts."""

from __future__ import annotations

from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.programmes.models import Programme
from tests.browser.helpers import log_in

NARROW = {"width": 320, "height": 720}
# Elements whose box, or whose text (a long Dutch compound overflows its box), sticks out at the right.
WIDE = """() => {
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement)
    if (getComputedStyle(p).overflowX !== 'visible' && getComputedStyle(p).position !== 'static') return true; return false; };
  return [...document.querySelectorAll('body *')].filter(e => !scrolls(e) && (e.getBoundingClientRect().right > window.innerWidth + 0.5
    || (e.scrollWidth > e.clientWidth + 0.5 && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0)))
  .slice(0, 6).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40)); }"""


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _visit_checks(page, axe_check, what: str) -> None:
    """One h1, no violation, and no sideways scrolling at 320 px."""
    assert page.locator("h1").count() == 1, what
    axe_check(page, what)
    page.set_viewport_size(NARROW)
    assert _fits(page), f"{what} scrolls sideways at 320 px: " + str(page.evaluate(WIDE))
    axe_check(page, f"{what} (320 px)")
    page.set_viewport_size({"width": 1280, "height": 900})


def _submit(page, selector: str = "main form[method=post] button[type=submit] >> nth=-1") -> None:
    with page.expect_navigation():
        page.click(selector)


def _add_action(page, axe_check, title: str, owner: str, end: str, *, partner: str | None = None) -> None:
    page.click("text=Actie toevoegen")
    page.wait_for_selector("h1:has-text('Nieuwe actie')")
    _visit_checks(page, axe_check, f"nieuwe actie '{title}'")
    page.focus("#title")
    page.keyboard.type(title)
    page.select_option("#goal_id", label="1. Meer ontmoeting in de buurt")
    page.fill("#owner_person", owner)
    page.fill("#start_date", "2026-03-01")
    page.fill("#end_date", end)
    page.select_option("#status", "gepland")
    page.fill("#progress", "10")
    if partner:
        page.check(f"label:has-text('{partner}') >> xpath=preceding-sibling::input")
    _submit(page)
    page.wait_for_selector(f"h1:has-text('{title}')")
    assert "De actie is toegevoegd." in page.inner_text("main")
    _visit_checks(page, axe_check, f"actie '{title}'")


def test_team_member_drafts_a_programme_moves_it_to_consultatie_and_compares_versions(
    page, axe_check, helmond, make_user
):
    _, ward, _ = helmond
    db.session.add(Organisation(name="Woonbedrijf", kind="woningcorporatie"))
    db.session.commit()
    make_user("team@helmond.nl", "team_member", ward, name="Tessa Team")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("favicon.ico") else None
        ),
    )
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/inloggen")
    _visit_checks(page, axe_check, "inloggen")
    log_in(page, "team@helmond.nl", keyboard=True)
    page.wait_for_selector("h1:has-text('Mijn wijken')")
    _visit_checks(page, axe_check, "dashboard")

    # The ward, then a new programme for it.
    page.click("main a:has-text('Binnenstad')")
    page.wait_for_selector("h1:has-text('Binnenstad')")
    _visit_checks(page, axe_check, "wijkpagina")
    page.click("text=Nieuw programma")
    page.wait_for_selector("h1:has-text('Nieuw programma')")
    assert page.locator("#area_id").input_value() == str(ward.id)  # the ward is chosen already
    _visit_checks(page, axe_check, "nieuw programma")
    page.focus("#title")
    page.keyboard.type("Wijkontwikkelprogramma Binnenstad 2026–2029")
    page.fill("#start_year", "2026")
    page.fill("#end_year", "2029")
    page.fill("#summary", "Een levendige binnenstad waar bewoners elkaar kennen.")
    page.fill("#ambition", "Meer ontmoeting en een veilige openbare ruimte.")
    _submit(page)
    page.wait_for_selector("h1:has-text('Wijkontwikkelprogramma Binnenstad')")
    assert "Het programma is aangemaakt." in page.inner_text("main")
    _visit_checks(page, axe_check, "programma (concept)")
    programme_url = page.url

    # A goal, by keyboard: the form is submitted with Enter from the title field.
    page.click("text=Doel toevoegen")
    page.wait_for_selector("h1:has-text('Nieuw doel')")
    _visit_checks(page, axe_check, "nieuw doel")
    page.focus("#title")
    page.keyboard.type("Meer ontmoeting in de buurt")
    page.select_option("#theme_id", label="Samenleven")
    page.focus("#title")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Doel 1: Meer ontmoeting in de buurt" in page.inner_text("main")

    # Two actions under the goal.
    _add_action(page, axe_check, "Buurtkamer openen", "LEV-groep", "2026-12-31", partner="Woonbedrijf")
    page.goto(programme_url)
    _add_action(page, axe_check, "Speelplein vernieuwen", "Gemeente Helmond, team openbare ruimte", "2027-06-30")
    page.goto(programme_url)
    rows = page.locator("#doelen table tbody tr")
    assert rows.count() == 2
    assert "1 mrt 2026" in rows.nth(0).inner_text()  # Dutch date notation

    # Invalid input stays beside its field: an end date before the start.
    page.click("text=Actie toevoegen")
    page.fill("#title", "Verkeerde datum")
    page.fill("#start_date", "2026-06-01")
    page.fill("#end_date", "2026-01-01")
    _submit(page)
    assert "einddatum ligt vóór de startdatum" in page.inner_text("#end_date-fout")
    assert page.get_attribute("#end_date", "aria-invalid") == "true"
    _visit_checks(page, axe_check, "actieformulier met fout")
    page.goto(programme_url)

    # Workflow: the button asks first, then stores version 1.
    page.click("text=Naar consultatie")
    page.wait_for_selector("h1:has-text('Naar consultatie?')")
    _visit_checks(page, axe_check, "bevestiging consultatie")
    page.fill("#note", "Klaar voor de bewonersavond")
    page.click("button:has-text('Ja, zet op consultatie')")
    page.wait_for_selector("text=Versie 1 is vastgelegd")
    assert page.locator(".workflow [aria-current=step]").inner_text() == "Consultatie"
    _visit_checks(page, axe_check, "programma (consultatie)")

    # Residents' input changes an action; moving on to besluitvorming stores version 2.
    page.click("#doelen a:has-text('Buurtkamer openen')")
    page.click("text=Bewerken")
    page.wait_for_selector("h1:has-text('Actie bewerken')")
    _visit_checks(page, axe_check, "actie bewerken")
    page.fill("#title", "Buurtkamer openen in de bibliotheek")
    page.fill("#progress", "25")
    _submit(page)
    assert "De actie is opgeslagen." in page.inner_text("main")
    page.click("text=Wijzigingshistorie")
    page.wait_for_selector("h1:has-text('Wijzigingshistorie van actie 1')")
    assert "Buurtkamer openen in de bibliotheek" in page.inner_text("main")
    _visit_checks(page, axe_check, "historie actie")
    page.goto(programme_url)
    page.click("text=Naar besluitvorming")
    page.click("button:has-text('Ja, zet op besluitvorming')")
    page.wait_for_selector("text=Versie 2 is vastgelegd")

    # Version history and a side-by-side comparison of versions 1 and 2.
    page.click("main a:has-text('Versies (2)')")
    page.wait_for_selector("h1:has-text('Versies van')")
    assert page.locator("main table tbody tr").count() == 2
    assert "Klaar voor de bewonersavond" in page.inner_text("main table")
    _visit_checks(page, axe_check, "versies")
    page.select_option("#v-a", "1")
    page.select_option("#v-b", "2")
    _submit(page, "main form button:has-text('Vergelijken')")
    page.wait_for_selector("h1:has-text('Versies vergelijken')")
    changed = page.locator("section.compare-block--changed", has_text="Actie 1")
    assert changed.count() == 1
    left, right = changed.locator("tbody tr.changed", has_text="Titel").locator("td").all()
    assert left.inner_text().strip() == "Buurtkamer openen"
    assert "in de bibliotheek" in right.locator("ins").inner_text()
    progress_row = changed.locator("tbody tr", has_text="Voortgang").locator("td").all_inner_texts()
    assert [t.strip() for t in progress_row] == ["10", "25"]
    status_cells = (
        page.locator("section.compare-block--changed", has_text="Programma")
        .locator("tbody tr", has_text="Status")
        .locator("td")
        .all_inner_texts()
    )
    assert [t.strip() for t in status_cells] == ["Consultatie", "Besluitvorming"]
    assert page.locator(".compare-same li", has_text="Actie 2: Speelplein vernieuwen").count() == 1
    _visit_checks(page, axe_check, "vergelijking versie 1 en 2")

    # The audit history: who changed what, including the workflow steps.
    page.goto(programme_url)
    page.click("main a:has-text('Wijzigingshistorie')")
    page.wait_for_selector("h1:has-text('Wijzigingshistorie')")
    history = page.inner_text("main table")
    assert "team@helmond.nl" in history
    assert "status gewijzigd" in history and "Actie 2: Speelplein vernieuwen" in history
    _visit_checks(page, axe_check, "historie programma")
    assert errors == []

    programme = db.session.scalars(db.select(Programme)).one()
    db.session.refresh(programme)
    assert (programme.status, len(programme.actions), [v.number for v in programme.versions]) == (
        "besluitvorming",
        2,
        [1, 2],
    )


def test_stale_programme_form_in_two_tabs_shows_the_colleagues_change_and_keeps_both_texts(
    page, axe_check, helmond, make_user, make_programme
):
    _, ward, _ = helmond
    programme = make_programme(ward, title="WOP Binnenstad")
    make_user("team@helmond.nl", "team_member", ward)
    log_in(page, "team@helmond.nl", keyboard=True)
    edit_url = f"/programmas/{programme.id}/bewerken"
    other = page.context.new_page()  # the same person (or a colleague's session) in a second tab
    page.goto(edit_url)
    other.goto(edit_url)

    other.fill("#summary", "Samenvatting van de collega.")
    _submit(other)
    assert "De wijzigingen zijn opgeslagen." in other.inner_text("main")

    page.fill("#summary", "Mijn eigen samenvatting.")
    page.fill("#approach", "Mijn aanpak in drie stappen.")
    _submit(page)
    page.wait_for_selector("text=Iemand anders heeft dit opgeslagen")
    conflict = page.inner_text("section.conflict")
    assert "Samenvatting van de collega." in conflict
    assert page.locator("section.conflict dt").all_inner_texts() == ["Samenvatting"]  # in Dutch, not its column
    assert page.input_value("#summary") == "Mijn eigen samenvatting."
    assert page.input_value("#approach") == "Mijn aanpak in drie stappen."
    _visit_checks(page, axe_check, "verouderd formulier")
    db.session.refresh(programme)
    assert (programme.summary, programme.approach) == ("Samenvatting van de collega.", "")

    # Taking both texts over and saving again now works.
    page.fill("#summary", "Samenvatting van de collega. Mijn eigen samenvatting.")
    _submit(page)
    assert "De wijzigingen zijn opgeslagen." in page.inner_text("main")
    db.session.refresh(programme)
    assert programme.summary == "Samenvatting van de collega. Mijn eigen samenvatting."
    assert programme.approach == "Mijn aanpak in drie stappen."


def test_language_switch_works_by_keyboard_and_the_english_pages_pass_axe(
    page, axe_check, helmond, make_user, make_programme
):
    _, ward, _ = helmond
    programme = make_programme(ward)
    make_user("team@helmond.nl", "team_member", ward)
    page.goto("/inloggen")
    page.focus(".lang-switch button")
    assert page.get_attribute(".lang-switch button", "lang") == "en"  # read out in English
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == "en" and page.url.endswith("/inloggen")
    axe_check(page, "login (English)")
    log_in(page, "team@helmond.nl", keyboard=True)
    page.goto(f"/programmas/{programme.id}")
    assert page.evaluate("document.documentElement.lang") == "en"
    axe_check(page, "programme (English)")
    page.click(".lang-switch button:has-text('Nederlands')")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "nl" and page.url.endswith(f"/programmas/{programme.id}")
