"""Budget imports: the real Iv3 2024 file and a financial-system export, idempotent and strict."""

from __future__ import annotations

import time
from decimal import Decimal

from sqlalchemy import event, func, select

from planner.areas.models import Area
from planner.budget.models import BudgetLine
from planner.config import ROOT
from planner.extensions import db

IV3_FILE = ROOT / "imports" / "samples" / "iv3" / "iv3-begroting-2024.csv"


def export_csv(
    rows,
    header=(
        "Jaar",
        "Kostenplaats",
        "Kostensoort",
        "Taakveld",
        "Omschrijving",
        "Begroting primitief",
        "Begroting na wijziging",
        "Realisatie",
        "Verplichtingen",
    ),
) -> bytes:
    lines = [";".join(header)] + [";".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _line(code, taakveld, direction, kind="primitief", year=2024):
    area = db.session.scalar(select(Area).where(Area.code == code))
    return db.session.scalar(
        select(BudgetLine).filter_by(
            area_id=area.id, fiscal_year=year, line_key=taakveld, direction=direction, kind=kind
        )
    )


def test_iv3_file_imports_in_euros_and_reimports_unchanged(municipalities, run_import):
    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    started = time.perf_counter()
    try:
        result = run_import(IV3_FILE, "iv3-taakvelden")
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    elapsed = time.perf_counter() - started
    assert result.errors == []
    assert result.created == 342 * 71 * 2
    # Prefetch and bulk writes: a handful of statements for 48,564 lines, never one per row. The
    # ≤ 2 s target is timed by bench/budget_bench.py (≈1.4 s); the bound here allows a loaded machine.
    # On SQLite four of them stage the lines (make the temporary table, publish it, drop it).
    assert len(statements) <= 12, statements[:20]
    assert elapsed <= 6.0, f"Iv3 import took {elapsed:.2f} s"
    the_hague = _line("GM0518", "0.1", "lasten")
    assert the_hague.amount == Decimal("25585000.00")
    assert the_hague.description == "Bestuur"
    assert _line("GM0518", "0.1", "baten").amount == Decimal("360000.00")
    # CBS still reports 6.71 in 2024 as a residual position: matched on the known code.
    assert _line("GM0889", "6.71", "baten").amount == Decimal("35000.00")  # Beesel

    again = run_import(IV3_FILE, "iv3-taakvelden")
    db.session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 342 * 71 * 2)
    assert db.session.scalar(select(func.count(BudgetLine.id))) == 342 * 71 * 2


def test_iv3_refuses_unknown_municipality_and_taakveld_with_place(make_area, run_import):
    make_area("GM0518", "'s-Gravenhage")
    db.session.commit()
    source = (
        b"Gemeenten;Taakveld;Baten;Lasten\n"
        b"'s-Gravenhage;0.1 Bestuur;1.0;2.0\n"
        b"Atlantis;0.1 Bestuur;1.0;2.0\n"
        b"'s-Gravenhage;9.9 Verzonnen taakveld;1.0;2.0\n"
    )
    result = run_import(source, "iv3-taakvelden", filename="iv3.csv", fiscal_year=2024)
    messages = [e.message for e in result.errors]
    assert len(messages) == 2
    assert "rij 3" in messages[0].lower() and "Atlantis" in messages[0] and "Gemeenten" in messages[0]
    assert "rij 4" in messages[1].lower() and "9.9" in messages[1] and "Taakveld" in messages[1]


def test_budget_export_makes_one_line_per_kind_and_is_idempotent(helmond, run_import):
    rows = [(2026, "KPL100", "4300", "6.1 Samenkracht", "Buurthuizen", "120.000,00", "130.000,50", "45.000,25", "1000")]
    result = run_import(export_csv(rows), "begroting-export", filename="export.csv", area="GM0794")
    assert result.errors == [] and result.created == 4
    db.session.commit()
    line = db.session.scalar(select(BudgetLine).filter_by(kind="na_wijziging"))
    assert line.amount == Decimal("130000.50") and line.line_key == "KPL100/4300/6.1"
    assert line.cost_centre == "KPL100" and line.economic_category == "4300" and line.description == "Buurthuizen"
    again = run_import(export_csv(rows), "begroting-export", filename="export.csv", area="GM0794")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_realisation_for_unknown_line_is_refused_and_nothing_stored(helmond, run_import):
    budget = [(2026, "KPL100", "4300", "6.1", "Buurthuizen", "1000", "", "", "")]
    assert run_import(export_csv(budget), "begroting-export", filename="b.csv", area="GM0794").errors == []
    db.session.commit()
    actuals = [
        (2026, "KPL100", "4300", "6.1", "Buurthuizen", "", "", "900", ""),
        (2026, "KPL999", "4300", "6.1", "Onbekend", "", "", "50", ""),
    ]
    result = run_import(export_csv(actuals), "begroting-export", filename="r.csv", area="GM0794")
    assert len(result.errors) == 1
    assert "rij 3" in result.errors[0].message.lower() and "KPL999" in result.errors[0].message
    assert "Kostenplaats" in result.errors[0].message
    db.session.rollback()
    assert db.session.scalar(select(func.count(BudgetLine.id))) == 1


