"""BBV taakvelden and budget lines, stored in euros as exact decimals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.actions.models import PartOfAction
from planner.core.models import utcnow
from planner.extensions import db

BUDGET_KINDS = {
    "primitief": "Primitieve begroting",
    "na_wijziging": "Begroting na wijziging",
    "realisatie": "Realisatie",
    "prognose": "Prognose",
    "verplichting": "Verplichtingen",
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
    # One index only: every query starts from a municipality and year, which the unique key's
    # index leads with. Each further index cost a quarter more per line on a bulk import.
    __table_args__ = (
        UniqueConstraint("area_id", "fiscal_year", "line_key", "direction", "kind", name="uq_budget_lines_key"),
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
    # Not indexed: a revert finds its lines by the id range its run recorded (planner.excel.runner).
    import_run_id: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    area: Mapped[Area] = relationship()


class Allocation(PartOfAction, db.Model):
    """An action draws an amount in one year from one budget line."""

    __tablename__ = "allocations"
    __table_args__ = (
        UniqueConstraint("action_id", "budget_line_id", "year", name="uq_allocations_action_line_year"),
        Index("ix_allocations_line_year", "budget_line_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    budget_line_id: Mapped[int] = mapped_column(ForeignKey("budget_lines.id", ondelete="CASCADE"))
    year: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    # Allocating more than the line holds needs a deliberate override with a reason (audited).
    override: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str] = mapped_column(String(500), default="")
    # An override is no free pass (Gemeentewet art. 189): beyond the line's room it is a proposed
    # "begrotingswijziging" for the next P&C moment, or a "mandaat" shift when the overshoot fits
    # the municipality's mandate (BudgetMandate). Until the line is raised it is a
    # begrotingsonrechtmatigheid.
    amendment: Mapped[str] = mapped_column(String(20), default="")
    overshoot: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0.00"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()
    budget_line: Mapped[BudgetLine] = relationship()

    def audit_label(self) -> str:
        line = self.budget_line
        where = f"{line.taakveld_code} {line.description or line.line_key}" if line else str(self.budget_line_id)
        return f"Toekenning {self.year} aan actie {self.action.number if self.action else self.action_id} uit {where}"


class PcSnapshot(db.Model):
    """A figure frozen when a P&C moment closed: one budget line amount, or one action's
    allocated total and progress, so a berap compares with the begroting as it was then."""

    __tablename__ = "pc_snapshots"
    # The budget line's index: a deleted line (a reverted import) finds its snapshots to clear.
    __table_args__ = (
        Index("ix_pc_snapshots_moment", "moment_id", "subject"),
        Index("ix_pc_snapshots_budget_line", "budget_line_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    moment_id: Mapped[int] = mapped_column(ForeignKey("pc_moments.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(10))  # "line" or "action"
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id", ondelete="SET NULL"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"))
    fiscal_year: Mapped[int]
    # The line's identity is copied so the frozen figure survives a deleted or re-keyed line.
    line_key: Mapped[str] = mapped_column(String(120), default="")
    taakveld_code: Mapped[str] = mapped_column(String(10), default="")
    description: Mapped[str] = mapped_column(String(300), default="")
    direction: Mapped[str] = mapped_column(String(6), default="")
    kind: Mapped[str] = mapped_column(String(12), default="")  # budget kind, or "toegekend" for an action
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    progress: Mapped[int | None]
    frozen_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeviationNote(db.Model):
    """The team's explanation of a deviation in a P&C moment (the berap's 'toelichting')."""

    __tablename__ = "deviation_notes"
    __table_args__ = (UniqueConstraint("moment_id", "subject", "subject_key", name="uq_deviation_notes_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    moment_id: Mapped[int] = mapped_column(ForeignKey("pc_moments.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(10))  # "line" or "action"
    subject_key: Mapped[str] = mapped_column(String(140))  # "lasten|<line_key>" or the action id
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def audit_label(self) -> str:
        return f"Toelichting afwijking {self.subject} {self.subject_key}"


SPENDING_SOURCES = {"handmatig": "Ingevoerd", "import": "Geïmporteerd"}


class ActionSpending(PartOfAction, db.Model):
    """Money actually spent on an action in one period (a month of a fiscal year): booked in the
    financial system under a code that maps to the action, or entered by hand. Not a share of a
    line's realisation: what was booked."""

    __tablename__ = "action_spendings"
    __table_args__ = (UniqueConstraint("action_id", "year", "period", "reference", name="uq_action_spendings_booking"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    period: Mapped[int]  # month 1-12
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    source: Mapped[str] = mapped_column(String(10), default="handmatig")
    # The booking's code in the financial system (projectnummer or kostenplaats/kostensoort), or "".
    reference: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()

    def audit_label(self) -> str:
        number = self.action.number if self.action else self.action_id
        return f"Realisatie {self.period:02d}-{self.year} op actie {number}"


class ActionFinanceCode(PartOfAction, db.Model):
    """How the financial system books on an action: a projectnummer, or a kostenplaats with a
    kostensoort. Unique per municipality, so a booking finds exactly one action."""

    __tablename__ = "action_finance_codes"
    __table_args__ = (
        UniqueConstraint("area_id", "project_code", "cost_centre", "cost_type", name="uq_action_finance_codes_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))  # the municipality whose ledger it is
    project_code: Mapped[str] = mapped_column(String(60), default="")
    cost_centre: Mapped[str] = mapped_column(String(60), default="")
    cost_type: Mapped[str] = mapped_column(String(60), default="")

    action: Mapped[Action] = relationship()

    @property
    def label(self) -> str:
        if self.project_code:
            return f"project {self.project_code}"
        return f"kostenplaats {self.cost_centre} / kostensoort {self.cost_type}"

    def audit_label(self) -> str:
        return f"Financiële code {self.label} voor actie {self.action.number if self.action else self.action_id}"


AMENDMENTS = {"begrotingswijziging": "Voorgestelde begrotingswijziging", "mandaat": "Verschuiving binnen mandaat"}


class BudgetMandate(db.Model):
    """The amount up to which the financial regulation (financiële verordening) lets the college shift
    budget within a begrotingsprogramma without a begrotingswijziging by the raad."""

    __tablename__ = "budget_mandates"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), unique=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    def audit_label(self) -> str:
        return f"Mandaat begrotingsverschuiving {self.amount}"


class ProgrammeMandate(db.Model):
    """The financial regulation's own mandate for one begrotingsprogramma; programmes without one take the
    municipality's (BudgetMandate)."""

    __tablename__ = "budget_programme_mandates"
    __table_args__ = (UniqueConstraint("area_id", "budget_programme", name="uq_budget_programme_mandates_programme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    budget_programme: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))

    def audit_label(self) -> str:
        return f"Mandaat begrotingsverschuiving {self.budget_programme}"


FUNDING_KINDS = {
    "exploitatie": "Exploitatiebudget (begrotingsregel)",
    "investering": "Investeringskrediet",
    "reserve": "Onttrekking uit een reserve",
    "subsidie": "Rijks- of provinciale bijdrage (SPUK e.d.)",
    "partner": "Bijdrage van een partij aan tafel",
}
FUNDING_STATES = {"toegezegd": "Toegezegd", "beschikt": "Beschikt", "ontvangen": "Ontvangen"}


class FundingSource(PartOfAction, db.Model):
    """Where (part of) an action's money comes from in one year, and how firm it is."""

    __tablename__ = "funding_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    year: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(10), default="toegezegd")
    description: Mapped[str] = mapped_column(String(300), default="")  # the reserve's or credit's name
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id", ondelete="SET NULL"))
    depreciation_years: Mapped[int | None]  # investering: afschrijvingstermijn
    interest_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # investering: rente omslag
    grant_reference: Mapped[str] = mapped_column(String(120), default="")  # subsidie: e.g. "SPUK GALA 2026"
    grant_ceiling: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # subsidie: the amount granted
    conditions: Mapped[str] = mapped_column(Text, default="")
    accountability_date: Mapped[date | None]
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()
    budget_line: Mapped[BudgetLine | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def kind_label(self) -> str:
        return FUNDING_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return FUNDING_STATES.get(self.status, self.status)

    @property
    def capital_charges(self) -> Decimal | None:
        """Kapitaallasten in the first year: straight-line depreciation plus interest on the amount."""
        if self.kind != "investering" or not self.depreciation_years:
            return None
        interest = self.amount * (self.interest_percent or 0) / 100
        return (self.amount / self.depreciation_years + interest).quantize(Decimal("0.01"))

    def audit_label(self) -> str:
        number = self.action.number if self.action else self.action_id
        return f"Financiering {self.year} ({FUNDING_KINDS.get(self.kind, self.kind)}) van actie {number}"


class BudgetFrame(db.Model):
    """The budget frame (kader) of a wijkontwikkelprogramma or an opgave for its whole period: what
    its actions may be allocated in total."""

    __tablename__ = "budget_frames"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), unique=True)
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"), unique=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def audit_label(self) -> str:
        subject = f"programma {self.programme_id}" if self.programme_id else f"opgave {self.opgave_id}"
        return f"Budgettair kader {subject}"


class Iv3Profile(db.Model):
    """What the CBS Iv3 file says about a municipality in a year: province, size class, urbanity and
    inhabitants; the benchmark compares a municipality with those of the same size class and province."""

    __tablename__ = "iv3_profiles"
    __table_args__ = (UniqueConstraint("area_id", "fiscal_year", name="uq_iv3_profiles_area_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int]
    province: Mapped[str] = mapped_column(String(60), default="")
    size_class: Mapped[str] = mapped_column(String(60), default="")
    urbanity: Mapped[str] = mapped_column(String(60), default="")
    inhabitants: Mapped[int | None]
