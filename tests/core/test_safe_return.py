"""After login, and after the participation bulk form, Wijkplanner only returns to same-site paths."""

import pytest

from tests.helpers import PASSWORD


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/x\r\nSet-Cookie"])
def test_login_ignores_a_next_address_off_site(client, helmond, make_user, target):
    user = make_user("gm@helmond.nl", "area_manager", helmond[0])
    response = client.post("/inloggen", data={"email": user.email, "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_login_returns_to_a_same_site_path(client, helmond, make_user):
    user = make_user("gm@helmond.nl", "area_manager", helmond[0])
    response = client.post(
        "/inloggen", data={"email": user.email, "password": PASSWORD, "next": "/vergelijking?jaar=2026"}
    )
    assert response.headers["Location"] == "/vergelijking?jaar=2026"
