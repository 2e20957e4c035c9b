"""`flask import run|list|revert`: exit codes 0/1/2 and the JSON report shape."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from planner.areas.models import Area
from planner.extensions import db
from tests.excel.helpers import GEMEENTEN, WIJKEN, table_counts


def _invoke(app, *args):
    return app.test_cli_runner().invoke(args=["import", *args])


def test_run_commits_and_prints_the_json_report(app, ctx):
    result = _invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {
        "profile",
        "rows",
        "created",
        "updated",
        "unchanged",
        "errors",
        "state",
        "run_id",
        "only_municipality",
        "skipped_municipalities",
        "skipped_rows",
    }
    assert (report["profile"], report["rows"], report["created"], report["errors"], report["state"]) == (
        "cbs-gebieden",
        342,
        342,
        [],
        "committed",
    )
    assert db.session.scalar(select(func.count()).select_from(Area)) == 342
    again = _invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden")
    assert again.exit_code == 0 and "Ongewijzigd: alle 342 rijen stonden al zo" in again.output


def test_run_with_errors_exits_1_with_every_error_and_writes_nothing(app, ctx, tmp_path):
    before = table_counts()
    bad = tmp_path / "wijken-2023.csv"
    bad.write_bytes(WIJKEN.read_bytes())  # wards without their municipalities: every row refused
    result = _invoke(app, "run", str(bad), "--profile", "cbs-gebieden", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["state"] == "rejected" and len(report["errors"]) == 3352
    assert report["errors"][0] == {
        "sheet": None,
        "row": 4,
        "column": "Gemeentecode",
        "message": report["errors"][0]["message"],
    }
    assert "GM0014" in report["errors"][0]["message"]
    assert table_counts() == before


def test_dry_run_exits_0_and_writes_nothing(app, ctx):
    before = table_counts()
    result = _invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden", "--dry-run", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["state"] == "dry_run"
    assert table_counts() == before


def test_usage_errors_exit_2(app, ctx, tmp_path):
    assert _invoke(app, "run", str(tmp_path / "missing.csv"), "--profile", "cbs-gebieden").exit_code == 2
    unknown = _invoke(app, "run", str(GEMEENTEN), "--profile", "bestaat-niet")
    assert unknown.exit_code == 2 and "Onbekend profiel 'bestaat-niet'" in unknown.output
    assert _invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden", "--option", "zonder-is").exit_code == 2
    assert _invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden", "--as", "niemand@x.nl").exit_code == 2


def test_a_user_without_the_admin_role_may_not_import_areas(app, ctx, helmond, make_user):
    make_user("team@helmond.nl", "team_member", helmond[1])
    result = _invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden", "--as", "team@helmond.nl", "--json")
    assert result.exit_code == 1
    assert "functioneel beheerder" in json.loads(result.stdout)["errors"][0]["message"]


def test_list_shows_profiles_with_formats_and_target(app, ctx):
    result = _invoke(app, "list")
    assert result.exit_code == 0
    assert "cbs-gebieden" in result.output and "doel: areas" in result.output and "csv, xlsx" in result.output


def test_revert_restores_and_refuses_twice(app, ctx):
    report = json.loads(_invoke(app, "run", str(GEMEENTEN), "--profile", "cbs-gebieden", "--json").stdout)
    result = _invoke(app, "revert", str(report["run_id"]))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Area)) == 0
    again = _invoke(app, "revert", str(report["run_id"]))
    assert again.exit_code == 1 and "teruggedraaid" in again.output
    assert _invoke(app, "revert", "99999").exit_code == 2
