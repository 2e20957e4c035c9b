"""The internal comment round on a concept programme: partners at the table and the team comment per goal or
action, the team answers; the round closes when the programme goes to consultatie and stays with that version.
Council readers never see it, a partner not at the table gets 404, bad input stores nothing."""

from __future__ import annotations

from flask import g
from sqlalchemy import func, select

from planner.actions.models import Action
from planner.core.models import AuditEvent, User
from planner.demo import content
from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.opgaven.services import grant_partner
from planner.programmes.comments import services
from planner.programmes.comments.models import DraftComment
from planner.programmes.models import Programme
from planner.programmes.services import transition
from tests.helpers import login

PARTNER = f"partner.woonpartners@{content.DOMAIN}"


def _user(email) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _as(client, email, password=content.PASSWORD):
    g.pop("_login_user", None)
    fresh = client.application.test_client()
    login(fresh, _user(email), password=password)
    return fresh


def _programme(title_part) -> Programme:
    return db.session.scalars(select(Programme).where(Programme.title.contains(title_part))).one()


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(DraftComment))


def _page(client, programme) -> str:
    response = client.get(f"/programmas/{programme.id}/opmerkingen")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_demo_round_shows_the_partners_comments_with_organisation_and_the_teams_answer(client, demo):
    noord = _programme("Helmond-Noord")
    partner = _as(client, PARTNER)
    html = _page(partner, noord)
    assert "Ilse Janssen (Woonpartners)" in html
    assert "Kunnen de huurders van Woonpartners in Noord meedoen" in html
    assert "Antwoord van Mark van den Heuvel" in html and "Verwerkt" in html
    assert "Nog niet beantwoord" in html and "Lopende ronde, op het concept voor versie 1" in html
    assert "Beantwoorden" not in html  # partners comment, the team answers
    detail = partner.get(f"/programmas/{noord.id}").get_data(as_text=True)
    assert "Interne ronde (1 onbeantwoord)" in detail and "1 onbeantwoorde opmerking" in detail
    team = _as(client, f"gebiedsmanager@{content.DOMAIN}")
    assert "Beantwoorden" in _page(team, noord)
    action = noord.actions[0]
    assert "Kunnen de huurders" in team.get(f"/acties/{action.id}").get_data(as_text=True)


def test_partner_comments_on_an_action_kept_with_the_drafting_version_and_audited(client, demo):
    noord = _programme("Helmond-Noord")
    action = db.session.scalars(select(Action).where(Action.title == "Warmtekaart Helmond-Noord")).one()
    partner = _as(client, PARTNER)
    response = partner.post(
        f"/programmas/{noord.id}/opmerkingen",
        data={"subject": f"actie-{action.id}", "text": "  Graag ook de corporatiewoningen op de warmtekaart.  "},
    )
    assert response.status_code == 302
    comment = db.session.scalars(select(DraftComment).where(DraftComment.action_id == action.id)).one()
    assert comment.text == "Graag ook de corporatiewoningen op de warmtekaart."
    assert comment.version_number == services.drafting_version(noord) == 1
    assert comment.organisation.name == "Woonpartners" and comment.author_name == "Ilse Janssen"
    assert comment.subject_label == f"Actie {action.number}: Warmtekaart Helmond-Noord"
    assert db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.entity_type == "DraftComment", AuditEvent.entity_id == comment.id)
    )


