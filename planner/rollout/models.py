"""Programme templates, the programmes rolled out from them, the way-of-working board and revisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

ROLES = {"pilot": N_("Pilot"), "volger": N_("Volger")}
# The way of working a municipality follows when it broadens a pilot (Helmond: two pilot teams, then 11 wards).
DEFAULT_STEPS = (
    N_("Stakeholdersessie"),
    N_("Bewonersavond"),
    N_("College geïnformeerd"),
    N_("Raadsvoorstel"),
)


class ProgrammeTemplate(db.Model):
    """A programme (or part of it) saved to start others from: goals with targets, actions with their
    offsets in days from the programme's start, trekker and partners. It keeps no budget lines."""

    __tablename__ = "programme_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality: its staff who see drafts see the template.
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    source_programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    fits_when: Mapped[str] = mapped_column(Text, default="")
    # The pilot's period length and its start (the earliest action start): offsets count from there.
    years: Mapped[int] = mapped_column(default=3)
    start_year: Mapped[int]
    reference_start: Mapped[date]
    steps: Mapped[list] = mapped_column(JSON, default=list)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lock_version: Mapped[int] = mapped_column(default=1)

    area: Mapped[Area] = relationship(lazy="joined")
    links: Mapped[list[TemplateProgramme]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateProgramme.id"
    )

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def goals(self) -> list[dict]:
        return self.content.get("goals", [])

    @property
    def actions(self) -> list[dict]:
        return self.content.get("actions", [])

    @property
    def seats(self) -> list[dict]:
        """The partner roles of the pilot's opgave table: {kind, role, brings, offer, examples}."""
        return self.content.get("seats", [])

    def audit_label(self) -> str:
        return f"Sjabloon: {self.title}"


class TemplateProgramme(db.Model):
    """A programme that came from a template (a follower), or the pilot it was made from."""

    __tablename__ = "template_programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("programme_templates.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str] = mapped_column(String(10), default="volger")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    template: Mapped[ProgrammeTemplate] = relationship(back_populates="links")
    programme: Mapped[Programme] = relationship()

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)

    def audit_label(self) -> str:
        return f"Uitgerold uit sjabloon {self.template_id}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class ActionOrigin(db.Model):
    """Which template action an action stems from: the rows of the roll-out view."""

    __tablename__ = "action_origins"

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("programme_templates.id", ondelete="CASCADE"), index=True)
    key: Mapped[int]


class StepDone(db.Model):
    """A step of the template's way of working that a ward's team ticked off, with its date."""

    __tablename__ = "rollout_steps_done"
    __table_args__ = (UniqueConstraint("template_id", "programme_id", "step", name="uq_rollout_steps_done"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("programme_templates.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(100))
    done_on: Mapped[date]
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def audit_label(self) -> str:
        return f"Stap '{self.step}' gedaan op {self.done_on.isoformat()}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class Revision(db.Model):
    """A revision of a programme in execution: why, which decision covers it; closed with a new version."""

    __tablename__ = "programme_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"))
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    version_id: Mapped[int | None] = mapped_column(ForeignKey("programme_versions.id", ondelete="SET NULL"))

    programme: Mapped[Programme] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship(lazy="joined")

    def audit_label(self) -> str:
        return "Herziening in uitvoering"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None
