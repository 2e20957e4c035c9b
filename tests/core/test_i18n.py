"""Dutch first: Dutch notation for money, numbers and dates; English on request."""

from datetime import date
from decimal import Decimal

from planner.core.i18n import money, nl_date, number
from tests.helpers import login


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


def test_action_form_labels_and_validation_messages_follow_the_interface_language(
    client, helmond, make_user, make_programme
):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    url = f"/programmas/{programme.id}/acties/nieuw"
    invalid = {
        "title": "",
        "status": "gepland",
        "progress": "150",
        "weight": "1",
        f"weight-{ward.id}": "1",
        "start_date": "31-02-2026",
    }

    html = client.get(url).get_data(as_text=True)
    assert ">Titel</label>" in html and ">Voortgang (%)</label>" in html and ">Gepland</option>" in html
    html = client.post(url, data=invalid).get_data(as_text=True)
    assert "Vul een titel in." in html and "Voortgang is een percentage van 0 tot en met 100." in html
    assert "&#39;31-02-2026&#39; is geen geldige datum" in html

    client.post("/taal", data={"language": "en", "next": "/"})
    html = client.get(url).get_data(as_text=True)
    assert ">Title</label>" in html and ">Progress (%)</label>" in html and ">Planned</option>" in html
    assert "The party that owns the action. Not in the list?" in html and ">Titel<" not in html
    html = client.post(url, data=invalid).get_data(as_text=True)
    assert "Enter a title." in html and "Progress is a percentage from 0 to 100." in html
    assert "&#39;31-02-2026&#39; is not a valid date" in html and "Vul een titel in." not in html

    # Lazy labels are evaluated per request: switching back gives Dutch again in the same process.
    client.post("/taal", data={"language": "nl", "next": "/"})
    assert ">Titel</label>" in client.get(url).get_data(as_text=True)


def test_flash_and_status_labels_are_translated_but_exports_stay_dutch(
    client, helmond, make_user, make_programme, make_action
):
    _, ward, _ = helmond
    programme = make_programme(ward)
    action = make_action(programme, status="vertraagd")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    client.post("/taal", data={"language": "en", "next": "/"})
    response = client.post(
        f"/acties/{action.id}/mijlpalen", data={"title": "Start", "due_date": "2026-05-01"}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "The milestone has been added." in html and ">Delayed</span>" in html
    assert action.status_label == "Vertraagd"  # the model's label, used by exports, stays Dutch


def test_comparison_page_states_delay_reasons_in_english_but_its_workbook_stays_dutch(
    client, helmond, make_user, make_programme, make_action, monkeypatch
):
    import io

    import openpyxl

    from planner.tracking import cache, views

    cache.PAGES.clear()
    monkeypatch.setattr(views, "today", lambda: date(2026, 7, 1))
    gm, ward, _ = helmond
    make_action(
        make_programme(ward),
        "Speeltuin",
        status="loopt",
        progress=20,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 2, 1),
    )
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    client.post("/taal", data={"language": "en", "next": "/"})
    html = client.get("/vergelijking?gebied=GM0794&jaar=2026").get_data(as_text=True)
    assert "The end date 01-02-2026 has passed and the action is not yet completed (progress 20%)." in html
    assert ">In progress<" in html and "Actions by status" in html
    response = client.get("/vergelijking.xlsx?gebied=GM0794&jaar=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data))["Vertraagde acties"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("De einddatum 01-02-2026 is verstreken" in c for c in cells)
    assert not any("has passed" in c for c in cells)