def test_bad_comments_get_a_dutch_message_and_store_nothing(client, demo):
    noord, binnenstad = _programme("Helmond-Noord"), _programme("Binnenstad")
    before = _count()
    partner = _as(client, PARTNER)
    url = f"/programmas/{noord.id}/opmerkingen"
    cases = (
        ({"subject": "programma", "text": "   "}, "Schrijf uw opmerking."),
        ({"subject": "programma", "text": "x" * 2001}, "Hoogstens 2.000 tekens."),
        ({"subject": f"doel-{binnenstad.goals[0].id}", "text": "Over een ander programma"}, "van dit programma"),
        ({"subject": f"actie-{binnenstad.actions[0].id}", "text": "Over een ander programma"}, "van dit programma"),
        ({"subject": "doel-abc", "text": "Onzin"}, "van dit programma"),
    )
    for data, message in cases:
        response = partner.post(url, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    db.session.rollback()
    assert _count() == before


def test_answering_needs_edit_rights_and_the_team_answer_is_stored_and_audited(client, demo):
    noord = _programme("Helmond-Noord")
    open_comment = db.session.scalars(select(DraftComment).where(DraftComment.answered_at.is_(None))).first()
    url = f"/programmas/{noord.id}/opmerkingen/{open_comment.id}/antwoord"
    prefix = f"c{open_comment.id}-"
    version = {prefix + "lock_version": open_comment.lock_version}
    data = {prefix + "answer": "We nemen huurders op in het doel.", prefix + "outcome": "verwerkt", **version}
    controller = _as(client, f"controller@{content.DOMAIN}")
    assert "Ilse Janssen" in _page(controller, noord)  # sees the drafts, and so the round
    assert controller.post(url, data=data).status_code == 403
    assert _as(client, PARTNER).post(url, data=data).status_code == 404  # a page closed to partners
    db.session.rollback()
    assert db.session.get(DraftComment, open_comment.id).answered_at is None

    team = _as(client, f"gebiedsmanager@{content.DOMAIN}")
    empty = team.post(url, data={prefix + "answer": " ", prefix + "outcome": "verwerkt", **version})
    assert empty.status_code == 422 and "Schrijf het antwoord" in empty.get_data(as_text=True)
    wrong = team.post(url, data={prefix + "answer": "Goed punt.", prefix + "outcome": "misschien", **version})
    assert wrong.status_code == 422 and "Kies wat er met de opmerking is gedaan." in wrong.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(DraftComment, open_comment.id).answered_at is None
    assert team.post(url, data=data).status_code == 302
    db.session.rollback()
    answered = db.session.get(DraftComment, open_comment.id)
    assert answered.answer == "We nemen huurders op in het doel." and answered.outcome == "verwerkt"
    assert answered.answered_by_name == "Mark van den Heuvel" and answered.answered_at is not None
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "DraftComment", AuditEvent.entity_id == answered.id)
    ).all()
    assert any(e.event == "update" and "answer" in (e.after or {}) for e in events)
    assert "Verwerkt" in _page(_as(client, PARTNER), noord)


def test_readers_other_wards_and_partners_not_at_the_table_get_404(client, demo, make_user):
    noord, binnenstad = _programme("Helmond-Noord"), _programme("Binnenstad")
    reader = _as(client, f"raadslid@{content.DOMAIN}")
    assert binnenstad.status in ("vastgesteld", "uitvoering")
    assert reader.get(f"/programmas/{binnenstad.id}").status_code == 200
    assert reader.get(f"/programmas/{binnenstad.id}/opmerkingen").status_code == 404
    assert "Interne ronde" not in reader.get(f"/programmas/{binnenstad.id}").get_data(as_text=True)
    assert reader.get(f"/programmas/{noord.id}/opmerkingen").status_code == 404
    assert _as(client, f"team.oost@{content.DOMAIN}").get(f"/programmas/{noord.id}/opmerkingen").status_code == 404

    outsider = make_user("lid@volksbelang.nl")
    west = _programme("Helmond-West")
    grant_partner(
        outsider,
        None,
        db.session.scalars(select(Organisation).where(Organisation.name == "Volksbelang")).one(),
        programme=west,
    )
    db.session.commit()
    before = _count()
    stranger = _as(client, "lid@volksbelang.nl", password="correct-horse-battery")
    assert stranger.get(f"/programmas/{noord.id}/opmerkingen").status_code == 404
    assert (
        stranger.post(f"/programmas/{noord.id}/opmerkingen", data={"subject": "programma", "text": "Hoi"}).status_code
        == 404
    )
    db.session.rollback()
    assert _count() == before


