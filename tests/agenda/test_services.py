"""Rules for agenda items and links: deadlines, unknown values, links that must not leak."""

from datetime import date

import pytest
from sqlalchemy import func, select

from planner.agenda import services
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.core.errors import PlannerError
from planner.core.models import AuditEvent
from planner.extensions import db


def test_deadline_before_item_date_is_refused_and_nothing_stored(helmond, make_item):
    gm, _, _ = helmond
    with pytest.raises(PlannerError) as error:
        services.create_item(
            gm, kind="toezegging", number="T1", title="Notitie sturen", date=date(2026, 3, 1), deadline=date(2026, 2, 1)
        )
    assert error.value.field == "deadline" and "vóór de datum" in error.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count(AgendaItem.id))) == 0


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("status", "half_aangenomen", "Onbekende status 'half_aangenomen'"),
        ("kind", "petitie", "Onbekend type 'petitie'"),
        ("body", "provincie", "Onbekend orgaan"),
        ("url", "javascript:alert(1)", "begint met https://"),
    ],
)
def test_unknown_values_are_refused_beside_their_field(helmond, field, value, message):
    gm, _, _ = helmond
    values = {"kind": "motie", "number": "M1", "title": "Titel", field: value}
    with pytest.raises(PlannerError) as error:
        services.create_item(gm, **values)
    assert error.value.field == field and message in error.value.message


def test_number_is_unique_per_municipality(helmond, make_item):
    gm, ward, _ = helmond
    make_item(gm, number="M7")
    with pytest.raises(PlannerError, match="al een agendapunt met nummer M7"):
        services.create_item(gm, kind="motie", number="M7", title="Dubbel")
    db.session.rollback()
    assert services.create_item(ward, kind="motie", number="M7", title="Stadsdeelcommissie").id


def test_update_item_keeps_rules_and_is_audited(helmond, make_item):
    gm, _, _ = helmond
    item = make_item(gm, number="T3", kind="toezegging", date=date(2026, 2, 1), deadline=date(2026, 6, 1))
    with pytest.raises(PlannerError):
        services.update_item(item, deadline=date(2026, 1, 1))
    db.session.rollback()
    services.update_item(item, status="afgedaan")
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "AgendaItem")).all()
    assert [e.event for e in events] == ["create", "update"] and events[1].after == {"status": "afgedaan"}


def test_linking_an_action_of_another_ward_reads_as_not_found(two_wards, make_item):
    w = two_wards
    item = make_item(w["gm"], number="M1")
    with pytest.raises(PlannerError) as hidden:
        services.link_action(w["user_a"], item, w["action_b"].id)
    with pytest.raises(PlannerError) as missing:
        services.link_action(w["user_a"], item, 999999)
    assert hidden.value.message == missing.value.message == services.NOT_FOUND_ACTION
    assert "Geheime" not in hidden.value.message and "Oost" not in hidden.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count(ActionAgendaLink.id))) == 0


def test_link_trail_and_council_questions(two_wards, make_item, make_user):
    w = two_wards
    motion = make_item(w["gm"], number="M1", status="aangenomen")
    lonely = make_item(w["gm"], number="M2", status="aangenomen", title="Motie zonder actie")
    make_item(w["gm"], number="M3", status="verworpen")
    overdue = make_item(w["gm"], number="T1", kind="toezegging", deadline=date(2026, 2, 1))
    make_item(w["gm"], number="T2", kind="toezegging", deadline=date(2026, 12, 1))
    make_item(w["gm"], number="T3", kind="toezegging", deadline=date(2026, 2, 1), status="afgedaan")
    link = services.link_action(w["user_a"], motion, w["action_a"].id, "voert_uit")
    db.session.commit()
    assert [link.agenda_item.number for link in services.political_trail(w["user_a"], w["action_a"])] == ["M1"]
    assert [link.action.title for link in services.carrying_links(w["user_a"], motion)] == ["Buurtkamer Binnenstad"]
    assert services.overdue_commitments(w["user_a"], date(2026, 3, 1)) == [overdue]
    assert services.adopted_motions_without_action(w["user_a"]) == [lonely]
    # B cannot see A's draft action, so for B the motion is not carried out by anything B can see.
    assert services.carrying_links(w["user_b"], motion) == []
    assert {i.number for i in services.adopted_motions_without_action(w["user_b"])} == {"M1", "M2"}
    # Linking again with another meaning changes the meaning, not the number of links.
    services.link_action(w["user_a"], motion, w["action_a"].id, "verantwoording_via")
    assert link.meaning == "verantwoording_via"
    with pytest.raises(PlannerError, match="Onbekende betekenis"):
        services.link_action(w["user_a"], motion, w["action_a"].id, "steunt")


def test_ward_items_stay_in_their_ward(two_wards, make_item):
    w = two_wards
    make_item(w["ward_b"], number="SDC-B1", body="stadsdeelcommissie", title="Oost-only")
    make_item(w["gm"], number="M1")
    assert [i.number for i in services.list_items(w["user_a"])] == ["M1"]
    assert {i.number for i in services.list_items(w["user_b"])} == {"M1", "SDC-B1"}
    item_b = db.session.scalar(select(AgendaItem).where(AgendaItem.number == "SDC-B1"))
    with pytest.raises(PlannerError) as error:
        services.link_action(w["user_a"], item_b, w["action_a"].id)
    assert error.value.message == services.NOT_FOUND_ITEM


def test_readers_see_only_actions_of_adopted_programmes(two_wards, make_item, make_user, adopt):
    w = two_wards
    reader = make_user("raad@helmond.nl", "reader", w["gm"])
    motion = make_item(w["gm"], number="M1", status="aangenomen")
    services.link_action(w["user_a"], motion, w["action_a"].id)
    db.session.commit()
    assert services.carrying_links(reader, motion) == []
    assert services.adopted_motions_without_action(reader) == [motion]
    adopt(w["action_a"].programme)
    assert [link.action_id for link in services.carrying_links(reader, motion)] == [w["action_a"].id]
    assert services.adopted_motions_without_action(reader) == []


def test_a_sub_action_inherits_its_parents_trail_once(two_wards, make_item, make_action):
    w = two_wards
    parent = w["action_a"]
    child = make_action(parent.programme, title="Buurtkamer inrichten", parent=parent)
    grandchild = make_action(parent.programme, title="Meubels kopen", parent=child)
    decision = make_item(w["gm"], number="RB1", kind="besluit", status="aangenomen", date=date(2026, 1, 15))
    motion = make_item(w["gm"], number="M1", status="aangenomen", date=date(2026, 2, 1))
    services.link_action(w["user_a"], decision, parent.id, "voert_uit")
    services.link_action(w["user_a"], motion, parent.id, "voert_uit")
    own = services.link_action(w["user_a"], motion, child.id, "verantwoording_via")
    db.session.commit()
    trail = services.political_trail(w["user_a"], grandchild)
    assert [(link.agenda_item.number, link.action_id) for link in trail] == [("M1", child.id), ("RB1", parent.id)]
    assert services.political_trail(w["user_a"], child)[0] is own
    assert [link.agenda_item.number for link in services.political_trail(w["user_a"], parent)] == ["M1", "RB1"]
