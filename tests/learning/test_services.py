"""Learning services: reflections and lessons, search across wards scoped like the programmes, the rhythm,
leading principles and the evaluation a programme needs before it is 'geëvalueerd'."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.core.errors import PlannerError, WorkflowError
from planner.extensions import db
from planner.learning import exports, search, services
from planner.learning.models import Evaluation, Lesson, Reflection
from planner.opgaven.models import Theme
from planner.programmes.services import transition
from planner.programmes.workbook import write_programme_workbook

TODAY = date(2026, 12, 6)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _reflect(user, programme, days_ago=10, **fields):
    fields.setdefault("what_works", "Het schoolplein als ontmoetingsplek werkt.")
    return services.record_reflection(
        user, programme=programme, held_on=TODAY - timedelta(days=days_ago), kind="team", today=TODAY, **fields
    )


@pytest.fixture
def wards(two_wards, make_user, adopt):
    """Ward A's programme in execution; ward B's a concept; a team member of B who also reads the municipality."""
    w = two_wards
    programme_a = adopt(w["action_a"].programme)
    transition(programme_a, "uitvoering", make_user("gm@helmond.nl", "area_manager", w["gm"]))
    reader_b = make_user("lezer-b@helmond.nl", "team_member", w["ward_b"])
    from planner.core.users import grant_role

    grant_role(reader_b, "reader", w["gm"])
    db.session.commit()
    return w | {"programme_a": programme_a, "programme_b": w["action_b"].programme, "reader_b": reader_b}


def test_a_team_records_a_reflection_with_two_lessons_found_by_word_theme_change_and_party(wards):
    w = wards
    reflection = _reflect(w["user_a"], w["programme_a"], independent_facilitator=True, facilitator="M. Hendriks")
    samenleven = db.session.scalar(select(Theme).where(Theme.name == "Samenleven"))
    services.add_lesson(
        w["user_a"],
        reflection,
        statement="Ontmoet ouders op het schoolplein",
        account="Eenzaamheid onder ouderen nam af toen de buurtkamer 's ochtends openging.",
        themes=[samenleven],
        action_ids=[w["action_a"].id],
        changes=[(w["action_a"].id, "aangepast")],
    )
    services.add_lesson(w["user_a"], reflection, statement="Avondactiviteiten helpen tegen overlast")
    db.session.commit()

    hits, total = search.search_lessons(w["reader_b"], "eenzaam ouderen")
    assert total == 1 and hits[0].statement == "Ontmoet ouders op het schoolplein"
    assert hits[0].ward == "Binnenstad" and hits[0].programme == "Programma Binnenstad"
    assert hits[0].actions == [(w["action_a"].id, "1. Buurtkamer Binnenstad")]
    assert search.search_lessons(w["reader_b"], "", theme_id=samenleven.id)[1] == 1
    assert search.search_lessons(w["reader_b"], "", change_kind="aangepast")[1] == 1
    assert search.search_lessons(w["reader_b"], "overlast")[1] == 1
    hits, total = search.search_lessons(w["reader_b"], "", limit=1)  # a page of one, counted in all
    assert (len(hits), total) == (1, 2)
    change = reflection.lessons[0].changes[0]
    assert change.version_number == 4  # consultatie, besluitvorming, vastgesteld, uitvoering


def test_a_lesson_in_another_wards_draft_is_never_found_nor_counted(wards, make_user):
    w = wards
    council = make_user("raad@helmond.nl", "reader", w["gm"])
    reflection = _reflect(w["user_b"], w["programme_b"])
    services.add_lesson(w["user_b"], reflection, statement="Geheime eenzaamheid in Oost", account="concept")
    db.session.commit()
    # The team of ward B finds its own; the team of ward A, and a reader of the municipality, find nothing.
    assert search.search_lessons(w["user_b"], "eenzaamheid")[1] == 1
    for user in (w["user_a"], council):
        hits, total = search.search_lessons(user, "eenzaamheid")
        assert (hits, total) == ([], 0)
        assert search.search_lessons(user, "")[1] == 0


def test_a_lesson_linked_to_an_action_the_user_may_not_see_is_refused_and_nothing_is_stored(wards):
    w = wards
    reflection = _reflect(w["user_a"], w["programme_a"])
    db.session.commit()
    for bad in ({"action_ids": [w["action_b"].id]}, {"changes": [(w["action_b"].id, "gestopt")]}):
        with pytest.raises(PlannerError) as refused:
            services.add_lesson(w["user_a"], reflection, statement="Kijk mee in Oost", **bad)
        assert refused.value.field == "action_ids"
        db.session.rollback()
    assert _count(Lesson) == 0
    assert search.search_lessons(w["user_a"], "Kijk mee")[1] == 0


def test_a_reflection_needs_a_date_not_in_the_future_an_answer_and_a_named_independent_facilitator(wards):
    w = wards
    for fields, field in (
        ({"days_ago": -1}, "held_on"),
        ({"what_works": ""}, "what_works"),
        ({"independent_facilitator": True, "facilitator": " "}, "facilitator"),
    ):
        with pytest.raises(PlannerError) as refused:
            _reflect(w["user_a"], w["programme_a"], **fields)
        assert refused.value.field == field
        db.session.rollback()
    with pytest.raises(PlannerError):
        _reflect(w["user_a"], w["programme_b"])  # another ward's programme
    db.session.rollback()
    assert _count(Reflection) == 0


def test_a_programme_in_execution_without_a_reflection_for_a_quarter_is_on_the_teams_work_list(app, wards):
    from planner.learning.worklist import reflection_due

    w = wards
    assert services.reflection_overdue(w["programme_a"], TODAY)
    with app.test_request_context():
        (work,) = reflection_due(w["user_a"], TODAY)
        assert [i.text for i in work.items] == ["Programma Binnenstad"]
        assert reflection_due(w["user_b"], TODAY)[0].total == 0  # ward B's concept is not in execution
    _reflect(w["user_a"], w["programme_a"], days_ago=100)
    assert services.reflection_overdue(w["programme_a"], TODAY)
    _reflect(w["user_a"], w["programme_a"], days_ago=30)
    assert not services.reflection_overdue(w["programme_a"], TODAY)
    with app.test_request_context():
        assert reflection_due(w["user_a"], TODAY)[0].total == 0


def test_geevalueerd_needs_an_evaluation_with_a_judgement_per_goal_and_it_joins_the_version_and_workbook(
    wards, make_user
):
    w = wards
    programme = w["programme_a"]
    manager = make_user("gm2@helmond.nl", "area_manager", w["gm"])
    with pytest.raises(WorkflowError) as refused:
        transition(programme, "geevalueerd", manager)
    assert "evaluatie" in refused.value.message
    db.session.rollback()
    goal = programme.goals[0]
    with pytest.raises(PlannerError) as refused:
        services.save_evaluation(w["user_a"], programme, {goal.id: "  "}, "")
    assert refused.value.field == f"judgement_{goal.id}"
    db.session.rollback()
    assert _count(Evaluation) == 0

    services.save_evaluation(
        w["user_a"], programme, {goal.id: "Deels bereikt: meer ontmoeting, minder bereik."}, "Eerder meten"
    )
    version = transition(programme, "geevalueerd", manager)
    db.session.commit()
    assert version.snapshot["evaluation"]["goals"][0]["judgement"].startswith("Deels bereikt")
    out = io.BytesIO()
    write_programme_workbook(programme, out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["Evaluatie"]
    assert sheet["H2"].value.startswith("Deels bereikt")


def test_a_principle_gathers_lessons_from_any_ward_of_its_municipality_only(wards, make_user, make_area):
    w = wards
    manager = make_user("gm3@helmond.nl", "area_manager", w["gm"])
    reflection = _reflect(w["user_a"], w["programme_a"])
    lesson = services.add_lesson(w["user_a"], reflection, statement="Begin waar mensen al zijn")
    principle = services.create_principle(manager, w["gm"], "Begin bij wat er al is")
    services.support_principle(manager, principle, lesson)
    assert principle.lessons == [lesson]
    with pytest.raises(PlannerError):
        services.support_principle(w["user_a"], principle, lesson)  # a team member does not set principles
    other = make_area("GM0034", "Almere")
    admin = make_user("admin@helmond.nl", "admin", other)
    from planner.core.users import grant_role

    grant_role(admin, "admin", w["gm"])
    foreign = services.create_principle(admin, other, "Anders")
    with pytest.raises(PlannerError):
        services.support_principle(admin, foreign, lesson)


def test_the_learning_log_workbook_keeps_formula_like_text_as_text(wards):
    w = wards
    reflection = _reflect(w["user_a"], w["programme_a"], what_works='=HYPERLINK("http://x")')
    services.add_lesson(w["user_a"], reflection, statement="+31 procent meer bezoekers", action_ids=[w["action_a"].id])
    db.session.commit()
    out = io.BytesIO()
    exports.write_learning_log(w["programme_a"], [reflection], {w["action_a"].id}, out)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    cell = book["Reflecties"]["E2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert book["Leerpunten"]["B2"].value == "+31 procent meer bezoekers"
    assert book["Leerpunten"]["F2"].value == "1. Buurtkamer Binnenstad"


def test_a_reflection_on_an_opgave_names_the_parties_at_its_table_and_only_those(wards):
    from planner.opgaven.services import create_opgave, save_organisation, seat_party

    w = wards
    opgave = create_opgave(
        area=w["ward_a"], title="Samen leven in de binnenstad", statement="Bewoners kennen elkaar weer."
    )
    seated = save_organisation(None, name="Woonbedrijf", kind="woningcorporatie")
    elsewhere = save_organisation(None, name="Zorggroep", kind="zorg_welzijn")
    seat_party(opgave, seated, role="financier")
    db.session.commit()
    with pytest.raises(PlannerError) as refused:
        services.record_reflection(
            w["user_a"], opgave=opgave, held_on=TODAY, kind="tafel", what_works="Ja", parties=[elsewhere], today=TODAY
        )
    assert refused.value.field == "parties"
    db.session.rollback()
    assert _count(Reflection) == 0
    reflection = services.record_reflection(
        w["user_a"],
        opgave=opgave,
        held_on=TODAY,
        kind="tafel",
        what_works="De tafel komt elke maand bijeen.",
        parties=[seated],
        roles=["opgaveregisseur"],
        today=TODAY,
    )
    services.add_lesson(w["user_a"], reflection, statement="Een vaste tafel bouwt vertrouwen")
    db.session.commit()
    assert [(p.organisation.name if p.organisation else None, p.role) for p in reflection.participants] == [
        ("Woonbedrijf", "Financier"),
        (None, "opgaveregisseur"),
    ]
    hits, _ = search.search_lessons(w["user_a"], "vertrouwen")
    assert [(h.ward, h.opgave, h.programme) for h in hits] == [("Binnenstad", "Samen leven in de binnenstad", None)]
    assert search.search_lessons(w["user_b"], "vertrouwen")[1] == 0  # ward B's team does not see ward A's opgave
