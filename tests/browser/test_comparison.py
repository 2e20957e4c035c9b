"""Ward comparison in Chromium: an area manager opens the dashboard, the plotly charts draw under the
CSP from the local plotly.js, the tables sort by keyboard, and axe passes on the dashboard, a ward
page and an action's progress story."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from planner.extensions import db
from planner.indicators.models import Indicator, Measurement
from tests.browser.helpers import log_in


def _world(helmond, make_programme, make_action):
    gm, binnenstad, oost = helmond
    from planner.tracking.services import record_progress

    a = make_action(
        make_programme(binnenstad, title="WOP Binnenstad"),
        "Buurtkamer",
        status="loopt",
        progress=30,
        start_date=date(2020, 1, 1),
        end_date=date(2021, 1, 1),
    )
    make_action(make_programme(oost, title="WOP Helmond-Oost"), "Groen", status="gepland", progress=0)
    record_progress(a, period="2020-Q4", progress=20, status="loopt", text="Locatie gevonden.")
    record_progress(a, period="2021-Q1", progress=30, status="loopt", text="Vergunning aangevraagd.")
    koop = Indicator(code="Koopwoningen_47", name="Koopwoningen", unit="%", higher_is_better=True)
    db.session.add(koop)
    for area, value in ((gm, 50), (binnenstad, 34), (oost, 61)):
        db.session.add(Measurement(indicator=koop, area=area, period="2024", kind="realisatie", value=Decimal(value)))
    db.session.commit()
    return a


def test_area_manager_compares_wards_charts_draw_and_axe_passes(
    page, axe_check, helmond, make_programme, make_action, make_user
):
    from planner.tracking import cache

    cache.PAGES.clear()  # the live server shares this process: no page cached by an earlier test
    action = _world(helmond, make_programme, make_action)
    make_user("gm@helmond.nl", "area_manager", helmond[0])
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("favicon.ico") else None
        ),
    )
    page.on("request", lambda r: errors.append("extern: " + r.url) if "127.0.0.1" not in r.url else None)
    log_in(page, "gm@helmond.nl")
    page.goto("/vergelijking?gebied=GM0794&jaar=2026")
    for chart in ("grafiek-status", "grafiek-schema", "grafiek-indicatoren"):
        page.wait_for_selector(f"#{chart} svg.main-svg")
    assert errors == []
    table = page.inner_text("#tabel-wijken")
    assert "Binnenstad" in table and "Helmond-Oost" in table
    axe_check(page, "vergelijking")

    # Sorting is a link in the column header: reachable and usable by keyboard.
    link = page.locator("#tabel-wijken a.sort-link").nth(2)
    assert link.inner_text().startswith("Acties")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "sorteer=acties" in page.url
    assert page.locator("#tabel-wijken th[aria-sort]").count() == 1

    page.goto("/wijken/WK079410/overzicht?jaar=2026")
    assert "De einddatum 01-01-2021 is verstreken" in page.inner_text("main")
    axe_check(page, "wijkoverzicht")

    page.goto(f"/acties/{action.id}")
    page.wait_for_selector("#grafiek-voortgang svg.main-svg")
    assert "Vergunning aangevraagd." in page.inner_text("#tabel-voortgang")
    axe_check(page, "voortgangsverhaal")
    assert errors == []


def test_comparison_at_laptop_and_phone_width_keeps_wards_readable(
    page, axe_check, helmond, make_programme, make_action, make_user
):
    from planner.tracking import cache

    cache.PAGES.clear()
    _world(helmond, make_programme, make_action)
    make_user("gm@helmond.nl", "area_manager", helmond[0])
    log_in(page, "gm@helmond.nl")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/vergelijking?gebied=GM0794&jaar=2026")
    page.wait_for_selector("#grafiek-status svg.main-svg")
    # Counts: the axis starts at zero and steps by whole actions.
    ticks = page.eval_on_selector_all("#grafiek-status .ytick text", "els => els.map(e => e.textContent)")
    assert ticks[0] == "0" and all(t.isdigit() for t in ticks)
    # Every ward is named under the bars.
    wards = page.eval_on_selector_all("#grafiek-status .xtick text", "els => els.map(e => e.textContent)")
    assert wards == ["Binnenstad", "Helmond-Oost"]
    # The ward column stays in view while the table scrolls sideways.
    first = page.locator("#tabel-wijken tbody th").first
    assert first.evaluate("el => getComputedStyle(el).position") == "sticky"
    axe_check(page, "vergelijking 1366")

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/vergelijking?gebied=GM0794&jaar=2026")
    page.wait_for_selector("#grafiek-indicatoren svg.main-svg")
    wrap = page.locator("#tabel-wijken")
    assert wrap.get_attribute("role") == "region"  # it scrolls, so it takes focus and says so
    assert "schuif opzij" in page.locator(".scroll-hint").first.inner_text()
    page.evaluate("document.getElementById('tabel-wijken').scrollLeft = 300")
    box, wrap_box = first.bounding_box(), wrap.bounding_box()
    assert abs(box["x"] - wrap_box["x"]) < 2  # still at the left edge after scrolling
    # No legend on top of a panel title: the title is the caption, outside the plot.
    assert page.locator("#grafiek-status .gtitle").count() == 0
    axe_check(page, "vergelijking 320")
