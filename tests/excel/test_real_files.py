"""The shipped public files import with the shipped profiles, as csv/json and saved as xlsx."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planner.excel import parse
from tests.excel.helpers import SAMPLES, csv_to_xlsx

GEMEENTEN = SAMPLES / "cbs" / "gemeenten-2023.csv"
WIJKEN = SAMPLES / "cbs" / "wijken-autobezit-2023.csv"
KWB = SAMPLES / "cbs" / "kwb-2024-kerncijfers.json"
KWB_META = SAMPLES / "cbs" / "kwb-2024-dataproperties.json"
IV3 = SAMPLES / "iv3" / "iv3-begroting-2024.csv"


def test_gemeenten_csv_gives_342_municipalities_with_gm_codes(profile):
    result = parse(GEMEENTEN, profile("cbs-gebieden"))
    assert result.errors == []
    assert len(result.records) == 342
    almere = next(r for r in result.records if r.values["name"] == "Almere")
    assert almere.values == {
        "code": "GM0034",
        "name": "Almere",
        "municipality_code": "GM0034",
        "province_code": "PV24",
        "province_name": "Flevoland",
    }
    assert result.tables[0].header_row == 1


def test_wards_csv_gives_every_ward_trimmed_with_secret_cars_not_zero(profile):
    result = parse(WIJKEN, profile("cbs-gebieden"))
    table = result.tables[0]
    assert result.errors == []
    assert len(result.records) == 3352  # every WK line between the title rows and the "Bron:" footer
    assert table.header_row == 3
    first = result.records[0]
    assert first.row == 4
    assert first.values == {
        "code": "WK001400",
        "name": "Centrum",
        "municipality_code": "GM0014",
        "municipality_name": "Groningen",
        "cars_per_household": Decimal("0.2"),
    }
    secret = [r for r in result.records if r.secret]
    assert len(secret) == 188
    assert all(r.values["cars_per_household"] is None for r in secret)
    assert secret[0].secret == ("cars_per_household",)
    assert [(i.field, i.unit) for i in table.indicators] == [("cars_per_household", "auto's per huishouden")]
    assert {r.values["code"] for r in result.records} >= {"WK0363AA", "WK199233"}


def test_kerncijfers_json_gives_figures_for_3735_areas_with_titles_from_metadata(profile):
    result = parse(KWB, profile("cbs-kerncijfers"), metadata=KWB_META)
    table = result.tables[0]
    assert result.errors == []
    assert len(result.records) == 3735
    assert len(table.by_key()) == 3735
    gm1680 = table.by_key()[("GM1680",)]
    assert gm1680.values["inhabitants"] == 25845
    indicators = {i.field: (i.title, i.unit) for i in table.indicators}
    assert indicators["population_density"] == ("Bevolkingsdichtheid", "aantal inwoners per km²")
    assert len(indicators) == 8


def test_kerncijfers_csv_layout_with_short_names_reads_secret_dots(profile, tmp_path):
    source = tmp_path / "kwb-2024.csv"
    source.write_text(
        "gwb_code;regio;recs;a_inw;a_man;bev_dich\n"
        "GM0363;Amsterdam;Gemeente;931298;462000;5 263\n"
        "WK036300;Burgwallen-Oude Zijde;Wijk;4 500;.;.\n",
        encoding="utf-8",
    )
    result = parse(source, profile("cbs-kerncijfers"))
    assert result.errors == []
    amsterdam, ward = result.records
    assert amsterdam.values["population_density"] == Decimal("5263")
    assert ward.values["men"] is None and set(ward.secret) == {"men", "population_density"}


def test_iv3_gives_342_times_71_lines_in_euros(profile):
    result = parse(IV3, profile("iv3-taakvelden"))
    assert result.errors == []
    assert len(result.records) == 342 * 71
    lines = result.tables[0].by_key()
    assert len({name for name, _ in lines}) == 342
    bestuur = lines[("'s-Gravenhage", "0.1")]
    assert bestuur.values["expenses"] == Decimal("25585000")
    assert bestuur.values["income"] == Decimal("360000")
    # labels are cut off with "..": the code before the space is what counts
    assert ("'s-Gravenhage", "0.11") in lines and ("'s-Gravenhage", "6.71a") in lines


@pytest.mark.parametrize(
    "source, delimiter, name",
    [
        (GEMEENTEN, ",", "cbs-gebieden"),
        (WIJKEN, ";", "cbs-gebieden"),
        (IV3, ";", "iv3-taakvelden"),
    ],
)
def test_same_file_saved_as_xlsx_gives_identical_records(profile, tmp_path, source, delimiter, name):
    from_csv = parse(source, profile(name))
    from_xlsx = parse(csv_to_xlsx(source, tmp_path / (source.stem + ".xlsx"), delimiter), profile(name))
    assert from_xlsx.errors == []
    assert from_xlsx.tables[0].sheet == "Blad1"
    assert [(r.row, r.values, r.secret) for r in from_xlsx.records] == [
        (r.row, r.values, r.secret) for r in from_csv.records
    ]
