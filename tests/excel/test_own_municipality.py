"""The national Iv3 file read by a Helmond controller: "alleen mijn gemeente" skips the rows of the
other 341 municipalities instead of reporting each of them as an error."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from planner.budget.models import BudgetLine
from planner.excel.runner import run_import
from planner.extensions import db
from tests.excel.helpers import SAMPLES, table_counts

IV3 = SAMPLES / "iv3" / "iv3-begroting-2024.csv"
OWN = {"only_municipality": "ja"}


def test_only_helmond_is_read_and_the_others_are_skipped(helmond, make_user):
    controller = make_user("controller@helmond.nl", "controller", helmond[0])
    report = run_import(IV3, IV3.name, "iv3-taakvelden", user=controller, options=OWN)
    assert report.errors == [] and report.state == "committed"
    assert (report.rows, report.skipped_municipalities, report.skipped_rows) == (71, 341, 24_211)
    assert report.skipped_note == "341 gemeenten overgeslagen (24.211 rijen) — alleen Helmond wordt ingelezen."
    assert db.session.scalar(select(func.count(BudgetLine.id))) == report.created > 0


def test_without_the_option_every_other_municipality_is_an_error(helmond, make_user):
    controller = make_user("controller@helmond.nl", "controller", helmond[0])
    before = table_counts()
    report = run_import(IV3, IV3.name, "iv3-taakvelden", user=controller, dry_run=True)
    assert len(report.errors) == 24_211 and report.skipped_note is None
    assert table_counts() == before


def test_a_user_in_two_municipalities_must_name_one(helmond, make_area, make_user):
    from planner.core.users import grant_role

    deurne = make_area("GM0762", "Deurne")
    controller = make_user("controller@peel.nl", "controller", helmond[0])
    grant_role(controller, "controller", deurne)
    db.session.commit()
    before = table_counts()
    report = run_import(IV3, IV3.name, "iv3-taakvelden", user=controller, options=OWN, dry_run=True)
    assert [e.message for e in report.errors] == [
        "Bij 'alleen mijn gemeente' is niet duidelijk welke gemeente u bedoelt: uw rechten liggen in 2 "
        "gemeenten. Vul de CBS-code van de gemeente in."
    ]
    assert table_counts() == before
    named = run_import(
        IV3, IV3.name, "iv3-taakvelden", user=controller, options={**OWN, "area": "GM0762"}, dry_run=True
    )
    assert named.errors == [] and (named.rows, named.only_municipality) == (71, "Deurne")


def test_the_command_line_option_reads_the_only_municipality(app, helmond):
    result = app.test_cli_runner().invoke(
        args=["import", "run", str(IV3), "--profile", "iv3-taakvelden", "--option", "only_municipality=ja", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["rows"], report["only_municipality"], report["skipped_municipalities"]) == (71, "Helmond", 341)
    plain = app.test_cli_runner().invoke(
        args=["import", "run", str(IV3), "--profile", "iv3-taakvelden", "--option", "only_municipality=ja", "--dry-run"]
    )
    assert "341 gemeenten overgeslagen (24.211 rijen) — alleen Helmond wordt ingelezen." in plain.output
