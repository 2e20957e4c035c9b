"""Realisation per action: bookings imported by projectnummer or kostenplaats + kostensoort, or
entered per month, against what the action was allocated."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.budget import demo, spending
from planner.budget.models import ActionFinanceCode, ActionSpending
from planner.config import ROOT
from planner.core.errors import PlannerError
from planner.excel.runner import run_import
from planner.extensions import db
from tests.helpers import csrf_token, login

BOOKINGS = ROOT / "tests" / "data" / "realisatie-acties-2026.csv"


def _count(model=ActionSpending) -> int:
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def coded(ward_world, make_user):
    w = ward_world
    spending.add_finance_code(w["action_a"], project_code="p26-0412")
    spending.add_finance_code(w["action_b"], cost_centre="61040", cost_type="4342")
    db.session.commit()
    w["controller"] = make_user("c@helmond.nl", "controller", w["gm"])
    return w


def test_bookings_are_summed_per_action_and_month_against_the_allocation(coded):
    from planner.budget import services

    w = coded
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("20000.00"))
    db.session.commit()
    report = run_import(BOOKINGS, BOOKINGS.name, "realisatie-acties", user=w["controller"], options={"area": "GM0794"})
    assert report.state == "committed", report.errors
    assert report.created == 3
    years, bookings = spending.action_spending(w["action_a"])
    assert [(b.period, b.reference, b.amount, b.source) for b in bookings] == [
        (3, "P26-0412", Decimal("6125.40"), "import"),
        (4, "P26-0412", Decimal("4250.00"), "import"),
    ]
    assert [(y.year, y.allocated, y.spent, y.left) for y in years] == [
        (2026, Decimal("20000.00"), Decimal("10375.40"), Decimal("9624.60"))
    ]
    assert spending.spent_by_action_and_year([w["action_b"].id]) == {w["action_b"].id: {2026: Decimal("2310.15")}}
    again = run_import(BOOKINGS, BOOKINGS.name, "realisatie-acties", user=w["controller"], options={"area": "GM0794"})
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_booking_on_an_unknown_code_or_an_action_out_of_sight_refuses_the_whole_file(coded, make_user):
    from planner.budget.importers import apply_action_spendings
    from planner.excel.engine import parse
    from planner.excel.profiles import load_profile
    from planner.excel.targets import ImportContext

    w = coded
    team_a = make_user("a@helmond.nl", "team_member", w["a"])  # sees Binnenstad's action, not Oost's
    profile = load_profile("realisatie-acties")
    parsed = parse(BOOKINGS, profile, filename=BOOKINGS.name)
    result = apply_action_spendings(ImportContext(profile, parsed, user=team_a, options={"area": "GM0794"}))
    [error] = result.errors
    assert error.row == 5 and error.column == "Kostenplaats"
    assert "hoort bij geen actie die u mag zien" in error.message
    assert _count() == 0
    unknown = b"Jaar;Periode;Projectnummer;Bedrag\n2026;3;P26-0412;10,00\n2026;13;P99-0001;5,00\n"
    report = run_import(unknown, "x.csv", "realisatie-acties", user=w["controller"], options={"area": "GM0794"})
    assert [(e.row, e.column) for e in report.errors] == [(3, "Periode")]
    assert _count() == 0


def test_entered_per_month_replaces_that_month_and_zero_removes_it(coded):
    w = coded
    action = w["action_a"]
    spending.record_spending(action, year=2026, period=5, amount=Decimal("1000.00"))
    spending.record_spending(action, year=2026, period=5, amount=Decimal("1200.50"), description="Schoonmaak")
    assert [(b.period, b.amount, b.source) for b in spending.action_spending(action)[1]] == [
        (5, Decimal("1200.50"), "handmatig")
    ]
    spending.record_spending(action, year=2026, period=5, amount=Decimal("0"))
    assert _count() == 0
    for kwargs, field in (
        ({"year": 2026, "period": 13, "amount": Decimal("1")}, "period"),
        ({"year": 2026, "period": 1, "amount": Decimal("1.005")}, "amount"),
        ({"year": 2026, "period": 1, "amount": None}, "amount"),
    ):
        with pytest.raises(PlannerError) as refused:
            spending.record_spending(action, **kwargs)
        assert refused.value.field == field


def test_a_code_books_on_exactly_one_action(coded):
    w = coded
    with pytest.raises(PlannerError) as refused:
        spending.add_finance_code(w["action_b"], project_code="P26-0412")
    assert refused.value.field == "project_code" and "een andere actie" in refused.value.message
    with pytest.raises(PlannerError) as refused:
        spending.add_finance_code(w["action_b"], cost_centre="61040")
    assert refused.value.field == "cost_type"
    db.session.rollback()
    assert _count(ActionFinanceCode) == 2


def test_the_action_page_records_realisation_and_refuses_beside_the_field(coded, client, make_user):
    w = coded
    action = w["action_a"]
    login(client, w["controller"])
    page = f"/acties/{action.id}"
    token = csrf_token(client, page)
    url = f"/acties/{action.id}/realisatie"
    bad = client.post(
        url,
        data={
            "besteding-csrf_token": token,
            "besteding-year": "2026",
            "besteding-period": "2",
            "besteding-amount": "12,345",
        },
    )
    assert bad.status_code == 200 and "hele centen" in bad.get_data(as_text=True)
    assert _count() == 0
    good = client.post(
        url,
        data={
            "besteding-csrf_token": token,
            "besteding-year": "2026",
            "besteding-period": "2",
            "besteding-amount": "12.500",
        },
    )
    assert good.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Uitgegeven" in html and "€\xa012.500,00" in html
    outsider = make_user("b@helmond.nl", "team_member", w["b"])
    client.post("/uitloggen")
    login(client, outsider)
    token = csrf_token(client, f"/acties/{w['action_b'].id}")
    refused = client.post(
        url,
        data={
            "besteding-csrf_token": token,
            "besteding-year": "2026",
            "besteding-period": "3",
            "besteding-amount": "1",
        },
    )
    assert refused.status_code == 404 and _count() == 1


def test_shipped_spending_sample_is_what_the_generator_writes():
    sample = ROOT / "imports" / "samples" / demo.SPENDING_SAMPLE
    assert sample.read_bytes().decode("utf-8") == demo.spending_export()


def test_the_programme_page_puts_booked_spending_beside_the_allocation(coded, client):
    from planner.budget import services

    w = coded
    services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("20000.00"))
    spending.record_spending(w["action_a"], year=2026, period=4, amount=Decimal("7654.32"))
    db.session.commit()
    login(client, w["controller"])
    html = client.get(f"/programmas/{w['p_a'].id}").get_data(as_text=True)
    assert "Uitgegeven (geboekt)" in html and "€\xa07.654,32" in html and "€\xa020.000,00" in html


def test_unlinking_a_code_keeps_imported_bookings_and_the_next_import_reports_the_code(coded, client):
    w = coded
    options = {"area": "GM0794"}
    first = run_import(BOOKINGS, BOOKINGS.name, "realisatie-acties", user=w["controller"], options=options)
    assert first.state == "committed", first.errors
    booked = _count()
    code = db.session.scalar(select(ActionFinanceCode).where(ActionFinanceCode.project_code == "P26-0412"))
    login(client, w["controller"])
    asked = client.post(f"/financiele-codes/{code.id}/verwijderen").get_data(as_text=True)
    assert "Ja, code ontkoppelen" in asked and "al onder deze code" in asked
    assert _count(ActionFinanceCode) == 2
    assert client.post(f"/financiele-codes/{code.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 302
    assert _count(ActionFinanceCode) == 1 and _count() == booked
    again = run_import(BOOKINGS, BOOKINGS.name, "realisatie-acties", user=w["controller"], options=options)
    assert again.state != "committed" and any("P26-0412" in e.message for e in again.errors), again.errors
