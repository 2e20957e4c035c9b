"""A comment in the internal round on a concept programme, with the team's answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import User, utcnow
from planner.extensions import db
from planner.opgaven.models import Organisation

# The team's answer to a comment: answered only, or also what was done with it in the draft.
OUTCOMES = {
    "beantwoord": N_("Beantwoord"),
    "verwerkt": N_("Verwerkt"),
    "niet_overgenomen": N_("Niet overgenomen"),
}
MAX_TEXT = 2000


class DraftComment(db.Model):
    """What a partner or team member says about a concept programme, a goal or an action, kept with the version
    it was made for: `version_number` is the version being drafted, stored when the round closes (the step to
    consultatie)."""

    __tablename__ = "programme_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"), index=True)
    # What the comment was about, as it read then ("Actie 3: Buurtkamer"): goals and actions get renamed.
    subject_label: Mapped[str] = mapped_column(String(300), default="")
    version_number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(120), default="")
    # The partner organisation the author sits at the table for; None for the team.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(20), default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_by_name: Mapped[str] = mapped_column(String(120), default="")
    answered_at: Mapped[datetime | None]
    lock_version: Mapped[int] = mapped_column(default=1)

    programme: Mapped[Programme] = relationship()
    goal: Mapped[Goal | None] = relationship()
    action: Mapped[Action | None] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def outcome_label(self) -> str:
        return OUTCOMES.get(self.outcome, "")

    def audit_label(self) -> str:
        return f"Opmerking van {self.author_name} bij {self.subject_label or 'het programma'}: {self.text[:80]}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, self.action_id
