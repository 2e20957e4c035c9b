"""Learning: reflection moments and the lessons they yield, leading principles, programme evaluations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.core.sql import keep_out_of_models
from planner.extensions import db

REFLECTION_KINDS = {"team": N_("Teamreflectie"), "tafel": N_("Reflectie aan tafel"), "evaluatie": N_("Evaluatie")}
CHANGE_KINDS = {"aangepast": N_("Actie aangepast"), "gestopt": N_("Actie gestopt"), "gestart": N_("Actie gestart")}

keep_out_of_models("lesson_fts")  # the full-text index of lessons (planner/learning/search.py)

lesson_themes = Table(
    "lesson_themes",
    db.metadata,
    Column("lesson_id", Integer, ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True),
)
lesson_goals = Table(
    "lesson_goals",
    db.metadata,
    Column("lesson_id", Integer, ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", Integer, ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True),
)
lesson_actions = Table(
    "lesson_actions",
    db.metadata,
    Column("lesson_id", Integer, ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", Integer, ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True, index=True),
)
lesson_agreements = Table(
    "lesson_agreements",
    db.metadata,
    Column("lesson_id", Integer, ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True),
    Column("agreement_id", Integer, ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True, index=True),
)
principle_lessons = Table(
    "principle_lessons",
    db.metadata,
    Column("principle_id", Integer, ForeignKey("principles.id", ondelete="CASCADE"), primary_key=True),
    Column("lesson_id", Integer, ForeignKey("lessons.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Reflection(db.Model):
    """A reflection moment of a team or a table, on a programme or on an opgave: what works, what does not,
    what do we change."""

    __tablename__ = "reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20), default="team")
    independent_facilitator: Mapped[bool] = mapped_column(default=False)  # an independent procesbegeleider
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    what_works: Mapped[str] = mapped_column(Text, default="")
    what_does_not: Mapped[str] = mapped_column(Text, default="")
    what_we_change: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    programme: Mapped[Programme | None] = relationship()
    opgave: Mapped[Opgave | None] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="reflection", cascade="all, delete-orphan", order_by="Participant.id"
    )
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="reflection", cascade="all, delete-orphan", order_by="Lesson.id"
    )

    @property
    def kind_label(self) -> str:
        return REFLECTION_KINDS.get(self.kind, self.kind)

    @property
    def area(self):
        return self.programme.area if self.programme is not None else self.opgave.area

    @property
    def subject_title(self) -> str:
        return self.programme.title if self.programme is not None else self.opgave.title

    def audit_label(self) -> str:
        return f"Reflectie {self.held_on.isoformat() if self.held_on else ''}".strip()

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class Participant(db.Model):
    """Who took part: a role, and the party at the table they came for (none for the team itself)."""

    __tablename__ = "reflection_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflections.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(100), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)

    reflection: Mapped[Reflection] = relationship(back_populates="participants")
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")


class Lesson(db.Model):
    """A leerpunt: a short statement, the account behind it, and what it concerns and changed."""

    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(ForeignKey("reflections.id", ondelete="CASCADE"), index=True)
    statement: Mapped[str] = mapped_column(String(300))
    account: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reflection: Mapped[Reflection] = relationship(back_populates="lessons")
    themes: Mapped[list[Theme]] = relationship(secondary=lesson_themes, order_by="Theme.position")
    goals: Mapped[list[Goal]] = relationship(secondary=lesson_goals, order_by="Goal.number")
    actions: Mapped[list[Action]] = relationship(secondary=lesson_actions, order_by="Action.number")
    agreements: Mapped[list[Agreement]] = relationship(secondary=lesson_agreements, order_by="Agreement.id")
    changes: Mapped[list[LessonChange]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", order_by="LessonChange.id"
    )

    __audit_relations__ = ("themes", "goals", "actions", "agreements")

    def audit_label(self) -> str:
        return f"Leerpunt: {self.statement[:80]}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return (self.reflection.programme_id if self.reflection else None), None


class LessonChange(db.Model):
    """A change a lesson led to: an action adjusted, stopped or started, in a version of its programme."""

    __tablename__ = "lesson_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    version_number: Mapped[int | None]

    lesson: Mapped[Lesson] = relationship(back_populates="changes")
    action: Mapped[Action] = relationship()

    @property
    def kind_label(self) -> str:
        return CHANGE_KINDS.get(self.kind, self.kind)


class Principle(db.Model):
    """A leading principle of a municipality (leidend principe), with the lessons from any ward behind it."""

    __tablename__ = "principles"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)  # a gemeente
    statement: Mapped[str] = mapped_column(String(300))
    explanation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    area: Mapped[Area] = relationship()
    lessons: Mapped[list[Lesson]] = relationship(secondary=principle_lessons, order_by="Lesson.id")

    def audit_label(self) -> str:
        return f"Leidend principe: {self.statement[:80]}"


class Evaluation(db.Model):
    """The evaluation a programme needs before it is 'geëvalueerd': per goal the achievement of its targets
    and the team's judgement, and what the team takes with it."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), unique=True)
    lessons_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship()
    goals: Mapped[list[GoalJudgement]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="GoalJudgement.id"
    )

    def audit_label(self) -> str:
        return "Evaluatie"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class GoalJudgement(db.Model):
    """One goal in an evaluation: its targets as measured (baseline, target, latest) and the team's judgement."""

    __tablename__ = "evaluation_goals"
    __table_args__ = (UniqueConstraint("evaluation_id", "goal_id", name="uq_evaluation_goals_goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    achievement: Mapped[list] = mapped_column(JSON, default=list)  # [{indicator, unit, baseline, target, latest}]
    judgement: Mapped[str] = mapped_column(Text, default="")

    evaluation: Mapped[Evaluation] = relationship(back_populates="goals")
    goal: Mapped[Goal] = relationship()
