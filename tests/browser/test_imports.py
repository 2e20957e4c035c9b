"""Import journey in Chromium: upload → preview with errors → corrected file → commit in the
background with the polled progress page → result → run list; axe on every page."""

from __future__ import annotations

import re

from tests.browser.helpers import log_in
from tests.excel.helpers import GEMEENTEN, SAMPLES

IV3 = SAMPLES / "iv3" / "iv3-begroting-2024.csv"


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
        page.wait_for_selector("table.import-error-groups")
        assert "XX1680" in page.inner_text("table.import-error-groups")
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


def test_the_national_iv3_file_gives_one_error_line_or_only_helmond(page, axe_check, live_server, helmond, make_user):
    """A Helmond controller: without "alleen mijn gemeente" the 24,211 rows of other municipalities
    are one grouped line with a CSV of them all; with it (the default) they are skipped."""
    make_user("controller@helmond.nl", "controller", helmond[0])
    log_in(page, "controller@helmond.nl")
    page.goto("/importeren/")
    assert page.is_checked("#only_municipality")  # all the user's roles lie in Helmond
    page.select_option("#profile", "iv3-taakvelden")
    page.set_input_files("#file", str(IV3))
    page.uncheck("#only_municipality")
    page.click("main button[type=submit]")
    page.wait_for_selector("table.import-error-groups")
    rows = page.locator("table.import-error-groups tbody tr")
    assert rows.count() == 1
    assert re.search(r"24\.211\s+rijen 2, 3, 4, 5, 6, …", rows.first.inner_text())
    assert "De gemeente '…' is niet bekend" in rows.first.inner_text()
    axe_check(page, "voorbeeld met gegroepeerde fouten")
    with page.expect_download() as download:
        page.click("text=Alle fouten downloaden")
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + 24_211 and lines[0] == "Werkblad;Rij;Kolom;Melding"

    page.goto("/importeren/")
    page.select_option("#profile", "iv3-taakvelden")
    page.set_input_files("#file", str(IV3))
    page.click("main button[type=submit]")
    page.wait_for_selector("table.import-sample")
    assert "341 gemeenten overgeslagen (24.211 rijen) — alleen Helmond wordt ingelezen." in page.inner_text("main")
    assert page.locator("table.import-error-groups").count() == 0
    axe_check(page, "voorbeeld alleen Helmond")


def test_the_waiting_page_follows_the_run_and_moves_on_when_the_worker_is_done(
    page, axe_check, live_server, helmond, make_user
):
    from planner.excel.models import ImportRun
    from planner.extensions import db

    user = make_user("beheer@helmond.nl", "admin", helmond[0])
    run = ImportRun(
        user_id=user.id,
        profile="cbs-gebieden",
        file_name="gemeenten-2023.csv",
        sha256="b" * 64,
        state="running",
        progress={"phase": "lezen", "read": 4096, "total": 342_000, "validated": 0, "written": 0},
    )
    db.session.add(run)
    db.session.commit()
    log_in(page, "beheer@helmond.nl")
    page.goto(f"/importeren/runs/{run.id}/voortgang")
    assert "4.096" in page.inner_text("#import-progress") and "342.000" in page.inner_text("#import-progress")
    axe_check(page, "import bezig")
    # another process (the job worker) finishes the run: the page notices and shows the result
    run.state, run.rows, run.created = "committed", 342, 342
    db.session.commit()
    page.wait_for_url(re.compile(rf"/importeren/runs/{run.id}$"), timeout=15_000)
    assert "Ingelezen: 342 rijen" in page.inner_text("main")
