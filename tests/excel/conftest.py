"""Fixtures for the pure Excel engine tests: sample paths and small workbook builders."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from planner.excel import load_profile

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"


@pytest.fixture(autouse=True)
def _clean_database():
    """These tests touch no database: override the suite-wide cleanup so no app is built."""
    yield


@pytest.fixture(scope="session")
def profile():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = load_profile(name)
        return cache[name]
    return get


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
