"""P&C moments per municipality and year, actions flagged for them, and calendar feed tokens."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext
from sqlalchemy import ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.actions.models import PartOfAction
from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

MOMENT_KINDS = {
    "kadernota": N_("Kadernota (voorjaarsnota)"),
    "berap1": N_("Bestuursrapportage 1"),
    "jaarrekening": N_("Jaarstukken"),  # jaarverslag (programme accounting) + jaarrekening; code kept
    "berap2": N_("Bestuursrapportage 2"),
    "najaarsnota": N_("Najaarsnota"),
    "begroting": N_("Begroting"),
    "begrotingswijziging": N_("Begrotingswijziging"),
}
MOMENT_STATES = {"open": N_("Open"), "gesloten": N_("Gesloten")}
FLAG_PURPOSES = {
    "nieuw_beleid": N_("Nieuw beleid"),
    "verantwoording": N_("Verantwoording"),
    "bijsturing": N_("Bijsturing"),
}


class PcMoment(db.Model):
    """One P&C document of one municipality in one year, with its three dates."""

    __tablename__ = "pc_moments"
    __table_args__ = (UniqueConstraint("area_id", "kind", "year", "sequence", name="uq_pc_moments_moment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    year: Mapped[int] = mapped_column(index=True)
    # Begrotingswijzigingen come several a year: 1, 2, 3 …; every other kind has sequence 1.
    sequence: Mapped[int] = mapped_column(default=1)
    input_deadline: Mapped[date | None]
    college_date: Mapped[date | None]
    council_date: Mapped[date | None]
    state: Mapped[str] = mapped_column(String(20), default="open")
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP")
    )  # the API's updated_since

    area: Mapped[Area] = relationship(lazy="joined")
    closed_by: Mapped[User | None] = relationship()
    flags: Mapped[list[ActionPcFlag]] = relationship(
        back_populates="moment", cascade="all, delete-orphan", order_by="ActionPcFlag.id"
    )

    @property
    def kind_label(self) -> str:
        return MOMENT_KINDS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        suffix = f" {self.sequence}" if self.kind == "begrotingswijziging" else ""
        return f"{self.kind_label}{suffix} {self.year}"

    @property
    def screen_label(self) -> str:
        """`label` in the interface language; `label` stays Dutch for exports, the feed and domain messages."""
        suffix = f" {self.sequence}" if self.kind == "begrotingswijziging" else ""
        return f"{gettext(self.kind_label)}{suffix} {self.year}"

    @property
    def is_closed(self) -> bool:
        return self.state == "gesloten"

    def audit_label(self) -> str:
        return f"P&C-moment {self.label} ({self.area.code if self.area else self.area_id})"


class ActionPcFlag(PartOfAction, db.Model):
    """An action must appear in a P&C document: as new policy, for accountability or to adjust."""

    __tablename__ = "action_pc_flags"
    __table_args__ = (UniqueConstraint("action_id", "pc_moment_id", "purpose", name="uq_action_pc_flags_flag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    pc_moment_id: Mapped[int] = mapped_column(ForeignKey("pc_moments.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()
    moment: Mapped[PcMoment] = relationship(back_populates="flags")

    @property
    def purpose_label(self) -> str:
        return FLAG_PURPOSES.get(self.purpose, self.purpose)

    def audit_label(self) -> str:
        return f"Actie {self.action.number} in {self.moment.label}: {self.purpose_label}"


class CalendarToken(db.Model):
    """A user's secret for the .ics feed; only its SHA-256 is stored, so a leaked table leaks no feed."""

    __tablename__ = "calendar_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
