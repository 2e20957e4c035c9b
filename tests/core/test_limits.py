"""Input stays within what the database holds: ids in URLs and query strings, text without NUL or
invisible direction marks, dates of this era, and no save without the version it started from."""

from __future__ import annotations

import pytest
from flask import request
from sqlalchemy import func, select

from planner.actions.models import Action
from planner.extensions import db
from planner.programmes.models import Programme
from tests.helpers import login

HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "url", [f"/programmas/{HUGE}", f"/programmas/{2**63}", f"/acties/{2**31}", "/programmas/\u0661\u0662\u0663"]
)
def test_an_id_beyond_the_database_in_a_url_is_404(client, helmond, make_user, url):
    _, ward, _ = helmond
    login(client, make_user("a@helmond.nl", "team_member", ward))
    assert client.get(url).status_code == 404


def test_a_number_beyond_the_database_in_a_query_parameter_reads_as_absent(
    app, client, helmond, make_user, make_programme
):
    for raw in (HUGE, "\u0661\u0662", "2147483648", "1e3"):
        with app.test_request_context(f"/?pagina={raw}"):
            assert request.args.get("pagina", 7, type=int) == 7, raw
    with app.test_request_context("/?pagina=-12"):
        assert request.args.get("pagina", type=int) == -12
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    assert client.get(f"/programmas/?pagina={HUGE}").status_code == 200
    assert client.get(f"/programmas/{programme.id}/acties/nieuw?goal={HUGE}").status_code == 200


def _programme_form(programme, **changes):
    return {
        "title": programme.title,
        "opgave_id": "",
        "start_year": str(programme.start_year),
        "end_year": str(programme.end_year),
        "lock_version": str(programme.lock_version),
        "seen_audit_id": "0",
        **changes,
    }


def test_text_with_nul_is_refused_beside_the_field_and_invisible_marks_are_dropped(
    client, helmond, make_user, make_programme
):
    _, ward, _ = helmond
    programme = make_programme(ward, title="WOP Binnenstad")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    url = f"/programmas/{programme.id}/bewerken"
    html = client.post(url, data=_programme_form(programme, title="WOP\x00 Binnenstad")).get_data(as_text=True)
    assert 'id="title-fout"' in html and "ongeldig teken (NUL)" in html
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).title == "WOP Binnenstad"
    # U+202E turns "tsaO" into "Oast" on screen: a spoofed name; U+200B makes look-alikes differ
    response = client.post(url, data=_programme_form(programme, title="WOP \u202etsaO\u202c Oost\u200b"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Programme, programme.id).title == "WOP tsaO Oost"


def test_a_save_without_the_version_field_is_refused_as_stale_and_stores_nothing(
    client, helmond, make_user, make_programme
):
    _, ward, _ = helmond
    programme = make_programme(ward, title="WOP Binnenstad")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    url = f"/programmas/{programme.id}/bewerken"
    for missing in ({"lock_version": ""}, {"lock_version": "twee"}, {"lock_version": HUGE}):
        data = _programme_form(programme, title="Overschreven", **missing)
        if not missing["lock_version"]:
            del data["lock_version"], data["seen_audit_id"]
        response = client.post(url, data=data)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, missing
        assert "Iemand anders heeft dit opgeslagen nadat u het formulier opende" in html
        db.session.expire_all()
        assert db.session.get(Programme, programme.id).title == "WOP Binnenstad"
    assert client.post(url, data=_programme_form(programme, title="Nieuw")).status_code == 302


@pytest.mark.parametrize(
    "typed, message",
    [
        ("31-12-9999", "Vul een datum tussen 01-01-1900 en 31-12-2100 in."),
        ("0001-01-01", "Vul een datum tussen 01-01-1900 en 31-12-2100 in."),
        ("1-1-1", "is geen geldige datum"),
    ],
)
def test_a_date_outside_1900_to_2100_is_refused_beside_the_field(
    client, helmond, make_user, make_programme, typed, message
):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    response = client.post(
        f"/programmas/{programme.id}/acties/nieuw",
        data={"title": "Bankjes", "status": "idee", "progress": "0", "start_date": typed, f"weight-{ward.id}": "1"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="start_date-fout"' in html and message in html
    assert db.session.scalar(select(func.count(Action.id))) == 0


@pytest.mark.parametrize("typed", ["\u0664\u0660", HUGE, "1e2", "NaN"])
def test_a_whole_number_in_foreign_digits_or_beyond_the_column_is_refused(
    client, helmond, make_user, make_programme, typed
):
    _, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    response = client.post(
        f"/programmas/{programme.id}/acties/nieuw",
        data={"title": "Bankjes", "status": "idee", "progress": typed, f"weight-{ward.id}": "1"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="progress-fout"' in html
    assert db.session.scalar(select(func.count(Action.id))) == 0
