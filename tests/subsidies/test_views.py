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


def test_the_controller_edits_a_regeling_and_a_too_low_ceiling_is_refused_beside_the_field(
    client, ward_world, make_user
):
    from datetime import date

    from planner.subsidies.models import SubsidyScheme

    w = ward_world
    scheme_a, _ = _schemes(w)
    application = services.apply(scheme_a, area=w["a"], title="Buurtfeest", amount=Decimal("500.00"), initiative=True)
    services.grant(application, line=w["line"], amount=Decimal("400.00"), conditions="x", account_by=date(2099, 1, 1))
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    index = client.get("/subsidies/").get_data(as_text=True)  # with a slash too
    assert f"/subsidies/regelingen/{scheme_a.id}/bewerken" in index
    page = client.get(f"/subsidies/regelingen/{scheme_a.id}/bewerken").get_data(as_text=True)
    assert 'value="Wijkbudget A"' in page
    form = {"name": "Wijkbudget A 2027", "area_id": w["a"].id, "ceiling": "399,99", "criteria": "Buren samen"}
    response = client.post(f"/subsidies/regelingen/{scheme_a.id}/bewerken", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="ceiling-fout"' in html and "al €\xa0400,00 verleend" in html
    db.session.expire_all()
    assert db.session.get(SubsidyScheme, scheme_a.id).name == "Wijkbudget A"
    form.update(ceiling="2.000,00", valid_from="01-01-2027", valid_to="31-12-2027")
    assert client.post(f"/subsidies/regelingen/{scheme_a.id}/bewerken", data=form).status_code == 302
    db.session.expire_all()
    scheme = db.session.get(SubsidyScheme, scheme_a.id)
    assert (scheme.name, scheme.ceiling, scheme.valid_to) == (
        "Wijkbudget A 2027",
        Decimal("2000.00"),
        date(2027, 12, 31),
    )
    from planner.core.models import AuditEvent

    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity_type == "SubsidyScheme", AuditEvent.event == "update")
    )
    assert event.user_label == "c@helmond.nl" and "ceiling" in event.after
    # A gebiedsmanager sees the regeling but does not change it.
    client.post("/uitloggen")
    login(client, make_user("m@helmond.nl", "area_manager", w["gm"]))
    assert client.get(f"/subsidies/regelingen/{scheme_a.id}/bewerken").status_code == 403


def test_the_controller_marks_a_payment_paid_and_an_overpayment_is_refused(client, ward_world, make_user):
    from datetime import date

    from planner.subsidies.models import SubsidyPayment

    w = ward_world
    scheme_a, _ = _schemes(w)
    application = services.apply(scheme_a, area=w["a"], title="Buurtfeest", amount=Decimal("500.00"), initiative=True)
    services.grant(application, line=w["line"], amount=Decimal("400.00"), conditions="x", account_by=date(2099, 1, 1))
    payment = services.add_payment(application, due_on=date(2026, 3, 1), amount=Decimal("400.00"))
    db.session.commit()
    login(client, make_user("c@helmond.nl", "controller", w["gm"]))
    url = f"/subsidies/aanvragen/{application.id}/betaald"
    response = client.post(url, data={"payment_id": payment.id, "paid_on": "02-03-2026", "paid_amount": "400,01"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="paid_amount-fout"' in html
    db.session.expire_all()
    assert db.session.get(SubsidyPayment, payment.id).paid_on is None
    client.post(url, data={"payment_id": payment.id, "paid_on": "02-03-2026", "paid_amount": "400,00"})
    db.session.expire_all()
    assert db.session.get(SubsidyPayment, payment.id).paid_amount == Decimal("400.00")
    services.settle(db.session.get(type(application), application.id), amount=Decimal("350.00"))
    db.session.commit()
    detail = client.get(f"/subsidies/aanvragen/{application.id}").get_data(as_text=True)
    assert "Terug te vorderen" in detail and "€\xa050,00" in detail
    assert "€\xa0400,00" in client.get("/subsidies").get_data(as_text=True)
