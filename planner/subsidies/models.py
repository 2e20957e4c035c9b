"""Subsidy schemes (regelingen), applications with their beschikking, payments and vaststelling,
residents' initiatives (a wijkbudget request without an account) and capacity in hours."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

scheme_goals = Table(
    "subsidy_scheme_goals",
    db.metadata,
    Column("scheme_id", Integer, ForeignKey("subsidy_schemes.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", Integer, ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# te_modereren: a resident's initiative waiting for the ward team; afgewezen: not taken into
# consideration (spam, not an initiative); the rest is the trail every application follows.
STATUS_LABELS = {
    "te_modereren": N_("Te modereren"),
    "ingediend": N_("Ingediend"),
    "verleend": N_("Verleend"),
    "geweigerd": N_("Geweigerd"),
    "vastgesteld": N_("Vastgesteld"),
    "afgewezen": N_("Niet in behandeling"),
}
GRANTED = ("verleend", "vastgesteld")  # statuses whose beschikking draws on a budget line


class SubsidyScheme(db.Model):
    """A regeling of a municipality: for one area (a ward, or the whole municipality) or one opgave,
    with a subsidieplafond and criteria that serve the goals it is linked to."""

    __tablename__ = "subsidy_schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))  # where applications may come from
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    criteria: Mapped[str] = mapped_column(Text, default="")
    ceiling: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # subsidieplafond: all grants together
    wijkbudget: Mapped[bool] = mapped_column(default=False)  # residents may apply through the public form
    # The period in which applications may be submitted (both open: no limit on that side).
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the row last changed (the API's updated_since).
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP"), index=True
    )

    area: Mapped[Area] = relationship(foreign_keys=[area_id])
    opgave: Mapped[Opgave | None] = relationship()
    goals: Mapped[list[Goal]] = relationship(secondary=scheme_goals, order_by="Goal.number")

    def audit_label(self) -> str:
        return f"Subsidieregeling {self.name}"


class SubsidyApplication(db.Model):
    """An application under a scheme, by a party at the opgave's table or a residents' initiative."""

    __tablename__ = "subsidy_applications"
    __table_args__ = (
        # The municipality page sums grants per budget line: one probe per line of the year.
        Index("ix_subsidy_applications_line_status", "budget_line_id", "status"),
        Index("ix_subsidy_applications_area_status", "area_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("subsidy_schemes.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"), index=True)
    initiative: Mapped[bool] = mapped_column(default=False)  # a residents' initiative
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # requested
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(14), default="ingediend")
    submitted_on: Mapped[date] = mapped_column(default=date.today)
    advice: Mapped[str] = mapped_column(Text, default="")  # the area team's advice
    # The beschikking: granted (line, amount, conditions, accountability date) or refused (reasons).
    budget_line_id: Mapped[int | None] = mapped_column(ForeignKey("budget_lines.id", ondelete="SET NULL"))
    granted_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    conditions: Mapped[str] = mapped_column(Text, default="")
    account_by: Mapped[date | None]  # verantwoordingsdatum
    reasons: Mapped[str] = mapped_column(Text, default="")  # why it was refused
    decided_on: Mapped[date | None]
    settled_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # vaststelling
    settled_on: Mapped[date | None]
    public_answer: Mapped[str] = mapped_column(Text, default="")  # published for an initiative
    # When the row last changed (the API's updated_since).
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP"), index=True
    )

    scheme: Mapped[SubsidyScheme] = relationship()
    area: Mapped[Area] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    budget_line: Mapped[BudgetLine | None] = relationship()
    payments: Mapped[list[SubsidyPayment]] = relationship(
        back_populates="application", order_by="SubsidyPayment.due_on", cascade="all, delete-orphan"
    )
    contact: Mapped[InitiativeContact | None] = relationship(
        back_populates="application", cascade="all, delete-orphan", uselist=False
    )

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def applicant(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return "Bewonersinitiatief" if self.initiative else ""

    @property
    def paid(self) -> Decimal:
        return sum((p.paid_amount or Decimal("0.00") for p in self.payments), Decimal("0.00"))

    @property
    def scheduled(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))

    @property
    def claim(self) -> Decimal | None:
        """What the beschikking draws from its line: the settled amount once vastgesteld."""
        if self.status == "vastgesteld":
            return self.settled_amount
        return self.granted_amount if self.status == "verleend" else None

    def audit_label(self) -> str:
        return f"Subsidieaanvraag {self.title}"


class SubsidyPayment(db.Model):
    """One term of a granted subsidy's payment schedule (voorschot or betaling)."""

    __tablename__ = "subsidy_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("subsidy_applications.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    paid_on: Mapped[date | None]
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # what was transferred, at most `amount`

    application: Mapped[SubsidyApplication] = relationship(back_populates="payments")

    def audit_label(self) -> str:
        return f"Betaling subsidie {self.application.title if self.application else self.application_id}"


class InitiativeContact(db.Model):
    """Name and e-mail of a resident who sent an initiative, with consent, kept until `keep_until`
    like a reaction's (never audited; `participation purge` removes it)."""

    __tablename__ = "initiative_contacts"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("subsidy_applications.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    keep_until: Mapped[date] = mapped_column(index=True)

    application: Mapped[SubsidyApplication] = relationship(back_populates="contact")


class CapacityEntry(db.Model):
    """Hours planned and spent on an opgave (or one of its actions) by a department or party in a year."""

    __tablename__ = "capacity_entries"
    __table_args__ = (Index("ix_capacity_entries_opgave_year", "opgave_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    who: Mapped[str] = mapped_column(String(200))  # a municipal department or a party at the table
    planned_hours: Mapped[Decimal] = mapped_column(Numeric(10, 1), default=Decimal(0))
    actual_hours: Mapped[Decimal] = mapped_column(Numeric(10, 1), default=Decimal(0))
    # When the row last changed (the API's updated_since).
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP"), index=True
    )

    opgave: Mapped[Opgave] = relationship()
    action: Mapped[Action | None] = relationship()

    def audit_label(self) -> str:
        return f"Capaciteit {self.year} {self.who}"
