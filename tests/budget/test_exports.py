"""The budget page's workbook: a sheet per angle, the raad's begrotingsprogramma apart from the
wijkontwikkelprogramma, real currency cells with SUM totals; LibreOffice opens it."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from planner.budget import services
from planner.extensions import db
from tests.excel.helpers import soffice
from tests.helpers import login


def test_municipality_workbook_has_begrotingsprogramma_and_opens_in_libreoffice(
    ward_world, make_line, make_user, client, tmp_path
):
    w = ward_world
    w["line"].budget_programme = "6. Sociaal Helmond"
    baten = make_line(w["gm"], "40000.00", key="KPL1/8120/6.1", direction="baten", description="SPUK")
    baten.budget_programme = "6. Sociaal Helmond"
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("30000.00"))
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    assert "/begroting/GM0794/begroting.xlsx?jaar=2026" in client.get("/begroting/GM0794?jaar=2026").get_data(
        as_text=True
    )
    response = client.get("/begroting/GM0794/begroting.xlsx?jaar=2026")
    assert response.status_code == 200
    path = tmp_path / "begroting-GM0794-2026.xlsx"
    path.write_bytes(response.data)
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Begrotingsprogramma (raad)", "Taakveld", "Wijk", "Baten"]
    sheet = book["Begrotingsprogramma (raad)"]
    assert [c.value for c in sheet[1]] == [
        "Begrotingsprogramma (raad)",
        "Begroot",
        "Gewijzigd",
        "Gerealiseerd",
        "Toegekend aan acties",
        "Vrij",
    ]
    assert [c.value for c in sheet[2]][:3] == ["6. Sociaal Helmond", 0, 100000]
    assert sheet["C3"].value == "=SUM(C2:C2)" and sheet["C2"].number_format == "€ #,##0.00"
    assert book["Baten"]["C2"].value == 40000
    office = soffice()
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc-nogui")
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "begroting-GM0794-2026.pdf").stat().st_size > 1000


def test_both_workbooks_list_the_proposed_begrotingswijzigingen_and_what_is_still_unlawful(ward_world, make_user):
    from planner.budget.exports import deviation_workbook
    from planner.cycle.exports import what_goes_in_workbook
    from planner.cycle.services import add_moment, what_goes_in

    w = ward_world
    moment = add_moment(w["gm"], kind="berap1", year=2026)
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("90000.00"))
    services.allocate(
        w["action_b"], w["line"], year=2026, amount=Decimal("25000.00"), override=True, reason="Extra speeltoestellen"
    )
    db.session.commit()
    books = {
        "input": what_goes_in_workbook(
            moment, what_goes_in(controller, moment), services.amendments(controller, w["gm"], 2026)
        ),
        "afwijkingen": deviation_workbook([services.deviation_report(controller, moment)]),
    }
    for name, data in books.items():
        book = openpyxl.load_workbook(data)
        [sheet] = [s for s in book.worksheets if s["J1"].value == "Begrotingsonrechtmatig"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[1][0] == "Voorgestelde begrotingswijziging", name
        assert rows[1][4].endswith(w["action_b"].title) and rows[1][7] == 15000.0 and rows[1][9] == "ja, nog open"
        assert rows[1][8] == "Extra speeltoestellen"
        assert rows[-1][2] == "Open begrotingsonrechtmatigheid" and rows[-1][7] == 15000.0
