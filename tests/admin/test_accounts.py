"""Account self-service and the admin's account pages: own password, name and e-mail, the least
powerful role by default, and the audit trail with filters, paged and scoped to the admin's areas."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from planner.core.models import AuditEvent, User
from planner.core.security import verify_password
from planner.extensions import db
from planner.programmes.services import update_programme
from tests.helpers import PASSWORD, login, login_as


@pytest.fixture
def people(helmond, make_area, make_user):
    gm, binnenstad, oost = helmond
    almere = make_area("GM0034", "Almere")
    db.session.commit()
    return {
        "gm": gm,
        "almere": almere,
        "binnenstad": binnenstad,
        "oost": oost,
        "admin": make_user("beheer@helmond.nl", "admin", gm),
        "almere_admin": make_user("beheer@almere.nl", "admin", almere),
        "team": make_user("team@helmond.nl", "team_member", binnenstad, name="Tessa Team"),
        "oost_team": make_user("oost@helmond.nl", "team_member", oost, name="Olaf Oost"),
        "almere_team": make_user("team@almere.nl", "team_member", almere),
    }


def test_user_changes_own_password_with_current_and_twice_new(client, people):
    login(client, people["team"])
    assert "/account/wachtwoord" in client.get("/").get_data(as_text=True)  # in the user menu
    url = "/account/wachtwoord"
    cases = [
        (
            {"current": "fout-wachtwoord", "new": "een-nieuw-lang-wachtwoord", "repeat": "een-nieuw-lang-wachtwoord"},
            "huidige wachtwoord klopt niet",
        ),
        ({"current": PASSWORD, "new": "kort", "repeat": "kort"}, "minstens 12 tekens"),
        (
            {"current": PASSWORD, "new": "een-nieuw-lang-wachtwoord", "repeat": "een-ander-lang-wachtwoord"},
            "niet gelijk",
        ),
    ]
    for data, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    db.session.expire_all()
    assert verify_password(db.session.get(User, people["team"].id).password_hash, PASSWORD)
    ok = client.post(
        url, data={"current": PASSWORD, "new": "een-nieuw-lang-wachtwoord", "repeat": "een-nieuw-lang-wachtwoord"}
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert verify_password(db.session.get(User, people["team"].id).password_hash, "een-nieuw-lang-wachtwoord")
    assert client.get(url).status_code == 200
    client.post("/uitloggen")
    assert client.get(url).status_code == 302  # only signed in


def test_admin_edits_name_and_email_unique_with_dutch_errors(client, people):
    login(client, people["admin"])
    url = f"/beheer/gebruikers/{people['team'].id}/gegevens"
    taken = client.post(url, data={"name": "Tessa", "email": "OOST@helmond.nl"})
    assert taken.status_code == 422 and "Er bestaat al een gebruiker met e-mailadres" in taken.get_data(as_text=True)
    empty = client.post(url, data={"name": "", "email": "x@helmond.nl"})
    assert empty.status_code == 422 and "Vul de naam in" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, people["team"].id).email == "team@helmond.nl"
    assert client.post(url, data={"name": "Tessa de Vries", "email": "T.deVries@helmond.nl"}).status_code == 302
    db.session.expire_all()
    user = db.session.get(User, people["team"].id)
    assert (user.name, user.email) == ("Tessa de Vries", "t.devries@helmond.nl")
    # Another municipality's admin does not even find the account.
    other = login_as(client, people["almere_admin"])
    assert other.post(url, data={"name": "X", "email": "x@almere.nl"}).status_code == 404


def test_new_user_form_offers_the_least_powerful_role_first(client, people):
    login(client, people["admin"])
    html = client.get("/beheer/gebruikers/nieuw").get_data(as_text=True)
    assert '<option selected value="reader">' in html or 'value="reader" selected' in html


def _events_for(client, **params):
    return client.get("/beheer/audittrail", query_string=params).get_data(as_text=True)


def test_audit_trail_is_scoped_filtered_and_paged(client, people, make_programme, monkeypatch):
    binnenstad = make_programme(people["binnenstad"], title="Programma Binnenstad")
    oost = make_programme(people["oost"], title="Programma Oost")
    make_programme(people["almere"], title="Almeers")
    from planner.core.audit import acting_as

    with acting_as(people["team"]):
        update_programme(binnenstad, None, summary="Door Tessa")
    with acting_as(people["oost_team"]):
        update_programme(oost, None, summary="Door Olaf")
    db.session.commit()
    # Backdate Olaf's change to last month, to filter on dates.
    last_month = date.today() - timedelta(days=31)
    db.session.execute(update(AuditEvent).where(AuditEvent.user_id == people["oost_team"].id).values(at=last_month))
    db.session.commit()

    admin = login_as(client, people["admin"])
    assert "/beheer/audittrail" in admin.get("/").get_data(as_text=True)  # in the admin navigation
    page = _events_for(admin)
    assert "Programma Binnenstad" in page and "Programma Oost" in page and "Almeers" not in page
    page = _events_for(admin, wie=people["team"].id)
    assert "Door Tessa" in page and "Door Olaf" not in page
    page = _events_for(admin, van=date.today().isoformat())
    assert "Door Tessa" in page and "Door Olaf" not in page
    page = _events_for(admin, tot=(last_month + timedelta(days=1)).isoformat())
    assert "Door Olaf" in page and "Door Tessa" not in page
    page = _events_for(admin, gebied=people["oost"].id)
    assert "Programma Oost" in page and "Programma Binnenstad" not in page
    page = _events_for(admin, wat="User")
    assert "Gebruiker " in page and "Programma Binnenstad" not in page
    assert "Almeers" in _events_for(login_as(client, people["almere_admin"]))
    assert "Programma Binnenstad" not in _events_for(login_as(client, people["almere_admin"]))
    assert login_as(client, people["team"]).get("/beheer/audittrail").status_code == 403
    # Paged: with two events per page, the first page links to the next and shows the count.
    from planner.admin import audit

    monkeypatch.setattr(audit, "PER_PAGE", 2)
    admin = login_as(client, people["admin"])  # signing in is itself on the trail: count after it
    total = len(db.session.scalars(audit._scoped(people["admin"])).all())
    first = _events_for(admin, wie="")
    assert f"{total} wijzigingen gevonden" in first and "pagina=2" in first
    last = _events_for(admin, pagina=(total + 1) // 2)
    assert "Oudere wijzigingen" not in last and "Nieuwere wijzigingen" in last
