"""BBV taakvelden and budget lines, stored in euros as exact decimals."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.models import utcnow
from planner.extensions import db

BUDGET_KINDS = {
    "primitief": "Primitieve begroting",
    "na_wijziging": "Begroting na wijziging",
    "realisatie": "Realisatie",
    "prognose": "Prognose",
}
DIRECTIONS = {"lasten": "Lasten", "baten": "Baten"}


class Taakveld(db.Model):
    """A BBV taakveld. A code can have two rows when its name changed (6.2, 6.4 in 2023)."""

    __tablename__ = "taakvelden"
    __table_args__ = (UniqueConstraint("code", "valid_from", name="uq_taakvelden_code_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(200))
    main_task: Mapped[str] = mapped_column(String(200), default="")  # hoofdtaakveld
    valid_from: Mapped[int]  # first fiscal year
    valid_to: Mapped[int | None]  # last fiscal year, None = still valid

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)


class BudgetLine(db.Model):
    __tablename__ = "budget_lines"
    __table_args__ = (
        UniqueConstraint("area_id", "fiscal_year", "line_key", "direction", "kind", name="uq_budget_lines_key"),
        Index("ix_budget_lines_area_year", "area_id", "fiscal_year"),
        Index("ix_budget_lines_taakveld", "taakveld_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))  # the municipality whose budget it is
    fiscal_year: Mapped[int]
    # What identifies the line in its source: kostenplaats+kostensoort, or the taakveld for Iv3.
    line_key: Mapped[str] = mapped_column(String(120))
    budget_programme: Mapped[str] = mapped_column(String(200), default="")  # begrotingsprogramma
    taakveld_code: Mapped[str] = mapped_column(String(10))
    cost_centre: Mapped[str] = mapped_column(String(60), default="")  # kostenplaats
    economic_category: Mapped[str] = mapped_column(String(60), default="")  # kostensoort / ec. categorie
    description: Mapped[str] = mapped_column(String(300), default="")
    direction: Mapped[str] = mapped_column(String(6))  # lasten / baten
    kind: Mapped[str] = mapped_column(String(12))  # primitief / na_wijziging / realisatie / prognose
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    import_run_id: Mapped[int | None] = mapped_column(index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    area: Mapped["Area"] = relationship()  # noqa: F821
