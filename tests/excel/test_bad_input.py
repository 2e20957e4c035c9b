"""Every bad input is refused or reported with its sheet, row and column, in Dutch."""

from __future__ import annotations

import io
import struct
import zipfile
from decimal import Decimal

import pytest

from planner.excel import FileRejected, parse, profile_from_dict, read_workbook, reader
from tests.excel.helpers import write_xlsx

BUDGET_HEADER = [
    "Kostenplaats",
    "Kostensoort",
    "Taakveld",
    "Omschrijving",
    "Begroting primitief",
    "Begroting na wijziging",
    "Realisatie",
    "Verplichtingen",
]
ALLOCATIONS_HEADER = ["Sleutel", "Actie", "Taakveld", "Jaar", "Bedrag"]


def budget_row(i: int, amount=1000):
    return [f"KP{i:03d}", "4300", "6.1 Samenkracht", "Buurthuis", amount, amount, 0, 0]


def only(errors):
    assert len(errors) == 1, errors
    return errors[0]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buffer.getvalue()


# --- the file as a whole --------------------------------------------------------------------------


def test_a_file_with_none_of_an_optional_only_profiles_columns_is_refused_by_name():
    profile = profile_from_dict(
        {
            "name": "t",
            "target": "areas",
            "columns": {"code": {"label": "Code", "type": "code"}, "name": {"label": "Naam"}},
        }
    )
    result = parse(b"Foo;Bar\n1;2\n", profile, filename="lijst.csv")
    assert result.records == []
    assert "geen enkele kolom van dit profiel gevonden (gezocht naar 'Code', 'Naam')" in only(result.errors).message


@pytest.mark.parametrize("data", [b"Dit is gewoon tekst\n", b"PK\x03\x04 afgebroken"])
def test_not_a_spreadsheet_or_corrupt_zip_is_refused(data):
    with pytest.raises(FileRejected, match="geen geldige Excel-werkmap"):
        read_workbook(data, "begroting.xlsx")


def test_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(FileRejected, match="geen geldige Excel-werkmap"):
        read_workbook(zip_bytes({"word/document.xml": b"<w/>"}), "notitie.xlsx")


