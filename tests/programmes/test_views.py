"""Programme pages through the test client: success, invalid form, other ward, CSRF, stale form."""

from sqlalchemy import func, select

from planner.extensions import db
from planner.programmes.models import Goal, Programme
from tests.helpers import csrf_token, login


def test_team_member_creates_a_programme_and_a_goal(client, helmond, make_user):
    _, ward, _ = helmond
    login(client, make_user("a@helmond.nl", "team_member", ward))
    response = client.post(
        "/programmas/nieuw",
        data={
            "area_id": ward.id,
            "title": "WOP Binnenstad 2026-2029",
            "opgave_id": "",
            "start_year": "2026",
            "end_year": "2029",
            "ambition": "Een levendige binnenstad waar bewoners elkaar kennen.",
        },
    )
    programme = db.session.scalars(select(Programme)).one()
    assert response.headers["Location"].endswith(f"/programmas/{programme.id}")
    client.post(f"/programmas/{programme.id}/doelen/nieuw", data={"title": "Meer ontmoeting", "theme_id": ""})
    page = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "Doel 1: Meer ontmoeting" in page and "Een levendige binnenstad" in page


def test_invalid_programme_form_shows_dutch_errors_beside_fields_and_stores_nothing(client, helmond, make_user):
    _, ward, _ = helmond
    login(client, make_user("a@helmond.nl", "team_member", ward))
    response = client.post(
        "/programmas/nieuw",
        data={"area_id": ward.id, "title": "", "opgave_id": "", "start_year": "2029", "end_year": "2026"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="title-fout"' in html and "Vul een titel in." in html
    assert 'aria-describedby="title-fout"' in html
    response = client.post(
        "/programmas/nieuw",
        data={"area_id": ward.id, "title": "x" * 201, "opgave_id": "", "start_year": "2029", "end_year": "2026"},
    )
    assert "hoogstens 200 tekens" in response.get_data(as_text=True)
    response = client.post(
        "/programmas/nieuw",
        data={"area_id": ward.id, "title": "Goed", "opgave_id": "", "start_year": "2029", "end_year": "2026"},
    )
    html = response.get_data(as_text=True)
    assert 'id="end_year-fout"' in html and "eindjaar ligt vóór het beginjaar" in html
    assert db.session.scalar(select(func.count(Programme.id))) == 0


def test_other_wards_draft_is_404_and_reader_cannot_edit(client, helmond, make_user, make_programme):
    gm, ward_a, ward_b = helmond
    other = make_programme(ward_b, title="Concept Oost")
    own = make_programme(ward_a, title="Concept Binnenstad")
    login(client, make_user("a@helmond.nl", "team_member", ward_a))
    for url in (
        f"/programmas/{other.id}",
        f"/programmas/{other.id}/bewerken",
        f"/programmas/{other.id}/versies",
        f"/programmas/{other.id}/historie",
        "/gebieden/WK079411",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/programmas/{other.id}/status/consultatie", data={"to_status": "consultatie"}).status_code == 404
    )
    listing = client.get("/programmas/").get_data(as_text=True)
    assert "Concept Binnenstad" in listing and "Concept Oost" not in listing
    assert "Concept Oost" not in client.get("/programmas/zoeken?q=Concept").get_data(as_text=True)
    client.post("/uitloggen")
    login(client, make_user("lezer@helmond.nl", "reader", gm))
    assert client.get(f"/programmas/{own.id}").status_code == 404  # readers never see drafts
    assert client.get("/programmas/nieuw").status_code == 403


def test_area_manager_adopts_with_confirmation_and_versions_compare(client, helmond, make_user, make_programme):
    gm, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    confirm = client.get(f"/programmas/{programme.id}/status/consultatie").get_data(as_text=True)
    assert "Ja, zet op consultatie" in confirm
    assert programme.status == "concept"  # the GET only asks
    client.post(f"/programmas/{programme.id}/status/consultatie", data={"to_status": "consultatie"})
    response = client.post(
        f"/programmas/{programme.id}/status/vastgesteld", data={"to_status": "vastgesteld"}, follow_redirects=True
    )
    assert "niet naar &#39;vastgesteld&#39;" in response.get_data(as_text=True)
    db.session.refresh(programme)
    assert programme.status == "consultatie"
    compare = client.get(f"/programmas/{programme.id}/versies/vergelijk?a=1&b=huidig")
    assert compare.status_code == 200 and "Er zijn geen verschillen." in compare.get_data(as_text=True)
    assert client.get(f"/programmas/{programme.id}/versies/vergelijk?a=9&b=huidig").status_code == 404


def test_area_manager_adopts_with_the_besluit_from_the_agenda(client, helmond, make_area, make_user, make_programme):
    from planner.agenda.models import AgendaItem

    gm, ward, _ = helmond
    programme = make_programme(ward)
    besluit = AgendaItem(area=gm, kind="besluit", number="RB2026-041", title="Vaststelling wijkprogramma", body="raad")
    motie = AgendaItem(area=gm, kind="motie", number="M2026-1", title="Motie groen", body="raad")
    other = AgendaItem(area=make_area("GM0772", "Eindhoven"), kind="besluit", number="RB-E", title="Eindhoven")
    db.session.add_all([besluit, motie, other])
    db.session.commit()
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    for step in ("consultatie", "besluitvorming"):
        client.post(f"/programmas/{programme.id}/status/{step}", data={"to_status": step})
    url = f"/programmas/{programme.id}/status/vastgesteld"
    page = client.get(url).get_data(as_text=True)
    assert "RB2026-041" in page and "M2026-1" not in page and "RB-E" not in page  # only this municipality's besluiten
    for data, message in (
        ({"competent_body": "raad"}, "Kies het besluit waarmee het programma is vastgesteld"),
        ({"competent_body": "raad", "decision_item_id": other.id}, "Kies een van de mogelijkheden uit de lijst"),
        ({"decision_item_id": besluit.id}, "Kies wie het programma vaststelt"),
    ):
        html = client.post(url, data={"to_status": "vastgesteld", **data}).get_data(as_text=True)
        assert message in html.replace("&amp;", "&"), data
        db.session.refresh(programme)
        assert programme.status == "besluitvorming" and programme.decision_item_id is None
    client.post(url, data={"to_status": "vastgesteld", "competent_body": "raad", "decision_item_id": besluit.id})
    db.session.refresh(programme)
    assert programme.status == "vastgesteld" and programme.decision_item_id == besluit.id
    detail = client.get(f"/programmas/{programme.id}").get_data(as_text=True)
    assert "Vastgesteld door gemeenteraad" in detail and f"/agenda/{besluit.id}" in detail


def test_stale_goal_form_keeps_both_texts(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward, goals=("Meer ontmoeting",))
    goal = programme.goals[0]
    login(client, make_user("a@helmond.nl", "team_member", ward))
    form_page = client.get(f"/programmas/{programme.id}/doelen/{goal.id}/bewerken").get_data(as_text=True)
    assert 'name="lock_version" type="hidden" value="1"' in form_page
    # A colleague saves first.
    client.post(
        f"/programmas/{programme.id}/doelen/{goal.id}/bewerken",
        data={
            "title": "Meer ontmoeting",
            "description": "Tekst van de collega",
            "theme_id": "",
            "lock_version": "1",
            "seen_audit_id": "0",
        },
    )
    response = client.post(
        f"/programmas/{programme.id}/doelen/{goal.id}/bewerken",
        data={
            "title": "Meer ontmoeting",
            "description": "Mijn eigen tekst",
            "theme_id": "",
            "lock_version": "1",
            "seen_audit_id": "0",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Iemand anders heeft dit opgeslagen" in html
    assert "Mijn eigen tekst" in html and "Tekst van de collega" in html
    assert 'name="lock_version" type="hidden" value="2"' in html
    db.session.refresh(goal)
    assert goal.description == "Tekst van de collega"


def test_forms_without_csrf_token_are_refused(csrf_client, helmond, make_user):
    _, ward, _ = helmond
    user = make_user("a@helmond.nl", "team_member", ward)
    token = csrf_token(csrf_client, "/inloggen")
    assert (
        csrf_client.post("/inloggen", data={"email": user.email, "password": "correct-horse-battery"}).status_code
        == 400
    )
    csrf_client.post("/inloggen", data={"email": user.email, "password": "correct-horse-battery", "csrf_token": token})
    response = csrf_client.post(
        "/programmas/nieuw",
        data={"area_id": ward.id, "title": "Zonder token", "start_year": "2026", "end_year": "2029"},
    )
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Programme.id))) == 0


def test_login_rejects_wrong_password_with_a_message(client, helmond, make_user):
    _, ward, _ = helmond
    make_user("a@helmond.nl", "team_member", ward)
    response = client.post("/inloggen", data={"email": "a@helmond.nl", "password": "fout-wachtwoord"})
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_pages_send_security_headers(client):
    response = client.get("/inloggen")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert (
        "Strict-Transport-Security" not in client.get("/inloggen", base_url="http://localhost").headers
    )  # no HSTS on http
    secure = client.get("/inloggen", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_behind_the_login_are_not_kept_by_shared_caches(client, helmond, make_user):
    _, ward, _ = helmond
    assert "private" not in client.get("/inloggen").headers.get("Cache-Control", "")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    assert client.get("/").headers["Cache-Control"] == "private, no-cache"


def test_goal_of_another_programme_is_404(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    first, second = make_programme(ward, title="Een"), make_programme(ward, title="Twee")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    goal_of_second = db.session.scalars(select(Goal).where(Goal.programme_id == second.id)).one()
    assert client.get(f"/programmas/{first.id}/doelen/{goal_of_second.id}/bewerken").status_code == 404


def test_bad_programme_input_gets_dutch_messages_beside_fields_and_stores_nothing(client, helmond, make_user):
    _, ward_a, ward_b = helmond
    login(client, make_user("a@helmond.nl", "team_member", ward_a))
    base = {"area_id": ward_a.id, "title": "Goed", "opgave_id": "", "start_year": "2026", "end_year": "2029"}
    cases = [
        ({"area_id": ward_b.id}, "area_id", "alleen gebieden waarin u programma"),  # another ward's id
        ({"start_year": "twintig"}, "start_year", "Vul een jaartal in, bijvoorbeeld 2026."),
        ({"end_year": ""}, "end_year", "Vul een jaartal in."),
        ({"start_year": "1850"}, "start_year", "tussen 2000 en 2100"),
        ({"end_year": "2045"}, "end_year", "hoogstens 12 jaar"),
        ({"summary": "x" * 5001}, "summary", "hoogstens 5.000 tekens"),
        ({"opgave_id": "999999"}, "opgave_id", "Kies een van de mogelijkheden uit de lijst."),
    ]
    for overrides, field, message in cases:
        html = client.post("/programmas/nieuw", data={**base, **overrides}).get_data(as_text=True)
        assert f'id="{field}-fout"' in html and message in html.replace("&#39;", "'"), field
    assert db.session.scalar(select(func.count(Programme.id))) == 0
    assert client.get("/programmas/nieuw?area=WK999999").status_code == 404  # unknown area code
    assert client.get("/programmas/nieuw?area=WK079411").status_code == 404  # a ward without a role


def test_user_without_rights_changes_nothing(client, helmond, make_user, make_programme):
    from planner.programmes.models import ProgrammeVersion

    gm, ward, _ = helmond
    programme = make_programme(ward)
    login(client, make_user("a@helmond.nl", "team_member", ward))
    client.post(f"/programmas/{programme.id}/status/consultatie", data={"to_status": "consultatie"})
    client.post(f"/programmas/{programme.id}/status/besluitvorming", data={"to_status": "besluitvorming"})
    response = client.post(
        f"/programmas/{programme.id}/status/vastgesteld",
        data={"to_status": "vastgesteld", "competent_body": "raad"},
        follow_redirects=True,
    )
    assert "Alleen een gebiedsmanager of beheerder" in response.get_data(as_text=True).replace("&#39;", "'")
    db.session.refresh(programme)
    assert programme.status == "besluitvorming"
    assert db.session.scalar(select(func.count(ProgrammeVersion.id))) == 2
    client.post("/uitloggen")
    login(client, make_user("ctrl@helmond.nl", "controller", gm))  # sees drafts, may not edit them
    assert client.get(f"/programmas/{programme.id}").status_code == 200
    assert client.post(f"/programmas/{programme.id}/bewerken", data={"title": "Weg"}).status_code == 403
    assert (
        client.post(
            "/programmas/nieuw", data={"area_id": ward.id, "title": "X", "start_year": "2026", "end_year": "2029"}
        ).status_code
        == 403
    )
    assert client.post(f"/programmas/{programme.id}/doelen/nieuw", data={"title": "X"}).status_code == 403
    db.session.refresh(programme)
    assert programme.title == "Wijkontwikkelprogramma" and len(programme.goals) == 1
    assert db.session.scalar(select(func.count(Programme.id))) == 1


def test_stale_programme_form_keeps_both_texts(client, helmond, make_user, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward, title="WOP Binnenstad")
    login(client, make_user("a@helmond.nl", "team_member", ward))
    form = {
        "title": "WOP Binnenstad",
        "opgave_id": "",
        "start_year": "2026",
        "end_year": "2029",
        "lock_version": "1",
        "seen_audit_id": "0",
    }
    assert (
        client.post(
            f"/programmas/{programme.id}/bewerken", data={**form, "ambition": "Tekst van de collega"}
        ).status_code
        == 302
    )
    response = client.post(f"/programmas/{programme.id}/bewerken", data={**form, "ambition": "Mijn eigen tekst"})
    html = response.get_data(as_text=True)
    assert "Iemand anders heeft dit opgeslagen" in html
    assert "Mijn eigen tekst" in html and "Tekst van de collega" in html and "<dt>Wat willen we bereiken?</dt>" in html
    db.session.refresh(programme)
    assert programme.ambition == "Tekst van de collega" and programme.lock_version == 2


def test_programme_history_is_paged_newest_first(client, helmond, make_user, make_programme):
    from planner.programmes import services

    _, ward, _ = helmond
    programme = make_programme(ward)
    for i in range(3):
        services.update_programme(programme, programme.lock_version, summary=f"Stap {i}")
    db.session.commit()
    login(client, make_user("a@helmond.nl", "team_member", ward))
    events, more = services.programme_history(programme, page=1, per_page=2)
    assert more and [e.after for e in events] == [{"summary": "Stap 2"}, {"summary": "Stap 1"}]
    last, more = services.programme_history(programme, page=3, per_page=2)  # 5 events: create, goal, 3 updates
    assert not more and [(e.entity_type, e.event) for e in last] == [("Programme", "create")]
    html = client.get(f"/programmas/{programme.id}/historie").get_data(as_text=True)
    assert "Stap 2" in html and "<dt>Samenvatting</dt>" in html and "Oudere wijzigingen" not in html


def test_every_foundation_form_refuses_a_post_without_csrf_token_and_changes_nothing(
    csrf_client, helmond, make_user, make_programme, make_action
):
    from planner.actions.models import Action, Milestone
    from planner.actions.services import add_milestone
    from planner.core.models import AuditEvent

    _, ward, _ = helmond
    programme = make_programme(ward)
    action = make_action(programme)
    milestone = add_milestone(action, "Huurcontract", action.start_date)
    db.session.commit()
    user = make_user("a@helmond.nl", "team_member", ward)
    token = csrf_token(csrf_client, "/inloggen")
    csrf_client.post("/inloggen", data={"email": user.email, "password": "correct-horse-battery", "csrf_token": token})
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    posts = {
        f"/programmas/{programme.id}/bewerken": {
            "title": "Weg",
            "start_year": "2026",
            "end_year": "2029",
            "lock_version": "1",
        },
        f"/programmas/{programme.id}/doelen/nieuw": {"title": "Nieuw doel"},
        f"/programmas/{programme.id}/status/consultatie": {"to_status": "consultatie"},
        f"/programmas/{programme.id}/acties/nieuw": {"title": "Nieuwe actie", "status": "idee", "progress": "0"},
        f"/acties/{action.id}/bewerken": {"title": "Weg", "status": "idee", "progress": "0", "lock_version": "1"},
        f"/acties/{action.id}/mijlpalen": {"title": "Nog een", "due_date": "2026-05-01"},
        f"/mijlpalen/{milestone.id}/gereed": {},
        "/taal": {"language": "en"},
        "/uitloggen": {},
    }
    for url, data in posts.items():
        response = csrf_client.post(url, data=data)
        assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True), url
    db.session.expire_all()
    assert db.session.scalar(select(func.count(AuditEvent.id))) == events
    assert (programme.title, programme.status, len(programme.goals)) == ("Wijkontwikkelprogramma", "concept", 1)
    assert (
        db.session.scalar(select(func.count(Action.id))) == 1
        and db.session.get(Milestone, milestone.id).done_on is None
    )
    assert csrf_client.get("/").status_code == 200  # still logged in, still Dutch
    assert '<html lang="nl">' in csrf_client.get("/").get_data(as_text=True)


def test_search_treats_percent_and_underscore_as_text_and_stays_scoped(client, helmond, make_user, make_programme):
    _, ward_a, ward_b = helmond
    make_programme(ward_a, title="Binnenstad 100% groen")
    make_programme(ward_a, title="Binnenstad veilig")
    make_programme(ward_b, title="Oost 100% groen")
    login(client, make_user("a@helmond.nl", "team_member", ward_a))
    html = client.get("/programmas/zoeken?q=0%25").get_data(as_text=True)
    assert "Binnenstad 100% groen" in html and "Binnenstad veilig" not in html and "Oost" not in html
    assert "Binnenstad veilig" not in client.get("/programmas/zoeken?q=__").get_data(as_text=True)
    assert "Binnenstad" in client.get("/gebieden?q=binnen").get_data(as_text=True)
    assert "Binnenstad" not in client.get("/gebieden?q=%25%25").get_data(as_text=True)
