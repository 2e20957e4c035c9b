"""Frozen P&C figures, the deviation report with explanations, and the pc-input workbook."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
from sqlalchemy import func, select

from planner.budget import services
from planner.budget.models import DeviationNote, PcSnapshot
from planner.extensions import db
from tests.helpers import login


def _berap(w, user, make_line):
    from planner.cycle.services import add_moment, close_moment

    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("50000.00"))
    make_line(w["gm"], "20000.00", kind="realisatie")
    make_line(w["gm"], "40000.00", key="KPL2/4300/2.1", taakveld="2.1", description="Verkeer")
    make_line(w["gm"], "39000.00", key="KPL2/4300/2.1", taakveld="2.1", description="Verkeer", kind="prognose")
    moment = add_moment(w["gm"], kind="berap1", year=2026)
    close_moment(moment, user)  # sends moment_closed: the budget feature freezes
    db.session.commit()
    return moment


def test_closing_a_moment_freezes_lines_and_actions(ward_world, make_user, make_line):
    w = ward_world
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    moment = _berap(w, controller, make_line)
    frozen = db.session.scalars(select(PcSnapshot).where(PcSnapshot.moment_id == moment.id)).all()
    assert {(s.subject, s.kind) for s in frozen} >= {
        ("line", "na_wijziging"),
        ("line", "realisatie"),
        ("action", "toegekend"),
    }
    action = next(s for s in frozen if s.subject == "action")
    assert action.amount == Decimal("50000.00") and action.action_id == w["action_a"].id
    # Re-freezing replaces, never doubles.
    services.freeze_figures(moment)
    assert db.session.scalar(select(func.count(PcSnapshot.id)).where(PcSnapshot.moment_id == moment.id)) == len(frozen)


def test_deviation_report_compares_with_frozen_not_current_budget(ward_world, make_user, make_line):
    w = ward_world
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    moment = _berap(w, controller, make_line)
    # After the berap closed the budget is amended and the prognosis rises.
    w["line"].amount = Decimal("200000.00")
    make_line(w["gm"], "135000.00", kind="prognose")
    db.session.commit()
    report = services.deviation_report(controller, moment)
    by_key = {d.key: d for d in report.lines}
    line = by_key["lasten|KPL1/4300/6.1"]
    assert line.frozen == Decimal("100000.00")  # as adopted when the moment closed, not 200,000
    assert line.expected == Decimal("135000.00") and line.difference == Decimal("35000.00")
    assert "lasten|KPL2/4300/2.1" not in by_key  # 1,000 below: under both thresholds
    action = report.actions[0]
    # The action's prognosis follows its line: 50,000 × 135,000 / 200,000.
    assert action.frozen == Decimal("50000.00") and action.expected == Decimal("33750.00")
    strict = services.deviation_report(controller, moment, Decimal("500"), None)
    assert "lasten|KPL2/4300/2.1" in {d.key for d in strict.lines}


def test_team_explains_its_action_and_export_reads_back(client, ward_world, make_user, make_line, tmp_path, app):
    w = ward_world
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    moment = _berap(w, controller, make_line)
    make_line(w["gm"], "135000.00", kind="prognose")
    db.session.commit()
    team = make_user("t@helmond.nl", "team_member", w["a"])
    login(client, team)
    html = client.get(f"/begroting/pc/{moment.id}").get_data(as_text=True)
    assert "Buurtkamer Binnenstad" in html and "Verkeer" not in html  # lines are for controllers
    response = client.post(
        f"/begroting/pc/{moment.id}/toelichting",
        data={
            "subject": "action",
            "key": str(w["action_a"].id),
            "text": '=HYPERLINK("http://x") Subsidie later toegekend',
        },
    )
    assert response.status_code == 302
    assert (
        client.post(
            f"/begroting/pc/{moment.id}/toelichting",
            data={"subject": "line", "key": "lasten|KPL1/4300/6.1", "text": "x"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/begroting/pc/{moment.id}/toelichting",
            data={"subject": "action", "key": str(w["action_b"].id), "text": "x"},
        ).status_code
        == 404
    )
    assert db.session.scalar(select(func.count(DeviationNote.id))) == 1

    out = tmp_path / "berap.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "pc-input", "--year", "2026", "--area", "GM0794", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    line = next(r for r in rows if r[0] == "Begrotingsregel")
    assert line[4] == 100000 and line[5] == 135000
    assert sheet.cell(row=2, column=5).number_format == "€ #,##0.00"
    total = next(r for r in rows if r[2] == "Totaal begrotingsregels")
    assert str(total[4]).startswith("=SUM(E2:E")
    action = next(r for r in rows if r[0] == "Actie")
    assert action[10].startswith("=HYPERLINK") and sheet.cell(row=rows.index(action) + 2, column=11).data_type == "s"


def test_report_of_another_municipality_is_404_and_open_moment_has_no_figures(client, ward_world, make_user, make_area):
    from planner.cycle.services import add_moment

    w = ward_world
    other = make_area("GM0796", "'s-Hertogenbosch")
    foreign = add_moment(other, kind="berap1", year=2026)
    mine = add_moment(w["gm"], kind="berap2", year=2026)
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    assert client.get(f"/begroting/pc/{foreign.id}").status_code == 404
    assert client.get(f"/begroting/pc/{foreign.id}/afwijkingen.xlsx").status_code == 404
    assert "nog niet gesloten" in client.get(f"/begroting/pc/{mine.id}").get_data(as_text=True)


def test_export_without_closed_moment_says_what_to_do(app, ctx):
    result = app.test_cli_runner().invoke(args=["export", "pc-input", "--year", "2026", "-o", "/tmp/x.xlsx"])
    assert result.exit_code == 1 and "Sluit eerst" in result.output