def test_truncated_workbook_is_refused(tmp_path):
    data = write_xlsx(tmp_path / "a.xlsx", {"Blad1": [BUDGET_HEADER, budget_row(1)]}).read_bytes()
    with pytest.raises(FileRejected):
        read_workbook(data[: len(data) // 2], "a.xlsx")


def test_empty_file_is_refused():
    with pytest.raises(FileRejected, match="leeg"):
        read_workbook(b"", "leeg.csv")


def test_file_over_the_upload_limit_is_refused():
    with pytest.raises(FileRejected, match="groter dan 1 MB"):
        read_workbook(b"a;b\n" * 300_000, "groot.csv", max_bytes=1024 * 1024)


def test_old_xls_is_refused_with_advice_to_save_as_xlsx():
    with pytest.raises(FileRejected, match=r"\.xls.*sla het op als Excel-werkmap \(\.xlsx\)"):
        read_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "begroting.xls")


def test_xlsm_and_workbooks_with_vba_are_refused(tmp_path):
    data = write_xlsx(tmp_path / "a.xlsx", {"Blad1": [["a"]]}).read_bytes()
    with pytest.raises(FileRejected, match="macro"):
        read_workbook(data, "begroting.xlsm")
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {name: src.read(name) for name in src.namelist()}
    members["xl/vbaProject.bin"] = b"\0" * 64
    with pytest.raises(FileRejected, match="macro"):
        read_workbook(zip_bytes(members), "begroting.xlsx")


def test_zip_bomb_is_refused_before_parsing():
    bomb = zip_bytes({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b" " * (20 * 1024 * 1024)})
    with pytest.raises(FileRejected, match="zip-bom"):
        read_workbook(bomb, "bom.xlsx")


def lying_workbook(tmp_path) -> bytes:
    """A workbook whose central directory claims its sheet inflates to 100 bytes."""
    data = bytearray(write_xlsx(tmp_path / "a.xlsx", {"Blad1": [["x"] * 50] * 50}).read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    struct.pack_into("<I", data, entry + 24, 100)
    return bytes(data)


def test_zip_that_lies_about_its_uncompressed_size_is_refused(tmp_path):
    with pytest.raises(FileRejected, match="zip-bom"):
        read_workbook(lying_workbook(tmp_path), "a.xlsx")


def test_calamine_itself_stops_at_the_declared_size(tmp_path):
    # a second line of defence behind the inspection: calamine's zip reader refuses a part that
    # inflates to more than the central directory says (which is checked first)
    with pytest.raises(FileRejected, match="beschadigd"):
        reader._calamine_sheets(lying_workbook(tmp_path))


@pytest.mark.parametrize("piece", [None, 5], ids=["whole", "5-byte pieces"])
def test_xml_entity_bomb_is_refused(tmp_path, monkeypatch, piece):
    if piece:
        monkeypatch.setattr(reader, "_PIECE", piece)
    data = write_xlsx(tmp_path / "a.xlsx", {"Blad1": [["a"]]}).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = {name: src.read(name) for name in src.namelist()}
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    )
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = laughs + (sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet)
    with pytest.raises(FileRejected, match="DOCTYPE"):
        read_workbook(zip_bytes(members), "a.xlsx")


def test_profile_refuses_a_format_it_does_not_read(profile):
    with pytest.raises(FileRejected, match="wijkprogramma|Wijkprogramma"):
        parse(b"a;b\n1;2\n", profile("wijkprogramma"), filename="acties.csv")


# --- sheets and headers ---------------------------------------------------------------------------


def test_empty_sheet_is_reported_by_name(tmp_path, profile):
    path = write_xlsx(tmp_path / "a.xlsx", {"Begroting": []})
    error = only(parse(path, profile("begroting-export")).errors)
    assert (error.sheet, error.row, error.column) == ("Begroting", None, None)
    assert "leeg" in error.message


def test_missing_required_column_names_the_aliases_looked_for(tmp_path, profile):
    header = [h for h in BUDGET_HEADER if h != "Kostensoort"]
    path = write_xlsx(
        tmp_path / "a.xlsx", {"Begroting": [["Export 2024"], header, budget_row(1)[:1] + budget_row(1)[2:]]}
    )
    result = parse(path, profile("begroting-export"))
    error = only(result.errors)
    assert (error.sheet, error.row, error.column) == ("Begroting", 2, None)
    assert "'Kostensoort' ontbreekt" in error.message and "'Grootboekrekening'" in error.message
    assert result.records == []


def test_merged_header_cells_are_reported_with_their_range(tmp_path, profile):
    rows = [BUDGET_HEADER[:7] + ["", "Verplichtingen"], budget_row(1) + [0]]
    path = write_xlsx(tmp_path / "a.xlsx", {"Begroting": rows}, merged={"Begroting": ["G1:H1"]})
    error = only(parse(path, profile("begroting-export")).errors)
    assert (error.sheet, error.row, error.column) == ("Begroting", 1, "Realisatie")
    assert "G1:H1" in error.message and "samengevoegd" in error.message


def test_hidden_sheet_is_not_picked_silently(tmp_path, profile):
    rows = [BUDGET_HEADER, budget_row(1)]
    path = write_xlsx(tmp_path / "a.xlsx", {"Toelichting": [["Zie blad 2"]], "Data": rows}, hidden=("Data",))
    result = parse(path, profile("begroting-export"))
    assert result.tables[0].sheet == "Toelichting"
    assert "Werkblad 'Data' is verborgen en is niet ingelezen." in result.warnings
    assert "ontbreekt" in result.errors[0].message  # the visible sheet has no budget columns


def test_named_sheet_that_is_hidden_is_an_error(tmp_path, profile):
    rows = [["Sleutel", "Actie", "Status"], ["A1", "Bankje", "gepland"]]
    path = write_xlsx(tmp_path / "a.xlsx", {"Doelen": [["Doel"], ["Schoon"]], "Acties": rows}, hidden=("Acties",))
    error = only(parse(path, profile("wijkprogramma")).errors)
    assert (error.sheet, error.row, error.column) == ("Acties", None, None)
    assert "verborgen" in error.message


# --- cells ----------------------------------------------------------------------------------------


def allocations(*bad_rows):
    rows = [ALLOCATIONS_HEADER] + [[f"T{i}", "Bankjes", "6.1", 2024, 100 * i] for i in range(2, 14)]
    return rows + list(bad_rows)


def test_text_in_an_amount_cell_says_what_to_fill_in(tmp_path, profile):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Acties": [["Actie", "Status"], ["Bankje", "gepland"]],
            "Toewijzingen": allocations(["T14", "Bankjes", "6.1", 2024, "twaalf"]),
        },
    )
    result = parse(path, profile("wijkprogramma"))
    error = only(result.errors)
    assert (error.sheet, error.row, error.column) == ("Toewijzingen", 14, "Bedrag")
    assert error.message == (
        "Werkblad 'Toewijzingen', rij 14, kolom 'Bedrag': 'twaalf' is geen bedrag. "
        "Vul een getal in, bijvoorbeeld 1234,56."
    )
    assert len(result.table("programme_allocations").records) == 12


