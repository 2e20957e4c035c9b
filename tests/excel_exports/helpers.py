"""Helpers for the programme workbook tests: edit cells as a user would, rewrite through LibreOffice."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl


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
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile_dir}", "--headless", "--calc",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), str(path)],
                   check=True, capture_output=True, timeout=180)
    converted = out_dir / path.name
    assert converted.exists(), "LibreOffice wrote no file"
    return converted


def row_of(path: Path, sheet: str, title: str) -> int:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if title in row:
            return i
    raise AssertionError(f"{title} not in {sheet}")

