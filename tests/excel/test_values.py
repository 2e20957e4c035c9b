"""Cell converters: Dutch and English number notations, dates, codes, enums."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from random import Random

import pytest

from planner.excel.values import Invalid, make_converter, normalise_label, whole_cents


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("12,5", Decimal("12.5")),
        ("25585.0", Decimal("25585.0")),
        ("1.234.567", Decimal("1234567")),
        ("€ 1 234,50", Decimal("1234.50")),
        ("1.234,56-", Decimal("-1234.56")),
        ("(500)", Decimal("-500")),
        (0.1 + 0.2, Decimal("0.3")),
        (7, Decimal("7")),
    ],
)
def test_decimal_reads_dutch_english_and_ledger_notations(cell, expected):
    assert make_converter("decimal", {})(cell) == expected


def test_decimal_comma_mode_reads_points_as_thousands():
    assert make_converter("decimal", {"decimal": "comma"})("1.234") == Decimal("1234")
    assert make_converter("decimal", {"decimal": "point"})("1,234") == Decimal("1234")


def test_money_applies_scale_and_sign_and_rounds_to_cents():
    convert = make_converter("money", {"scale": 1000, "negate": True})
    assert convert("25585.0") == Decimal("-25585000")
    assert make_converter("money", {})(12.345) == Decimal("12.35")


def test_money_from_a_float_cell_is_what_excel_shows_rounded_half_up_to_cents():
    # the whole-cents and three-decimals shortcuts must agree with reading the 15 digits Excel
    # shows, also at half cents, with binary noise (a computed × 1,1), near powers of ten, and for
    # amounts too large for the shortcuts; as a Decimal and as an int of cents
    convert = make_converter("money", {})
    random = Random(7)
    cells = [
        0.125,
        1.005,
        2.675,
        -1234.565,
        0.1 + 0.2,
        1e15 + 0.25,
        99_999_999_999.99,
        1234.5600000000001,
        0.0015,
        -0.0015,
        999.9999999999999,
        99_999_999_999.995,
        5e-324,
        -0.0,
        *(random.randint(-(10**13), 10**13) / 100 for _ in range(2000)),
        *(round(random.uniform(-1e6, 1e6), 3) for _ in range(2000)),
        *(random.uniform(-1e12, 1e12) for _ in range(2000)),
        *(random.randint(-(10**11), 10**11) / 1000 * random.choice([1.1, 0.8, 0.1, 1.21, 3]) for _ in range(4000)),
        *(random.randint(-999, 999) * 10.0 ** random.randint(-8, 11) / 1000 for _ in range(2000)),
    ]
    for cell in cells:
        expected = Decimal(format(cell, ".15g")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if abs(cell) > 1e10:  # beyond what a municipality has: refused, never stored as a float
            with pytest.raises(Invalid, match="buiten het bereik"):
                convert(cell)
            with pytest.raises(Invalid):
                whole_cents(cell)
            continue
        assert convert(cell) == expected, cell
        assert whole_cents(cell) == expected * 100, cell
        # what SQLite stores for the amount: the float of the Decimal is the int's cents / 100
        assert float(expected) == whole_cents(cell) / 100, cell
    assert [convert(c) for c in (0.125, 1.005, -1234.565, 0.1 + 0.2)] == [
        Decimal("0.13"),
        Decimal("1.01"),
        Decimal("-1234.57"),
        Decimal("0.30"),
    ]


@pytest.mark.parametrize(
    "cell", ["twaalf", "1,2,3x", True, dt.date(2024, 1, 1), "NaN", "Infinity", float("nan"), "\u0661\u0662\u0663"]
)
def test_money_refuses_what_is_not_an_amount(cell):
    with pytest.raises(Invalid, match="is geen bedrag. Vul een getal in, bijvoorbeeld 1234,56."):
        make_converter("money", {})(cell)


@pytest.mark.parametrize("cell", [float("inf"), -1e309, "1e309", "99999999999999999999999", 10_000_000_000.01])
def test_money_refuses_amounts_beyond_ten_billion(cell):
    with pytest.raises(Invalid, match="buiten het bereik van -10 miljard tot 10 miljard"):
        make_converter("money", {})(cell)


def test_int_refuses_decimals():
    convert = make_converter("int", {})
    assert convert("1.000.000") == 1_000_000
    with pytest.raises(Invalid, match="geen geheel getal"):
        convert(12.5)
    for too_large in (2**31, "3000000000"):
        with pytest.raises(Invalid, match="is te groot"):
            convert(too_large)
    with pytest.raises(Invalid, match="buiten het bereik"):
        convert(10**30)
    with pytest.raises(Invalid, match="geen geheel getal"):
        convert("\u0661\u0662")


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("15-03-2024", dt.date(2024, 3, 15)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        ("2024-03-15", dt.date(2024, 3, 15)),
        ("3 februari 2024", dt.date(2024, 2, 3)),
        ("3 mrt. 2024", dt.date(2024, 3, 3)),
        (dt.datetime(2024, 3, 15, 9, 30), dt.date(2024, 3, 15)),
        (45366, dt.date(2024, 3, 15)),
    ],
)
def test_date_reads_dutch_iso_and_excel_day_numbers(cell, expected):
    assert make_converter("date", {})(cell) == expected


@pytest.mark.parametrize(
    "cell, reason",
    [
        ("31-02-2024", "februari 2024 heeft 29 dagen"),
        ("29-02-2023", "februari 2023 heeft 28 dagen"),
        ("01-13-2024", "geen maand 13"),
        ("1-3-24", "jaartal van vier cijfers"),
        ("morgen", "is geen datum"),
    ],
)
def test_date_explains_impossible_dates(cell, reason):
    with pytest.raises(Invalid, match=reason):
        make_converter("date", {})(cell)


@pytest.mark.parametrize("cell", ["31-12-9999", "01-01-0001", dt.date(9999, 12, 31), dt.datetime(1, 1, 1)])
def test_date_refuses_years_outside_1900_to_2100(cell):
    with pytest.raises(Invalid, match="ligt niet tussen 01-01-1900 en 31-12-2100"):
        make_converter("date", {})(cell)


def test_code_restores_leading_zeros_and_prefix():
    convert = make_converter("code", {"prefix": "GM", "width": 4, "pattern": r"GM\d{4}"})
    assert [convert(v) for v in (34, "0034", "gm0034", "GM0034")] == ["GM0034"] * 4
    with pytest.raises(Invalid, match="geen geldige code"):
        convert("GM12345")


def test_code_extracts_taakveld_from_a_truncated_label():
    convert = make_converter("code", {"extract": r"^\s*(\d{1,2}\.\d{1,2}[a-z]?)(?:\s|$)", "example": "0.1"})
    assert convert("0.11 Resultaat van de rekening van bat..") == "0.11"
    assert convert("6.71a Huishoudelijke hulp (WMO)") == "6.71a"
    with pytest.raises(Invalid, match="Vul een code in zoals 0.1"):
        convert("Bestuur")


def test_enum_matches_spellings_and_lists_choices():
    convert = make_converter("enum", {"values": {"adopted": ["aangenomen"], "rejected": ["verworpen"]}})
    assert convert("Aangenomen") == "adopted"
    assert convert("ADOPTED") == "adopted"
    with pytest.raises(Invalid, match="Kies uit: aangenomen, verworpen"):
        convert("klaar")


def test_labels_match_whatever_the_case_spacing_or_punctuation():
    assert (
        normalise_label("Begroting na wijziging")
        == normalise_label("begroting_na_wijziging")
        == normalise_label("BegrotingNaWijziging ")
    )
    assert normalise_label("Personenauto's") == normalise_label("personenautos")
