"""Profiles load, refuse typos, and express multi-sheet workbooks, CSV dialects and JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from planner.excel import ProfileError, list_profiles, load_profile, parse, profile_from_dict, read_workbook
from tests.excel.helpers import write_xlsx

SHIPPED = {"cbs-gebieden", "cbs-kerncijfers", "iv3-taakvelden", "begroting-export", "wijkprogramma", "raadsinformatie"}


def test_all_shipped_profiles_load():
    assert {p.name for p in list_profiles()} >= SHIPPED


def test_profile_with_a_typo_is_refused_at_load(tmp_path):
    (tmp_path / "x.toml").write_text('target = "areas"\n[columns.code]\naliasses = ["Code"]\n')
    with pytest.raises(ProfileError, match="aliasses"):
        load_profile(tmp_path / "x.toml")
    with pytest.raises(ProfileError, match="onbekend type"):
        profile_from_dict({"target": "areas", "columns": {"code": {"type": "number"}}})
    with pytest.raises(ProfileError, match="sleutelkolom"):
        profile_from_dict({"target": "areas", "keys": ["kode"], "columns": {"code": {}}})


def test_programme_workbook_reads_every_sheet_with_hidden_key_column(tmp_path):
    path = write_xlsx(
        tmp_path / "programma.xlsx",
        {
            "Doelen": [
                ["Sleutel", "Nummer", "Doel", "Thema"],
                ["D:1:1", 1, "Schoon", "Leefomgeving & openbare ruimte"],
            ],
            "Acties": [
                ["Sleutel", "Nummer", "Actie", "Trekker", "Status", "Voortgang (%)", "Einde", "Gebieden (gewicht)"],
                ["A:1:3", 1, "Bankjes", "Fatima", "In uitvoering", 40, dt.date(2026, 12, 31), "wk036301 (0,5)"],
                [None, None, "Nieuwe actie", None, "idee", None, None, None],
            ],
            "Toewijzingen": [
                ["Sleutel", "Actie", "Taakveld", "Jaar", "Bedrag"],
                ["T:1", 1, "5.7 Openbaar groen", 2025, "1.000,00"],
            ],
            "Koppelingen": [["Sleutel", "Actie", "Soort", "Nummer"], ["K:1", 1, "Motie", "M2024-013"]],
        },
    )
    result = parse(path, load_profile("wijkprogramma"))
    assert result.errors == []
    actions = result.table("programme_workbook")
    assert actions.sheet == "Acties" and actions.keys == ("key",)
    assert actions.records[0].values == {
        "key": "A:1:3",
        "number": 1,
        "title": "Bankjes",
        "owner": "Fatima",
        "status": "loopt",
        "progress": 40,
        "end_date": dt.date(2026, 12, 31),
        "areas": "wk036301 (0,5)",
    }
    assert actions.records[1].values["key"] is None  # added in Excel: the importer creates it
    assert result.table("programme_goals").records[0].values["theme"] == "Leefomgeving & openbare ruimte"
    assert result.table("programme_allocations").records[0].values["amount"] == Decimal("1000.00")
    assert result.table("programme_links").records[0].values["kind"] == "motie"


def test_programme_workbook_without_actions_sheet_says_so(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", {"Blad1": [["Actie"]]})
    [error] = parse(path, load_profile("wijkprogramma")).errors
    assert "'Acties' ontbreekt" in error.message and "'Blad1'" in error.message


def test_header_found_below_title_rows_and_mapping_reported(tmp_path):
    rows = [
        ["Gemeente Voorbeeldstad"],
        ["Begroting 2025, export 3 maart"],
        [],
        ["Kostenplaats", "Kostensoort", "Taakveld", "Realisatie", "Opmerking"],
        ["KP1", 4300, "6.1", 10, "x"],
    ]
    result = parse(write_xlsx(tmp_path / "a.xlsx", {"Export": rows}), load_profile("begroting-export"))
    table = result.tables[0]
    assert result.errors == [] and table.header_row == 4
    assert table.mapping == {
        "cost_centre": "Kostenplaats",
        "cost_type": "Kostensoort",
        "taakveld": "Taakveld",
        "actuals": "Realisatie",
    }
    assert table.unmatched == ["Opmerking"]
    assert result.records[0].row == 5 and result.records[0].values["cost_type"] == "4300"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_delimiter_is_sniffed(delimiter):
    text = (
        delimiter.join(["Nummer", "Titel", "Status"]) + "\n" + delimiter.join(["M1", "Speeltuin", "aangenomen"]) + "\n"
    )
    result = parse(("\ufeff" + text).encode(), load_profile("raadsinformatie"), filename="moties.csv")
    assert result.errors == [] and result.records[0].values == {
        "number": "M1",
        "title": "Speeltuin",
        "status": "adopted",
    }


def test_open_raadsinformatie_json_records_are_read():
    data = json.dumps(
        [
            {
                "identifier": "M-12",
                "name": "Meer groen",
                "classification": "Motie",
                "start_date": "2024-05-02",
                "creator": "GroenLinks",
            }
        ]
    ).encode()
    result = parse(data, load_profile("raadsinformatie"), filename="ori.json")
    assert result.errors == []
    assert result.records[0].values == {
        "number": "M-12",
        "kind": "motion",
        "date": dt.date(2024, 5, 2),
        "title": "Meer groen",
        "submitters": "GroenLinks",
    }


def test_reader_normalises_cells_in_one_place(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", {"Blad1": [["  tekst  ", 3.0, 2.5, dt.datetime(2024, 1, 2), None, ""]]})
    [sheet] = read_workbook(path)
    assert sheet.rows[0] == ["tekst", 3, 2.5, dt.date(2024, 1, 2)]  # rows may be shorter than the header
    assert type(sheet.rows[0][1]) is int


def test_streamed_rows_match_the_whole_sheet_when_the_table_starts_below_and_right(tmp_path, profile):
    """calamine streams rows from row 1 but from the first used column: the reader pads to column A,
    so row numbers and column letters in messages stay those of Excel."""
    import xlsxwriter

    path = tmp_path / "verschoven.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Begroting")
    sheet.write(1, 2, "Begroting 2026 (concept)")
    sheet.write_row(3, 2, ["Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Omschrijving", "Begroting primitief"])
    sheet.write_row(4, 2, [2026, "KPL1", 4300, "6.1 Samenkracht", "  Buurthuis  ", 1200.5])
    sheet.write_row(6, 2, [2026, "KPL2", 4300, "6.1", "Wijkfeest", "veel"])
    book.close()
    [read] = read_workbook(path)
    assert [[cell_of(v) for v in row] for row in read.raw_rows()] == read.head(100) == read.rows
    assert read.rows[4][2:] == [2026, "KPL1", 4300, "6.1 Samenkracht", "Buurthuis", 1200.5]

    result = parse(path, profile("begroting-export"))
    table = result.tables[0]
    assert (table.header_row, table.rows_read) == (4, 2)
    [record] = result.records
    assert record.row == 5 and record.values["cost_type"] == "4300" and record.values["description"] == "Buurthuis"
    assert [(e.row, e.column) for e in result.errors] == [(7, "Begroting primitief")]


def cell_of(value):
    from planner.excel.reader import cell

    return cell(value)
