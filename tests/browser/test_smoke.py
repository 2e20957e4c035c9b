"""The browser fixtures work: Chromium reaches the live server, and axe-core runs on a real page."""

import pytest


def test_live_server_answers_healthz_in_chromium(page, live_server):
    response = page.goto("/healthz")
    assert response.status == 200
    assert '"status":"ok"' in page.content().replace(" ", "")


def test_login_page_loads_with_its_styles_and_passes_axe(page, axe_check):
    response = page.goto("/inloggen")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    stylesheets = page.evaluate("() => [...document.styleSheets].filter(s => s.cssRules.length).length")
    assert stylesheets >= 1
    axe_check(page)


def test_axe_check_reports_violations_readably(page, axe_check):
    page.set_content('<html lang="nl"><body><main><img src="x.png"></main></body></html>')
    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page, "een pagina zonder alt-tekst")
    assert "image-alt" in str(failure.value) and "een pagina zonder alt-tekst" in str(failure.value)
