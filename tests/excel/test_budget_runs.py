"""Budget lines through the import runner: written in chunks, the created lines recorded as one
change (they carry the run's id), updates with before-images; all-or-nothing and revertible."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select, text

from planner.budget import importers
from planner.budget.models import Allocation, BudgetLine
from planner.core.errors import PlannerError
from planner.excel import targets
from planner.excel.models import ImportChange, ImportRun
from planner.excel.runner import later_overlapping_run, revert_run, run_import
from planner.excel.targets import CREATED_BY_RUN
from planner.extensions import db
from tests.excel.helpers import table_rows

HEADER = (
    "Jaar;Kostenplaats;Kostensoort;Taakveld;Omschrijving;Begroting primitief;Begroting na wijziging;"
    "Realisatie;Verplichtingen"
)


def _export(rows) -> bytes:
    return ("\n".join([HEADER] + [";".join(str(v) for v in row) for row in rows]) + "\n").encode()


def _rows(n, amount=1000):
    return [
        (2026, f"KP{i:03d}", "4300", "6.1", f"Regel {i}", f"{amount + i},50", f"{amount + i + 1},25", "", "")
        for i in range(n)
    ]


def _import(rows, **options):
    return run_import(_export(rows), "begroting-2026.csv", "begroting-export", options={"area": "GM0794", **options})


def _lines() -> int:
    return db.session.scalar(select(func.count(BudgetLine.id)))


def _changes(run_id) -> list[tuple]:
    return db.session.execute(
        select(ImportChange.entity_type, ImportChange.entity_id, ImportChange.op).where(ImportChange.run_id == run_id)
    ).all()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 12 lines (3 export rows: a row has room for four) and INSERT statements of 2
    rows, so that a few rows cross several chunk and statement boundaries (full statements and a
    shorter last one)."""
    monkeypatch.setattr(importers, "CHUNK", 12)
    monkeypatch.setattr(targets, "ROWS_PER_INSERT", 2)


def test_created_lines_are_one_change_and_revert_deletes_exactly_them(helmond, small_chunks):
    report = _import(_rows(5))
    assert report.state == "committed" and (report.created, report.updated, report.unchanged) == (10, 0, 0)
    assert _lines() == 10
    assert _changes(report.run_id) == [("BudgetLine", report.run_id, CREATED_BY_RUN)]
    assert db.session.scalar(select(func.count(BudgetLine.id)).where(BudgetLine.import_run_id == report.run_id)) == 10
    line = db.session.scalar(select(BudgetLine).filter_by(line_key="KP004/4300/6.1", kind="na_wijziging"))
    assert (line.amount, line.description, line.cost_centre, line.budget_programme) == (
        Decimal("1005.25"),
        "Regel 4",
        "KP004",
        "",
    )
    assert line.updated_at is not None

    # A later run's lines (another year) sit right above this run's id range and stay.
    later_year = [(2027, *row[1:]) for row in _rows(2)]
    assert (
        run_import(_export(later_year), "begroting-2027.csv", "begroting-export", options={"area": "GM0794"}).created
        == 4
    )
    run = db.session.get(ImportRun, report.run_id)
    assert revert_run(run) == 10
    db.session.commit()
    assert _lines() == 4 and run.state == "reverted"
    assert set(db.session.scalars(select(BudgetLine.fiscal_year))) == {2027}


