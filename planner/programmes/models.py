"""Programmes, goals and immutable programme versions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db
from planner.opgaven.models import Opgave, Theme

STATUSES = ("concept", "consultatie", "besluitvorming", "vastgesteld", "uitvoering", "geevalueerd")
STATUS_LABELS = {
    "concept": N_("Concept"),
    "consultatie": N_("Consultatie"),
    "besluitvorming": N_("Besluitvorming"),
    "vastgesteld": N_("Vastgesteld"),
    "uitvoering": N_("Uitvoering"),
    "geevalueerd": N_("Geëvalueerd"),
}
DRAFT_STATUSES = ("concept", "consultatie", "besluitvorming")
PUBLISHED_STATUSES = ("vastgesteld", "uitvoering", "geevalueerd")
# Readers (raadsleden, griffie) read a programme once it is on the council's agenda: from the consultation
# on, read-only. A concept is the team's own work and stays invisible to them.
# Who adopts a programme: the raad (the usual case) or the college, as the municipality's mandate says.
COMPETENT_BODIES = {"raad": N_("Gemeenteraad"), "college": N_("College van B&W")}
# The agenda items that can be the besluit adopting a programme.
DECISION_ITEM_KINDS = ("besluit", "raadsvoorstel")

COUNCIL_STATUSES = ("consultatie", "besluitvorming", *PUBLISHED_STATUSES)


class Programme(db.Model):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The owning area decides who may see and edit the programme.
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The three W-questions: wat willen we bereiken / wat gaan we doen / wat mag het kosten.
    ambition: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    cost_notes: Mapped[str] = mapped_column(Text, default="")
    start_year: Mapped[int]
    end_year: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default="concept", index=True)
    # Kept as text too: what the besluit was called when the programme was adopted (and for older records).
    decision_reference: Mapped[str] = mapped_column(String(200), default="")
    # The besluit on the political agenda that adopted the programme, and the body competent to adopt it.
    decision_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    competent_body: Mapped[str] = mapped_column(String(20), default="")
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    area: Mapped[Area] = relationship(lazy="joined")
    opgave: Mapped[Opgave | None] = relationship()
    decision_item: Mapped[AgendaItem | None] = relationship()
    goals: Mapped[list[Goal]] = relationship(
        back_populates="programme", order_by="Goal.number", cascade="all, delete-orphan"
    )
    actions: Mapped[list[Action]] = relationship(
        back_populates="programme", order_by="Action.number", cascade="all, delete-orphan"
    )
    versions: Mapped[list[ProgrammeVersion]] = relationship(
        back_populates="programme", order_by="ProgrammeVersion.number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def competent_body_label(self) -> str:
        return COMPETENT_BODIES.get(self.competent_body, self.competent_body)

    @property
    def is_draft(self) -> bool:
        return self.status in DRAFT_STATUSES

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def audit_label(self) -> str:
        return self.title

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.id, None


class Goal(db.Model):
    """An ambition of the programme: wat willen we bereiken."""

    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("programme_id", "number", name="uq_goals_programme_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    lock_version: Mapped[int] = mapped_column(default=1)

    programme: Mapped[Programme] = relationship(back_populates="goals")
    theme: Mapped[Theme | None] = relationship()
    actions: Mapped[list[Action]] = relationship(back_populates="goal", order_by="Action.number")

    __mapper_args__ = {"version_id_col": lock_version}

    def audit_label(self) -> str:
        return f"Doel {self.number}: {self.title}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class ProgrammeVersion(db.Model):
    """An immutable snapshot of a programme, stored at each status change."""

    __tablename__ = "programme_versions"
    __table_args__ = (UniqueConstraint("programme_id", "number", name="uq_programme_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict] = mapped_column(JSON)

    programme: Mapped[Programme] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@event.listens_for(ProgrammeVersion, "before_update")
def _versions_are_immutable(mapper, connection, target):
    raise ValueError("Een programmaversie is onveranderlijk en kan niet worden gewijzigd.")
