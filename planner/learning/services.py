"""Rules for learning: recording reflections and lessons, the reflection rhythm, leading principles and the
evaluation a programme needs before it is 'geëvalueerd'."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.core.access import can
from planner.core.errors import PlannerError, WorkflowError
from planner.extensions import db
from planner.learning import search
from planner.learning.models import (
    CHANGE_KINDS,
    REFLECTION_KINDS,
    Evaluation,
    GoalJudgement,
    Lesson,
    LessonChange,
    Participant,
    Principle,
    Reflection,
)
from planner.opgaven.models import Agreement, Opgave, Organisation, Theme
from planner.programmes.models import Goal, Programme, ProgrammeVersion

RHYTHM_DAYS = 90  # a programme in execution reflects at least once a quarter
MAX_STATEMENT = 300


def _text(value) -> str:
    return (value or "").strip()


def opgave_of(subject):
    """The opgave a programme, an opgave or a reflection belongs to (None for a programme without one)."""
    if isinstance(subject, Opgave):
        return subject
    if isinstance(subject, Reflection) and subject.opgave is not None:
        return subject.opgave
    programme = subject.programme if isinstance(subject, Reflection) else subject
    return programme.opgave if programme is not None else None


def table_parties(subject) -> list[Organisation]:
    """The parties at the table of the opgave a programme, opgave or reflection is about."""
    opgave = opgave_of(subject)
    if opgave is None:
        return []
    return sorted((seat.organisation for seat in opgave.seats), key=lambda o: o.name)


def record_reflection(
    user,
    *,
    programme: Programme | None = None,
    opgave=None,
    held_on: date | None,
    kind: str,
    independent_facilitator: bool = False,
    facilitator: str = "",
    what_works: str = "",
    what_does_not: str = "",
    what_we_change: str = "",
    parties=(),
    roles=(),
    today: date | None = None,
) -> Reflection:
    """A reflection moment on a programme or on an opgave. `parties` are organisations at the opgave's table,
    `roles` the other participants by role (the team's own people)."""
    if (programme is None) == (opgave is None):
        raise PlannerError("Een reflectie gaat over één programma of één opgave.")
    subject = programme if programme is not None else opgave
    if not can(user, "edit", subject.area):
        raise PlannerError("Alleen het opgaveteam of de gebiedsmanager van dit gebied legt reflecties vast.")
    if kind not in REFLECTION_KINDS:
        raise PlannerError("Kies het soort reflectie: team, tafel of evaluatie.", "kind")
    if held_on is None:
        raise PlannerError("Vul de datum van de reflectie in.", "held_on")
    if held_on > (today or date.today()):
        raise PlannerError("Een reflectie legt u vast nadat ze is gehouden: de datum ligt in de toekomst.", "held_on")
    facilitator = _text(facilitator)
    if independent_facilitator and not facilitator:
        raise PlannerError("Vul de naam van de onafhankelijke procesbegeleider in.", "facilitator")
    answers = [_text(what_works), _text(what_does_not), _text(what_we_change)]
    if not any(answers):
        raise PlannerError(
            "Beantwoord minstens één van de drie vragen: wat werkt, wat werkt niet, wat veranderen we.", "what_works"
        )
    at_table = {o.id for o in table_parties(subject)}
    for party in parties:
        if party.id not in at_table:
            raise PlannerError(f"{party.name} zit niet aan de tafel van deze opgave.", "parties")
    reflection = Reflection(
        programme=programme,
        opgave=opgave,
        held_on=held_on,
        kind=kind,
        independent_facilitator=bool(independent_facilitator),
        facilitator=facilitator,
        what_works=answers[0],
        what_does_not=answers[1],
        what_we_change=answers[2],
        created_by_id=getattr(user, "id", None),
    )
    table = opgave_of(subject)
    seat_roles = {seat.organisation_id: seat.role_label for seat in (table.seats if table else [])}
    for party in parties:
        reflection.participants.append(Participant(role=str(seat_roles.get(party.id, "")), organisation=party))
    for role in roles:
        if _text(role):
            reflection.participants.append(Participant(role=_text(role)[:100]))
    db.session.add(reflection)
    db.session.flush()
    return reflection


def _subject_programmes(user, reflection: Reflection) -> list[int]:
    """The programmes whose goals and actions a lesson of `reflection` may concern: its own, or those of its
    opgave that the user may read."""
    from planner.programmes.access import visible_programmes

    if reflection.programme_id is not None:
        return [reflection.programme_id]
    query = visible_programmes(user).where(Programme.opgave_id == reflection.opgave_id)
    return list(db.session.scalars(query.with_only_columns(Programme.id)))


def latest_version_number(programme_id: int) -> int | None:
    return db.session.scalar(
        select(func.max(ProgrammeVersion.number)).where(ProgrammeVersion.programme_id == programme_id)
    )


def add_lesson(
    user,
    reflection: Reflection,
    *,
    statement: str,
    account: str = "",
    themes=(),
    goal_ids=(),
    action_ids=(),
    agreement_ids=(),
    changes=(),
) -> Lesson:
    """A lesson of a reflection. `changes`: (action id, kind) pairs: an action adjusted, stopped or started,
    recorded with the programme's current version. Every action must be one the user may see and one of the
    programmes the reflection is about; otherwise nothing is stored."""
    if not can(user, "edit", reflection.area):
        raise PlannerError("Alleen het opgaveteam of de gebiedsmanager van dit gebied legt leerpunten vast.")
    statement = _text(statement)
    if not statement:
        raise PlannerError("Vat het leerpunt samen in één zin.", "statement")
    if len(statement) > MAX_STATEMENT:
        raise PlannerError(f"Houd het leerpunt kort: hoogstens {MAX_STATEMENT} tekens.", "statement")
    programme_ids = _subject_programmes(user, reflection)
    wanted_actions = {int(i) for i in action_ids} | {int(i) for i, _ in changes}
    actions = {}
    if wanted_actions:
        actions = {
            a.id: a
            for a in db.session.scalars(
                visible_actions(user).where(Action.id.in_(wanted_actions), Action.programme_id.in_(programme_ids))
            )
        }
    missing = wanted_actions - actions.keys()
    if missing:
        raise PlannerError(
            "Een leerpunt kan alleen gaan over acties die u mag zien en die bij dit programma of deze opgave horen. "
            "Kies de acties uit de lijst.",
            "action_ids",
        )
    goals = list(db.session.scalars(select(Goal).where(Goal.id.in_([int(i) for i in goal_ids]))))
    if len(goals) != len(set(goal_ids)) or any(g.programme_id not in programme_ids for g in goals):
        raise PlannerError("Kies doelen van dit programma of van de programma's van deze opgave.", "goal_ids")
    opgave_id = getattr(opgave_of(reflection), "id", None)
    agreements = list(db.session.scalars(select(Agreement).where(Agreement.id.in_([int(i) for i in agreement_ids]))))
    if len(agreements) != len(set(agreement_ids)) or any(a.opgave_id != opgave_id for a in agreements):
        raise PlannerError("Kies afspraken van de tafel van deze opgave.", "agreement_ids")
    from planner.opgaven.services import check_themes

    check_themes(list(themes), reflection.area, field="theme_ids")
    for _, kind in changes:
        if kind not in CHANGE_KINDS:
            raise PlannerError("Kies wat er met de actie gebeurde: aangepast, gestopt of gestart.", "changes")
    recorded = [
        LessonChange(
            action=actions[int(i)], kind=kind, version_number=latest_version_number(actions[int(i)].programme_id)
        )
        for i, kind in changes
    ]
    lesson = Lesson(
        reflection=reflection,
        statement=statement,
        account=_text(account),
        themes=list(themes),
        goals=goals,
        actions=[actions[i] for i in sorted({int(i) for i in action_ids})],
        agreements=agreements,
        changes=recorded,
    )
    db.session.add(lesson)
    db.session.flush()
    search.index_lesson(lesson)
    return lesson


# ---- the rhythm ---------------------------------------------------------------------------------------


def last_reflection_on(programme: Programme) -> date | None:
    return db.session.scalar(select(func.max(Reflection.held_on)).where(Reflection.programme_id == programme.id))


def reflection_overdue(programme: Programme, today: date | None = None) -> bool:
    """A programme in execution without a reflection in the last quarter."""
    if programme.status != "uitvoering":
        return False
    last = last_reflection_on(programme)
    return last is None or last < (today or date.today()) - timedelta(days=RHYTHM_DAYS)


def overdue_condition(today: date):
    """SQL condition on Programme: in execution, and no reflection since a quarter ago."""
    recent = select(Reflection.programme_id).where(
        Reflection.programme_id.is_not(None), Reflection.held_on >= today - timedelta(days=RHYTHM_DAYS)
    )
    return (Programme.status == "uitvoering") & Programme.id.not_in(recent)


# ---- leading principles -------------------------------------------------------------------------------


def create_principle(user, municipality, statement: str, explanation: str = "") -> Principle:
    if municipality is None or municipality.level != "gemeente":
        raise PlannerError("Kies de gemeente waarvoor het principe geldt.", "area_id")
    if not can(user, "adopt", municipality):
        raise PlannerError("Alleen een gebiedsmanager of beheerder van de gemeente legt leidende principes vast.")
    statement = _text(statement)
    if not statement:
        raise PlannerError("Schrijf het principe in één zin.", "statement")
    if len(statement) > MAX_STATEMENT:
        raise PlannerError(f"Houd het principe kort: hoogstens {MAX_STATEMENT} tekens.", "statement")
    principle = Principle(area=municipality, statement=statement, explanation=_text(explanation))
    db.session.add(principle)
    db.session.flush()
    return principle


def support_principle(user, principle: Principle | None, lesson: Lesson) -> Principle:
    """Put `lesson` behind `principle`: a lesson of any ward of the principle's municipality."""
    if principle is None:
        raise PlannerError("Kies het leidende principe dat dit leerpunt onderbouwt.", "principle_id")
    if not can(user, "adopt", principle.area):
        raise PlannerError("Alleen een gebiedsmanager of beheerder van de gemeente koppelt leerpunten aan principes.")
    if not lesson.reflection.area.is_within(principle.area):
        raise PlannerError("Dit leerpunt komt uit een andere gemeente dan het principe.", "principle_id")
    if lesson not in principle.lessons:
        principle.lessons.append(lesson)
    db.session.flush()
    return principle


# ---- the evaluation -------------------------------------------------------------------------------------


def _plain(value) -> str | None:
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def goal_achievement(goal: Goal) -> list[dict]:
    """Per target of the goal: baseline, target and the latest measurement, as plain values."""
    from planner.indicators.services import goal_targets, latest_values

    targets = goal_targets(goal)
    latest = latest_values({t.indicator_id for t in targets}, {t.area_id for t in targets})
    rows = []
    for t in targets:
        period, value = latest.get((t.indicator_id, t.area_id), (None, None))
        rows.append(
            {
                "indicator": t.indicator.name,
                "unit": t.indicator.unit or "",
                "area": t.area.name,
                "baseline_period": t.baseline_period,
                "baseline": _plain(t.baseline_value),
                "target_period": t.target_period,
                "target": _plain(t.target_value),
                "latest_period": period,
                "latest": _plain(value),
            }
        )
    return rows


def evaluation_of(programme: Programme) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.programme_id == programme.id))


