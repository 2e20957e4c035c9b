"""Indicator definitions and measurements (nulmeting, streef, realisatie) per area and period."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

MEASUREMENT_KINDS = {"nulmeting": N_("Nulmeting"), "streef": N_("Streefwaarde"), "realisatie": N_("Realisatie")}
# Units that cannot exceed 100 (a percentage of something).
BOUNDED_UNITS = {"%", "procent", "percentage"}


class Indicator(db.Model):
    """A definition: national (CBS, every municipality measures it; area None) or one
    municipality's own (its wijkmonitor), which only that municipality sees and manages."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    higher_is_better: Mapped[bool | None]  # None: neither (e.g. number of inhabitants)
    decimals: Mapped[int] = mapped_column(default=0)

    area: Mapped[Area | None] = relationship()

    def audit_label(self) -> str:
        return f"Indicator {self.code}: {self.name}"


class Measurement(db.Model):
    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("indicator_id", "area_id", "period", "kind", name="uq_measurements_key"),
        Index("ix_measurements_area_indicator", "area_id", "indicator_id"),
        # The comparison's fingerprint reads the latest change per area from the index alone.
        Index("ix_measurements_area_updated", "area_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(10))  # "2024", "2024-Q2", "2024-05"
    kind: Mapped[str] = mapped_column(String(12), default="realisatie")
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    # CBS publishes "." for figures withheld for privacy: stored as no value, marked secret.
    is_secret: Mapped[bool] = mapped_column(default=False)
    import_run_id: Mapped[int | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    indicator: Mapped[Indicator] = relationship()
    area: Mapped[Area] = relationship()


class GoalTarget(db.Model):
    """A goal's indicator target for one area: from a baseline (a nulmeting) to a target value."""

    __tablename__ = "goal_targets"
    __table_args__ = (
        UniqueConstraint("goal_id", "indicator_id", "area_id", name="uq_goal_targets_key"),
        Index("ix_goal_targets_area", "area_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    baseline_period: Mapped[str] = mapped_column(String(10))
    baseline_value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    target_period: Mapped[str] = mapped_column(String(10))
    target_value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship()
    indicator: Mapped[Indicator] = relationship(lazy="joined")
    area: Mapped[Area] = relationship(lazy="joined")

    def audit_scope(self) -> tuple[int | None, int | None]:
        return (self.goal.programme_id if self.goal else None), None

    def audit_label(self) -> str:
        return f"Streefwaarde {self.indicator.code if self.indicator else self.indicator_id} voor {self.target_period}"
