"""Periodic progress updates: what the team reported about an action, kept as history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.actions.models import PartOfAction
from planner.core.models import utcnow
from planner.extensions import db


class ProgressUpdate(PartOfAction, db.Model):
    """One report on one action for one period ("2026-Q3" or a date): never edited, only added."""

    __tablename__ = "progress_updates"
    __table_args__ = (Index("ix_progress_updates_action_created", "action_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))
    progress: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()
    author: Mapped[User | None] = relationship()

    def audit_label(self) -> str:
        return f"Voortgangsrapportage {self.period} bij actie {self.action.number if self.action else self.action_id}"