def test_the_round_closes_at_consultatie_and_stays_with_that_version_read_only(client, demo):
    noord = _programme("Helmond-Noord")
    manager = _user(f"gebiedsmanager@{content.DOMAIN}")
    version = transition(noord, "consultatie", manager)
    db.session.commit()
    assert version.number == 1
    before = _count()
    partner = _as(client, PARTNER)
    html = _page(partner, noord)
    assert "De interne ronde is gesloten" in html and "Ronde op het concept voor versie 1 (gesloten)" in html
    assert "Kunnen de huurders" in html and "Opmerking opslaan" not in html
    refused = partner.post(f"/programmas/{noord.id}/opmerkingen", data={"subject": "programma", "text": "Nog iets"})
    assert refused.status_code == 422 and "De interne ronde is gesloten" in refused.get_data(as_text=True)
    comment = db.session.scalars(select(DraftComment).where(DraftComment.answered_at.is_(None))).first()
    team = _as(client, f"gebiedsmanager@{content.DOMAIN}")
    assert "Beantwoorden" not in _page(team, noord)
    prefix = f"c{comment.id}-"
    late = team.post(
        f"/programmas/{noord.id}/opmerkingen/{comment.id}/antwoord",
        data={prefix + "answer": "Te laat", prefix + "outcome": "beantwoord"},
    )
    assert late.status_code == 422 and "De interne ronde is gesloten" in late.get_data(as_text=True)
    db.session.rollback()
    assert _count() == before and db.session.get(DraftComment, comment.id).answered_at is None
    versions = team.get(f"/programmas/{noord.id}/versies").get_data(as_text=True)
    assert "Ronde op het concept voor versie 1" in versions and "2 opmerkingen" in versions
    assert "Ronde op het concept voor versie 1" in _page(team, noord)


def test_the_step_to_consultatie_warns_that_the_round_closes_with_unanswered_comments(client, demo):
    noord = _programme("Helmond-Noord")
    team = _as(client, f"gebiedsmanager@{content.DOMAIN}")
    page = team.get(f"/programmas/{noord.id}/status/consultatie").get_data(as_text=True)
    assert "De interne ronde sluit" in page and "1 opmerking is nog niet beantwoord." in page


def test_every_link_the_partner_sees_around_the_round_opens(client, demo):
    import re

    noord = _programme("Helmond-Noord")
    partner = _as(client, PARTNER)
    pages = [f"/programmas/{noord.id}", f"/programmas/{noord.id}/opmerkingen", f"/acties/{noord.actions[0].id}"]
    links = set()
    for url in pages:
        links |= set(re.findall(r'href="(/[^"#]*)', partner.get(url).get_data(as_text=True)))
    links = {link.replace("&amp;", "&") for link in links if not link.startswith(("/static", "/vendor"))}
    assert f"/programmas/{noord.id}/opmerkingen" in links
    for link in sorted(links):
        assert partner.get(link).status_code == 200, link


def test_back_to_concept_opens_a_new_round_and_the_old_one_stays_closed(demo):
    from planner.core.errors import PlannerError

    noord = _programme("Helmond-Noord")
    manager = _user(f"gebiedsmanager@{content.DOMAIN}")
    old = db.session.scalars(select(DraftComment).where(DraftComment.answered_at.is_(None))).first()
    transition(noord, "consultatie", manager)
    transition(noord, "concept", manager)
    assert services.round_is_open(noord) and services.drafting_version(noord) == 3
    try:
        services.answer_comment(manager, old, answer="Alsnog", outcome="beantwoord")
    except PlannerError as refused:
        assert "gesloten ronde voor versie 1" in str(refused)
    else:
        raise AssertionError("an answer in a closed round was stored")
    new = services.add_comment(manager, noord, None, "Nieuwe ronde, nieuwe opmerking.")
    assert new.version_number == 3 and new.organisation is None
    rounds = services.rounds(noord)
    assert [(r.version_number, r.open, r.count) for r in rounds] == [(3, True, 1), (1, False, 2)]
