"""Builders for budget tests: municipalities from the CBS list, imports run like the runner does."""

from __future__ import annotations

import csv

import pytest
from sqlalchemy import insert

from planner.config import ROOT
from planner.extensions import db

SAMPLES = ROOT / "imports" / "samples"


@pytest.fixture
def municipalities(ctx):
    """All 342 municipalities of 2023 (the Iv3 2024 file names them), as GM areas."""
    from planner.areas.models import Area

    with open(SAMPLES / "cbs" / "gemeenten-2023.csv", encoding="utf-8-sig") as f:
        rows = [
            {
                "code": r["GemeentecodeGM"].strip(),
                "name": r["Gemeentenaam"].strip(),
                "level": "gemeente",
                "path": r["GemeentecodeGM"].strip(),
            }
            for r in csv.DictReader(f)
        ]
    db.session.execute(insert(Area), rows)
    db.session.commit()
    return len(rows)


@pytest.fixture
def run_import(ctx):
    """Parse `source` with a profile and apply it as the import runner does (flush, no commit)."""
    from planner.excel.engine import parse
    from planner.excel.profiles import load_profile
    from planner.excel.targets import ImportContext, get_applier

    def run(source, profile, filename=None, **options):
        prof = load_profile(profile)
        parsed = parse(source, prof, filename=filename)
        assert parsed.ok, parsed.errors[:3]
        context = ImportContext(profile=prof, result=parsed, options=options)
        result = get_applier(prof.tables[0].target)(context)
        if not result.errors:
            db.session.flush()
        return result

    return run
