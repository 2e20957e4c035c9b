"""Downloads in the browser and on the command line: the programme workbook and CSV lists,
scoped like the pages, safe against formulas, readable by Dutch Excel."""

from __future__ import annotations

import io

import openpyxl

from planner.excel.csv_export import csv_cell, csv_text
from tests.helpers import login


def csv_rows(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return [line.split(";") for line in body.decode("utf-8-sig").splitlines()]


def test_csv_cells_are_dutch_and_formula_text_is_neutralised():
    assert [csv_cell(v) for v in ("=1+1", "+31 6", "-5 euro", "@SUM(A1)", "\tx", "gewoon", 1234.5, -3, None)] == [
        "'=1+1",
        "'+31 6",
        "'-5 euro",
        "'@SUM(A1)",
        "'\tx",
        "gewoon",
        "1234,5",
        "-3",
        "",
    ]
    assert csv_text(["a", "b"], [["x;y", 'zei "ja"']]) == '\ufeffa;b\r\n"x;y";"zei ""ja"""\r\n'


def test_programme_page_links_to_its_workbook(client, programme_world):
    login(client, programme_world["team"])
    programme = programme_world["programme"]
    page = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert f"/programmas/{programme.id}/export.xlsx" in page and f"/programmas/{programme.id}/acties.csv" in page
    response = client.get(f"/programmas/{programme.id}/export.xlsx")
    assert response.status_code == 200
    assert f"wijkprogramma-WK079410-{programme.id}.xlsx" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    assert [c.value for c in book["Acties"]["C"]][1:4] == [
        "Buurtkamer openen",
        "Bankjes plaatsen",
        "Zwerfafval opruimen",
    ]


def test_another_wards_draft_cannot_be_downloaded(client, programme_world):
    login(client, programme_world["team"])
    other = programme_world["other"]
    assert client.get(f"/programmas/{other.id}/export.xlsx").status_code == 404
    assert client.get(f"/programmas/{other.id}/acties.csv").status_code == 404
    assert client.get("/programmas/999999/export.xlsx").status_code == 404


def test_downloads_need_a_login(client, programme_world):
    response = client.get(f"/programmas/{programme_world['programme'].id}/export.xlsx")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_programme_list_csv_holds_only_what_the_user_sees(client, programme_world):
    login(client, programme_world["team"])
    assert "/programmas/export.csv" in client.get("/programmas/").get_data(as_text=True)
    rows = csv_rows(client.get("/programmas/export.csv"))
    assert rows[0] == ["Titel", "Gebied", "CBS-code", "Beginjaar", "Eindjaar", "Status", "Besluit"]
    assert [r[0] for r in rows[1:]] == ["Binnenstad 2026–2029"]  # not the Oost concept
    assert csv_rows(client.get("/programmas/export.csv?status=vastgesteld"))[1:] == []


def test_action_list_csv_neutralises_formula_titles(client, programme_world, make_action):
    make_action(programme_world["programme"], '=HYPERLINK("http://x","klik")')
    login(client, programme_world["team"])
    response = client.get(f"/programmas/{programme_world['programme'].id}/acties.csv")
    assert response.mimetype == "text/csv"
    rows = csv_rows(response)
    assert rows[0][:3] == ["Nummer", "Actie", "Omschrijving"]
    assert rows[1][:2] == ["1", "Buurtkamer openen"] and rows[1][6:9] == ["40", "01-03-2026", "31-12-2026"]
    assert rows[4][1].startswith("\"'=HYPERLINK(")


def test_area_list_csv_is_scoped(client, programme_world):
    login(client, programme_world["outsider"])
    assert "/gebieden/export.csv" in client.get("/gebieden").get_data(as_text=True)
    rows = csv_rows(client.get("/gebieden/export.csv"))
    assert [r[1] for r in rows[1:]] == ["WK079411"]


def test_cli_exports_the_newest_open_programme_of_an_area(app, programme_world, make_programme, tmp_path):
    binnenstad = programme_world["areas"][1]
    newer = make_programme(binnenstad, title="Binnenstad 2030", start_year=2030, end_year=2033)
    runner = app.test_cli_runner()
    out = tmp_path / "b.xlsx"
    result = runner.invoke(args=["export", "wijkprogramma", "--area", "wk079410", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"'Binnenstad 2030' (2030–2033, concept, id {newer.id}) met 0 acties" in result.output
    result = runner.invoke(
        args=[
            "export",
            "wijkprogramma",
            "--area",
            "WK079410",
            "--programme",
            str(programme_world["programme"].id),
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0 and "met 3 acties" in result.output
    assert openpyxl.load_workbook(out)["Programma"]["A1"].value == "Binnenstad 2026–2029"


def test_cli_refuses_unknown_area_and_foreign_programme(app, programme_world, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["export", "wijkprogramma", "--area", "WK999999", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "Onbekende gebiedscode 'WK999999'" in result.output
    result = runner.invoke(
        args=[
            "export",
            "wijkprogramma",
            "--area",
            "WK079410",
            "--programme",
            str(programme_world["other"].id),
            "-o",
            str(tmp_path / "x.xlsx"),
        ]
    )
    assert result.exit_code == 2 and "heeft geen programma met id" in result.output