def test_reimport_is_unchanged_across_chunks_and_an_update_is_reverted_to_its_old_amount(helmond, small_chunks):
    first = _import(_rows(5))
    before = table_rows(BudgetLine)
    again = _import(_rows(5))
    assert again.only_unchanged and (again.unchanged, again.state) == (10, "committed")
    assert _changes(again.run_id) == []

    changed = _rows(5)
    changed[3] = (*changed[3][:5], "9999,99", *changed[3][6:])
    changed.append((2026, "KP100", "4300", "6.1", "Nieuw", "5,00", "", "", ""))
    third = _import(changed)
    assert (third.created, third.updated, third.unchanged) == (1, 1, 9)
    assert sorted(c[2] for c in _changes(third.run_id)) == [CREATED_BY_RUN, "update"]
    update = db.session.scalar(
        select(ImportChange).where(ImportChange.run_id == third.run_id, ImportChange.op == "update")
    )
    assert update.before == {"amount": "1003.50"}

    # The first run created the line the third run updated: it waits until the third is reverted.
    assert later_overlapping_run(db.session.get(ImportRun, first.run_id)).id == third.run_id
    with pytest.raises(PlannerError, match=f"import {third.run_id}"):
        revert_run(db.session.get(ImportRun, first.run_id))
    assert revert_run(db.session.get(ImportRun, third.run_id)) == 2
    db.session.commit()
    assert table_rows(BudgetLine) == before
    assert later_overlapping_run(db.session.get(ImportRun, first.run_id)) is None
    revert_run(db.session.get(ImportRun, first.run_id))
    db.session.commit()
    assert _lines() == 0


def test_an_error_in_the_last_row_leaves_no_chunk_stored(helmond, small_chunks):
    rows = _rows(7) + [(2026, "KP999", "4300", "9.9", "Verzonnen", "1,00", "", "", "")]
    report = _import(rows)
    assert report.state == "rejected" and [(e.row, e.column) for e in report.errors] == [(9, "Taakveld")]
    assert _lines() == 0 and _changes(report.run_id) == []
    dry = run_import(
        _export(_rows(7)), "begroting-2026.csv", "begroting-export", options={"area": "GM0794"}, dry_run=True
    )
    assert dry.state == "dry_run" and dry.created == 14 and _lines() == 0


def test_realisation_only_rows_need_a_budgeted_line_in_the_file_or_stored(helmond, small_chunks):
    assert _import(_rows(3)).ok
    actuals = [
        (2026, "KP001", "4300", "6.1", "Regel 1", "", "", "900", ""),  # budgeted: stored
        (2026, "KP050", "4300", "6.1", "Nieuw", "10", "", "", ""),  # budgeted in this file
        (2026, "KP050", "4301", "6.1", "Nieuw", "", "", "5", ""),  # another kostensoort: not budgeted
        (2026, "KP051", "4300", "6.1", "Onbekend", "", "", "5", ""),
    ]
    report = _import(actuals)
    assert [e.row for e in report.errors] == [4, 5]
    assert all("staat niet in de begroting 2026" in e.message for e in report.errors)
    assert _lines() == 6


def test_revert_is_refused_while_an_allocation_uses_a_created_line(helmond, make_programme, make_action):
    report = _import(_rows(2))
    action = make_action(make_programme(helmond[1]))
    line = db.session.scalar(select(BudgetLine).filter_by(kind="primitief", line_key="KP000/4300/6.1"))
    db.session.add(Allocation(action_id=action.id, budget_line_id=line.id, year=2026, amount=Decimal("10")))
    db.session.commit()
    with pytest.raises(PlannerError, match="toewijzingen"):
        revert_run(db.session.get(ImportRun, report.run_id))
    db.session.rollback()
    assert _lines() == 4


