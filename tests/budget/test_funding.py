"""Funding sources of an action: each kind with its own rules, refused beside the field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.budget import funding
from planner.budget.models import FundingSource
from planner.core.errors import PlannerError
from planner.extensions import db

GRANT = {
    "kind": "subsidie",
    "year": 2026,
    "status": "beschikt",
    "grant_reference": "SPUK GALA 2026",
    "grant_ceiling": Decimal("50000.00"),
    "conditions": "Besteden aan leefstijlinterventies; verantwoording via SiSa.",
    "accountability_date": date(2027, 7, 15),
}


def _count() -> int:
    return db.session.scalar(select(func.count(FundingSource.id)))


def test_a_grant_is_shared_by_actions_up_to_its_amount(ward_world):
    w = ward_world
    funding.add_funding_source(w["action_a"], amount=Decimal("30000.00"), **GRANT)
    with pytest.raises(PlannerError) as refused:
        funding.add_funding_source(w["action_b"], amount=Decimal("20000.01"), **GRANT)
    assert refused.value.field == "amount"
    assert "nog €\xa020.000,00 over" in refused.value.message
    source = funding.add_funding_source(
        w["action_b"], amount=Decimal("20000.00"), **{**GRANT, "grant_reference": "spuk gala 2026"}
    )
    db.session.commit()
    assert source.accountability_date == date(2027, 7, 15) and _count() == 2


def test_an_investment_needs_a_depreciation_period_and_gives_capital_charges(ward_world):
    w = ward_world
    credit = {"kind": "investering", "year": 2026, "amount": Decimal("400000.00"), "description": "Beweegtuin"}
    with pytest.raises(PlannerError) as refused:
        funding.add_funding_source(w["action_a"], **credit)
    assert refused.value.field == "depreciation_years"
    source = funding.add_funding_source(w["action_a"], depreciation_years=20, interest_percent=Decimal("2.5"), **credit)
    assert source.capital_charges == Decimal("30000.00")  # 400.000 / 20 + 2,5 % rente


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"kind": "reserve"}, "description"),
        ({"kind": "exploitatie"}, "budget_line_id"),
        ({"kind": "partner", "organisation_id": 999}, "organisation_id"),
        ({"kind": "subsidie", "grant_reference": "SPUK", "grant_ceiling": Decimal("10")}, "conditions"),
        ({"kind": "reserve", "description": "Reserve binnenstad", "year": 2040}, "year"),
        ({"kind": "geschenk"}, "kind"),
        ({"kind": "reserve", "description": "Reserve", "status": "misschien"}, "status"),
    ],
)
def test_each_kind_is_refused_beside_its_field_and_nothing_stored(ward_world, fields, field):
    w = ward_world
    with pytest.raises(PlannerError) as refused:
        funding.add_funding_source(w["action_a"], **{"year": 2026, "amount": Decimal("1000.00"), **fields})
    assert refused.value.field == field
    db.session.rollback()
    assert _count() == 0


def test_the_action_page_adds_an_exploitation_budget(ward_world, client, make_user):
    from tests.helpers import csrf_token, login

    w = ward_world
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    page = f"/acties/{w['action_a'].id}"
    token = csrf_token(client, page)
    fields = {"csrf_token": token, "kind": "exploitatie", "year": "2026", "amount": "15.000", "status": "toegezegd"}
    data = {f"financiering-{name}": value for name, value in fields.items()}
    refused = client.post(f"/acties/{w['action_a'].id}/financiering", data=data)
    assert refused.status_code == 200 and "Kies de begrotingsregel" in refused.get_data(as_text=True)
    assert _count() == 0
    done = client.post(
        f"/acties/{w['action_a'].id}/financiering", data={**data, "financiering-budget_line_id": str(w["line"].id)}
    )
    assert done.status_code == 302
    assert "Exploitatiebudget (begrotingsregel)" in client.get(page).get_data(as_text=True)


def test_a_controller_removes_a_promise_after_confirming_but_keeps_what_is_received_or_beschikt(
    ward_world, client, make_user
):
    from tests.helpers import login

    w = ward_world
    action = w["action_a"]
    promise = funding.add_funding_source(
        action, kind="reserve", year=2026, amount=Decimal("9000.00"), description="Fonds"
    )
    received = funding.add_funding_source(
        action, kind="reserve", year=2026, amount=Decimal("1000.00"), description="Fonds", status="ontvangen"
    )
    grant = funding.add_funding_source(action, amount=Decimal("20000.00"), **GRANT)
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    asked = client.post(f"/financiering/{promise.id}/verwijderen")
    assert asked.status_code == 200 and "Ja, financiering verwijderen" in asked.get_data(as_text=True)
    assert _count() == 3
    for kept, words in ((received, "al ontvangen"), (grant, "SPUK GALA 2026 is beschikt en moet uiterlijk")):
        response = client.post(f"/financiering/{kept.id}/verwijderen", data={"bevestigd": "ja"}, follow_redirects=True)
        assert words in response.get_data(as_text=True)
        assert _count() == 3
    assert client.post(f"/financiering/{promise.id}/verwijderen", data={"bevestigd": "ja"}).status_code == 302
    assert _count() == 2 and db.session.get(FundingSource, promise.id) is None
