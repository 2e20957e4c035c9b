"""The password policy: long enough and not among the commonest passwords, wherever a password is set."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import func, select

from planner.core.errors import PlannerError
from planner.core.models import User
from planner.core.users import COMMON_PASSWORDS_FILE, check_password_policy, common_passwords, create_user
from planner.extensions import db
from tests.helpers import PASSWORD, login, login_as

COMMON = "Qwerty123456"  # twelve characters, and on every attacker's list


def test_the_shipped_list_is_the_real_top_ten_thousand_with_its_source():
    header = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()[:5]
    assert any("Royce Williams" in line for line in header) and any("BSD" in line for line in header)
    assert len(common_passwords()) == 10_000
    assert {"123456", "password", "qwerty123456", "1q2w3e4r5t6y"} <= common_passwords()


@pytest.mark.parametrize("password", [COMMON, "1Q2W3E4R5T6Y", " qwerty123456 "])
def test_common_passwords_are_refused_however_they_are_capitalised(password):
    with pytest.raises(PlannerError, match="veelgebruikte wachtwoorden") as refused:
        check_password_policy(password)
    assert refused.value.field == "password"


def test_the_length_rule_still_holds_and_a_good_password_passes():
    with pytest.raises(PlannerError, match="minstens 12 tekens"):
        check_password_policy("kort")
    check_password_policy("fiets-over-de-dijk-naar-huis")


def test_cli_and_demo_path_create_user_refuses_a_common_password(ctx):
    with pytest.raises(PlannerError, match="veelgebruikte"):
        create_user(email="nieuw@helmond.nl", name="Nieuw", password=COMMON)
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_admin_forms_and_own_change_refuse_a_common_password(client, helmond, make_user):
    gm, binnenstad, _ = helmond
    admin = make_user("beheer@helmond.nl", "admin", gm)
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    login(client, admin)
    new = client.post(
        "/beheer/gebruikers/nieuw",
        data={"name": "Nieuw", "email": "nieuw@helmond.nl", "password": COMMON, "role": "reader", "area_id": gm.id},
    )
    assert new.status_code != 302 and "veelgebruikte wachtwoorden" in new.get_data(as_text=True)
    assert db.session.scalar(select(func.count(User.id)).where(User.email == "nieuw@helmond.nl")) == 0

    before = team.password_hash
    reset = client.post(f"/beheer/gebruikers/{team.id}/wachtwoord", data={"password": COMMON})
    assert reset.status_code == 422 and "veelgebruikte wachtwoorden" in reset.get_data(as_text=True)

    own = login_as(client, team)
    g.pop("_login_user", None)
    change = own.post("/account/wachtwoord", data={"current": PASSWORD, "new": COMMON, "repeat": COMMON})
    assert change.status_code == 422 and "veelgebruikte wachtwoorden" in change.get_data(as_text=True)
    db.session.refresh(team)
    assert team.password_hash == before