def test_workbook_amounts_are_stored_as_excel_shows_them_rounded_half_up(helmond, small_chunks, tmp_path):
    # The runner hands a budget export's amounts to the writer as ints of cents: half cents, binary
    # noise of a computed × 1,1 and large amounts must be stored (and previewed) exactly as the
    # 15 digits Excel shows, rounded half up, whatever the database keeps Numeric as.
    from tests.excel.helpers import write_xlsx

    amounts = [
        0.125,
        1.005,
        2.675,
        -1234.565,
        0.1 + 0.2,
        12345.25 * 1.1,
        12345.25 * 0.1,
        99_999_999.99,
        1234.5600000000001,
        7,
        0.0015,
    ]
    header = HEADER.split(";")
    rows = [
        [2026, f"KP{i:03d}", "4300", "6.1", f"Regel {i}", amount, amount * -3, None, amount * 0.8]
        for i, amount in enumerate(amounts)
    ]
    path = write_xlsx(tmp_path / "begroting-2026.xlsx", {"Begroting": [header, *rows]})
    report = run_import(path, path.name, "begroting-export", options={"area": "GM0794", "direction": "lasten"})
    assert report.state == "committed" and report.created == 3 * len(amounts)

    def shown(value) -> Decimal:
        return Decimal(format(value, ".15g")).quantize(Decimal("0.01"), ROUND_HALF_UP)

    expected = {
        (f"KP{i:03d}/4300/6.1", kind): shown(value)
        for i, amount in enumerate(amounts)
        for kind, value in (("primitief", amount), ("na_wijziging", amount * -3), ("verplichting", amount * 0.8))
    }
    stored = {
        (key, kind): amount
        for key, kind, amount in db.session.execute(select(BudgetLine.line_key, BudgetLine.kind, BudgetLine.amount))
    }
    assert stored == expected
    # what the database itself holds: on SQLite the float nearest to the amount, as a Decimal bound would give
    raw = db.session.execute(text("SELECT line_key, kind, amount FROM budget_lines")).all()
    assert all(
        (float(expected[k, kind]) if isinstance(amount, float) else expected[k, kind]) == amount
        for k, kind, amount in raw
    )
    preview = report.tables[0].rows[0]
    assert (preview["budget_original"], preview["budget_amended"]) == (Decimal("0.13"), Decimal("-0.38"))


@pytest.fixture
def streamed(app, monkeypatch, small_chunks):
    """The large-file path on a small workbook: the sheet read row by row from the file, every checked
    row after the 4th waiting in a temporary file in chunks of 5, lines written 12 at a time."""
    from planner.excel import engine, spool

    monkeypatch.setitem(app.config, "IMPORT_STREAM_CELLS", 10)
    monkeypatch.setitem(app.config, "IMPORT_SPOOL_RECORDS", 4)
    monkeypatch.setattr(engine, "ROWS_PER_CHUNK", 5)
    monkeypatch.setattr(spool, "CHUNK", 5)


def _xlsx(tmp_path, rows) -> bytes:
    from tests.excel.helpers import write_xlsx

    header = ["Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Begroting primitief", "Begroting na wijziging"]
    body = [
        [year, kp, int(ks), tv, float(p.replace(",", ".")), float(w.replace(",", ".")) if w else None]
        for year, kp, ks, tv, _, p, w, *_ in rows
    ]
    return write_xlsx(tmp_path / "groot.xlsx", {"Begroting": [header, *body]}).read_bytes()


def _import_xlsx(data, **kwargs):
    return run_import(data, "groot.xlsx", "begroting-export", options={"area": "GM0794"}, **kwargs)


def test_a_streamed_file_is_all_or_nothing_whichever_batch_holds_the_error(helmond, streamed, tmp_path):
    rows = _rows(40)
    report = _import_xlsx(_xlsx(tmp_path, rows))
    assert report.state == "committed" and report.rows == 40 and report.created == 80 and _lines() == 80
    # the preview keeps the first rows only, in the order of the file
    assert [r["cost_centre"] for r in report.tables[0].rows][:3] == ["KP000", "KP001", "KP002"]
    last = db.session.scalar(select(BudgetLine).filter_by(line_key="KP039/4300/6.1", kind="primitief"))
    assert last.amount == Decimal("1039.50")
    revert_run(db.session.get(ImportRun, report.run_id))
    db.session.commit()

    # an unknown taakveld in the last row, after several batches were written: none of them stays
    bad = _rows(40) + [(2026, "KP999", "4300", "9.9", "", "1,00", "", "", "")]
    refused = _import_xlsx(_xlsx(tmp_path, bad))
    assert refused.state == "rejected" and [(e.row, e.column) for e in refused.errors] == [(42, "Taakveld")]
    assert _lines() == 0 and _changes(refused.run_id) == []

    # a key in the last row that the first row has (held in memory) and one in a spooled row
    twice = _rows(40) + [_rows(1)[0], _rows(30)[29]]
    doubled = _import_xlsx(_xlsx(tmp_path, twice))
    assert doubled.state == "rejected"
    assert [e.row for e in doubled.errors] == [42, 43]
    assert "staat ook in rij 2" in doubled.errors[0].message and "staat ook in rij 31" in doubled.errors[1].message
    assert _lines() == 0


