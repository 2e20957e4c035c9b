"""Builders for budget tests: municipalities from the CBS list, imports run like the runner does."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import insert

from planner.config import ROOT
from planner.extensions import db

SAMPLES = ROOT / "imports" / "samples"
IV3_FILE = SAMPLES / "iv3" / "iv3-begroting-2024.csv"


@pytest.fixture
def municipalities(ctx):
    """All 342 municipalities of 2023 (the Iv3 2024 file names them), as GM areas."""
    from planner.areas.models import Area

    with open(SAMPLES / "cbs" / "gemeenten-2023.csv", encoding="utf-8-sig") as f:
        rows = [{"code": r["GemeentecodeGM"].strip(), "name": r["Gemeentenaam"].strip(), "level": "gemeente",
                 "path": r["GemeentecodeGM"].strip()} for r in csv.DictReader(f)]
    db.session.execute(insert(Area), rows)
    db.session.commit()
    return len(rows)


@pytest.fixture
def run_import(ctx):
    """Parse `source` with a profile and apply it as the import runner does (flush, no commit)."""
    from planner.budget import importers  # noqa: F401  registers the applier
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


def export_csv(rows, header=("Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Omschrijving", "Begroting primitief",
                             "Begroting na wijziging", "Realisatie", "Verplichtingen")) -> bytes:
    lines = [";".join(header)] + [";".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def dec():
    return Decimal


@pytest.fixture
def make_line(ctx):
    from planner.budget.models import BudgetLine

    def make(gm, amount, *, year=2026, key="KPL1/4300/6.1", kind="na_wijziging", taakveld="6.1",
             description="Buurtwerk", direction="lasten"):
        line = BudgetLine(area_id=gm.id, fiscal_year=year, line_key=key, taakveld_code=taakveld, description=description,
                          direction=direction, kind=kind, amount=Decimal(amount))
        db.session.add(line)
        db.session.commit()
        return line

    return make


@pytest.fixture
def ward_world(helmond, make_programme, make_action, make_line, make_user):
    """Helmond with a programme per ward, one action each, and one shared budget line in 2026."""
    gm, binnenstad, oost = helmond
    p_a = make_programme(binnenstad, title="WOP Binnenstad")
    p_b = make_programme(oost, title="WOP Helmond-Oost")
    a = make_action(p_a, "Buurtkamer Binnenstad")
    b = make_action(p_b, "Speeltuin Oost")
    line = make_line(gm, "100000.00")
    return {"gm": gm, "a": binnenstad, "b": oost, "p_a": p_a, "p_b": p_b, "action_a": a, "action_b": b,
            "line": line}
