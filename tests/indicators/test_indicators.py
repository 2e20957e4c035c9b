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


@pytest.fixture
def two_municipalities(helmond, make_area, make_user):
    """Helmond and Eindhoven, each with its own administrator, and one of both (the installation's)."""
    gm, binnenstad, _ = helmond
    eindhoven = make_area("GM0772", "Eindhoven")
    woensel = make_area("WK077210", "Woensel", eindhoven)
    db.session.commit()
    installation = make_user("beheer@regio.nl", "admin", gm)
    from planner.core.users import grant_role

    grant_role(installation, "admin", eindhoven)
    db.session.commit()
    return {
        "helmond": gm,
        "binnenstad": binnenstad,
        "eindhoven": eindhoven,
        "woensel": woensel,
        "helmond_admin": make_user("beheer@helmond.nl", "admin", gm),
        "eindhoven_admin": make_user("beheer@eindhoven.nl", "admin", eindhoven),
        "installation_admin": installation,
    }


def _measure(indicator, area, value="10"):
    db.session.add(Measurement(indicator=indicator, area=area, period="2024", kind="realisatie", value=Decimal(value)))
    db.session.commit()


def test_a_municipalitys_own_indicator_is_invisible_to_another_municipality(client, two_municipalities):
    w = two_municipalities
    login(client, w["helmond_admin"])
    form = client.get("/indicatoren/nieuw").get_data(as_text=True)
    assert "Helmond" in form and "Landelijk" not in form  # only the installation makes national ones
    response = client.post(
        "/indicatoren/nieuw",
        data={"code": "Wijkmonitor_1", "name": "Tevredenheid", "direction": "ja", "owner_id": w["helmond"].id},
    )
    assert response.status_code == 302
    own = db.session.scalar(select(Indicator).where(Indicator.code == "Wijkmonitor_1"))
    assert own.area_id == w["helmond"].id
    refused = client.post(
        "/indicatoren/nieuw",
        data={"code": "Wijkmonitor_2", "name": "Stiekem", "direction": "ja", "owner_id": w["eindhoven"].id},
    )
    assert "Kies voor welke gemeente de indicator is." in refused.get_data(as_text=True)
    assert _count(Indicator) == 1

    client.post("/uitloggen")
    login(client, w["eindhoven_admin"])
    assert "Tevredenheid" not in client.get("/indicatoren").get_data(as_text=True)
    for url in (f"/indicatoren/{own.id}", f"/indicatoren/{own.id}/bewerken"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/indicatoren/{own.id}/bewerken", data={"code": "X", "name": "Weg"}).status_code == 404
    assert client.post(f"/indicatoren/{own.id}/verwijderen").status_code == 404
    db.session.expire_all()
    assert db.session.get(Indicator, own.id).name == "Tevredenheid"


def test_a_national_indicator_is_managed_only_at_installation_level(client, two_municipalities, pct):
    w = two_municipalities
    login(client, w["helmond_admin"])
    assert "Koopwoningen" in client.get("/indicatoren").get_data(as_text=True)
    assert client.get(f"/indicatoren/{pct.id}/bewerken").status_code == 403
    assert client.post(f"/indicatoren/{pct.id}/verwijderen").status_code == 403
    client.post("/uitloggen")
    login(client, w["installation_admin"])
    response = client.post(
        f"/indicatoren/{pct.id}/bewerken",
        data={"code": pct.code, "name": "Koopwoningen (%)", "unit": "%", "direction": "ja"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, pct.id).name == "Koopwoningen (%)"


def test_an_indicator_with_measurements_of_other_municipalities_cannot_be_deleted(client, two_municipalities, pct):
    w = two_municipalities
    _measure(pct, w["woensel"])
    login(client, w["installation_admin"])
    page = client.post(f"/indicatoren/{pct.id}/verwijderen", follow_redirects=True).get_data(as_text=True)
    assert "Deze landelijke indicator kan niet weg: er zijn nog metingen mee vastgelegd." in page
    assert _count(Indicator) == 1 and _count(Measurement) == 1

    own = Indicator(code="Wijkmonitor_1", name="Tevredenheid", area=w["helmond"])
    db.session.add(own)
    db.session.commit()
    _measure(own, w["binnenstad"])
    _measure(own, w["woensel"])  # recorded before the rule, or by someone with roles in both
    client.post("/uitloggen")
    login(client, w["helmond_admin"])
    page = client.post(f"/indicatoren/{own.id}/verwijderen", follow_redirects=True).get_data(as_text=True)
    assert "er zijn nog metingen van andere gemeenten mee vastgelegd" in page
    assert _count(Measurement) == 3
    db.session.execute(Measurement.__table__.delete().where(Measurement.area_id == w["woensel"].id))
    db.session.commit()
    asked = client.post(f"/indicatoren/{own.id}/verwijderen")
    html = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200 and "Indicator 'Tevredenheid' verwijderen?" in html and "Metingen: 1" in html
    assert _count(Indicator) == 2 and _count(Measurement) == 1  # nothing gone yet
    page = client.post(f"/indicatoren/{own.id}/verwijderen", data={"bevestigd": "ja"}, follow_redirects=True)
    assert "De indicator en haar metingen zijn verwijderd." in page.get_data(as_text=True)
    assert db.session.get(Indicator, own.id) is None
    assert _count(Measurement) == 0  # its own municipality's measurements went with it


def test_a_municipalitys_indicator_is_measured_only_within_it(client, two_municipalities, make_user):
    w = two_municipalities
    own = Indicator(code="Wijkmonitor_1", name="Tevredenheid", area=w["helmond"])
    db.session.add(own)
    db.session.commit()
    both = make_user("team@regio.nl", "team_member", w["binnenstad"])
    from planner.core.users import grant_role

    grant_role(both, "team_member", w["woensel"])
    db.session.commit()
    login(client, both)
    html = unescape(
        client.post(
            f"/indicatoren/{own.id}",
            data={"area_code": "WK077210", "period": "2024", "kind": "realisatie", "value": "4"},
        ).get_data(as_text=True)
    )
    assert "is een indicator van Helmond" in html
    assert _count(Measurement) == 0


def test_shared_organisations_and_themes_are_changed_only_at_installation_level(client, two_municipalities):
    from planner.opgaven.models import Theme

    w = two_municipalities
    theme = db.session.scalar(select(Theme).order_by(Theme.id))
    login(client, w["helmond_admin"])
    assert client.get("/beheer/themas/nieuw").status_code == 200
    assert client.post(f"/beheer/themas/{theme.id}", data={"name": "Hernoemd"}).status_code == 403
    client.post("/uitloggen")
    login(client, w["installation_admin"])
    assert client.post(f"/beheer/themas/{theme.id}", data={"name": "Hernoemd"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Theme, theme.id).name == "Hernoemd"
