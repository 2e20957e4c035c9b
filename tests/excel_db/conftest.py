"""Builders for the import runner tests: sample files, xlsx copies and table counts."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.extensions import db

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
GEMEENTEN = SAMPLES / "cbs" / "gemeenten-2023.csv"
WIJKEN = SAMPLES / "cbs" / "wijken-autobezit-2023.csv"
IV3 = SAMPLES / "iv3" / "iv3-begroting-2024.csv"
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


@pytest.fixture
def cbs_xlsx(tmp_path):
    """The CBS csv files saved as xlsx, as a user opening them in Excel would."""
    from tests.excel.conftest import csv_to_xlsx

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
