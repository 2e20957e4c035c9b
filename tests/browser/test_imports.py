"""Import journey in Chromium: upload → preview with errors → corrected file → commit in the
background with the polled progress page → result → run list; axe on every page."""

from __future__ import annotations

import re

from tests.browser.helpers import log_in
from tests.excel.helpers import GEMEENTEN


def test_admin_imports_municipalities_through_preview_and_progress(
    page, axe_check, live_server, helmond, make_user, tmp_path
):
    make_user("beheer@helmond.nl", "admin", helmond[0])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("favicon.ico") else None
        ),
    )
    live_server.app.config["IMPORT_IN_BACKGROUND"] = True
    try:
        log_in(page, "beheer@helmond.nl")
        page.goto("/importeren/")
        axe_check(page, "upload")
        bad = tmp_path / "gemeenten-2023.csv"
        bad.write_text(GEMEENTEN.read_text(encoding="utf-8").replace("GM1680", "XX1680"), encoding="utf-8")
        page.select_option("#profile", "cbs-gebieden")
        page.set_input_files("#file", str(bad))
        page.click("main button[type=submit]")
        page.wait_for_selector("table.import-errors")
        assert "GemeentecodeGM" in page.inner_text("table.import-errors")
        axe_check(page, "voorbeeld met fouten")

        page.goto("/importeren/")
        page.select_option("#profile", "cbs-gebieden")
        page.set_input_files("#file", str(GEMEENTEN))
        page.click("main button[type=submit]")
        page.wait_for_selector("table.import-sample")
        axe_check(page, "voorbeeld")
        page.click("main button:has-text('Inlezen')")
        page.wait_for_url(re.compile(r"/importeren/runs/\d+$"), timeout=30_000)
        assert "Ingelezen: 342 rijen" in page.inner_text("main")
        axe_check(page, "resultaat")
        page.goto("/importeren/runs")
        axe_check(page, "importlijst")
        # The two previews (one with errors) wrote nothing: out of the list until asked for.
        assert page.locator("main tbody tr").count() == 1
        assert "2 proefimports (alleen gecontroleerd, niets opgeslagen)" in page.inner_text("main")
        page.click("text=Toon ook de proefimports")
        assert page.locator("main tbody tr").count() == 3
        axe_check(page, "importlijst met proefimports")
        assert errors == []
    finally:
        live_server.app.config.pop("IMPORT_IN_BACKGROUND", None)