def test_an_error_on_every_row_is_counted_grouped_and_downloadable_in_full(helmond, streamed, tmp_path, monkeypatch):
    from planner.excel import errors
    from planner.excel.runner import errors_path, groups_of

    monkeypatch.setattr(errors, "KEPT_ERRORS", 3)  # the rest of the errors wait on disk
    rows = [(2026, f"KP{i:03d}", "4300", "9.9", "", "1,00", "", "", "") for i in range(40)]
    report = _import_xlsx(_xlsx(tmp_path, rows))
    run = db.session.get(ImportRun, report.run_id)
    assert report.state == run.state == "rejected" and run.error_count == 40 and _lines() == 0
    [group] = groups_of(run)[0]
    assert group["count"] == 40 and group["rows"] == [2, 3, 4, 5, 6]
    lines = errors_path(run).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 40 and lines[-1].startswith("Begroting;41;Taakveld;")


def test_a_streamed_csv_file_is_all_or_nothing_too(helmond, streamed):
    report = _import(_rows(30))
    assert report.state == "committed" and report.created == 60 and _lines() == 60
    revert_run(db.session.get(ImportRun, report.run_id))
    db.session.commit()
    refused = _import(_rows(30) + [(2026, "KP999", "4300", "9.9", "", "1,00", "", "", "")])
    assert refused.state == "rejected" and [(e.row, e.column) for e in refused.errors] == [(32, "Taakveld")]
    assert _lines() == 0


def test_while_an_import_writes_others_read_none_of_it_and_may_write_between_chunks(helmond, small_chunks, monkeypatch):
    """Another connection between the writer's chunks: it counts the lines as before the import (all or
    nothing), and on SQLite it gets the write lock (a form post does not wait for the whole file: the lines
    wait in the import's own temporary tables until one INSERT … SELECT publishes them)."""
    import sqlite3

    before, seen, refused = _lines(), [], []
    flush = importers.LineWriter.flush

    def watched(self):
        flush(self)
        if db.engine.dialect.name == "sqlite":
            other = sqlite3.connect(db.engine.url.database, timeout=0, isolation_level=None)
            try:
                seen.append(other.execute("SELECT count(*) FROM budget_lines").fetchone()[0])
                other.execute("BEGIN IMMEDIATE")
                other.execute("ROLLBACK")
            except sqlite3.OperationalError as error:
                refused.append(str(error))
            finally:
                other.close()
        else:
            with db.engine.connect() as other:
                seen.append(other.scalar(select(func.count(BudgetLine.id))))

    monkeypatch.setattr(importers.LineWriter, "flush", watched)
    report = _import(_rows(20))
    db.session.commit()
    assert report.state == "committed" and _lines() == before + 40
    assert len(seen) >= 5 and set(seen) == {before}
    assert refused == []


def test_the_progress_counts_rows_of_the_file_not_the_lines_they_become(helmond):
    report = _import(_rows(7))
    run = db.session.get(ImportRun, report.run_id)
    assert report.created == 14 and run.progress["written"] == 7


def test_an_import_publishes_after_a_post_that_holds_the_write_lock_and_neither_fails(
    helmond, small_chunks, monkeypatch
):
    """SQLite: a form post takes the write lock while the import stages its lines and commits after the import
    wants to publish. Both get through: the import waits for the lock instead of being refused as a deadlock."""
    import sqlite3
    import threading
    import time

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks rows, not the database")
    posted, flush, threads, path = [], importers.LineWriter.flush, [], db.engine.url.database

    def post():
        other = sqlite3.connect(path, timeout=10, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE areas SET name = name WHERE code = 'GM0794'")
        time.sleep(0.5)  # the import finishes staging and wants to publish meanwhile
        other.execute("COMMIT")
        posted.append(True)
        other.close()

    def watched(self):
        flush(self)
        if not threads:
            threads.append(threading.Thread(target=post))
            threads[0].start()
            time.sleep(0.1)

    monkeypatch.setattr(importers.LineWriter, "flush", watched)
    report = _import(_rows(20))
    db.session.commit()
    threads[0].join()
    assert report.state == "committed" and _lines() == 40 and posted == [True]
