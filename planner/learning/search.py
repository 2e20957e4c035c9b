"""Full-text search over lessons, across wards, scoped to what the user may see.

The index is one table kept by the services (`index_lesson`): on SQLite an FTS5 virtual table whose rowid is
the lesson's id, on PostgreSQL a tsvector per lesson with the 'dutch' configuration and a GIN index (both
created by the migration). A search first narrows by the index, then joins back to the lessons and keeps only
those of programmes and opgaven the user may read: a lesson in a draft the user may not see is never
returned, counted or hinted at. Words match as prefixes ("eenzaam" finds "eenzaamheid")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Integer, and_, column, false, func, literal_column, or_, select, table, text
from sqlalchemy.orm import aliased

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.areas.models import Area
from planner.core.sql import ids_in
from planner.extensions import db
from planner.learning.models import Lesson, LessonChange, Participant, Reflection, lesson_actions, lesson_themes
from planner.opgaven.access import visible_opgaven
from planner.opgaven.models import Opgave
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme

FTS_TABLE = "lesson_fts"
PAGE = 50
WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8

fts = table(FTS_TABLE, column("rowid", Integer), column("lesson_id", Integer))


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def document(lesson: Lesson) -> str:
    return f"{lesson.statement}\n{lesson.account or ''}"


def index_lesson(lesson: Lesson) -> None:
    """Put (or put again) one lesson in the full-text index."""
    if _dialect() == "postgresql":
        db.session.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (lesson_id, document) VALUES (:id, to_tsvector('dutch', :body)) "
                "ON CONFLICT (lesson_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": lesson.id, "body": document(lesson)},
        )
    else:
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": lesson.id})
        db.session.execute(
            text(f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (:id, :body)"),
            {"id": lesson.id, "body": document(lesson)},
        )


def rebuild_index(connection) -> None:
    """Index every lesson again, e.g. after a backup was restored (the index is not part of a backup)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"DELETE FROM {FTS_TABLE}"))
        connection.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (lesson_id, document) "
                "SELECT id, to_tsvector('dutch', statement || ' ' || coalesce(account, '')) FROM lessons"
            )
        )
    else:
        connection.execute(text(f"DELETE FROM {FTS_TABLE}"))
        connection.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (rowid, body) "
                "SELECT id, statement || char(10) || coalesce(account, '') FROM lessons"
            )
        )


def words_of(query: str) -> list[str]:
    return [w.lower() for w in WORD.findall(query or "")][:MAX_WORDS]


def _matching_ids(words: list[str]):
    """SQL: the ids of the lessons whose text holds every word (as a prefix)."""
    if _dialect() == "postgresql":
        tsquery = " & ".join(f"{w}:*" for w in words)
        return (
            select(literal_column("lesson_id"))
            .select_from(text(FTS_TABLE))
            .where(text("document @@ to_tsquery('dutch', :tsq)").bindparams(tsq=tsquery))
        )
    match = " AND ".join('"' + w.replace('"', "") + '"*' for w in words)
    return (
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(text(f"{FTS_TABLE} MATCH :fts_match").bindparams(fts_match=match))
    )


def visible_reflection_condition(user):
    """SQL condition on Reflection: on a programme the user may read, or on an opgave the user may see."""
    programmes = select(Programme.id).join(Programme.area).where(programme_visibility(user))
    opgaven = visible_opgaven(user).with_only_columns(Opgave.id)
    return or_(Reflection.programme_id.in_(programmes), Reflection.opgave_id.in_(opgaven))


def _visible_reflections_by_ids(user):
    """The same condition with the visible programmes and opgaven read first, as lists of ids: the database
    then starts from the user's own (few) reflections and looks each lesson up in the full-text result, instead
    of checking every lesson that matches a common word anywhere in the country for visibility."""
    programmes = db.session.scalars(select(Programme.id).join(Programme.area).where(programme_visibility(user))).all()
    opgaven = db.session.scalars(visible_opgaven(user).with_only_columns(Opgave.id)).all()
    parts = [ids_in(Reflection.programme_id, programmes)] if programmes else []
    parts += [ids_in(Reflection.opgave_id, opgaven)] if opgaven else []
    return or_(*parts) if parts else false()


@dataclass
class Hit:
    lesson_id: int
    statement: str
    account: str
    held_on: date
    reflection_id: int
    ward: str
    programme_id: int | None
    programme: str | None
    opgave: str | None
    actions: list[tuple[int, str]]


def search_lessons(
    user, words: str = "", *, theme_id=None, change_kind=None, organisation_id=None, limit: int = PAGE
) -> tuple[list[Hit], int]:
    """The lessons the user may see that match, newest first, and how many match in all."""
    programme_area, opgave_area = aliased(Area), aliased(Area)
    # `id + 0`: no index on the lesson's id for these sets, so the database starts from the user's reflections
    # and probes each of their lessons in the (large) set of lessons matching a common word or a theme.
    lesson_key = Lesson.id + 0
    conditions = [_visible_reflections_by_ids(user)]
    found = words_of(words)
    if found:
        conditions.append(lesson_key.in_(_matching_ids(found)))
    if theme_id:
        conditions.append(lesson_key.in_(select(lesson_themes.c.lesson_id).where(lesson_themes.c.theme_id == theme_id)))
    if change_kind:
        conditions.append(lesson_key.in_(select(LessonChange.lesson_id).where(LessonChange.kind == change_kind)))
    if organisation_id:
        at_reflection = select(Participant.reflection_id).where(Participant.organisation_id == organisation_id)
        owned = (
            select(lesson_actions.c.lesson_id)
            .join(Action, Action.id == lesson_actions.c.action_id)
            .where(Action.owner_organisation_id == organisation_id)
        )
        conditions.append(or_(Lesson.reflection_id.in_(at_reflection), lesson_key.in_(owned)))
    base = (
        select(
            Lesson.id,
            Lesson.statement,
            Lesson.account,
            Reflection.held_on,
            Reflection.id,
            func.coalesce(programme_area.name, opgave_area.name),
            Programme.id,
            Programme.title,
            Opgave.title,
            func.count().over(),  # how many match in all, in the same pass over the user's lessons
        )
        .join(Lesson.reflection)
        .outerjoin(Programme, Programme.id == Reflection.programme_id)
        .outerjoin(programme_area, programme_area.id == Programme.area_id)
        .outerjoin(Opgave, Opgave.id == Reflection.opgave_id)
        .outerjoin(opgave_area, opgave_area.id == Opgave.area_id)
        .where(and_(*conditions))
    )
    rows = db.session.execute(base.order_by(Reflection.held_on.desc(), Lesson.id.desc()).limit(limit)).all()
    total = rows[0][9] if rows else 0
    actions = _actions_of(user, [r[0] for r in rows])
    hits = [Hit(r[0], r[1], r[2] or "", r[3], r[4], r[5] or "", r[6], r[7], r[8], actions.get(r[0], [])) for r in rows]
    return hits, total


def _actions_of(user, lesson_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """The actions each lesson concerns, only those the user may see."""
    if not lesson_ids:
        return {}
    query = (
        visible_actions(user)
        .with_only_columns(lesson_actions.c.lesson_id, Action.id, Action.number, Action.title)
        .join(lesson_actions, lesson_actions.c.action_id == Action.id)
        .where(lesson_actions.c.lesson_id.in_(lesson_ids))
        .order_by(Action.number)
    )
    out: dict[int, list] = {}
    for lesson_id, action_id, number, title in db.session.execute(query):
        out.setdefault(lesson_id, []).append((action_id, f"{number}. {title}"))
    return out
