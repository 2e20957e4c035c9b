"""The functioneel beheerder's work list: blocked accounts and failed sign-ins, within their areas."""

from planner.core.models import LoginFailure
from planner.extensions import db
from tests.helpers import login_as


def test_admin_sees_blocked_accounts_and_failed_sign_ins_of_their_municipality_only(
    client, helmond, make_area, make_user
):
    gm, ward, _ = helmond
    other = make_area("GM0034", "Almere")
    admin = make_user("beheer@helmond.nl", "admin", gm)
    make_user("almere@almere.nl", "team_member", other)
    blocked = make_user("weg@helmond.nl", "team_member", ward)
    blocked.is_enabled = False
    db.session.commit()
    for email in ("weg@helmond.nl", "almere@almere.nl", "almere@almere.nl", "niemand@nergens.nl"):
        page = client.post("/inloggen", data={"email": email, "password": "fout"})
        assert "horen niet bij elkaar" in page.get_data(as_text=True)
    assert db.session.query(LoginFailure).count() == 3  # an unknown address is not stored

    html = login_as(client, admin).get("/").get_data(as_text=True)
    work = html.split('id="werk-admin"')[1].split("</section>")[0]
    assert "Geblokkeerde accounts" in work and "weg@helmond.nl" in work
    assert "1 mislukte poging" in work and "almere@almere.nl" not in work
