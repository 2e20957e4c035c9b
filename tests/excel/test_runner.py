"""The import runner: real CBS files into areas and measurements, all-or-nothing, idempotent, revertible."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from planner.areas.models import Area
from planner.excel.models import ImportChange, ImportRun
from planner.excel.runner import revert_run, run_import
from planner.extensions import db
from planner.indicators.models import Indicator, Measurement
from tests.excel.helpers import GEMEENTEN, WIJKEN, table_counts, table_rows


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_gemeenten_csv_creates_342_municipalities(ctx):
    report = run_import(GEMEENTEN, GEMEENTEN.name, "cbs-gebieden")
    assert report.state == "committed" and report.errors == []
    assert (report.rows, report.created, report.updated, report.unchanged) == (342, 342, 0, 0)
    assert _count(Area, Area.level == "gemeente") == 342
    almere = db.session.scalar(select(Area).where(Area.code == "GM0034"))
    assert (almere.name, almere.path, almere.parent_id) == ("Almere", "GM0034", None)
    run = db.session.get(ImportRun, report.run_id)
    assert (run.state, run.created, run.file_name, len(run.sha256)) == ("committed", 342, "gemeenten-2023.csv", 64)
    assert _count(ImportChange, ImportChange.run_id == run.id) == 342


def test_wards_are_placed_under_their_municipality_with_secret_cars_not_zero(ctx, gemeenten):
    report = run_import(WIJKEN, WIJKEN.name, "cbs-gebieden")
    assert report.errors == [] and report.state == "committed"
    assert _count(Area, Area.level == "wijk") == 3352
    centrum = db.session.scalar(select(Area).where(Area.code == "WK001400"))
    assert (centrum.name, centrum.path, centrum.parent.code) == ("Centrum", "GM0014/WK001400", "GM0014")
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "cars_per_household"))
    assert indicator.name == "Personenauto's per huishouden"
    m = db.session.scalar(select(Measurement).where(Measurement.area_id == centrum.id))
    assert (m.value, m.period, m.is_secret, m.import_run_id) == (Decimal("0.2"), "2023", False, report.run_id)
    secret = db.session.scalars(select(Measurement).where(Measurement.is_secret.is_(True))).all()
    assert len(secret) == 188 and all(s.value is None for s in secret)
    assert report.created == 3352 + 1 + _count(Measurement)


def test_the_same_files_as_xlsx_give_identical_rows(ctx, cbs_xlsx):
    for path in (GEMEENTEN, WIJKEN):
        assert run_import(path, path.name, "cbs-gebieden").errors == []
    from_csv = table_rows(Area, Indicator, Measurement)
    for model in (Measurement, Indicator):
        db.session.execute(model.__table__.delete())
    db.session.execute(Area.__table__.delete().where(Area.level == "wijk"))
    db.session.execute(Area.__table__.delete())
    db.session.commit()
    for path, delimiter in ((GEMEENTEN, ","), (WIJKEN, ";")):
        xlsx = cbs_xlsx(path, delimiter)
        report = run_import(xlsx, xlsx.name, "cbs-gebieden")
        assert report.errors == [], report.errors[:3]
    after = table_rows(Area, Indicator, Measurement)
    assert len(after["areas"]) == 342 + 3352
    # ids differ between the two loads: compare everything but the ids
    assert sorted(r[1:] for r in after["indicators"]) == sorted(r[1:] for r in from_csv["indicators"])
    code = {r[0]: r[1] for r in after["areas"]}
    csv_code = {r[0]: r[1] for r in from_csv["areas"]}
    assert sorted((r[1], r[2], r[3], r[5]) for r in after["areas"]) == sorted(
        (r[1], r[2], r[3], r[5]) for r in from_csv["areas"]
    )  # code, name, level, path
    # measurements: (area code, period, kind, value, secret)

    def as_rows(rows, codes):
        return sorted((codes[r[2]], r[3], r[4], r[5], r[6]) for r in rows)

    assert as_rows(after["measurements"], code) == as_rows(from_csv["measurements"], csv_code)


def test_a_file_that_is_no_spreadsheet_is_rejected_and_recorded(ctx):
    before = table_counts()
    report = run_import(b"\xd0\xcf\x11\xe0 old excel", "begroting.xls", "cbs-gebieden")
    assert report.state == "rejected" and ".xls" in report.errors[0].message
    assert table_counts() == before
    assert db.session.get(ImportRun, report.run_id).error_count == 1


def test_reimporting_the_same_file_changes_nothing(ctx, gemeenten):
    first = run_import(WIJKEN, WIJKEN.name, "cbs-gebieden")
    again = run_import(WIJKEN, WIJKEN.name, "cbs-gebieden")
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == first.created
    assert again.only_unchanged and again.state == "committed"


def test_one_bad_row_writes_nothing_and_records_the_rejected_run(ctx, gemeenten):
    lines = WIJKEN.read_text(encoding="utf-8-sig").splitlines()
    lines[5] = lines[5].replace("GM0014", "GM9999")  # row 6: a municipality that does not exist
    before = table_counts()
    report = run_import("\r\n".join(lines).encode("utf-8"), "wijken-2023.csv", "cbs-gebieden")
    assert report.state == "rejected"
    assert [(e.row, e.column) for e in report.errors] == [(6, "Gemeentecode")]
    assert "GM9999" in report.errors[0].message and report.errors[0].message.startswith("Rij 6, kolom 'Gemeentecode'")
    assert table_counts() == before
    run = db.session.get(ImportRun, report.run_id)
    assert run.state == "rejected" and run.error_count == 1
    assert run.errors[0]["row"] == 6 and run.errors[0]["column"] == "Gemeentecode"
    assert _count(ImportChange, ImportChange.run_id == run.id) == 0


def test_a_parse_error_is_refused_before_anything_is_applied(ctx, gemeenten):
    text = WIJKEN.read_text(encoding="utf-8-sig").replace("WK001401  ", "XX001401  ")
    before = table_counts()
    report = run_import(text.encode(), "wijken-2023.csv", "cbs-gebieden")
    assert report.state == "rejected" and report.errors[0].row == 5 and report.errors[0].column == "Wijkcode"
    assert table_counts() == before


def test_dry_run_reports_counts_and_writes_nothing(ctx, gemeenten):
    before = table_counts()
    report = run_import(WIJKEN, WIJKEN.name, "cbs-gebieden", dry_run=True)
    assert report.state == "dry_run" and report.errors == [] and report.created > 3352
    assert table_counts() == before
    assert db.session.get(ImportRun, report.run_id).state == "dry_run"


def test_revert_restores_exactly_the_state_before(ctx, gemeenten):
    before = table_rows(Area, Indicator, Measurement)
    report = run_import(WIJKEN, WIJKEN.name, "cbs-gebieden")
    run = db.session.get(ImportRun, report.run_id)
    revert_run(run)
    db.session.commit()
    assert table_rows(Area, Indicator, Measurement) == before
    assert run.state == "reverted" and run.reverted_at is not None


def test_revert_of_an_update_restores_the_earlier_values(ctx, gemeenten):
    almere = db.session.scalar(select(Area).where(Area.code == "GM0034"))
    almere.name = "Almere-oud"
    db.session.commit()
    report = run_import(GEMEENTEN, GEMEENTEN.name, "cbs-gebieden")
    assert (report.updated, report.unchanged) == (1, 341)
    revert_run(db.session.get(ImportRun, report.run_id))
    db.session.commit()
    assert db.session.get(Area, almere.id).name == "Almere-oud"


def test_revert_is_refused_while_a_later_run_changed_the_same_rows(ctx, gemeenten):
    from planner.core.errors import PlannerError

    almere = db.session.scalar(select(Area).where(Area.code == "GM0034"))
    almere.name = "Almere-oud"
    db.session.commit()
    second = run_import(GEMEENTEN, GEMEENTEN.name, "cbs-gebieden")
    first = db.session.get(ImportRun, gemeenten.run_id)
    try:
        revert_run(first)
    except PlannerError as error:
        assert f"import {second.run_id}" in error.message
    else:
        raise AssertionError("revert should be refused")


def test_revert_is_refused_when_other_data_now_uses_created_rows(ctx, gemeenten, make_programme):
    from planner.core.errors import PlannerError

    make_programme(db.session.scalar(select(Area).where(Area.code == "GM0034")))
    try:
        revert_run(db.session.get(ImportRun, gemeenten.run_id))
    except PlannerError as error:
        assert "programma's" in error.message
    else:
        raise AssertionError("revert should be refused")
    db.session.rollback()
    assert _count(Area) == 342
