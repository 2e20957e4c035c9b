"""The demo controller in Chromium: imports a workbook of bookings with project codes and sees spending per
action against its allocation; allocates beyond a line and finds it proposed as a begrotingswijziging in the
next berap's input; reads the begroting per begrotingsprogramma beside the wijkontwikkelprogramma's; sets a
begrotingsprogramma's own mandate; grants a subsidy against a line and sees the line's room shrink, records
its payment and changes the regeling. The workbooks downloaded on the way open in LibreOffice. Every page
passes axe."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from planner.budget import demo as budget_demo
from planner.demo import content
from planner.extensions import db
from tests.browser.helpers import log_in
from tests.excel.helpers import libreoffice_roundtrip, soffice

CONTROLLER = "controller@wijkplanner.demo"
POP_UP = "Pop-upwinkels voor starters"


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _euros(text: str) -> Decimal:
    """€ 12.345,67 as the page shows it → Decimal."""
    digits = re.search(r"-?[\d.]+,\d\d", text.replace("\xa0", " ")).group(0)
    return Decimal(digits.replace(".", "").replace(",", "."))


def _opens_in_libreoffice(page, link_text: str, tmp_path, name: str) -> openpyxl.Workbook:
    with page.expect_download() as download:
        page.click(f"text={link_text}")
    path = tmp_path / name
    download.value.save_as(path)
    if soffice():
        path = libreoffice_roundtrip(path, tmp_path / "libreoffice")
    return openpyxl.load_workbook(path, read_only=True)


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
    assert "Per begrotingsprogramma (raad)" in page.inner_text("#begrotingsprogrammas h2")
    axe_check(page, "begroting per begrotingsprogramma")
    book = _opens_in_libreoffice(page, "Download als Excel-werkmap", tmp_path, "begroting-GM0794-2026.xlsx")
    cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}
    assert "1. Veilig Helmond" in cells and "Begrotingsprogramma (raad)" in cells
    # The ward's page: its wijkontwikkelprogramma's money, under a heading that says which programme it is.
    page.goto("/begroting/WK079410?jaar=2026")
    assert "Per wijkontwikkelprogramma" in page.inner_text("#wijkontwikkelprogrammas h2")
    assert "Binnenstad" in page.inner_text("#wijkontwikkelprogrammas")
    assert "Veilig Helmond" not in page.inner_text("#wijkontwikkelprogrammas")
    axe_check(page, "begroting per wijkontwikkelprogramma")
    page.goto("/begroting/GM0794?jaar=2026")

    # 0. The financial regulation gives "3. Werkend en ondernemend Helmond" its own, small mandate.
    page.click("text=Mandaat instellen")
    assert "eigen mandaat" in page.inner_text("#tabel-mandaat-per-programma")  # 6. Sociaal Helmond, in the demo
    axe_check(page, "mandaat per begrotingsprogramma")
    page.select_option("#programma-budget_programme", "3. Werkend en ondernemend Helmond")
    page.fill("#programma-amount", "veel")
    page.click("form[action$='/mandaat/programma'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#programma-amount-fout").is_visible()
    axe_check(page, "mandaat met fout")
    page.select_option("#programma-budget_programme", "3. Werkend en ondernemend Helmond")
    page.fill("#programma-amount", "10.000,00")
    page.click("form[action$='/mandaat/programma'] button[type=submit]")
    page.wait_for_load_state()
    row = page.locator("#tabel-mandaat-per-programma tr", has_text="3. Werkend en ondernemend Helmond").inner_text()
    assert "10.000,00" in row and "eigen mandaat" in row

    # 1. Import September's bookings on the pop-up shops' projectnummer, from a workbook.
    bookings = tmp_path / "realisatie-september-2026.xlsx"
    sheet_book = openpyxl.Workbook()
    sheet = sheet_book.active
    sheet.title = "Boekingen"
    sheet.append(["Boekjaar", "Periode", "Projectnummer", "Omschrijving", "Bedrag"])
    sheet.append([2026, 9, "P26-BI-03", "Huur pop-upwinkel Markt 7", 2150.00])
    sheet.append([2026, 9, "P26-BI-03", "Inrichting pop-upwinkel", 1234.56])
    sheet_book.save(bookings)
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
    #    proposed begrotingswijziging: the overshoot is beyond the programme's own mandate of 10.000.
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

    # 5. A subsidy granted against a line shrinks the line's room; its advance is paid; the regeling changes.
    from planner.opgaven.models import Organisation
    from planner.subsidies import services as subsidies
    from planner.subsidies.models import SubsidyScheme

    scheme = db.session.scalar(select(SubsidyScheme).where(SubsidyScheme.name == "Levendige binnenstad 2026"))
    subsidies.apply(
        scheme,
        area=scheme.area,
        organisation=db.session.scalar(
            select(Organisation).where(Organisation.name == "Ondernemersvereniging Binnenstad Helmond")
        ),
        title="Kerstmarkt Veestraat",
        amount=Decimal("6000.00"),
    )
    db.session.commit()
    page.goto("/")
    page.click("nav >> text=Subsidies")
    axe_check(page, "subsidies")
    page.click("text=Kerstmarkt Veestraat")
    option = page.locator("#budget_line_id option", has_text="2026 · 8.3").first
    room = _euros(option.inner_text().split("vrij")[1])
    page.check("input[name=outcome][value=verlenen]")
    page.select_option("#budget_line_id", option.get_attribute("value"))
    page.fill("#granted_amount", "6.000,00")
    page.fill("#conditions", "Vier koopavonden; openbaar toegankelijk; verslag met bezoekersaantallen.")
    page.fill("#account_by", "2099-03-31")
    page.click("form[action$='/beschikking'] button[type=submit]")
    page.wait_for_load_state()
    assert _euros(page.inner_text("#vrij-op-regel")) == room - Decimal("6000.00")
    axe_check(page, "verleende subsidie")
    page.fill("#due_on", "2026-12-01")
    page.fill("#amount", "6.000,00")
    page.click("form[action$='/betalingen'] button[type=submit]")
    page.wait_for_load_state()
    page.fill("#paid_on", "2026-12-02")
    page.fill("#paid_amount", "6.000,01")
    page.click("form[action$='/betaald'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#paid_amount-fout").is_visible()
    axe_check(page, "betaling met fout")
    page.fill("#paid_amount", "6.000,00")
    page.click("form[action$='/betaald'] button[type=submit]")
    page.wait_for_load_state()
    assert "€ 6.000,00 van € 6.000,00 verleend" in page.inner_text("#betaald").replace("\xa0", " ")
    page.goto("/subsidies/")
    assert "6.000,00" in page.inner_text("#kop-overzicht + .table-wrap")
    page.click(f"a[href='/subsidies/regelingen/{scheme.id}/bewerken']")
    axe_check(page, "regeling wijzigen")
    page.fill("#ceiling", "20.000,00")  # below the 15.000 + 6.000 granted
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#ceiling-fout").is_visible()
    axe_check(page, "regeling met te laag plafond")
    page.fill("#ceiling", "21.000,00")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "plafond € 21.000,00" in page.inner_text("#kop-regelingen + p + ul, #kop-regelingen ~ ul").replace(
        "\xa0", " "
    )


@pytest.mark.skipif(not soffice(), reason="LibreOffice (soffice) is not installed")
def test_the_ward_comparison_workbook_with_hours_opens_in_libreoffice(page, axe_check, live_server, demo, tmp_path):
    log_in(page, CONTROLLER, content.PASSWORD)
    page.goto("/vergelijking?gebied=GM0794&jaar=2026")
    assert "Geplande uren" in page.inner_text("main")
    axe_check(page, "wijkvergelijking met capaciteit")
    book = _opens_in_libreoffice(page, "Download deze vergelijking als Excel-werkmap", tmp_path, "vergelijking.xlsx")
    rows = list(book["Wijken"].iter_rows(values_only=True))
    header = list(rows[0])
    binnenstad = dict(zip(header, next(r for r in rows if r[0] == "WK079410")))
    assert binnenstad["Geplande uren"] > 0 and binnenstad["Bestede uren"] > 0


def test_demo_controller_removes_funding_and_codes_only_after_confirming(page, axe_check, live_server, demo):
    from planner.actions.models import Action

    def action_page(title: str) -> None:
        page.goto(f"/acties/{db.session.scalar(select(Action.id).where(Action.title == title))}")

    log_in(page, CONTROLLER, content.PASSWORD)
    # A beschikte SPUK contribution has to be accounted for: it stays, and the page says why.
    action_page("Gezonde School op alle basisscholen")
    page.click("#tabel-financiering button:has-text('Verwijderen')")
    page.wait_for_load_state()
    assert "is beschikt en moet uiterlijk" in page.inner_text("main")
    assert "SPUK Gezonde Leefstijl" in page.inner_text("#tabel-financiering")
    axe_check(page, "financiering die blijft")
    # A corporation's promise may go, after the confirmation page.
    action_page("Transformatie Markt 12–16 tot 18 woningen")
    page.click("#tabel-financiering button:has-text('Verwijderen')")
    page.wait_for_load_state()
    assert "Ja, financiering verwijderen" in page.inner_text("main")
    axe_check(page, "financiering verwijderen bevestigen")
    page.click("main button:has-text('Ja, financiering verwijderen')")
    page.wait_for_load_state()
    assert page.locator("#tabel-financiering").count() == 0
    # Unlinking the pop-up shops' projectnummer says the bookings under it stay; cancelling keeps it.
    action_page(POP_UP)
    page.click("button:has-text('Ontkoppelen')")
    page.wait_for_load_state()
    assert "al onder deze code" in page.inner_text("main")
    axe_check(page, "code ontkoppelen bevestigen")
    page.click("main a:has-text('Annuleren')")
    page.wait_for_load_state()
    assert "P26-BI-03" in page.inner_text("main")