def test_budget_export_refuses_split_taakveld_code_after_2023(helmond, run_import):
    rows = [(2024, "KPL1", "4300", "6.71", "Wmo", "1000", "", "", "")]
    result = run_import(export_csv(rows), "begroting-export", filename="b.csv", area="GM0794")
    assert "6.71a" in result.errors[0].message and "2024" in result.errors[0].message


def test_budget_export_needs_a_known_municipality(run_import, ctx):
    rows = [(2024, "KPL1", "4300", "6.1", "x", "1000", "", "", "")]
    result = run_import(export_csv(rows), "begroting-export", filename="b.csv", area="GM9999")
    assert "GM9999" in result.errors[0].message


def test_iv3_for_one_municipality_skips_the_others(helmond, run_import):
    result = run_import(IV3_FILE, "iv3-taakvelden", area="GM0794")
    assert result.errors == [] and result.created == 71 * 2
    db.session.commit()
    assert _line("GM0794", "0.1", "lasten").amount > 0


BATEN_LASTEN = ROOT / "tests" / "data" / "begroting-baten-lasten-2026.csv"


def _lines_2026(gm):
    return {
        (line.line_key, line.direction): line
        for line in db.session.scalars(
            select(BudgetLine).where(BudgetLine.area_id == gm.id, BudgetLine.kind == "na_wijziging")
        )
    }


def test_mixed_export_reads_baten_by_kostensoort_and_the_begrotingsprogramma(helmond, run_import):
    gm = helmond[0]
    result = run_import(BATEN_LASTEN, "begroting-export", area="GM0794", direction="kostensoort")
    assert result.errors == []
    lines = _lines_2026(gm)
    assert {(k, d): line.amount for (k, d), line in lines.items()} == {
        ("61020/4381/6.1", "lasten"): Decimal("480000.00"),
        ("61020/8120/6.1", "baten"): Decimal("250000.00"),  # credit notation: stored as positive baten
        ("83010/4341/8.3", "lasten"): Decimal("1150000.00"),
        ("83010/8130/8.3", "baten"): Decimal("400000.00"),
        # a baten kostensoort with a positive amount: a correction, kept as negative baten
        ("83010/8135/8.3", "baten"): Decimal("-25000.00"),
    }
    assert lines[("83010/8130/8.3", "baten")].budget_programme == "8. Wonen en stedelijke ontwikkeling"


def test_mixed_export_reads_baten_by_sign_by_default(helmond, run_import):
    gm = helmond[0]
    assert run_import(BATEN_LASTEN, "begroting-export", area="GM0794").errors == []
    directions = dict(_lines_2026(gm).keys())
    assert directions["61020/8120/6.1"] == "baten" and directions["83010/8135/8.3"] == "lasten"
    assert directions["61020/4381/6.1"] == "lasten"


def test_a_baten_lasten_column_wins_and_a_wrong_value_refuses_the_whole_file(helmond, run_import):
    header = ("Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Baten/lasten", "Begroting primitief")
    good = export_csv([(2026, "61020", "4381", "6.1", "B", "100,00")], header)
    result = run_import(good, "begroting-export", filename="b.csv", area="GM0794")
    assert result.errors == []
    assert db.session.scalar(select(BudgetLine.direction)) == "baten"
    db.session.rollback()
    bad = export_csv(
        [(2026, "61020", "4381", "6.1", "L", "100,00"), (2026, "61030", "4381", "6.1", "inkomsten", "5,00")], header
    )
    result = run_import(bad, "begroting-export", filename="b.csv", area="GM0794")
    assert [(e.row, e.column) for e in result.errors] == [(3, "Baten/lasten")]
    assert "'inkomsten' is geen baten of lasten" in result.errors[0].message
