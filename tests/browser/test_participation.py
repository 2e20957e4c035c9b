"""Participation in Chromium: a resident reacts without an account (and gets no cookie), with the
keyboard alone; a team member moderates and answers; after adoption the feedback page shows the
answer and the action. axe-core passes on every public page, also at 320 px wide."""

from __future__ import annotations

from planner.extensions import db
from tests.browser.helpers import log_in

NARROW = {"width": 320, "height": 720}
WIDE = """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))"""


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def _public_checks(page, axe_check, url, what):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    assert page.locator("h1").count() == 1
    axe_check(page, what)
    page.set_viewport_size(NARROW)
    assert _fits(page), f"{what} scrolls sideways at 320 px: " + str(page.evaluate(WIDE))
    axe_check(page, f"{what} (320 px)")


def test_resident_reacts_team_answers_feedback_shows_it(page, axe_check, world, adopt):
    p, action = world["prog_a"], world["action_a"]
    for url, what in (
        (f"/inspraak/{p.id}", "concept"),
        (f"/inspraak/{p.id}/reageren?actie={action.id}", "reactieformulier"),
        ("/inspraak/privacy", "privacyverklaring"),
        (f"/inspraak/{p.id}/terugkoppeling", "terugkoppeling leeg"),
    ):
        _public_checks(page, axe_check, url, what)

    # The resident, keyboard only, at 320 px: from the draft to the form of action 1.
    page.set_viewport_size(NARROW)
    page.goto(f"/inspraak/{p.id}")
    page.locator(f"a[href$='reageren?actie={action.id}']").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Reageren op actie 1" in page.inner_text("h1")
    page.locator("#text").focus()
    order = []
    for _ in range(5):  # privacy link, name, e-mail, consent, submit: the honeypot is never reached
        page.keyboard.press("Tab")
        order.append(page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()"))
        if order[-1] == "email":
            page.keyboard.type("geen-adres")
    assert order == ["Lees de privacyverklaring", "name", "email", "consent", "Reactie versturen"]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#text-fout").is_visible()
    page.locator("#text").fill("Meer licht in de steeg")
    page.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#consent-fout").is_visible() and page.locator("#foutmeldingen").is_visible()
    axe_check(page, "reactieformulier met fouten (320 px)")
    page.locator("#text").fill("")
    page.locator("#email").fill("")
    page.locator("#text").focus()
    page.keyboard.type("Open de buurtkamer ook voor jongeren <script>alert(1)</script>")
    for _ in range(5):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Reactie versturen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Bedankt voor uw reactie" in page.inner_text("h1")
    axe_check(page, "bedankt (320 px)")
    assert page.context.cookies() == []

    # The team member moderates and answers.
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "a@helmond.nl")
    page.goto(f"/programmas/{p.id}/inbreng?moderatie=te_modereren")
    assert "<script>alert(1)</script>" in page.inner_text(".triage-table")
    axe_check(page, "triage")
    page.locator("input[name=ids]").first.check()
    with page.expect_navigation():
        page.click("button[name=decision][value=gepubliceerd]")
    assert "1 bijdrage gepubliceerd" in page.inner_text("main")
    assert "0 bijdragen" in page.inner_text("main")  # back on the same filter: nothing left to moderate
    page.goto(f"/programmas/{p.id}/inbreng")
    with page.expect_navigation():
        page.click(".triage-table a >> nth=0")
    page.select_option("#status", "overgenomen")
    page.fill("#response", "Vanaf september is de buurtkamer op woensdagmiddag open voor jongeren.")
    page.check(f"#action_ids-{action.id}")
    with page.expect_navigation():
        page.click("form:not([action]) button[type=submit]")
    assert "De reactie is opgeslagen." in page.inner_text("main")
    axe_check(page, "triage na antwoord")

    # After adoption anyone can read what was done with the input.
    db.session.expire_all()
    adopt(p)
    page.context.clear_cookies()
    _public_checks(page, axe_check, f"/inspraak/{p.id}/terugkoppeling", "terugkoppeling na vaststelling")
    text = page.inner_text("main")
    assert "woensdagmiddag open voor jongeren" in text and "Actie 1: Buurtkamer openen" in text
    assert "<script>alert(1)</script>" in text and "Overgenomen" in text
    assert page.context.cookies() == []


def _loaded_width(page, image) -> int:
    """The image's own width once the browser has it (0 if it failed): the photos load lazily, so
    the page's load event can come before them."""
    page.wait_for_function("img => img.complete", arg=image.element_handle())
    return page.evaluate("img => img.complete && img.naturalWidth", image.element_handle())


def _attach(page, path, description):
    page.set_input_files("#file", str(path))
    page.fill("#description", description)
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")


def test_team_adds_a_photo_to_a_moment_and_residents_see_it_only_when_public(page, axe_check, world, tmp_path):
    from datetime import date

    from planner.participation import services
    from planner.participation.demo import flipover_png

    p = world["prog_a"]
    services.record_moment(p, kind="bewonersavond", title="Bewonersavond buurthuis", date=date(2026, 3, 12))
    db.session.commit()
    photo = tmp_path / "flip-over tafel 2.png"
    photo.write_bytes(flipover_png())
    fake = tmp_path / "foto.png"
    fake.write_text("<!doctype html><script>alert(1)</script>")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "a@helmond.nl")

    # A staff form: the empty required textarea is not red before anyone typed (Utrecht's :invalid).
    page.goto(f"/programmas/{p.id}/inbreng/nieuw")
    border = "() => getComputedStyle(document.querySelector('#text')).borderTopColor"
    untouched = page.evaluate(border)
    page.fill("#text", "Meer bankjes")
    page.locator("#text").blur()
    assert page.evaluate(border) == untouched
    page.fill("#text", "")
    page.locator("#text").blur()
    assert page.evaluate(border) != untouched  # emptied by the user: now it is marked (:user-invalid)

    page.goto(f"/programmas/{p.id}/bijeenkomsten")
    with page.expect_navigation():
        page.click("text=Bewonersavond buurthuis")
    assert page.inner_text("h1") == "Bewonersavond buurthuis"
    axe_check(page, "bijeenkomst zonder bijlagen")
    _attach(page, fake, "Iets")
    assert "is geen JPEG-foto, PNG-afbeelding of PDF-document" in page.inner_text("#file-fout")
    assert page.locator("#foutmeldingen").is_visible()
    axe_check(page, "bijeenkomst met fout bij het bestand")
    _attach(page, photo, "Flip-over met de wensen van tafel 2: meer groen en licht in de steeg")
    assert "'flip-over tafel 2.png' is toegevoegd" in page.inner_text("main")
    image = page.locator(".attachment img")
    assert image.get_attribute("alt").startswith("Flip-over met de wensen")
    assert _loaded_width(page, image) == 240
    assert "nee, alleen voor het team" in page.inner_text(".attachment")
    axe_check(page, "bijeenkomst met foto")

    # Not public yet: the residents' feedback page shows no photo. After 'Openbaar maken' it does.
    feedback = f"/inspraak/{p.id}/terugkoppeling"
    page.goto(feedback)
    assert page.locator(".photo-list img").count() == 0
    page.go_back()
    with page.expect_navigation():
        page.click("button:has-text('Openbaar maken')")
    assert "openbare terugkoppelingspagina" in page.inner_text("main")
    page.context.clear_cookies()
    _public_checks(page, axe_check, feedback, "terugkoppeling met foto")
    shown = page.locator(".photo-list img")
    assert shown.count() == 1 and shown.get_attribute("alt").startswith("Flip-over met de wensen")
    assert _loaded_width(page, shown) == 240
    assert page.context.cookies() == []
