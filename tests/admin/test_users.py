"""User and role management by the functioneel beheerder: scoped to the admin's areas, refusals
in Dutch beside the field with nothing stored, audited, CSRF-protected."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import func, select

from planner.core.models import AuditEvent, RoleAssignment, User
from planner.extensions import db
from tests.helpers import PASSWORD, csrf_token, login


@pytest.fixture
def admins(helmond, make_area, make_user):
    gm, binnenstad, oost = helmond
    other = make_area("GM0034", "Almere")
    db.session.commit()
    admin = make_user("beheer@helmond.nl", "admin", gm)
    almere_admin = make_user("beheer@almere.nl", "admin", other)
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    almere_team = make_user("team@almere.nl", "team_member", other)
    return {
        "gm": gm,
        "binnenstad": binnenstad,
        "oost": oost,
        "almere": other,
        "admin": admin,
        "almere_admin": almere_admin,
        "team": team,
        "almere_team": almere_team,
    }


def _new_user(client, **overrides):
    data = {
        "name": "Fatima el Amrani",
        "email": "f.elamrani@helmond.nl",
        "password": "een-lang-wachtwoord",
        "role": "team_member",
        "area_id": "",
    }
    data.update(overrides)
    return client.post("/beheer/gebruikers/nieuw", data=data)


def test_admin_sees_only_users_of_their_municipality(client, admins):
    login(client, admins["admin"])
    page = client.get("/beheer/gebruikers").get_data(as_text=True)
    assert "team@helmond.nl" in page and "beheer@helmond.nl" in page
    assert "almere" not in page.lower()
    assert client.get(f"/beheer/gebruikers/{admins['almere_team'].id}").status_code == 404
    assert client.get("/beheer/gebruikers?zoek=TEAM").get_data(as_text=True).count("team@") == 1


def test_non_admins_get_403(client, admins):
    login(client, admins["team"])
    assert client.get("/beheer/gebruikers").status_code == 403
    assert _new_user(client, area_id=str(admins["binnenstad"].id)).status_code == 403
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "f.elamrani@helmond.nl")) == 0


def test_admin_creates_a_ward_team_member_who_can_log_in_and_the_grant_is_audited(client, admins):
    login(client, admins["admin"])
    response = _new_user(client, area_id=str(admins["oost"].id))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "f.elamrani@helmond.nl"))
    assert [(g.role, g.area.code) for g in user.roles] == [("team_member", "WK079411")]
    labels = db.session.scalars(
        select(AuditEvent.entity_label).where(AuditEvent.user_label == "beheer@helmond.nl")
    ).all()
    assert "Rol team_member van f.elamrani@helmond.nl op WK079411" in labels
    client.post("/uitloggen")
    login(client, user, password="een-lang-wachtwoord")
    assert "Helmond-Oost" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"email": "team@helmond.nl"}, "Er bestaat al een gebruiker met e-mailadres team@helmond.nl"),
        ({"password": "kort"}, "minstens 12 tekens"),
        ({"name": ""}, "Vul de naam in"),
        ({"area": "almere"}, "u kunt alleen rollen geven binnen uw eigen gebieden"),
    ],
)
def test_bad_new_user_is_refused_beside_the_field_and_nothing_is_stored(client, admins, overrides, field_message):
    login(client, admins["admin"])
    if overrides.pop("area", None):
        overrides["area_id"] = str(admins["almere"].id)
    overrides.setdefault("area_id", str(admins["binnenstad"].id))
    before = (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(RoleAssignment.id))))
    response = _new_user(client, **overrides)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert field_message in page and 'aria-invalid="true"' in page
    db.session.expire_all()
    assert (
        db.session.scalar(select(func.count(User.id))),
        db.session.scalar(select(func.count(RoleAssignment.id))),
    ) == before


def test_grant_revoke_block_and_password(client, admins):
    login(client, admins["admin"])
    team = admins["team"]
    url = f"/beheer/gebruikers/{team.id}"
    assert client.post(url + "/rollen", data={"role": "reader", "area_id": str(admins["gm"].id)}).status_code == 302
    again = client.post(url + "/rollen", data={"role": "reader", "area_id": str(admins["gm"].id)})
    assert again.status_code == 422 and "heeft deze rol al" in again.get_data(as_text=True)
    db.session.expire_all()
    grant = next(g for g in team.roles if g.role == "reader")
    asked = client.post(f"{url}/rollen/{grant.id}/intrekken")
    html = unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200 and f"Rol Lezer op {admins['gm'].name} van {team.name} intrekken?" in html
    assert "Het account, de andere rollen" in html
    db.session.expire_all()
    assert sorted(g.role for g in db.session.get(User, team.id).roles) == ["reader", "team_member"]
    client.post(f"{url}/rollen/{grant.id}/intrekken", data={"bevestigd": "ja"})
    db.session.expire_all()
    assert [g.role for g in db.session.get(User, team.id).roles] == ["team_member"]
    short = client.post(url + "/wachtwoord", data={"password": "kort"})
    assert short.status_code == 422 and "minstens 12 tekens" in short.get_data(as_text=True)
    assert client.post(url + "/wachtwoord", data={"password": "nieuw-en-lang-genoeg"}).status_code == 302
    # A second browser on its own app, so each of its requests starts afresh as in production.
    from planner import create_app

    other_session = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": client.application.config["SQLALCHEMY_DATABASE_URI"],
        }
    ).test_client()
    login(other_session, team, password="nieuw-en-lang-genoeg")
    assert other_session.get("/").status_code == 200
    asked = client.post(url + "/blokkeren")  # first a confirmation page; nothing changes yet
    assert asked.status_code == 200 and "blokkeren?" in asked.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, team.id).is_enabled is True
    client.post(url + "/blokkeren", data={"bevestigd": "ja"})
    db.session.expire_all()
    assert db.session.get(User, team.id).is_enabled is False
    assert other_session.get("/").status_code == 302  # the open session ends too
    client.post("/uitloggen")
    refused = client.post("/inloggen", data={"email": "team@helmond.nl", "password": "nieuw-en-lang-genoeg"})
    assert refused.status_code == 200  # a blocked account does not get in


def test_admin_cannot_lock_themselves_out(client, admins):
    login(client, admins["admin"])
    admin = admins["admin"]
    grant = admin.roles[0]
    page = client.post(f"/beheer/gebruikers/{admin.id}/rollen/{grant.id}/intrekken", follow_redirects=True)
    assert "eigen laatste beheerdersrol" in page.get_data(as_text=True)
    page = client.post(f"/beheer/gebruikers/{admin.id}/blokkeren", follow_redirects=True)
    assert "eigen account niet blokkeren" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_enabled and db.session.get(User, admin.id).roles


def test_forms_need_csrf(admins, csrf_client):
    csrf_client.post(
        "/inloggen",
        data={"email": "beheer@helmond.nl", "password": PASSWORD, "csrf_token": csrf_token(csrf_client, "/inloggen")},
    )
    assert csrf_client.get("/beheer/gebruikers").status_code == 200
    response = csrf_client.post(
        "/beheer/gebruikers/nieuw",
        data={
            "name": "X",
            "email": "x@helmond.nl",
            "password": "een-lang-wachtwoord",
            "role": "reader",
            "area_id": str(admins["gm"].id),
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "x@helmond.nl")) == 0