def evaluation_draft(programme: Programme) -> list[tuple[Goal, list[dict], str]]:
    """Per goal: the achievement measured now and the judgement recorded so far (empty if none)."""
    evaluation = evaluation_of(programme)
    judged = {j.goal_id: j.judgement for j in evaluation.goals} if evaluation else {}
    return [(goal, goal_achievement(goal), judged.get(goal.id, "")) for goal in programme.goals]


def save_evaluation(user, programme: Programme, judgements: dict[int, str], lessons_text: str = "") -> Evaluation:
    """The team's evaluation of a programme in execution: a judgement for every goal is required."""
    if not can(user, "edit", programme.area):
        raise PlannerError("Alleen het opgaveteam of de gebiedsmanager van dit gebied evalueert het programma.")
    if programme.status != "uitvoering":
        raise WorkflowError("Een programma evalueert u in de uitvoering, voordat het op 'geëvalueerd' gaat.")
    if not programme.goals:
        raise PlannerError("Dit programma heeft geen doelen om te beoordelen.")
    for goal in programme.goals:
        if not _text(judgements.get(goal.id)):
            raise PlannerError(
                f"Geef het oordeel van het team over doel {goal.number} ({goal.title}).", f"judgement_{goal.id}"
            )
    evaluation = evaluation_of(programme)
    if evaluation is None:
        evaluation = Evaluation(programme=programme)
        db.session.add(evaluation)
    evaluation.lessons_text = _text(lessons_text)
    by_goal = {j.goal_id: j for j in evaluation.goals}
    for goal in programme.goals:
        judgement = by_goal.get(goal.id)
        if judgement is None:
            judgement = GoalJudgement(goal=goal)
            evaluation.goals.append(judgement)
        judgement.judgement = _text(judgements[goal.id])
        judgement.achievement = goal_achievement(goal)
    db.session.flush()
    return evaluation


