"""Public consultation pages through the test client, with CSRF checks on as in production."""

import re

from sqlalchemy import func, select

from planner.extensions import db
from planner.participation import services
from planner.participation.models import Contribution


def _token(client, url):
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def _post(client, programme, text="Meer bankjes graag", url=None, **extra):
    url = url or f"/inspraak/{programme.id}/reageren"
    data = {"text": text, "name": "", "email": "", "website": "", "token": _token(client, url), **extra}
    return client.post(url, data=data)


def _count():
    return db.session.scalar(select(func.count(Contribution.id)))


def test_public_pages_set_no_cookie(csrf_client, world):
    p = world["prog_a"]
    for url in (
        f"/inspraak/{p.id}",
        f"/inspraak/{p.id}/reageren",
        f"/inspraak/{p.id}/reageren?doel={world['goal_a'].id}",
        f"/inspraak/{p.id}/terugkoppeling",
        "/inspraak/privacy",
        f"/inspraak/{p.id}/bedankt",
        "/inspraak/999999",
    ):
        response = csrf_client.get(url)
        assert response.status_code in (200, 404), url
        assert "Set-Cookie" not in response.headers, url
    response = _post(csrf_client, p)
    assert response.status_code == 302 and "Set-Cookie" not in response.headers


def test_draft_shows_goals_and_actions_with_a_reaction_link_each(csrf_client, world):
    html = csrf_client.get(f"/inspraak/{world['prog_a'].id}").get_data(as_text=True)
    assert "Doel 1: Meer ontmoeting" in html and "Actie 1: Buurtkamer openen" in html
    assert f"reageren?doel={world['goal_a'].id}" in html and f"reageren?actie={world['action_a'].id}" in html


def test_reaction_with_script_is_stored_and_shown_as_text(csrf_client, world):
    p = world["prog_a"]
    evil = '<script>alert("x")</script> =HYPERLINK("http://evil")'
    response = _post(csrf_client, p, text=evil, url=f"/inspraak/{p.id}/reageren?actie={world['action_a'].id}")
    assert response.headers["Location"].endswith(f"/inspraak/{p.id}/bedankt")
    c = db.session.scalars(select(Contribution)).one()
    assert c.text == evil and c.action_id == world["action_a"].id and c.moderation == "te_modereren"
    assert evil not in csrf_client.get(f"/inspraak/{p.id}/terugkoppeling").get_data(as_text=True)  # not yet moderated
    services.moderate(world["team_a"], p, [c.id], "gepubliceerd")
    db.session.commit()
    html = csrf_client.get(f"/inspraak/{p.id}/terugkoppeling").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html


def test_missing_or_forged_token_and_foreign_origin_store_nothing(csrf_client, world):
    p = world["prog_a"]
    url = f"/inspraak/{p.id}/reageren"
    assert csrf_client.post(url, data={"text": "hoi", "token": ""}).status_code == 400
    assert csrf_client.post(url, data={"text": "hoi", "token": "abc.def"}).status_code == 400
    other = _token(csrf_client, f"/inspraak/{world['prog_b'].id}/reageren")
    assert csrf_client.post(url, data={"text": "hoi", "token": other}).status_code == 400
    response = csrf_client.post(
        url, data={"text": "hoi", "token": _token(csrf_client, url)}, headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 400 and "niet opgeslagen" in response.get_data(as_text=True)
    assert _count() == 0


def test_invalid_reaction_shows_dutch_message_beside_the_field(csrf_client, world):
    p = world["prog_a"]
    html = _post(csrf_client, p, text="").get_data(as_text=True)
    assert 'id="text-fout"' in html and "Schrijf uw reactie" in html
    html = _post(csrf_client, p, text="x" * 2001).get_data(as_text=True)
    assert 'id="text-fout"' in html and "hoogstens 2000 tekens" in html
    html = _post(csrf_client, p, name="Jan").get_data(as_text=True)
    assert 'id="consent-fout"' in html and "toestemming" in html
    assert _count() == 0


def test_name_and_email_with_consent_are_kept_but_never_shown_publicly(csrf_client, world):
    p = world["prog_a"]
    _post(csrf_client, p, name="Jan Jansen", email="jan@example.nl", consent="y")
    c = db.session.scalars(select(Contribution)).one()
    assert c.contact.email == "jan@example.nl"
    services.moderate(world["team_a"], p, [c.id], "gepubliceerd")
    db.session.commit()
    html = csrf_client.get(f"/inspraak/{p.id}/terugkoppeling").get_data(as_text=True)
    assert "Meer bankjes" in html and "Jansen" not in html and "jan@example.nl" not in html


def test_honeypot_looks_like_success_but_stores_nothing(csrf_client, world):
    response = _post(csrf_client, world["prog_a"], website="http://spam.example")
    assert response.status_code == 302 and _count() == 0


def test_flood_gets_a_dutch_429(csrf_client, world):
    p = world["prog_a"]
    for i in range(services.RATE_LIMIT):
        assert _post(csrf_client, p, text=f"reactie {i}").status_code == 302
    response = _post(csrf_client, p, text="nog een")
    assert response.status_code == 429 and "Wacht 10 minuten" in response.get_data(as_text=True)
    assert _count() == services.RATE_LIMIT


def test_programme_not_in_consultation(csrf_client, world, adopt, make_programme):
    p = world["prog_a"]
    token = _token(csrf_client, f"/inspraak/{p.id}/reageren")
    concept = make_programme(world["ward_a"], title="Geheim concept")
    response = csrf_client.get(f"/inspraak/{concept.id}")
    assert response.status_code == 404 and "Geheim concept" not in response.get_data(as_text=True)
    assert csrf_client.get(f"/inspraak/{concept.id}/terugkoppeling").status_code == 404
    adopt(p)
    response = csrf_client.post(f"/inspraak/{p.id}/reageren", data={"text": "te laat", "token": token})
    assert response.status_code == 409 and "niet opgeslagen" in response.get_data(as_text=True)
    assert _count() == 0
    assert csrf_client.get(f"/inspraak/{p.id}/terugkoppeling").status_code == 200


def test_feedback_shows_response_and_the_action_it_shaped(csrf_client, world, react, adopt):
    p, action = world["prog_a"], world["action_a"]
    c = react(p, text="Buurtkamer ook voor jongeren")
    hidden = react(p, text="Onzin die wordt afgewezen", ip_hash="h2")
    services.moderate(world["team_a"], p, [c.id], "gepubliceerd")
    services.moderate(world["team_a"], p, [hidden.id], "afgewezen")
    services.respond(
        world["team_a"],
        c,
        status="overgenomen",
        response="We openen op woensdagmiddag voor jongeren.",
        action_ids=[action.id],
    )
    db.session.commit()
    adopt(p)
    html = csrf_client.get(f"/inspraak/{p.id}/terugkoppeling").get_data(as_text=True)
    assert "Buurtkamer ook voor jongeren" in html and "woensdagmiddag" in html
    assert "Actie 1: Buurtkamer openen" in html and "Overgenomen" in html
    assert "Onzin" not in html
