"""Helpers for the Excel tests: sample paths, workbooks written as a user's tools would, table snapshots."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import xlsxwriter
from sqlalchemy import func, select

from planner.extensions import db

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
GEMEENTEN = SAMPLES / "cbs" / "gemeenten-2023.csv"
WIJKEN = SAMPLES / "cbs" / "wijken-autobezit-2023.csv"


def write_xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = (),
               merged: dict[str, list[str]] | None = None) -> Path:
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
    return {t.name: db.session.scalar(select(func.count()).select_from(t))
            for t in db.metadata.sorted_tables if t.name not in RUN_TABLES}


def table_rows(*models) -> dict:
    """Every row of these models as plain tuples, to compare the database before and after."""
    db.session.expire_all()
    out = {}
    for model in models:
        cols = [c for c in model.__table__.c if c.name not in ("updated_at",)]
        out[model.__tablename__] = sorted(tuple(str(v) for v in row) for row in db.session.execute(select(*cols)))
    return out
