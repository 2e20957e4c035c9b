"""The area pages link upward only to areas the user may open."""

from __future__ import annotations

from tests.helpers import login


def test_a_ward_team_sees_no_breadcrumb_to_the_municipality_it_may_not_open(client, helmond, make_user):
    gm, ward, _ = helmond
    login(client, make_user("team@helmond.nl", "team_member", ward))
    page = client.get(f"/gebieden/{ward.code}").get_data(as_text=True)
    assert f'href="/gebieden/{gm.code}"' not in page
    assert client.get(f"/gebieden/{gm.code}").status_code == 404
    budget = client.get(f"/begroting/{ward.code}").get_data(as_text=True)
    assert f'href="/begroting/{gm.code}"' not in budget


def test_an_area_manager_sees_the_breadcrumb_to_the_municipality(client, helmond, make_user):
    gm, ward, _ = helmond
    login(client, make_user("manager@helmond.nl", "area_manager", gm))
    assert f'href="/gebieden/{gm.code}"' in client.get(f"/gebieden/{ward.code}").get_data(as_text=True)
    assert f'href="/begroting/{gm.code}"' in client.get(f"/begroting/{ward.code}").get_data(as_text=True)
