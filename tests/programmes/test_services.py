"""Workflow, versions and comparison of programmes, without a request."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from planner.core.audit import acting_as
from planner.core.errors import PlannerError, StaleEditError, WorkflowError
from planner.core.models import AuditEvent, utcnow
from planner.extensions import db
from planner.learning.services import save_evaluation
from planner.programmes import services
from planner.programmes.models import ProgrammeVersion
from tests.helpers import adoption


def test_full_workflow_stores_one_immutable_version_per_step(helmond, make_user, make_programme, make_action):
    gm, ward, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward)
    make_action(programme, "Buurtkamer openen")
    steps = ["consultatie", "besluitvorming", "vastgesteld", "uitvoering", "geevalueerd"]
    for step in steps:
        if step == "geevalueerd":  # the last step needs the team's evaluation of every goal
            save_evaluation(manager, programme, {g.id: "Bereikt." for g in programme.goals})
        services.transition(programme, step, manager, **(adoption(programme) if step == "vastgesteld" else {}))
    db.session.commit()
    assert [v.status for v in programme.versions] == steps
    assert [v.number for v in programme.versions] == [1, 2, 3, 4, 5]
    assert programme.versions[0].snapshot["actions"][0]["title"] == "Buurtkamer openen"
    version = programme.versions[0]
    version.note = "achteraf veranderd"
    with pytest.raises(ValueError, match="onveranderlijk"):
        db.session.flush()
    db.session.rollback()


def test_a_step_taken_earlier_keeps_its_own_date_in_the_history(helmond, make_user, make_programme):
    gm, ward, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward)
    services.transition(programme, "consultatie", manager, at=datetime(2024, 10, 8, 10))
    services.transition(programme, "besluitvorming", manager)
    db.session.commit()
    first, second = programme.versions
    assert first.created_at == datetime(2024, 10, 8, 10)
    assert second.created_at.date() == utcnow().date()


def test_illegal_transition_is_refused_in_dutch_and_changes_nothing(helmond, make_user, make_programme):
    gm, ward, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward)
    with pytest.raises(
        WorkflowError,
        match="Van 'concept' kan het programma niet naar 'vastgesteld'. Toegestaan vanuit deze status: consultatie",
    ):
        services.transition(programme, "vastgesteld", manager)
    db.session.rollback()
    assert programme.status == "concept"
    assert db.session.scalar(select(func.count(ProgrammeVersion.id))) == 0


def test_adoption_needs_the_competent_body_and_its_besluit_of_this_municipality(
    helmond, make_area, make_user, make_programme
):
    from planner.agenda.models import AgendaItem

    gm, ward, _ = helmond
    member = make_user("team@helmond.nl", "team_member", ward)
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward)
    services.transition(programme, "consultatie", member)
    services.transition(programme, "besluitvorming", member)
    with pytest.raises(WorkflowError, match="gebiedsmanager"):
        services.transition(programme, "vastgesteld", member)

    def item(area, number, **values):
        values = {"kind": "besluit", "body": "raad", "status": "aangenomen", **values}
        made = AgendaItem(area=area, number=number, title=f"Besluit {number}", **values)
        db.session.add(made)
        db.session.flush()
        return made

    elsewhere = make_area("GM0772", "Eindhoven")
    refused = {
        "competent_body": {},
        "decision_item_id": {"competent_body": "raad"},
    }
    for field, kwargs in refused.items():
        with pytest.raises(WorkflowError) as err:
            services.transition(programme, "vastgesteld", manager, **kwargs)
        assert err.value.field == field
    for wrong, field in (
        (item(elsewhere, "RB-E-1"), "decision_item_id"),  # another municipality's agenda
        (item(gm, "RB-2", status="verworpen"), "decision_item_id"),
        (item(gm, "M-3", kind="motie"), "decision_item_id"),
        (item(gm, "CB-4", body="college"), "competent_body"),  # a college besluit cannot be the raad's
    ):
        with pytest.raises(WorkflowError) as err:
            services.transition(programme, "vastgesteld", manager, decision_item=wrong, competent_body="raad")
        assert err.value.field == field, wrong.number
    assert programme.status == "besluitvorming" and programme.decision_item is None
    assert [v.status for v in programme.versions] == ["consultatie", "besluitvorming"]

    besluit = item(ward, "RB 2026-041")  # a besluit recorded on a ward of the municipality counts
    version = services.transition(programme, "vastgesteld", manager, decision_item=besluit, competent_body="raad")
    assert programme.decision_item == besluit and programme.competent_body_label == "Gemeenteraad"
    assert version.snapshot["programme"]["competent_body"] == "raad"
    assert "RB 2026-041" in version.snapshot["programme"]["decision_item"]


def test_consultation_needs_at_least_one_goal(helmond, make_user, make_programme):
    gm, ward, _ = helmond
    member = make_user("team@helmond.nl", "team_member", ward)
    programme = make_programme(ward, goals=())
    with pytest.raises(WorkflowError, match="minstens één doel"):
        services.transition(programme, "consultatie", member)


def test_adopted_programme_text_is_frozen(helmond, make_user, make_programme):
    gm, ward, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    programme = make_programme(ward)
    for step in ("consultatie", "besluitvorming", "vastgesteld"):
        services.transition(programme, step, manager, **(adoption(programme) if step == "vastgesteld" else {}))
    with pytest.raises(WorkflowError, match="kan niet meer worden bewerkt"):
        services.update_programme(programme, programme.lock_version, title="Nieuwe titel")


def test_period_end_before_start_is_refused_beside_the_field(helmond):
    _, ward, _ = helmond
    with pytest.raises(PlannerError) as err:
        services.create_programme(area=ward, title="X", start_year=2029, end_year=2026)
    assert err.value.field == "end_year"


def test_stale_version_is_refused(helmond, make_programme):
    _, ward, _ = helmond
    programme = make_programme(ward)
    opened_at = programme.lock_version
    services.update_programme(programme, opened_at, title="Eerste collega")
    db.session.commit()
    with pytest.raises(StaleEditError):
        services.update_programme(programme, opened_at, title="Tweede collega")


def test_changes_are_audited_with_user_and_before_after(helmond, make_user, make_programme):
    _, ward, _ = helmond
    member = make_user("team@helmond.nl", "team_member", ward)
    programme = make_programme(ward, title="Oude titel")
    with acting_as(member):
        services.update_programme(programme, programme.lock_version, title="Nieuwe titel")
        db.session.commit()
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "update")).one()
    assert (event.user_label, event.entity_type, event.programme_id) == ("team@helmond.nl", "Programme", programme.id)
    assert event.before == {"title": "Oude titel"} and event.after == {"title": "Nieuwe titel"}


def test_compare_marks_changed_added_and_removed_items(helmond, make_user, make_programme, make_action):
    gm, ward, _ = helmond
    member = make_user("team@helmond.nl", "team_member", ward)
    programme = make_programme(ward)
    first = make_action(programme, "Buurtkamer openen")
    make_action(programme, "Speeltuin opknappen")
    v1 = services.transition(programme, "consultatie", member)
    first.title = "Buurtkamer openen in de bibliotheek"
    db.session.delete(programme.actions[1])
    services.add_goal(programme, "Veiliger oversteken")
    db.session.flush()
    db.session.refresh(programme)
    blocks = {b["label"]: b for b in services.compare_snapshots(v1.snapshot, services.snapshot(programme))}
    assert blocks["Actie 1: Buurtkamer openen in de bibliotheek"]["state"] == "changed"
    assert blocks["Actie 2: Speeltuin opknappen"]["state"] == "removed"
    assert blocks["Doel 2: Veiliger oversteken"]["state"] == "added"
    assert blocks["Programma"]["state"] == "same"
    title_row = next(r for r in blocks["Actie 1: Buurtkamer openen in de bibliotheek"]["rows"] if r["field"] == "Titel")
    assert ("added", "in de bibliotheek") in title_row["diff"]
