"""The bulk form's return address is checked like the login's `next`: same-site relative paths only."""

import pytest

from tests.helpers import login


@pytest.mark.parametrize(
    "terug", ["https://evil.example/inbreng", "//evil.example/inbreng", "/\\evil.example", "javascript:alert(1)"]
)
def test_bulk_form_never_sends_the_user_off_site(client, world, react, terug):
    p = world["prog_a"]
    c = react(p)
    login(client, world["team_a"])
    response = client.post(
        f"/programmas/{p.id}/inbreng/bulk", data={"ids": [c.id], "decision": "gepubliceerd", "terug": terug}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmas/{p.id}/inbreng"


def test_bulk_form_returns_to_a_same_site_path_with_its_filters(client, world, react):
    p = world["prog_a"]
    c = react(p)
    login(client, world["team_a"])
    back = f"/programmas/{p.id}/inbreng?status=nieuw&thema=3"
    response = client.post(
        f"/programmas/{p.id}/inbreng/bulk", data={"ids": [c.id], "decision": "gepubliceerd", "terug": back}
    )
    assert response.headers["Location"] == back
