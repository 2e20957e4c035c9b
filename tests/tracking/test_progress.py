"""Progress updates: kept as history, carried over to the action, refused with the reason beside the field."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from planner.extensions import db
from planner.tracking.models import ProgressUpdate
from tests.helpers import login


def _count():
    return db.session.scalar(select(func.count(ProgressUpdate.id)))


def test_team_reports_progress_and_story_shows_on_action_page(client, helmond, make_programme, make_action, ward_team):
    _, binnenstad, _ = helmond
    action = make_action(make_programme(binnenstad), status="loopt", progress=10)
    login(client, ward_team)
    for period, progress, text in (("2026-Q1", 20, "Locatie gevonden."), ("2026-Q2", 45, "Huurcontract getekend.")):
        response = client.post(
            f"/acties/{action.id}/voortgang",
            data={"period": period, "progress": progress, "status": "loopt", "text": text},
        )
        assert response.status_code == 302
    db.session.refresh(action)
    assert action.progress == 45 and _count() == 2
    html = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert "Voortgangsverhaal" in html and "Huurcontract getekend." in html and "2026-Q1" in html
    assert "grafiek-voortgang" in html and "tabel-voortgang" in html


def test_bad_period_is_refused_beside_the_field_and_nothing_stored(
    client, helmond, make_programme, make_action, ward_team
):
    _, binnenstad, _ = helmond
    action = make_action(make_programme(binnenstad), status="loopt", progress=10)
    login(client, ward_team)
    html = client.post(
        f"/acties/{action.id}/voortgang",
        data={"period": "volgende week", "progress": 30, "status": "loopt", "text": "x"},
    ).get_data(as_text=True)
    assert 'id="period-fout"' in html and "Vul een kwartaal in als 2026-Q3" in html
    assert _count() == 0
    db.session.refresh(action)
    assert action.progress == 10


def test_finished_without_100_percent_is_refused(client, helmond, make_programme, make_action, ward_team):
    _, binnenstad, _ = helmond
    action = make_action(make_programme(binnenstad), status="loopt")
    login(client, ward_team)
    html = client.post(
        f"/acties/{action.id}/voortgang",
        data={"period": "2026-Q3", "progress": 80, "status": "afgerond", "text": "Klaar"},
    ).get_data(as_text=True)
    assert 'id="progress-fout"' in html and "100% voortgang" in html
    assert _count() == 0


def test_other_ward_team_gets_404_and_reader_403(client, helmond, make_programme, make_action, make_user):
    _, binnenstad, oost = helmond
    action = make_action(make_programme(binnenstad))
    login(client, make_user("oost@helmond.nl", "team_member", oost))
    assert client.get(f"/acties/{action.id}/voortgang").status_code == 404


def test_reader_may_not_report(client, helmond, make_programme, make_action, make_user):
    _, binnenstad, _ = helmond
    programme = make_programme(binnenstad)
    programme.status = "uitvoering"
    db.session.commit()
    action = make_action(programme)
    login(client, make_user("raad@helmond.nl", "reader", binnenstad))
    assert client.get(f"/acties/{action.id}/voortgang").status_code == 403


def test_report_without_csrf_token_is_refused(csrf_client, helmond, make_programme, make_action):
    _, binnenstad, _ = helmond
    action = make_action(make_programme(binnenstad))
    data = {"period": "2026-Q3", "progress": 30, "status": "loopt", "text": "Zonder token"}
    response = csrf_client.post(f"/acties/{action.id}/voortgang", data=data)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert _count() == 0


def test_late_action_shows_the_stated_signal(client, helmond, make_programme, make_action, make_milestone, ward_team):
    _, binnenstad, _ = helmond
    programme = make_programme(binnenstad)
    action = make_action(programme, status="loopt", start_date=date(2020, 1, 1), end_date=date(2021, 1, 1))
    make_milestone(action, "Schets klaar", date(2020, 6, 1))
    login(client, ward_team)
    html = client.get(f"/acties/{action.id}").get_data(as_text=True)
    assert "afgeleid uit de planning" in html and "De einddatum 01-01-2021 is verstreken" in html
    assert "Mijlpaal &#39;Schets klaar&#39;" in html
    late = client.get(f"/programmas/{programme.id}/vertraging").get_data(as_text=True)
    assert "Schets klaar" in late and action.title in late
    db.session.refresh(action)
    assert action.status == "loopt"  # stated, never silently changed
