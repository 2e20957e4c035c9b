"""Money stays exact at every size a municipality has, and anything beyond is refused in Dutch."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.budget import services
from planner.budget.models import Allocation, BudgetLine
from planner.core.errors import PlannerError
from planner.extensions import db
from tests.helpers import login


@pytest.mark.parametrize(
    "typed, message",
    [
        ("99.999.999.999.999.999.999", "Vul een bedrag tussen € -10.000.000.000 en € 10.000.000.000 in."),
        ("10000000000,01", "Vul een bedrag tussen € -10.000.000.000 en € 10.000.000.000 in."),
        ("1e309", "Vul een bedrag in, bijvoorbeeld 12.500,00."),
        ("NaN", "Vul een bedrag in, bijvoorbeeld 12.500,00."),
        ("Infinity", "Vul een bedrag in, bijvoorbeeld 12.500,00."),
        ("\u0661\u0662\u0663", "Vul een bedrag in, bijvoorbeeld 12.500,00."),
    ],
)
def test_allocation_beyond_ten_billion_or_not_a_number_is_refused_beside_the_field(
    client, ward_world, make_user, typed, message
):
    w = ward_world
    login(client, make_user("t@helmond.nl", "team_member", w["a"]))
    response = client.post(
        f"/acties/{w['action_a'].id}/toekenningen",
        data={"year": 2026, "budget_line_id": w["line"].id, "amount": typed},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="amount-fout"' in html and message in html
    assert db.session.scalar(select(func.count(Allocation.id))) == 0


def test_the_service_refuses_an_amount_beyond_ten_billion(ward_world):
    w = ward_world
    with pytest.raises(PlannerError, match="10.000.000.000") as refused:
        services.allocate(w["action_a"], w["line"], year=2026, amount=Decimal("1e21"), override=True, reason="x")
    assert refused.value.field == "amount"


def test_the_largest_amounts_round_trip_and_add_up_to_the_cent(ward_world, make_line):
    gm = ward_world["gm"]
    largest = Decimal("9999999999.99")
    for key, amount in (("A", largest), ("B", -largest), ("C", Decimal("0.01")), ("D", Decimal("1234567890.12"))):
        make_line(gm, str(amount), key=key)
    db.session.commit()
    db.session.expire_all()
    amounts = dict(db.session.execute(select(BudgetLine.line_key, BudgetLine.amount)).all())
    assert amounts["A"] == largest and amounts["B"] == -largest and amounts["C"] == Decimal("0.01")
    total = db.session.scalar(select(func.sum(BudgetLine.amount)).where(BudgetLine.line_key.in_(["A", "C", "D"])))
    assert Decimal(total).quantize(Decimal("0.01")) == Decimal("11234567890.12")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--year", "\u0662\u0660\u0662\u0666"], "is geen geheel getal van 1900 tot en met 2100"),
        (["--year", "99999999999999999999999"], "is geen geheel getal van 1900 tot en met 2100"),
        (["--year", "2026", "--threshold", "NaN"], "De drempel is geen getal tussen -10 miljard en 10 miljard"),
        (["--year", "2026", "--threshold", "1e309"], "De drempel is geen getal tussen -10 miljard en 10 miljard"),
        (["--year", "2026", "--percent", "Infinity"], "De drempel is geen getal tussen -10 miljard en 10 miljard"),
    ],
)
def test_the_command_line_refuses_numbers_beyond_the_limits_in_dutch(app, ctx, tmp_path, args, message):
    result = app.test_cli_runner().invoke(args=["export", "pc-input", *args, "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and message in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
