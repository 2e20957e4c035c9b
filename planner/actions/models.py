"""Actions with weighted areas, partners and milestones."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

ACTION_STATUSES = ("idee", "gepland", "loopt", "vertraagd", "afgerond", "gestopt")
# What a party puts into an action (inzet): money in euros, hours, or in kind (valued in euros).
COMMITMENT_KINDS = {"geld": N_("Geld"), "uren": N_("Uren"), "natura": N_("In natura")}
ACTION_STATUS_LABELS = {
    "idee": N_("Idee"),
    "gepland": N_("Gepland"),
    "loopt": N_("Loopt"),
    "vertraagd": N_("Vertraagd"),
    "afgerond": N_("Afgerond"),
    "gestopt": N_("Gestopt"),
}

action_partners = Table(
    "action_partners",
    db.Model.metadata,
    Column("action_id", Integer, ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
)


class PartOfAction:
    """A row that belongs to an action: its audit events show on the action and its programme."""

    def audit_scope(self) -> tuple[int | None, int | None]:
        return (self.action.programme_id if self.action else None), self.action_id


class Action(db.Model):
    __tablename__ = "actions"
    __table_args__ = (
        UniqueConstraint("programme_id", "number", name="uq_actions_programme_number"),
        Index("ix_actions_updated_at", "updated_at"),  # the API's updated_since
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"), index=True)
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The trekker is a party (organisation); the contact person there is text.
    owner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    owner_person: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="idee", index=True)
    progress: Mapped[int] = mapped_column(default=0)
    # Relative weight of this action in its parent's progress roll-up.
    weight: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal("1"))
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="actions")
    goal: Mapped[Goal | None] = relationship(back_populates="actions")
    opgave: Mapped[Opgave | None] = relationship()
    parent: Mapped[Action | None] = relationship(remote_side="Action.id", back_populates="children")
    children: Mapped[list[Action]] = relationship(back_populates="parent", order_by="Action.number")
    owner_organisation: Mapped[Organisation | None] = relationship()
    partners: Mapped[list[Organisation]] = relationship(secondary=action_partners, order_by="Organisation.name")
    areas: Mapped[list[ActionArea]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionArea.id"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="Milestone.due_date"
    )
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="Commitment.id"
    )

    __mapper_args__ = {"version_id_col": lock_version}
    __audit_relations__ = ("partners",)

    @property
    def status_label(self) -> str:
        return ACTION_STATUS_LABELS[self.status]

    @property
    def owner(self) -> str:
        """The trekker as one line of text (pages, exports, versions, search results): 'LEV-groep (Fatima)'."""
        name = self.owner_organisation.name if self.owner_organisation else ""
        person = self.owner_person or ""
        if name and person:
            return f"{name} ({person})"
        return name or person

    def audit_label(self) -> str:
        return f"Actie {self.number}: {self.title}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, self.id


class ActionArea(PartOfAction, db.Model):
    """The share of an action that serves one area (weights need not add up to 1)."""

    __tablename__ = "action_areas"
    __table_args__ = (UniqueConstraint("action_id", "area_id", name="uq_action_areas_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    weight: Mapped[Decimal] = mapped_column(Numeric(8, 4), default=Decimal("1"))

    action: Mapped[Action] = relationship(back_populates="areas")
    area: Mapped[Area] = relationship(lazy="joined")

    def audit_label(self) -> str:
        return f"Gebied {self.area.code} bij actie {self.action.number} (gewicht {self.weight})"


class Milestone(PartOfAction, db.Model):
    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date]
    done_on: Mapped[date | None]

    action: Mapped[Action] = relationship(back_populates="milestones")

    def audit_label(self) -> str:
        return f"Mijlpaal: {self.title}"


# What a correction (bijsturing) changed; the codes are stored, the labels shown.
CORRECTION_ASPECTS = {
    "scope": N_("Inhoud (scope)"),
    "planning": N_("Planning (data)"),
    "geld": N_("Geld"),
    "trekker": N_("Trekker"),
}


class Correction(PartOfAction, db.Model):
    """A deliberate change of course (bijsturing) on an action: why, and what changed. A milestone
    moved with a reason is one too (`milestone`): a decision the team took, not a delay."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    corrected_on: Mapped[date] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(Text)
    # Comma-separated codes of CORRECTION_ASPECTS, in their order.
    aspects: Mapped[str] = mapped_column(String(100), default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("milestones.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()
    milestone: Mapped[Milestone | None] = relationship()

    @property
    def aspect_codes(self) -> list[str]:
        return [code for code in (self.aspects or "").split(",") if code]

    @property
    def aspect_labels(self) -> list[str]:
        return [CORRECTION_ASPECTS.get(code, code) for code in self.aspect_codes]

    def audit_label(self) -> str:
        return f"Bijsturing van {self.corrected_on.isoformat()} bij actie {self.action.number if self.action else self.action_id}"


class Commitment(PartOfAction, db.Model):
    """What one party commits to an action (inzet): money, hours or in kind, with a description."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    # Euros for geld and in natura (its value), hours for uren.
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    description: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship(back_populates="commitments")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def kind_label(self) -> str:
        return COMMITMENT_KINDS.get(self.kind, self.kind)

    def audit_label(self) -> str:
        return f"Inzet {self.organisation.name} bij actie {self.action.number}: {self.kind} {self.amount}"
