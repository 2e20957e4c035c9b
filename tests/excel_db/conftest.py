"""Builders for the import runner tests: xlsx copies of the CBS files, the municipalities imported."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.excel.helpers import GEMEENTEN, csv_to_xlsx


@pytest.fixture
def cbs_xlsx(tmp_path):
    """The CBS csv files saved as xlsx, as a user opening them in Excel would."""

    def convert(source: Path, delimiter: str) -> Path:
        return csv_to_xlsx(source, tmp_path / (source.stem + ".xlsx"), delimiter)

    return convert


@pytest.fixture
def gemeenten(ctx):
    """The 342 municipalities of 2023, imported as the command line would."""
    from planner.excel.runner import run_import

    report = run_import(GEMEENTEN, GEMEENTEN.name, "cbs-gebieden")
    assert report.errors == [] and report.created == 342
    return report
