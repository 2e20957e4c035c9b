"""API tokens in Chromium: a reader makes a token by keyboard, copies it once, uses it against the
API (which answers with what the reader may see), and revokes it by keyboard after a confirmation page;
axe passes on every page."""

from __future__ import annotations

from tests.browser.helpers import log_in


def _tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element is the button or link called `name`, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent.replace(/\\s+/g, ' ')")
        if focused and focused.strip() == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_reader_makes_uses_and_revokes_an_api_token(page, axe_check, helmond, make_user, make_programme, live_server):
    gm, ward, _ = helmond
    make_user("raad@helmond.nl", "reader", gm)
    make_programme(ward, title="Concept Binnenstad")  # a draft: never visible to a reader
    log_in(page, "raad@helmond.nl", keyboard=True)
    # each step waits for the page it leads to: axe on a document still being replaced fails
    with page.expect_navigation():
        page.get_by_role("link", name="API-sleutels").click()
    axe_check(page, "API-sleutels leeg")
    page.get_by_label("Naam van de sleutel").fill("Dashboard griffie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    secret = page.get_by_label("Sleutel", exact=True).input_value()
    assert secret.startswith("wp_")
    axe_check(page, "API-sleutels met nieuwe sleutel")
    api = page.context.request
    answer = api.get(f"{live_server.url}/api/v1/programmes", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["total"] == 0
    me = api.get(f"{live_server.url}/api/v1/", headers={"Authorization": f"Bearer {secret}"}).json()
    assert me["user"]["roles"] == [{"role": "reader", "area": "GM0794"}]
    # The key page shows when the key was last used, and its end date field.
    page.reload()
    row = page.get_by_role("row", name="Dashboard griffie")
    assert "nooit" not in row.inner_text() and "(UTC)" in row.inner_text()
    assert "tot intrekken" in row.inner_text()
    assert page.get_by_label("Geldig tot en met (niet verplicht)").is_visible()
    # Revoking asks first, on a page that works by keyboard alone.
    _tab_to(page, "Intrekken Dashboard griffie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.inner_text("h1") == "API-sleutel 'Dashboard griffie' intrekken?"
    axe_check(page, "API-sleutel intrekken bevestigen")
    assert api.get(f"{live_server.url}/api/v1/", headers={"Authorization": f"Bearer {secret}"}).status == 200
    _tab_to(page, "Ja, sleutel intrekken")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "is ingetrokken" in page.inner_text("main")
    assert api.get(f"{live_server.url}/api/v1/", headers={"Authorization": f"Bearer {secret}"}).status == 401
    axe_check(page, "API-sleutels na intrekken")