def test_amounts_beyond_ten_billion_nan_and_foreign_digits_are_reported_by_row_and_column(tmp_path, profile):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Acties": [["Actie", "Status"], ["Bankje", "gepland"]],
            "Toewijzingen": allocations(
                ["T14", "Bankjes", "6.1", 2024, 99_999_999_999_999_999_999.0],
                ["T15", "Bankjes", "6.1", 2024, "Infinity"],
                ["T16", "Bankjes", "6.1", 2024, "١٢٣"],
                ["T17", "Bankjes", "6.1", 2024, "1e309"],
                ["T18", "Bankjes", "6.1", 2024, 10_000_000_000],
            ),
        },
    )
    result = parse(path, profile("wijkprogramma"))
    assert [(e.row, e.column) for e in result.errors] == [(r, "Bedrag") for r in (14, 15, 16, 17)]
    assert "buiten het bereik van -10 miljard tot 10 miljard" in result.errors[0].message
    assert "is geen bedrag" in result.errors[1].message and "is geen bedrag" in result.errors[2].message
    assert "buiten het bereik" in result.errors[3].message
    records = result.table("programme_allocations").records
    assert len(records) == 13 and records[-1].values["amount"] == Decimal("10000000000.00")


def test_budget_amount_beyond_ten_billion_is_reported_on_the_bulk_path(tmp_path, profile):
    rows = [BUDGET_HEADER, budget_row(1), budget_row(2, amount=2e10), budget_row(3, amount=float("nan"))]
    result = parse(write_xlsx(tmp_path / "b.xlsx", {"Blad1": rows}), profile("begroting-export"), cents=True)
    assert [(e.row, e.column) for e in result.errors][:2] == [(3, "Begroting primitief"), (3, "Begroting na wijziging")]
    assert all("buiten het bereik" in e.message for e in result.errors[:2])


def test_years_9999_and_1_and_nul_characters_are_reported(profile):
    data = (
        "Nummer;Titel;Datum;Status\nM1;Speeltuin;31-12-9999;aangenomen\nM2;Bankje;01-01-0001;aangenomen\n"
        "M3;Sp\u202eeel\x00tuin;01-01-2024;aangenomen\n"
    ).encode()
    errors = parse(data, profile("raadsinformatie"), filename="moties.csv").errors
    assert [(e.row, e.column) for e in errors] == [(2, "Datum"), (3, "Datum"), (4, "Titel")]
    assert "ligt niet tussen 01-01-1900 en 31-12-2100" in errors[0].message
    assert "ongeldig teken (NUL)" in errors[2].message


def test_invisible_direction_marks_are_dropped_from_imported_text(profile):
    data = "Nummer;Titel;Datum;Status\nM1;Speel\u202etuin\u200b;01-01-2024;aangenomen\n".encode()
    result = parse(data, profile("raadsinformatie"), filename="moties.csv")
    assert not result.errors
    assert result.tables[0].records[0].values["title"] == "Speeltuin"


def test_every_error_is_reported_not_just_the_first(tmp_path, profile):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Acties": [
                ["Actie", "Status", "Start"],
                ["Bankje", "klaar", "31-02-2024"],
                ["", "gepland", "1-3-2024"],
                ["Tuin", "gepland", "morgen"],
            ]
        },
    )
    errors = parse(path, profile("wijkprogramma")).errors
    assert [(e.row, e.column) for e in errors] == [(2, "Status"), (2, "Start"), (3, "Actie"), (4, "Start")]
    assert "Kies uit: idee, gepland, loopt, vertraagd, afgerond, gestopt" in errors[0].message
    assert "februari 2024 heeft 29 dagen" in errors[1].message


def test_impossible_date_as_text_in_csv_is_reported(profile):
    data = b"Nummer;Titel;Datum;Status\nM1;Speeltuin;31-02-2024;aangenomen\n"
    error = only(parse(data, profile("raadsinformatie"), filename="moties.csv").errors)
    assert (error.sheet, error.row, error.column) == (None, 2, "Datum")
    assert error.message.startswith("Rij 2, kolom 'Datum': '31-02-2024' bestaat niet")


def test_unknown_status_and_taakveld_and_ward_are_reported(tmp_path, profile):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {
            "Acties": [["Actie", "Status", "Wijk"], ["Bankje", "Bezig", "WK03"]],
            "Toewijzingen": [ALLOCATIONS_HEADER, ["T1", "Bankje", "Bestuur", 2024, 10]],
        },
    )
    errors = parse(path, profile("wijkprogramma")).errors
    # Wards are a list with weights ("WK079410 (0,5); ..."): the programme_workbook applier checks
    # them against the database (test_programme_workbook.py), so the parse only reports status and taakveld.
    assert [(e.sheet, e.row, e.column) for e in errors] == [("Acties", 2, "Status"), ("Toewijzingen", 2, "Taakveld")]


