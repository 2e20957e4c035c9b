"""The demo's money and the controller's journey on it:
import the Iv3 file and a realisation export, allocate, read the ward overview, close berap 1,
change the realisation, and get a deviation workbook whose totals are right to the cent, also
after LibreOffice recalculates it."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.budget import demo
from planner.config import ROOT
from planner.demo import content
from planner.extensions import db

SAMPLE = ROOT / "imports" / "samples" / demo.SAMPLE_FILE
IV3 = ROOT / "imports" / "samples" / demo.IV3_FILE
CONTROLLER = "controller@wijkplanner.demo"
D = Decimal


def test_shipped_realisation_sample_is_what_the_generator_writes():
    assert SAMPLE.read_bytes().decode("utf-8") == demo.realisation_export(2026), (
        "regenerate with: .venv/bin/python -m planner.budget.demo"
    )


def test_demo_allocations_fit_their_lines_and_stay_inside_the_programme_periods():
    periods = {spec["key"]: spec["period"] for spec in content.PROGRAMMES}
    basis = {
        (r["year"], r["cost_centre"]): r["na_wijziging"] or r["primitief"]
        for year in demo.YEARS
        for r in demo.figures(year)
    }
    used: dict = {}
    for key, _title, kpl, amounts in demo.ALLOCATIONS:
        for year, amount in amounts.items():
            assert periods[key][0] <= year <= periods[key][1], (key, year)
            used[(year, kpl)] = used.get((year, kpl), 0) + amount
    assert all(total <= basis[k] for k, total in used.items()), [k for k, t in used.items() if t > basis[k]]


def _cli(runner, *args):
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _import(runner, path, profile) -> dict:
    """`flask import run` as the demo's controller, for Helmond; the JSON report."""
    out = _cli(
        runner,
        "import",
        "run",
        str(path),
        "--profile",
        profile,
        "--option",
        "area=GM0794",
        "--as",
        CONTROLLER,
        "--json",
    )
    return json.loads(out)


def _login(client, email):
    assert client.post("/inloggen", data={"email": email, "password": content.PASSWORD}).status_code == 302


def _sheet_rows(sheet):
    return [r for r in sheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]


def _cents(value) -> Decimal:
    return D(str(value)).quantize(D("0.01"))


def _expected_lines(changed: dict[str, Decimal]):
    """(omschrijving, frozen, expected) of the 2026 lines beyond € 25.000 or 10%, computed from the
    generator's figures, not by the services under test."""
    out = []
    for r in demo.figures(2026):
        frozen = r["na_wijziging"]
        now = changed.get(r["cost_centre"], r["prognose"] if r["prognose"] is not None else r["realisatie"])
        if abs(now - frozen) > 25000 or abs(now - frozen) * 100 > frozen * 10:
            out.append((r["description"], frozen, now))
    return sorted(out, key=lambda x: -abs(x[2] - x[1]))


