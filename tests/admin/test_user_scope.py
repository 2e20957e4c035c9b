"""An account with roles in two municipalities belongs to neither admin alone: the admin of one sees it but may
not block it, reset its password, rename it or sign it out everywhere; an admin of both may."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select

from planner.core.models import User
from planner.core.users import grant_role
from planner.extensions import db
from tests.helpers import login, login_as

REFUSAL = "heeft ook rollen buiten de gebieden die u beheert"


@pytest.fixture
def shared(helmond, make_area, make_user):
    gm, binnenstad, _ = helmond
    almere = make_area("GM0034", "Almere")
    db.session.commit()
    helmond_admin = make_user("beheer@helmond.nl", "admin", gm)
    both_admin = make_user("beheer@regio.nl", "admin", gm)
    grant_role(both_admin, "admin", almere)
    user = make_user("j.jansen@example.nl", "team_member", binnenstad, name="Jan Jansen")
    grant_role(user, "reader", almere)
    db.session.commit()
    return helmond_admin, both_admin, user


def _state(user):
    db.session.refresh(user)
    return (user.is_enabled, user.name, user.email, user.password_hash, user.session_version)


def test_the_admin_of_one_municipality_cannot_manage_a_shared_account(client, shared):
    helmond_admin, _, user = shared
    before = _state(user)
    login(client, helmond_admin)
    url = f"/beheer/gebruikers/{user.id}"
    assert client.get(url).status_code == 200  # seen: the account works in Helmond too
    answers = [
        client.post(url + "/blokkeren", data={"bevestigd": "ja"}, follow_redirects=True),
        client.post(url + "/overal-uitloggen", follow_redirects=True),
        client.post(url + "/wachtwoord", data={"password": "door-beheer-gezet-2026"}),
        client.post(url + "/gegevens", data={"name": "Jan de Vries", "email": "j.devries@example.nl"}),
    ]
    for number, answer in enumerate(answers):
        page = answer.get_data(as_text=True)
        assert REFUSAL in page and "Almere" not in page, number
    assert _state(user) == before


def test_an_admin_of_every_municipality_of_the_account_can_manage_it(client, shared):
    _, both_admin, user = shared
    login(client, both_admin)
    url = f"/beheer/gebruikers/{user.id}"
    assert (
        client.post(url + "/gegevens", data={"name": "Jan de Vries", "email": "j.devries@example.nl"}).status_code
        == 302
    )
    g.pop("_login_user", None)
    assert client.post(url + "/blokkeren", data={"bevestigd": "ja"}).status_code == 302
    assert _state(user)[:2] == (False, "Jan de Vries")


def test_a_new_account_for_an_address_taken_elsewhere_does_not_say_where(client, shared, helmond):
    helmond_admin, _, _ = shared
    page = (
        login_as(client, helmond_admin)
        .post(
            "/beheer/gebruikers/nieuw",
            data={
                "name": "Jan",
                "email": "J.Jansen@example.nl",
                "password": "fiets-over-de-dijk-naar-huis",
                "role": "reader",
                "area_id": helmond[0].id,
            },
        )
        .get_data(as_text=True)
    )
    assert "Er bestaat al een gebruiker met e-mailadres j.jansen@example.nl" in page
    assert "Almere" not in page and "GM0034" not in page
    assert db.session.scalar(select(User.name).where(User.email == "j.jansen@example.nl")) == "Jan Jansen"
