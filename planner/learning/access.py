"""Who sees reflections and lessons: whoever may read the programme or the opgave they are about."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.extensions import db
from planner.learning.models import Lesson, Reflection
from planner.learning.search import visible_reflection_condition


def get_reflection_or_404(user, reflection_id: int) -> Reflection:
    reflection = db.session.scalar(
        select(Reflection).where(Reflection.id == reflection_id, visible_reflection_condition(user))
    )
    if reflection is None:
        abort(404)
    return reflection


def get_lesson_or_404(user, lesson_id: int) -> Lesson:
    lesson = db.session.scalar(
        select(Lesson).join(Lesson.reflection).where(Lesson.id == lesson_id, visible_reflection_condition(user))
    )
    if lesson is None:
        abort(404)
    return lesson


def visible_lesson_ids(user, lesson_ids) -> set[int]:
    ids = list(lesson_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(Lesson.id).join(Lesson.reflection).where(Lesson.id.in_(ids), visible_reflection_condition(user))
        )
    )


def visible_action_ids(user, action_ids) -> set[int]:
    ids = list(action_ids)
    if not ids:
        return set()
    return set(db.session.scalars(visible_actions(user).with_only_columns(Action.id).where(Action.id.in_(ids))))
