"""Team pages: recording input and moments, triage with bulk changes, moderation, responses, export."""

import io
from datetime import date, datetime

import openpyxl
from sqlalchemy import func, select

from planner.extensions import db
from planner.participation.models import Contribution, ParticipationMoment
from tests.helpers import csrf_token, login, login_as


def test_record_moment_and_contribution_then_triage(client, world):
    p = world["prog_a"]
    login(client, world["team_a"])
    response = client.post(
        f"/programmas/{p.id}/bijeenkomsten",
        data={
            "kind": "bewonersavond",
            "title": "Bewonersavond buurthuis",
            "date": "12-03-2026",
            "place": "De Kiosk",
            "participants": "42",
            "summary": "Veel zorgen over verkeer.",
        },
    )
    assert response.status_code == 302
    moment = db.session.scalars(select(ParticipationMoment)).one()
    response = client.post(
        f"/programmas/{p.id}/inbreng/nieuw",
        data={
            "text": "Drempels in de Kerkstraat",
            "moment_id": str(moment.id),
            "target": f"actie-{world['action_a'].id}",
            "theme_id": "",
        },
    )
    assert response.status_code == 302
    c = db.session.scalars(select(Contribution)).one()
    assert (c.moment, c.action, c.source, c.moderation) == (moment, world["action_a"], "team", "gepubliceerd")
    html = client.get(f"/programmas/{p.id}/inbreng?bijeenkomst={moment.id}").get_data(as_text=True)
    assert "Drempels in de Kerkstraat" in html and f'<label class="visually-hidden" for="sel-{c.id}">' in html


def test_invalid_moment_shows_message_beside_field_and_stores_nothing(client, world):
    login(client, world["team_a"])
    html = client.post(
        f"/programmas/{world['prog_a'].id}/bijeenkomsten",
        data={"kind": "bewonersavond", "title": "", "date": "31-02-2026", "participants": "-3"},
    ).get_data(as_text=True)
    assert 'id="title-fout"' in html and 'id="date-fout"' in html and 'id="participants-fout"' in html
    assert db.session.scalar(select(func.count(ParticipationMoment.id))) == 0


def test_other_ward_and_reader_get_404(client, world, react):
    c = react(world["prog_a"])
    p = world["prog_a"]
    for user in (world["team_b"], world["reader"]):
        client = login_as(client, user)
        for url in (
            f"/programmas/{p.id}/inbreng",
            f"/programmas/{p.id}/inbreng/{c.id}",
            f"/programmas/{p.id}/bijeenkomsten",
            f"/programmas/{p.id}/inbreng/export.xlsx",
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert (
            client.post(f"/programmas/{p.id}/inbreng/{c.id}/moderatie", data={"decision": "gepubliceerd"}).status_code
            == 404
        )
        assert (
            client.post(
                f"/programmas/{p.id}/inbreng/bulk", data={"ids": [c.id], "decision": "gepubliceerd"}
            ).status_code
            == 404
        )
    # B's own programme with A's contribution id: not found either.
    client = login_as(client, world["team_b"])
    assert (
        client.post(
            f"/programmas/{world['prog_b'].id}/inbreng/{c.id}/moderatie", data={"decision": "gepubliceerd"}
        ).status_code
        == 404
    )
    db.session.refresh(c)
    assert c.moderation == "te_modereren"


def test_moderation_without_csrf_is_400_and_with_csrf_works(csrf_client, world, react):
    c = react(world["prog_a"])
    p = world["prog_a"]
    # The test client speaks https (PREFERRED_URL_SCHEME), so Flask-WTF also wants a same-site Referer.
    same_site = {"Referer": "https://localhost/"}
    token = csrf_token(csrf_client, "/inloggen")
    assert (
        csrf_client.post(
            "/inloggen",
            headers=same_site,
            data={"email": "a@helmond.nl", "password": "correct-horse-battery", "csrf_token": token},
        ).status_code
        == 302
    )
    assert (
        csrf_client.post(f"/programmas/{p.id}/inbreng/{c.id}/moderatie", data={"decision": "gepubliceerd"}).status_code
        == 400
    )
    assert (
        csrf_client.post(
            f"/programmas/{p.id}/inbreng/bulk", data={"ids": [c.id], "decision": "gepubliceerd"}
        ).status_code
        == 400
    )
    db.session.refresh(c)
    assert c.moderation == "te_modereren"
    token = csrf_token(csrf_client, f"/programmas/{p.id}/inbreng/{c.id}")
    response = csrf_client.post(
        f"/programmas/{p.id}/inbreng/{c.id}/moderatie",
        headers=same_site,
        data={"decision": "gepubliceerd", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.moderation == "gepubliceerd"


def test_bulk_status_and_missing_response_message(client, world, react):
    p = world["prog_a"]
    a, b = react(p, text="een"), react(p, text="twee", ip_hash="h2")
    login(client, world["team_a"])
    client.post(f"/programmas/{p.id}/inbreng/bulk", data={"ids": [a.id, b.id], "status": "overgenomen"})
    html = client.get(f"/programmas/{p.id}/inbreng").get_data(as_text=True)
    assert "onderbouwde reactie" in html
    response = client.post(
        f"/programmas/{p.id}/inbreng/bulk",
        data={"ids": [a.id, b.id], "status": "deels", "response": "We nemen dit deels mee."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert {x.status for x in db.session.scalars(select(Contribution))} == {"deels"}


def test_respond_links_an_action_and_invalid_response_is_shown_beside_the_field(client, world, react):
    p, c = world["prog_a"], react(world["prog_a"])
    login(client, world["team_a"])
    url = f"/programmas/{p.id}/inbreng/{c.id}"
    html = client.post(url, data={"status": "overgenomen", "response": "", "theme_id": ""}).get_data(as_text=True)
    assert 'id="response-fout"' in html and "onderbouwde reactie" in html
    response = client.post(
        url,
        data={
            "status": "overgenomen",
            "response": "Komt erin.",
            "theme_id": "",
            "action_ids": [str(world["action_a"].id)],
        },
    )
    assert response.status_code == 302
    db.session.refresh(c)
    assert c.linked_actions == [world["action_a"]] and c.response == "Komt erin."


def test_export_writes_text_as_text_real_dates_and_no_personal_data(client, world, react):
    p = world["prog_a"]
    react(
        p,
        text='=HYPERLINK("http://evil","klik")',
        name="Jan Jansen",
        email="jan@example.nl",
        consent=True,
        now=datetime(2026, 4, 1, 10, 0),
    )
    login(client, world["team_a"])
    response = client.get(f"/programmas/{p.id}/inbreng/export.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    headers = [cell.value for cell in sheet[1]]
    row = dict(zip(headers, sheet[2]))
    assert row["Inbreng"].value == '=HYPERLINK("http://evil","klik")' and row["Inbreng"].data_type == "s"
    assert row["Ingediend"].value.date() == date(2026, 4, 1) and row["Ingediend"].is_date
    values = " ".join(str(c.value) for c in sheet[2])
    assert "Jansen" not in values and "jan@example.nl" not in values