def test_controller_journey_on_the_demo_ends_in_a_deviation_workbook_with_totals_to_the_cent(
    app, runner, client, load_demo, tmp_path
):
    from planner.actions.models import Action
    from planner.areas.models import Area
    from planner.budget.models import Allocation, BudgetLine
    from planner.cycle.models import PcMoment

    load_demo()  # the demo as `flask demo load` builds it
    gm = db.session.scalar(select(Area).where(Area.code == "GM0794"))
    # The demo holds Helmond's real Iv3 2024 lines (in euros) and allocations from its actions.
    with open(IV3, encoding="utf-8-sig") as f:
        helmond = [r for r in csv.DictReader(f, delimiter=";") if r["Gemeenten"] == "Helmond"]
    iv3_lasten = sum(D(r["Lasten"]) for r in helmond) * 1000
    assert (
        db.session.scalar(
            select(func.sum(BudgetLine.amount)).where(
                BudgetLine.area_id == gm.id, BudgetLine.fiscal_year == 2024, BudgetLine.direction == "lasten"
            )
        )
        == iv3_lasten
    )
    assert db.session.scalar(select(func.count(Allocation.id))) == sum(len(a[3]) for a in demo.ALLOCATIONS)

    # 1. The controller imports the Iv3 file (for Helmond) and the realisation export: the demo
    #    already holds both, so nothing changes (imports are idempotent).
    report = _import(runner, IV3, "iv3-taakvelden")
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 142)  # 71 taakvelden × baten/lasten
    report = _import(runner, SAMPLE, "begroting-export")
    assert (report["rows"], report["created"], report["updated"]) == (26, 0, 0)  # 23 lasten, 3 baten

    # 2. A ward team allocates € 20.000 from the wijkbudgetten to its pop-up shops (Dutch notation).
    action = db.session.scalar(select(Action).where(Action.title == "Pop-upwinkels voor starters"))
    line = db.session.scalar(
        select(BudgetLine).where(
            BudgetLine.cost_centre == "61020", BudgetLine.fiscal_year == 2026, BudgetLine.kind == "na_wijziging"
        )
    )
    _login(client, "team.binnenstad@wijkplanner.demo")
    response = client.post(
        f"/acties/{action.id}/toekenningen", data={"year": "2026", "budget_line_id": str(line.id), "amount": "20.000"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client.post("/uitloggen")

    # 3. The ward overview: Binnenstad's own actions (980.000 + 20.000) and 60% of the city-wide
    #    youth work (0,6 × 320.000); Rijpelberg gets the other 40%.
    _login(client, CONTROLLER)
    html = client.get("/begroting/WK079410?jaar=2026").get_data(as_text=True)
    assert "€\xa01.192.000,00" in html
    assert "€\xa0192.000,00" in html  # Jongerenwerk op straat, Binnenstad's share
    assert "€\xa0128.000,00" in client.get("/begroting/WK079418?jaar=2026").get_data(as_text=True)
    assert "Toegekend per inwoner" in html or "Geen inwonertal bekend voor Wijk 10 Binnenstad" in html

    # 4. Berap 1 is closed (the demo's calendar closed it already: reopen and close again).
    moment = db.session.scalar(
        select(PcMoment).where(PcMoment.area_id == gm.id, PcMoment.kind == "berap1", PcMoment.year == 2026)
    )
    if moment is None:  # the demo's calendar follows today's year
        from planner.cycle.services import add_moment

        moment = add_moment(gm, kind="berap1", year=2026)
        db.session.commit()
    if moment.state == "gesloten":
        assert client.post(f"/pc/momenten/{moment.id}/heropenen").status_code == 302
    assert client.post(f"/pc/momenten/{moment.id}/sluiten", data={"bevestigd": "ja"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(PcMoment, moment.id).state == "gesloten"

    # 5. A later export: an extra youth-work subsidy (Jongerenwerk realised 612.345,67, budget 540.000).
    text = SAMPLE.read_text(encoding="utf-8")
    old = "Jongerenwerk;480000,00;540000,00;540000,00;"
    assert old in text
    later = tmp_path / "helmond-realisatie-2026-oktober.csv"
    later.write_text(text.replace(old, "Jongerenwerk;480000,00;540000,00;612345,67;"), encoding="utf-8")
    report = _import(runner, later, "begroting-export")
    assert (report["created"], report["updated"], report["errors"]) == (0, 1, [])

    # 6. The deviation workbook, from the command line and from the browser.
    workbook = tmp_path / "pc-input-2026.xlsx"
    _cli(runner, "export", "pc-input", "--year", "2026", "--area", "GM0794", "-o", str(workbook))
    book = openpyxl.load_workbook(workbook)
    sheet = book["Berap 1 2026 GM0794"]
    rows = _sheet_rows(sheet)
    lines = [r for r in rows if r[0] == "Begrotingsregel"]
    expected = _expected_lines({"61030": D("612345.67")})
    assert [(r[2], _cents(r[4]), _cents(r[5])) for r in lines] == expected
    total = next(r for r in rows if r[2] == "Totaal begrotingsregels")
    assert total[4:7] == (f"=SUM(E2:E{len(lines) + 1})", f"=SUM(F2:F{len(lines) + 1})", f"=SUM(G2:G{len(lines) + 1})")
    frozen, now = sum(e[1] for e in expected), sum(e[2] for e in expected)
    assert (frozen, now, now - frozen) == (D("14415000.00"), D("14001820.67"), D("-413179.33"))
    youth = next(r for r in rows if r[0] == "Actie" and r[2].endswith("Jongerenwerk op straat"))
    # The action follows its line: 320.000 × 612.345,67 / 540.000, to the cent.
    assert (_cents(youth[4]), _cents(youth[5]), youth[11]) == (
        D("320000.00"),
        D("362871.51"),
        "Stedelijke wijkaanpak Helmond 2025–2028",
    )
    action_rows = [r for r in rows if r[0] == "Actie"]
    action_total = next(r for r in rows if r[2] == "Totaal acties")
    first = len(lines) + 2
    assert action_total[4] == f"=SUM(E{first}:E{first + len(action_rows) - 1})"

    download = client.get(f"/begroting/pc/{moment.id}/afwijkingen.xlsx")
    assert download.status_code == 200
    browser_sheet = openpyxl.load_workbook(io.BytesIO(download.data)).active
    assert _sheet_rows(browser_sheet) == rows

    # ... and LibreOffice, recalculating every formula, arrives at the same totals.
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc-nogui")
    recalculated = _libreoffice_csv(soffice, workbook, tmp_path, "Berap 1 2026 GM0794")
    total = next(r for r in recalculated if r[2] == "Totaal begrotingsregels")
    assert [_cents(v) for v in total[4:7]] == [D("14415000.00"), D("14001820.67"), D("-413179.33")]
    youth = next(r for r in recalculated if r[2].endswith("Jongerenwerk op straat"))
    assert _cents(youth[6]) == D("42871.51")


def _libreoffice_csv(soffice: str, workbook: Path, tmp_path: Path, sheet: str) -> list[list[str]]:
    """Every sheet as CSV (`;`, point decimals, formulas recalculated), read back for `sheet`."""
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))  # its own profile: other soffice runs may be busy
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1",
                "--outdir",
                str(tmp_path),
                str(workbook),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "HOME": str(profile)},
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    path = tmp_path / f"{workbook.stem}-{sheet}.csv"
    with open(path, encoding="utf-8") as f:
        return list(csv.reader(f, delimiter=";"))[1:]


def test_demo_has_begrotingsprogrammas_baten_funding_and_realisation_per_action(load_demo):
    from planner.budget.models import ActionSpending, BudgetLine, FundingSource

    load_demo()
    programmes = set(db.session.scalars(select(BudgetLine.budget_programme).where(BudgetLine.cost_centre != "")))
    assert programmes == {demo.budget_programme(tv) for _, _, tv, *_ in demo.LINES + demo.BATEN}
    baten = db.session.scalars(
        select(BudgetLine.description).where(BudgetLine.direction == "baten", BudgetLine.cost_centre != "")
    ).all()
    assert {"SPUK Gezonde Leefstijl (GALA), rijksbijdrage", "Bijdragen woningcorporaties wijkvernieuwing"} <= set(baten)
    assert {"subsidie", "investering", "reserve"} <= set(db.session.scalars(select(FundingSource.kind)))
    booked = db.session.scalar(select(func.sum(ActionSpending.amount)))
    assert booked == sum(row[4] for row in demo.spending_rows())
