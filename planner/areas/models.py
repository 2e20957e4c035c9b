"""The area tree (gemeente → wijk → buurt) keyed by CBS code."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.access import covers
from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

LEVELS = ("gemeente", "stadsdeel", "wijk", "buurt")
LEVEL_LABELS = {"gemeente": N_("Gemeente"), "stadsdeel": N_("Stadsdeel"), "wijk": N_("Wijk"), "buurt": N_("Buurt")}


class Area(db.Model):
    __tablename__ = "areas"
    # On PostgreSQL with the pattern operator class, so that a prefix LIKE ('GM0034/%': every
    # access check and every area list) reads the index in any collation instead of scanning.
    __table_args__ = (Index("ix_areas_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    # Materialised path of codes ("GM0794/WK079410"): a grant on an area covers every
    # area whose path starts with it, which keeps role scoping one indexed predicate.
    path: Mapped[str] = mapped_column(String(200))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    # When the row last changed (the API's updated_since).
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP")
    )

    parent: Mapped[Area | None] = relationship(remote_side="Area.id", back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.code")

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, self.level)

    def is_within(self, other: Area) -> bool:
        return covers([other.path], self.path)

    def __repr__(self) -> str:
        return f"<Area {self.code}>"
