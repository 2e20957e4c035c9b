"""Subsidy pages: a refused form shows the Dutch message beside its field and stores nothing; the public
initiative form sets no cookie, wants consent for a name and is closed where no wijkbudget exists."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import func, select

from planner.extensions import db
from planner.subsidies import services
from planner.subsidies.models import SubsidyApplication
from tests.helpers import login, login_as


def _count() -> int:
    return db.session.scalar(select(func.count(SubsidyApplication.id)))


def _schemes(w):
    a = services.create_scheme(w["gm"], name="Wijkbudget A", area=w["a"], ceiling=Decimal("1000.00"), wijkbudget=True)
    b = services.create_scheme(w["gm"], name="Regeling B", area=w["b"], ceiling=Decimal("1000.00"))
    db.session.commit()
    return a, b


def test_an_application_for_an_area_outside_the_regeling_is_refused_beside_the_field(client, ward_world, make_user):
    w = ward_world
    scheme_a, _ = _schemes(w)
    manager = make_user("m@helmond.nl", "area_manager", w["gm"])
    login(client, manager)
    response = client.post(
        "/subsidies/aanvragen/nieuw",
        data={
            "scheme_id": scheme_a.id,
            "area_id": w["b"].id,
            "title": "Elders",
            "amount": "100,00",
            "organisation_id": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="area_id-fout"' in html and "buiten de regeling" in html
    assert _count() == 0


def test_a_beschikking_without_a_budget_line_is_refused_and_nothing_stored(client, ward_world, make_user):
    w = ward_world
    scheme_a, _ = _schemes(w)
    application = services.apply(scheme_a, area=w["a"], title="Buurtfeest", amount=Decimal("500.00"), initiative=True)
    db.session.commit()
    controller = make_user("c@helmond.nl", "controller", w["gm"])
    login(client, controller)
    response = client.post(
        f"/subsidies/aanvragen/{application.id}/beschikking",
        data={
            "outcome": "verlenen",
            "budget_line_id": "",
            "granted_amount": "500,00",
            "conditions": "x",
            "account_by": "2099-12-31",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="budget_line_id-fout"' in html
    db.session.expire_all()
    assert db.session.get(SubsidyApplication, application.id).status == "ingediend"


def test_a_team_member_may_advise_but_not_decide(client, ward_world, make_user):
    w = ward_world
    scheme_a, _ = _schemes(w)
    application = services.apply(scheme_a, area=w["a"], title="Buurtfeest", amount=Decimal("500.00"), initiative=True)
    db.session.commit()
    team_a = make_user("a@helmond.nl", "team_member", w["a"])
    team_b = make_user("b@helmond.nl", "team_member", w["b"])
    client_a = login_as(client, team_a)
    assert (
        client_a.post(f"/subsidies/aanvragen/{application.id}/advies", data={"advice": "Positief"}).status_code == 302
    )
    assert client_a.post(f"/subsidies/aanvragen/{application.id}/beschikking", data={}).status_code == 403
    client_b = login_as(client, team_b)
    assert client_b.get(f"/subsidies/aanvragen/{application.id}").status_code == 404
    assert "Buurtfeest" not in client_b.get("/subsidies").get_data(as_text=True)


def _post_initiative(client, code, **extra):
    url = f"/inspraak/wijk/{code}/initiatief"
    html = client.get(url).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    data = {
        "title": "Moestuin",
        "description": "Met de buren",
        "amount": "750,00",
        "name": "",
        "email": "",
        "website": "",
        "token": token,
    }
    return client.post(url, data=data | extra)


def test_a_resident_sends_an_initiative_without_cookie_and_with_consent(csrf_client, ward_world):
    w = ward_world
    _schemes(w)
    assert csrf_client.get("/inspraak/wijk/WK079411/initiatief").status_code == 404  # no wijkbudget in B
    refused = _post_initiative(csrf_client, "WK079410", name="Els")
    assert refused.status_code == 422 and 'id="consent-fout"' in refused.get_data(as_text=True)
    assert _count() == 0
    response = _post_initiative(csrf_client, "WK079410", name="Els", email="els@example.nl", consent="y")
    assert response.status_code == 302 and response.headers["Location"].endswith("/initiatieven?verstuurd=1")
    assert "Set-Cookie" not in response.headers
    stored = db.session.scalars(select(SubsidyApplication)).one()
    assert stored.status == "te_modereren" and stored.initiative and stored.contact.name == "Els"
    # Nothing is public before the team has decided and answered.
    assert "Moestuin" not in csrf_client.get("/inspraak/wijk/WK079410/initiatieven").get_data(as_text=True)


def test_a_refusal_with_reasons_needs_no_amount_or_line(client, ward_world, make_user):
    w = ward_world
    scheme_a, _ = _schemes(w)
    application = services.apply(scheme_a, area=w["a"], title="Buurtfeest", amount=Decimal("500.00"), initiative=True)
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    url = f"/subsidies/aanvragen/{application.id}/beschikking"
    empty = {"outcome": "weigeren", "budget_line_id": "", "granted_amount": "", "conditions": "", "account_by": ""}
    refused = client.post(url, data=empty | {"reasons": ""})
    assert refused.status_code == 422 and 'id="reasons-fout"' in refused.get_data(as_text=True)
    assert client.post(url, data=empty | {"reasons": "Valt buiten de criteria."}).status_code == 302
    db.session.expire_all()
    stored = db.session.get(SubsidyApplication, application.id)
    assert stored.status == "geweigerd" and stored.reasons == "Valt buiten de criteria."
