"""Dutch first: Dutch notation for money, numbers and dates; English on request."""
from datetime import date
from decimal import Decimal

from planner.core.i18n import money, nl_date, number
from tests.conftest import login


def test_money_numbers_and_dates_use_dutch_notation(app):
    with app.test_request_context("/"):
        # A non-breaking space keeps the euro sign with its amount.
        assert money(Decimal("1234.56")) == "€\xa01.234,56"
        assert money(Decimal("-1234567.891")) == "€\xa0-1.234.567,89"
        assert number(Decimal("1234.5")) == "1.234,5"
        assert nl_date(date(2026, 3, 1)) == "1 mrt 2026"


def test_user_can_switch_the_interface_to_english_and_back(client, helmond, make_user):
    _, ward, _ = helmond
    login(client, make_user("a@helmond.nl", "team_member", ward))
    assert "Mijn wijken" in client.get("/").get_data(as_text=True)
    client.post("/taal", data={"language": "en", "next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert "My wards" in html and '<html lang="en">' in html
    client.post("/taal", data={"language": "nl", "next": "/"})
    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)
    assert client.post("/taal", data={"language": "fr"}).status_code == 400
