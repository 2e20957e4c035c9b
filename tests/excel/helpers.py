"""Helpers for the Excel tests: sample paths, workbooks written and edited as a user's tools would
(openpyxl, xlsxwriter, LibreOffice), table snapshots."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import xlsxwriter
from sqlalchemy import func, select

from planner.extensions import db

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
GEMEENTEN = SAMPLES / "cbs" / "gemeenten-2023.csv"
WIJKEN = SAMPLES / "cbs" / "wijken-autobezit-2023.csv"


def write_xlsx(
    path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = (), merged: dict[str, list[str]] | None = None
) -> Path:
    """A workbook with openpyxl, which writes formulas ("=...") and error cells ("#N/A") as such."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for span in (merged or {}).get(name, []):
            sheet.merge_cells(span)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


_INT = re.compile(r"-?\d+")
_POINT = re.compile(r"-?\d+\.\d+")
_COMMA = re.compile(r"-?\d+,\d+")


def excel_value(text: str):
    """What Excel makes of a CSV cell when it opens the file: numbers become numbers
    (leading zeros lost, as Excel does), the rest stays text."""
    if _INT.fullmatch(text):
        return int(text)
    if _POINT.fullmatch(text):
        return float(text)
    if _COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    return text


def csv_to_xlsx(source: Path, target: Path, delimiter: str) -> Path:
    with open(source, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    book = xlsxwriter.Workbook(target, {"constant_memory": True})
    sheet = book.add_worksheet("Blad1")
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text.strip():
                sheet.write(r, c, excel_value(text.strip()))
    book.close()
    return target


# The import's own bookkeeping: a rejected run is recorded there on purpose.
RUN_TABLES = {"import_runs", "import_changes"}


def table_counts() -> dict[str, int]:
    """Rows in every table except the run records: 'nothing written' means these are equal."""
    db.session.expire_all()
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
        if t.name not in RUN_TABLES
    }


def table_rows(*models) -> dict:
    """Every row of these models as plain tuples, to compare the database before and after."""
    db.session.expire_all()
    out = {}
    for model in models:
        cols = [c for c in model.__table__.c if c.name not in ("updated_at",)]
        out[model.__tablename__] = sorted(tuple(str(v) for v in row) for row in db.session.execute(select(*cols)))
    return out


# ---- the programme workbook: edit cells as a user would, rewrite through LibreOffice ----------


def edit_cells(path: Path, sheet: str, edits: dict[tuple[int, str], object]) -> Path:
    """Change cells by (row, header) with openpyxl, as a user would in Excel."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    header_row = next(r for r in range(1, 4) if any(c.value == "Sleutel" for c in ws[r]))
    columns = {c.value: c.column for c in ws[header_row]}
    for (row, header), value in edits.items():
        ws.cell(row=row, column=columns[header]).value = value  # cell(value=None) would not clear it
    book.save(path)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_roundtrip(path: Path, out_dir: Path) -> Path:
    """Let LibreOffice Calc open and rewrite the workbook, as a user saving it there would."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile_dir = out_dir / "lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile_dir}",
            "--headless",
            "--calc",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = out_dir / path.name
    assert converted.exists(), "LibreOffice wrote no file"
    return converted


def row_of(path: Path, sheet: str, title: str) -> int:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if title in row:
            return i
    raise AssertionError(f"{title} not in {sheet}")
