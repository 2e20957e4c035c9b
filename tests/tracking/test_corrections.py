"""Course corrections (bijsturingen): a milestone moved with a reason is not a delay, and the ward
comparison, its workbook and the ward page count corrected actions beside the late ones."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from planner.actions.models import Correction
from planner.actions.services import move_milestone, record_correction
from planner.extensions import db
from planner.tracking.delay import is_late
from tests.helpers import login

TODAY = date(2026, 7, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    from planner.tracking import views

    monkeypatch.setattr(views, "today", lambda: TODAY)


@pytest.fixture
def wards(helmond, make_programme, make_action, make_milestone):
    gm, binnenstad, oost = helmond
    p_b = make_programme(binnenstad, title="WOP Binnenstad")
    p_o = make_programme(oost, title="WOP Helmond-Oost")
    groen = make_action(p_b, "Groen plein", status="loopt", progress=30)
    ontwerp = make_milestone(groen, "Ontwerp klaar", date(2026, 5, 1))  # overdue on 1 July
    make_action(p_b, "Buurtkamer", status="loopt", progress=50)
    huiskamer = make_action(p_o, "Huiskamer", status="loopt", progress=10)
    return gm, groen, ontwerp, huiskamer


def test_a_milestone_moved_with_a_reason_is_a_correction_and_no_longer_late(wards, manager):
    gm, groen, ontwerp, _ = wards
    assert is_late(groen, TODAY)
    correction = move_milestone(
        ontwerp, date(2026, 9, 1), reason="Bewoners vroegen om een extra ontwerpsessie.", user=manager, today=TODAY
    )
    db.session.commit()
    assert not is_late(groen, TODAY)
    assert correction.aspect_codes == ["planning"] and correction.milestone_id == ontwerp.id
    assert "verplaatst van 01-05-2026 naar 01-09-2026" in correction.changes
    from planner.tracking.comparison import compare

    row = next(r for r in compare(manager, gm, year=2026, today=TODAY).rows if r.code == "WK079410")
    assert (row.late, row.corrected) == (0, 1)


def test_a_milestone_moved_without_a_reason_records_no_correction(wards, manager):
    _, groen, ontwerp, _ = wards
    assert move_milestone(ontwerp, date(2026, 9, 1), reason="  ", user=manager, today=TODAY) is None
    db.session.commit()
    assert db.session.query(Correction).count() == 0 and ontwerp.due_date == date(2026, 9, 1)


def test_comparison_page_workbook_and_ward_page_show_corrected_actions(client, wards, manager):
    gm, groen, _, huiskamer = wards
    record_correction(
        groen, corrected_on=date(2026, 3, 1), reason="Inbreng bewoners", aspects=("scope",), user=manager, today=TODAY
    )
    record_correction(
        groen, corrected_on=date(2026, 6, 1), reason="Tweede keer", aspects=("geld",), user=manager, today=TODAY
    )
    # A correction in another year does not count for 2026.
    record_correction(huiskamer, corrected_on=date(2025, 11, 1), reason="Vorig jaar", aspects=("trekker",), today=TODAY)
    db.session.commit()
    login(client, manager)
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "Bijgestuurd" in html and "sorteer=bijgestuurd" in html
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get("/vergelijking.xlsx?gebied=GM0794&jaar=2026").data), read_only=True
    )
    sheet = workbook["Wijken"]
    header = [c.value for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    rows = {r[0]: dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert header.index("Bijgestuurd") == header.index("Niet op schema") + 1
    assert rows["WK079410"]["Bijgestuurd"] == 1  # one action, corrected twice
    assert rows["WK079411"]["Bijgestuurd"] == 0
    page = client.get("/wijken/WK079410/overzicht?jaar=2026").get_data(as_text=True)
    assert "Bijgestuurd 2026" in page and "1 actie" in page
    # The programme timeline marks each correction beside the council's dates.
    timeline = client.get(f"/programmas/{groen.programme_id}/tijdlijn").get_data(as_text=True)
    assert "Bijsturing actie 1: Inbreng bewoners" in timeline and "Bijsturing actie 1: Tweede keer" in timeline


def test_the_demo_shows_one_correction_after_residents_input(client, demo):
    from sqlalchemy import select

    from planner.tracking.demo import CORRECTION

    (key, title), *_ = CORRECTION
    corrections = db.session.scalars(select(Correction)).all()
    assert len(corrections) == 1
    correction = corrections[0]
    assert correction.action.title == title and correction.action.programme_id == demo.programmes[key].id
    assert "Omwonenden" in correction.reason and correction.corrected_on <= date.today()