def check_evaluated(programme: Programme, to_status: str) -> None:
    """Hooked into the programme workflow: no 'geëvalueerd' without an evaluation that judges every goal."""
    if to_status != "geevalueerd":
        return
    evaluation = evaluation_of(programme)
    judged = {j.goal_id for j in evaluation.goals if j.judgement} if evaluation else set()
    if evaluation is None or any(goal.id not in judged for goal in programme.goals):
        raise WorkflowError(
            "Leg eerst de evaluatie vast: per doel de mate van doelbereik en het oordeel van het team "
            "(Leren → Evaluatie op de programmapagina).",
            "evaluation",
        )


def evaluation_snapshot(programme: Programme) -> dict:
    """The evaluation as part of a version's snapshot (empty when there is none)."""
    evaluation = evaluation_of(programme)
    if evaluation is None:
        return {}
    return {
        "evaluation": {
            "lessons": evaluation.lessons_text,
            "goals": [
                {
                    "number": j.goal.number,
                    "title": j.goal.title,
                    "judgement": j.judgement,
                    "achievement": j.achievement,
                }
                for j in evaluation.goals
            ],
        }
    }


# ---- the learning log -------------------------------------------------------------------------------


def reflections_of(programme: Programme | None = None, opgave=None) -> list[Reflection]:
    query = select(Reflection).order_by(Reflection.held_on.desc(), Reflection.id.desc())
    if programme is not None:
        query = query.where(Reflection.programme_id == programme.id)
    else:
        query = query.where(Reflection.opgave_id == opgave.id)
    return list(db.session.scalars(query))


def principles_for(paths) -> list[Principle]:
    from planner.areas.models import Area
    from planner.core.access import path_condition

    return list(
        db.session.scalars(
            select(Principle).join(Principle.area).where(path_condition(Area.path, paths)).order_by(Principle.id)
        )
    )


def theme_options(area) -> list[Theme]:
    from planner.opgaven.services import theme_choices

    return theme_choices([], areas=[area])