def test_duplicate_keys_name_both_rows(profile):
    data = (
        b"Gemeenten;Taakveld;Baten;Lasten\nAa en Hunze;0.1 Bestuur;1;2\n"
        b"Aa en Hunze;0.2 Burgerzaken;1;2\nAa en Hunze;0.1 Bestuur (dubbel);3;4\n"
    )
    error = only(parse(data, profile("iv3-taakvelden"), filename="iv3.csv").errors)
    assert (error.row, error.column) == (4, "Gemeenten")
    assert "staat ook in rij 2" in error.message and "Taakveld = 0.1" in error.message


def test_new_rows_without_a_key_are_not_duplicates(tmp_path, profile):
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {"Acties": [["Sleutel", "Actie", "Status"], [None, "Bankje", "gepland"], [None, "Tuin", "idee"]]},
    )
    assert parse(path, profile("wijkprogramma")).errors == []


@pytest.mark.parametrize("piece", [None, 2], ids=["whole", "2-byte pieces"])
def test_formula_and_error_cells_in_value_columns_are_reported(tmp_path, profile, monkeypatch, piece):
    if piece:  # the zip inspection inflates a sheet in pieces: a marker cut in two is still found
        monkeypatch.setattr(reader, "_PIECE", piece)
    rows = [BUDGET_HEADER, budget_row(1), budget_row(2, amount="=E2*2"), budget_row(3, amount="#N/A")]
    rows[1][3] = "=CONCAT(A2, B2)"  # a formula in a text column is reported too
    path = write_xlsx(tmp_path / "a.xlsx", {"Begroting": rows + [["Totaal", None, None, None, "=SUM(E2:E4)"]]})
    errors = parse(path, profile("begroting-export")).errors
    places = [(e.sheet, e.row, e.column) for e in errors]
    assert ("Begroting", 2, "Omschrijving") in places
    assert ("Begroting", 3, "Begroting primitief") in places
    assert ("Begroting", 4, "Begroting primitief") in places
    formula = next(e for e in errors if e.row == 3 and e.column == "Begroting primitief")
    assert "formule (=E2*2)" in formula.message and "Plakken speciaal" in formula.message
    assert "#N/A" in next(e for e in errors if e.row == 4 and e.column == "Begroting primitief").message


def test_formula_outside_the_mapped_columns_is_harmless(tmp_path, profile):
    rows = [BUDGET_HEADER + ["Controle"], budget_row(1) + ["=E2-F2"]]
    result = parse(write_xlsx(tmp_path / "a.xlsx", {"Begroting": rows}), profile("begroting-export"))
    assert result.errors == [] and len(result.records) == 1


def test_excel_error_text_in_csv_is_reported(profile):
    data = b"Kostenplaats;Kostensoort;Taakveld;Realisatie\nKP1;4300;6.1;#DEEL/0!\n"
    error = only(parse(data, profile("begroting-export"), filename="export.csv").errors)
    assert (error.row, error.column) == (2, "Realisatie") and "#DEEL/0!" in error.message


def test_cp1252_csv_with_euro_sign_reads(profile):
    data = (
        "Kostenplaats;Kostensoort;Taakveld;Omschrijving;Realisatie\r\nKP1;4300;6.1;Huur € per maand;€ 1.234,56\r\n"
    ).encode("cp1252")
    result = parse(data, profile("begroting-export"), filename="export.csv")
    assert result.errors == []
    assert result.records[0].values["description"] == "Huur € per maand"
    assert result.records[0].values["actuals"] == Decimal("1234.56")


def test_merged_data_cells_in_a_mapped_column_are_reported(tmp_path, profile):
    rows = [BUDGET_HEADER, budget_row(1), budget_row(2)]
    path = write_xlsx(tmp_path / "a.xlsx", {"Begroting": rows}, merged={"Begroting": ["A2:A3"]})
    merged, emptied = parse(path, profile("begroting-export")).errors
    assert (merged.sheet, merged.row, merged.column) == ("Begroting", 2, "Kostenplaats")
    assert "A2:A3" in merged.message
    assert (emptied.row, emptied.column) == (3, "Kostenplaats")  # what the merge left empty


def test_csv_error_names_the_row_and_where_it_differs_the_line_in_the_file(profile):
    data = (
        b"Nummer;Type;Datum;Onderwerp;Indieners;Portefeuillehouder;Status;Deadline\n"
        b'M9-1;motie;12-01-2026;"Groen\nover twee regels";A;B;open;\n'
        b"M9-2;motie;niet-een-datum;Blauw;A;B;open;\n"
    )
    result = parse(data, profile("raadsinformatie"), filename="lijst.csv")
    (error,) = result.errors
    assert error.row == 3  # as Excel and LibreOffice number it
    assert error.message.startswith("Rij 3 (regel 4 in het bestand), kolom 'Datum':")
    plain = data.replace(b'"Groen\nover twee regels"', b"Groen")
    (error,) = parse(plain, profile("raadsinformatie"), filename="lijst.csv").errors
    assert error.message.startswith("Rij 3, kolom 'Datum':")
