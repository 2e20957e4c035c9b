"""Indicator definitions, measurements and goal targets: bad input is refused with the place named, nothing stored."""

from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select

from planner.extensions import db
from planner.indicators.models import GoalTarget, Indicator, Measurement
from tests.helpers import login


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def pct(ctx):
    indicator = Indicator(code="Koopwoningen_47", name="Koopwoningen", unit="%", higher_is_better=True)
    db.session.add(indicator)
    db.session.commit()
    return indicator


def test_admin_creates_and_edits_an_indicator_others_get_403(client, helmond, make_user):
    gm, _, _ = helmond
    login(client, make_user("beheer@helmond.nl", "admin", gm))
    response = client.post(
        "/indicatoren/nieuw",
        data={
            "code": "Eenzaamheid",
            "name": "Ernstig eenzaam",
            "unit": "%",
            "source": "GGD-monitor",
            "direction": "nee",
        },
    )
    assert response.status_code == 302
    indicator = db.session.scalar(select(Indicator))
    assert (indicator.code, indicator.unit, indicator.higher_is_better) == ("Eenzaamheid", "%", False)
    html = client.post("/indicatoren/nieuw", data={"code": "Eenzaamheid", "name": "Dubbel", "direction": ""}).get_data(
        as_text=True
    )
    assert 'id="code-fout"' in html and "Er is al een indicator met code Eenzaamheid" in html
    assert _count(Indicator) == 1
    client.post("/uitloggen")
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    assert client.get("/indicatoren/nieuw").status_code == 403
    assert client.post(f"/indicatoren/{indicator.id}/verwijderen").status_code == 403
    assert "Ernstig eenzaam" in client.get("/indicatoren").get_data(as_text=True)


def test_measurement_recorded_for_own_ward(client, helmond, make_user, pct):
    _, binnenstad, _ = helmond
    login(client, make_user("team@binnenstad.nl", "team_member", binnenstad))
    response = client.post(
        f"/indicatoren/{pct.id}", data={"area_code": "wk079410", "period": "2024", "kind": "nulmeting", "value": "41,5"}
    )
    assert response.status_code == 302
    m = db.session.scalar(select(Measurement))
    assert (m.area_id, m.period, m.kind, m.value) == (binnenstad.id, "2024", "nulmeting", Decimal("41.5"))


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"area_code": "WK999999", "period": "2024", "kind": "realisatie", "value": "40"},
            "area_code",
            "Onbekend gebied 'WK999999'",
        ),
        (
            {"area_code": "WK079411", "period": "2024", "kind": "realisatie", "value": "40"},
            "area_code",
            "Onbekend gebied 'WK079411'",
        ),
        (
            {"area_code": "WK079410", "period": "voorjaar", "kind": "realisatie", "value": "40"},
            "period",
            "Onbekende periode 'voorjaar'",
        ),
        (
            {"area_code": "WK079410", "period": "2024", "kind": "realisatie", "value": "140"},
            "value",
            "is een percentage: de waarde 140",
        ),
        (
            {"area_code": "WK079410", "period": "2024", "kind": "realisatie", "value": "veel"},
            "value",
            "Vul een getal in",
        ),
    ],
)
def test_bad_measurement_is_refused_beside_the_field(client, helmond, make_user, pct, data, field, message):
    _, binnenstad, _ = helmond
    login(client, make_user("team@binnenstad.nl", "team_member", binnenstad))
    html = unescape(client.post(f"/indicatoren/{pct.id}", data=data).get_data(as_text=True))
    assert f'id="{field}-fout"' in html and message in html
    assert _count(Measurement) == 0


def test_target_needs_a_baseline_then_takes_its_value(client, helmond, make_user, make_programme, pct):
    gm, binnenstad, _ = helmond
    programme = make_programme(binnenstad)
    login(client, make_user("team@binnenstad.nl", "team_member", binnenstad))
    data = {
        "goal_id": programme.goals[0].id,
        "indicator_id": pct.id,
        "area_id": binnenstad.id,
        "baseline_period": "2024",
        "target_period": "2028",
        "target_value": "50",
    }
    html = client.post(f"/programmas/{programme.id}/streefwaarden", data=data).get_data(as_text=True)
    assert 'id="baseline_period-fout"' in html and "Er is geen nulmeting van &#39;Koopwoningen&#39;" in html
    assert _count(GoalTarget) == 0
    db.session.add(Measurement(indicator=pct, area=binnenstad, period="2024", kind="nulmeting", value=Decimal("38")))
    db.session.commit()
    html = client.post(f"/programmas/{programme.id}/streefwaarden", data={**data, "target_value": "120"}).get_data(
        as_text=True
    )
    assert 'id="target_value-fout"' in html and _count(GoalTarget) == 0
    assert client.post(f"/programmas/{programme.id}/streefwaarden", data=data).status_code == 302
    target = db.session.scalar(select(GoalTarget))
    assert (target.baseline_value, target.target_value) == (Decimal("38"), Decimal("50"))
    assert "Koopwoningen" in client.get(f"/programmas/{programme.id}/streefwaarden").get_data(as_text=True)


def test_targets_of_another_ward_are_404_and_reader_cannot_post(client, helmond, make_user, make_programme, pct):
    _, binnenstad, oost = helmond
    programme = make_programme(binnenstad)
    login(client, make_user("oost@helmond.nl", "team_member", oost))
    assert client.get(f"/programmas/{programme.id}/streefwaarden").status_code == 404
