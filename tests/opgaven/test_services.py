"""Opgave rules: the lifecycle with reasons, the table, who is missing, figures, and the reference lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.core.errors import PlannerError
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.opgaven import services
from planner.opgaven.models import Agreement, Opgave, Organisation, Seat
from planner.opgaven.services import ActionRow, owner_matches, programme_progress
from tests.helpers import adoption


def _refused(call, field: str) -> str:
    with pytest.raises(PlannerError) as caught:
        call()
    db.session.rollback()
    assert caught.value.field == field, caught.value.message
    return caught.value.message


# ---- the lifecycle --------------------------------------------------------------------------------


def test_a_new_opgave_starts_in_signalering_and_is_audited(helmond, make_opgave):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    assert opgave.status == "signalering"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "Opgave"))
    assert event.event == "create" and event.entity_id == opgave.id


def test_an_opgave_needs_its_one_sentence(helmond):
    _, ward, _ = helmond
    message = _refused(lambda: services.create_opgave(area=ward, title="Armoede", statement="  "), "statement")
    assert "één zin" in message
    assert db.session.scalar(select(func.count()).select_from(Opgave)) == 0


def test_a_step_forward_with_a_reason_is_recorded_in_the_audit_trail(helmond, make_opgave):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    services.change_status(opgave, "verkenning", "Signalen van scholen bevestigd door de JGZ-cijfers.")
    db.session.commit()
    assert (opgave.status, opgave.status_reason) == (
        "verkenning",
        "Signalen van scholen bevestigd door de JGZ-cijfers.",
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.event == "transition"))
    assert event.before["status"] == "signalering" and event.after["status"] == "verkenning"
    assert event.after["status_reason"].startswith("Signalen van scholen")
    steps = services.lifecycle(opgave)
    assert [(s.frm, s.to) for s in steps] == [(None, "signalering"), ("signalering", "verkenning")]
    assert steps[-1].reason.startswith("Signalen")


def test_every_step_needs_a_reason_and_nothing_changes_without_one(helmond, make_opgave):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    message = _refused(lambda: services.change_status(opgave, "verkenning", "   "), "reason")
    assert "reden" in message
    assert db.session.get(Opgave, opgave.id).status == "signalering"


def test_a_step_back_needs_a_reason_too_and_says_so(helmond, make_opgave):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    for step in ("verkenning", "programmering"):
        services.change_status(opgave, step, "Besloten in het opgaveteam.")
    db.session.commit()
    message = _refused(lambda: services.change_status(opgave, "verkenning", ""), "reason")
    assert "stap terug" in message
    services.change_status(opgave, "verkenning", "Het warmtenet blijkt niet haalbaar; we verkennen opnieuw.")
    db.session.commit()
    assert opgave.status == "verkenning"


def test_an_opgave_moves_forward_one_phase_at_a_time(helmond, make_opgave):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    message = _refused(lambda: services.change_status(opgave, "uitvoering", "Het college wil snel."), "to_status")
    assert "één fase tegelijk" in message and "Verkenning" in message
    _refused(lambda: services.change_status(opgave, "signalering", "Nog eens."), "to_status")
    _refused(lambda: services.change_status(opgave, "klaar", "Klaar."), "to_status")


def test_allowed_steps_are_the_next_phase_and_every_earlier_one():
    assert services.allowed_steps("signalering") == ["verkenning"]
    assert services.allowed_steps("uitvoering") == ["afgerond", "programmering", "verkenning", "signalering"]
    assert services.allowed_steps("afgerond") == ["uitvoering", "programmering", "verkenning", "signalering"]


def test_a_stale_edit_is_refused(helmond, make_opgave):
    from planner.core.errors import StaleEditError

    _, ward, _ = helmond
    opgave = make_opgave(ward)
    services.update_opgave(opgave, opgave.lock_version, priority="hoog")
    db.session.commit()
    with pytest.raises(StaleEditError):
        services.update_opgave(opgave, 1, priority="laag")


# ---- list and scoping -----------------------------------------------------------------------------


def test_a_ward_team_sees_only_opgaven_in_its_ward_and_filters_narrow_the_list(helmond, make_opgave, make_user, theme):
    gm, ward, other = helmond
    mine = make_opgave(ward, title="Binnenstad levendig", themes=[theme("Veiligheid")], priority="hoog")
    make_opgave(other, title="Oost gezond")
    make_opgave(gm, title="Hele stad")
    team = make_user("team@helmond.nl", "team_member", ward)
    reader = make_user("raad@helmond.nl", "reader", gm)
    assert [o.title for o in services.list_opgaven(team, services.Filters())] == ["Binnenstad levendig"]
    assert len(services.list_opgaven(reader, services.Filters())) == 3
    assert services.list_opgaven(reader, services.Filters(area=ward)) == [mine]
    assert services.list_opgaven(reader, services.Filters(theme_id=theme("Veiligheid").id)) == [mine]
    assert services.list_opgaven(reader, services.Filters(priority="hoog")) == [mine]
    assert [o.title for o in services.list_opgaven(reader, services.Filters(level="gemeente"))] == ["Hele stad"]
    assert services.list_opgaven(reader, services.Filters(status="verkenning")) == []


# ---- figures ----------------------------------------------------------------------------------------


def test_programme_progress_weighs_top_level_actions_and_rolls_up_children():
    rows = [
        ActionRow(1, None, 0, Decimal(1), "loopt"),  # parent: takes its children's 50 and 100 (1:1)
        ActionRow(2, 1, 50, Decimal(1), "loopt"),
        ActionRow(3, 1, 100, Decimal(1), "afgerond"),
        ActionRow(4, 1, 0, Decimal(1), "gestopt"),  # a stopped child does not count
        ActionRow(5, None, 25, Decimal(3), "loopt"),  # weight 3
        ActionRow(6, None, 90, Decimal(1), "gestopt"),
    ]  # a stopped action does not count
    assert programme_progress(rows) == round((75 * 1 + 25 * 3) / 4)
    assert programme_progress([]) is None


def test_the_hub_shows_visible_programmes_with_progress_money_and_actions(
    helmond, make_opgave, make_programme, make_action, make_user, allocate
):
    from planner.programmes.services import transition, update_programme

    gm, ward, _ = helmond
    opgave = make_opgave(ward)
    adopted = make_programme(ward, title="Vastgesteld programma")
    draft = make_programme(ward, title="Concept programma")
    for p in (adopted, draft):
        update_programme(p, None, opgave=opgave)
    a1 = make_action(adopted, "Voorleesexpress", progress=40, status="loopt")
    make_action(draft, "Beweegtuin", progress=10, status="gepland")
    manager = make_user("manager@helmond.nl", "area_manager", gm)
    for step in ("consultatie", "besluitvorming", "vastgesteld"):
        transition(adopted, step, manager, **(adoption(adopted) if step == "vastgesteld" else {}))
    db.session.commit()
    allocate(a1, "12500.00", 2026)
    allocate(a1, "2500.50", 2027)

    team = make_user("team@helmond.nl", "team_member", ward)
    hub = services.hub(team, opgave)
    assert {f.programme.title: f.progress for f in hub.programmes} == {
        "Vastgesteld programma": 40,
        "Concept programma": 10,
    }
    assert hub.allocated_by_year == {2026: Decimal("12500.00"), 2027: Decimal("2500.50")}
    assert hub.allocated_total == Decimal("15000.50")

    reader = make_user("raad@helmond.nl", "reader", gm)  # a reader never sees a concept programme or its actions
    hub = services.hub(reader, opgave)
    assert [f.programme.title for f in hub.programmes] == ["Vastgesteld programma"]
    assert [a.title for a in hub.actions] == ["Voorleesexpress"]
    assert hub.programmes[0].allocated == Decimal("15000.50")

    portfolio = services.portfolio(reader)
    assert [(r.opgave, r.programmes, r.progress, r.allocated) for r in portfolio.rows] == [
        (opgave, 1, 40, Decimal("15000.50"))
    ]
    assert portfolio.matrix == {ward: {"signalering": 1}}


# ---- the table --------------------------------------------------------------------------------------


def test_a_party_sits_once_at_a_table_and_a_deactivated_one_not_at_all(helmond, make_opgave, make_organisation, seat):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    woon = make_organisation()
    seat(opgave, woon, role="financier", brings=["geld", "locaties"], contacts="Ria Jansen (projectleider)")
    assert "zit al aan tafel" in _refused(lambda: services.seat_party(opgave, woon, role="adviseur"), "organisation_id")
    old = make_organisation("Oude stichting", "overig")
    services.set_organisation_active(old, False)
    assert "gedeactiveerd" in _refused(lambda: services.seat_party(opgave, old, role="adviseur"), "organisation_id")
    _refused(lambda: services.seat_party(opgave, None, role="adviseur"), "organisation_id")
    _refused(lambda: services.seat_party(opgave, make_organisation("GGD", "zorg_welzijn"), role="baas"), "role")
    assert [s.brings for s in opgave.seats] == [["geld", "locaties"]]


def test_an_agreement_needs_a_party_at_the_table_a_text_and_sane_dates(
    helmond, make_opgave, make_organisation, seat, make_user
):
    _, ward, _ = helmond
    user = make_user("team@helmond.nl", "team_member", ward)
    opgave = make_opgave(ward)
    woon, ggd = make_organisation(), make_organisation("GGD", "zorg_welzijn")
    seat(opgave, woon)
    values = dict(made_on=date(2026, 3, 1), text="Woonbedrijf bouwt 18 woningen.")
    assert "partij" in _refused(
        lambda: services.record_agreement(user, opgave, organisation=None, **values), "organisation_id"
    )
    assert "niet aan tafel" in _refused(
        lambda: services.record_agreement(user, opgave, organisation=ggd, **values), "organisation_id"
    )
    _refused(lambda: services.record_agreement(user, opgave, organisation=woon, made_on=None, text="x"), "made_on")
    _refused(
        lambda: services.record_agreement(user, opgave, organisation=woon, made_on=date(2026, 3, 1), text=" "), "text"
    )
    _refused(
        lambda: services.record_agreement(user, opgave, organisation=woon, due_date=date(2026, 2, 1), **values),
        "due_date",
    )
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 0
    services.record_agreement(user, opgave, organisation=woon, **values)
    db.session.commit()
    assert [a.status for a in opgave.agreements] == ["open"]


def test_an_agreement_links_only_actions_of_its_own_opgave(
    helmond, make_opgave, make_organisation, seat, make_programme, make_action, make_user
):
    from planner.programmes.services import update_programme

    _, ward, _ = helmond
    user = make_user("team@helmond.nl", "team_member", ward)
    opgave, other = make_opgave(ward), make_opgave(ward, title="Andere opgave")
    programme = make_programme(ward)
    update_programme(programme, None, opgave=opgave)
    ours = make_action(programme, "Voorleesexpress")
    theirs = make_action(
        programme, "Iets anders", opgave=other
    )  # an action may serve another opgave than its programme's
    woon = make_organisation()
    seat(opgave, woon)
    values = dict(organisation=woon, made_on=date(2026, 3, 1), text="Afspraak")
    _refused(lambda: services.record_agreement(user, opgave, actions=[theirs], **values), "action_ids")
    agreement = services.record_agreement(user, opgave, actions=[ours], **values)
    assert agreement.actions == [ours]


def test_a_party_with_agreements_stays_at_the_table(helmond, make_opgave, make_organisation, seat, make_user):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    woon = make_organisation()
    s = seat(opgave, woon)
    agreement = services.record_agreement(
        make_user("t@h.nl", "team_member", ward), opgave, organisation=woon, made_on=date(2026, 1, 5), text="Afspraak"
    )
    db.session.commit()
    with pytest.raises(PlannerError, match="open afspraken"):
        services.unseat(s)
    db.session.rollback()
    assert db.session.get(Seat, (opgave.id, woon.id)) is not None

    # Once the agreement is settled the party may leave; the agreement stays, with the party, as history.
    agreement.status = "nagekomen"
    db.session.flush()
    services.unseat(s)
    db.session.commit()
    assert db.session.get(Seat, (opgave.id, woon.id)) is None
    assert db.session.get(Agreement, agreement.id).organisation == woon


def test_a_meeting_records_who_was_there_from_the_parties_at_the_table(helmond, make_opgave, make_organisation, seat):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    woon, ggd = make_organisation(), make_organisation("GGD", "zorg_welzijn")
    seat(opgave, woon)
    _refused(lambda: services.record_meeting(opgave, held_on=date(2026, 2, 1), attendees=[]), "attendee_ids")
    _refused(lambda: services.record_meeting(opgave, held_on=date(2026, 2, 1), attendees=[ggd]), "attendee_ids")
    _refused(lambda: services.record_meeting(opgave, held_on=None, attendees=[woon]), "held_on")
    meeting = services.record_meeting(opgave, held_on=date(2026, 2, 1), title="Eerste tafel", attendees=[woon])
    assert meeting.attendees == [woon]


# ---- who is missing -------------------------------------------------------------------------------


def test_owner_matches_a_party_name_either_way_or_a_contact_person(helmond, make_opgave, make_organisation, seat):
    _, ward, _ = helmond
    opgave = make_opgave(ward)
    seat(opgave, make_organisation("Gemeente Helmond", "gemeente"))
    seat(opgave, make_organisation("LEV-groep", "zorg_welzijn"), contacts="Jeroen Bekkers (opbouwwerker), 06-12345678")
    seats = opgave.seats
    assert owner_matches("Gemeente Helmond – Openbare ruimte", seats)
    assert owner_matches("lev groep", seats)
    assert owner_matches("Jeroen Bekkers", seats)
    assert not owner_matches("Woonpartners", seats)
    assert not owner_matches("", seats)


def test_who_is_missing_names_uncovered_themes_loose_agreements_and_unseated_trekkers(
    helmond, make_opgave, make_organisation, seat, theme, make_programme, make_action, make_user
):
    from planner.programmes.services import update_programme

    _, ward, _ = helmond
    team = make_user("team@helmond.nl", "team_member", ward)
    wonen = theme("Wonen", ["woningcorporatie", "bewonersorganisatie"])
    onderwijs = theme("Onderwijs & opvoeding", ["onderwijs"])
    opgave = make_opgave(ward, themes=[wonen, onderwijs, theme("Duurzaamheid", [])])
    lev = make_organisation("LEV-groep", "zorg_welzijn")
    seat(opgave, lev)
    seat(opgave, make_organisation("ROC Ter AA", "onderwijs"))
    programme = make_programme(ward)
    update_programme(programme, None, opgave=opgave)
    woonpartners = make_organisation("Woonpartners", "woningcorporatie")
    carried = make_action(programme, "Voorleesexpress", owner_organisation=lev)
    make_action(programme, "Renovatie", owner_organisation=woonpartners, owner_person="Fatima el Amrani")
    make_action(programme, "Klaar", owner_person="Onbekend", status="afgerond", progress=100)
    services.record_agreement(team, opgave, organisation=lev, made_on=date(2026, 1, 5), text="Twintig vrijwilligers")
    services.record_agreement(
        team, opgave, organisation=lev, made_on=date(2026, 1, 5), text="Voorlezen", actions=[carried]
    )
    db.session.commit()

    missing = services.who_is_missing(team, opgave)
    assert [(t.name, kinds) for t, kinds in missing.themes] == [
        ("Wonen", ["Bewoners en bewonersorganisaties", "Woningcorporatie"])
    ]
    assert {o.name: [a.text for a in agreements] for o, agreements in missing.agreements_without_action.items()} == {
        "LEV-groep": ["Twintig vrijwilligers"]
    }
    assert [a.title for a in missing.unmatched_owners] == ["Renovatie"]
    assert missing.count == 3

    seat(opgave, woonpartners)
    missing = services.who_is_missing(team, opgave)
    assert missing.themes == [] and missing.unmatched_owners == []


# ---- reference lists --------------------------------------------------------------------------------


def test_organisation_names_are_unique_whatever_the_case(ctx, make_organisation):
    make_organisation("woCom")
    assert "al een organisatie" in _refused(
        lambda: services.save_organisation(None, name=" WOCOM ", kind="overig"), "name"
    )
    _refused(lambda: services.save_organisation(None, name="Nieuw", kind="sekte"), "kind")


def test_merging_an_organisation_into_itself_is_refused_in_dutch(ctx, make_organisation):
    woon = make_organisation()
    message = _refused(lambda: services.merge_organisations(woon, woon), "target_id")
    assert message.startswith("Een organisatie kan niet met zichzelf worden samengevoegd")


def test_merging_moves_seats_agreements_and_action_partners_and_keeps_the_duplicate_inactive(
    helmond, make_opgave, make_organisation, seat, make_programme, make_action, make_user
):
    _, ward, _ = helmond
    team = make_user("team@helmond.nl", "team_member", ward)
    opgave, second = make_opgave(ward), make_opgave(ward, title="Tweede")
    real, duplicate = make_organisation("Woonpartners"), make_organisation("Woon Partners")
    seat(opgave, duplicate, contacts="Ria Jansen")
    seat(second, duplicate)
    seat(second, real, contacts="Kees de Groot")
    services.record_agreement(team, opgave, organisation=duplicate, made_on=date(2026, 1, 5), text="Bouwen")
    action = make_action(make_programme(ward), "Renovatie", partners=[duplicate])
    db.session.commit()

    services.merge_organisations(duplicate, real)
    db.session.commit()
    assert [s.organisation for s in opgave.seats] == [real] and opgave.seats[0].contacts == "Ria Jansen"
    assert [s.organisation for s in second.seats] == [real] and second.seats[0].contacts == "Kees de Groot"
    assert [a.organisation for a in opgave.agreements] == [real]
    assert db.session.get(type(action), action.id).partners == [real]
    duplicate = db.session.get(Organisation, duplicate.id)
    assert (duplicate.active, duplicate.merged_into) == (False, real)
    with pytest.raises(PlannerError, match="samengevoegd"):
        services.set_organisation_active(duplicate, True)


def test_themes_are_renamed_reordered_and_deactivated_but_stay_on_what_has_them(helmond, make_opgave, theme):
    _, ward, _ = helmond
    wonen = theme("Wonen")
    opgave = make_opgave(ward, themes=[wonen])
    _refused(lambda: services.save_theme(wonen, name="veiligheid"), "name")
    _refused(lambda: services.save_theme(None, name="Sport", party_kinds=["sportclub"]), "party_kinds")
    services.save_theme(wonen, name="Wonen en woonomgeving", party_kinds=["woningcorporatie"])
    sport = services.save_theme(None, name="Sport", party_kinds=["bewonersorganisatie", "onderwijs"])
    services.move_theme(sport, -1)
    services.set_theme_active(wonen, False)
    db.session.commit()
    names = [t.name for t in services.theme_choices()]
    assert names[-2:] == ["Sport", "Duurzaamheid"] and "Wonen en woonomgeving" not in names
    assert sport.party_kinds == ["bewonersorganisatie", "onderwijs"]
    assert [t.name for t in services.theme_choices(keep=opgave.themes)][0] == "Wonen en woonomgeving"
    assert [t.name for t in opgave.themes] == ["Wonen en woonomgeving"]


def test_editing_an_agreement_keeps_links_to_actions_the_editor_cannot_see(
    helmond, make_opgave, make_organisation, seat, make_programme, make_action, make_user
):
    gm, ward, _ = helmond
    manager, team = make_user("gm@helmond.nl", "area_manager", gm), make_user("team@helmond.nl", "team_member", ward)
    opgave = make_opgave(ward)
    city_action = make_action(make_programme(gm, title="Stedelijk"), "Jongerenwerk", opgave=opgave)
    ward_action = make_action(make_programme(ward), "Buurtkamer", opgave=opgave)
    woon = make_organisation()
    seat(opgave, woon)
    agreement = services.record_agreement(
        manager, opgave, organisation=woon, made_on=date(2026, 1, 5), text="Samen", actions=[city_action]
    )
    db.session.commit()
    assert [a.title for a in services.opgave_actions(team, opgave)] == ["Buurtkamer"]
    services.update_agreement(
        team, agreement, None, organisation=woon, made_on=date(2026, 1, 5), text="Samen", actions=[ward_action]
    )
    db.session.commit()
    assert {a.title for a in agreement.actions} == {"Jongerenwerk", "Buurtkamer"}
