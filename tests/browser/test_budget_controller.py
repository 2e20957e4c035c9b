"""The demo controller in Chromium: imports bookings with project codes and sees spending per action
against its allocation; allocates beyond a line and finds it proposed as a begrotingswijziging in
the next berap's input; reads the begroting per begrotingsprogramma beside the wijkontwikkelprogramma's.
Every page passes axe."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from planner.budget import demo as budget_demo
from planner.demo import content
from planner.extensions import db
from tests.browser.helpers import log_in

CONTROLLER = "controller@wijkplanner.demo"
POP_UP = "Pop-upwinkels voor starters"


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def test_demo_controller_imports_realisation_and_proposes_a_begrotingswijziging(
    page, axe_check, live_server, demo, tmp_path
):
    from planner.actions.models import Action
    from planner.budget.models import BudgetLine
    from planner.cycle.models import PcMoment

    action = db.session.scalar(select(Action).where(Action.title == POP_UP))
    booked = sum(a for y, _, p, _, a in budget_demo.spending_rows() if p == "P26-BI-03" and y == 2026)
    log_in(page, CONTROLLER, content.PASSWORD)

    # The municipality page: the raad's begrotingsprogramma's and the wijkontwikkelprogramma's apart.
    page.goto("/begroting/GM0794?jaar=2026")
    assert "1. Veilig Helmond" in page.inner_text("#tabel-begrotingsprogrammas")
    assert "Bijdragen woningcorporaties" not in page.inner_text("main")  # lines are grouped, not listed
    assert "8. Wonen en stedelijke ontwikkeling" in page.inner_text("#tabel-baten")
    axe_check(page, "begroting per begrotingsprogramma")

    # 1. Import September's bookings on the pop-up shops' projectnummer.
    bookings = tmp_path / "realisatie-september-2026.csv"
    bookings.write_text(
        "Boekjaar;Periode;Projectnummer;Omschrijving;Bedrag\n"
        "2026;9;P26-BI-03;Huur pop-upwinkel Markt 7;2150,00\n"
        "2026;9;P26-BI-03;Inrichting pop-upwinkel;1234,56\n",
        encoding="utf-8",
    )
    page.goto("/importeren/")
    page.select_option("#profile", "realisatie-acties")
    page.set_input_files("#file", str(bookings))
    if page.locator("#area").count():
        page.fill("#area", "GM0794")
    page.click("main button[type=submit]")
    page.wait_for_selector("table.import-sample")
    axe_check(page, "voorbeeld realisatie per actie")
    page.click("main button:has-text('Inlezen')")
    page.wait_for_url(re.compile(r"/importeren/runs/\d+$"), timeout=30_000)

    # 2. The action page: spent against allocated.
    page.goto(f"/acties/{action.id}")
    row = page.locator("#realisatie-per-jaar tbody tr", has_text="2026").inner_text()
    assert "60.000,00" in row and _money(booked + Decimal("3384.56")) in row
    axe_check(page, "actiepagina met realisatie")

    # 3. Allocate beyond the 2027 line (184.500; the 60.000 allocated before is replaced): only as a
    #    proposed begrotingswijziging.
    line = db.session.scalar(
        select(BudgetLine).where(
            BudgetLine.cost_centre == "34010", BudgetLine.fiscal_year == 2027, BudgetLine.kind == "primitief"
        )
    )
    page.select_option("#year", "2027")
    page.select_option("#budget_line_id", str(line.id))
    page.fill("#amount", "200.000,00")
    page.click("form[action$='/toekenningen'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#amount-fout").is_visible()
    page.check("#override")
    page.fill("#override_reason", "Tweede rij pop-upwinkels op de Markt, dekking bij berap 1")
    page.click("form[action$='/toekenningen'] button[type=submit]")
    page.wait_for_selector("#begroting")
    assert "Voorgestelde begrotingswijziging: € 15.500,00" in page.inner_text("#begroting + .table-wrap").replace(
        "\xa0", " "
    )

    # 4. The next berap's "wat moet erin" names it.
    moment = db.session.scalar(
        select(PcMoment).where(PcMoment.area_id == line.area_id, PcMoment.kind == "berap1", PcMoment.year == 2027)
    )
    page.goto(f"/pc/momenten/{moment.id}")
    main = page.inner_text("main").replace("\xa0", " ")
    assert POP_UP in main and "Voorgestelde begrotingswijziging: € 15.500,00 boven de ruimte van 3.4" in main
    axe_check(page, "wat moet erin berap 1")
