"""Agenda items (besluit, motie, toezegging …) and their links to actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.actions.models import PartOfAction
from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

ITEM_KINDS = {
    "coalitieakkoord": N_("Coalitieakkoord-afspraak"),
    "raadsvoorstel": N_("Raadsvoorstel"),
    "besluit": N_("Besluit"),
    "motie": N_("Motie"),
    "amendement": N_("Amendement"),
    "toezegging": N_("Toezegging"),
    "raadsinformatiebrief": N_("Raadsinformatiebrief"),
    "schriftelijke_vragen": N_("Schriftelijke vragen"),
}
BODIES = {
    "raad": N_("Gemeenteraad"),
    "commissie": N_("Raadscommissie"),
    "college": N_("College van B&W"),
    "stadsdeelcommissie": N_("Stadsdeelcommissie"),
    # Helmond and many other municipalities have wijkraden: residents' councils that advise on their ward.
    "wijkraad": N_("Wijkraad"),
}
ITEM_STATUSES = {
    "open": N_("Open"),
    "aangenomen": N_("Aangenomen"),
    "verworpen": N_("Verworpen"),
    "ingetrokken": N_("Ingetrokken"),
    "afgedaan": N_("Afgedaan"),
}
# What happens to a coalitieakkoord agreement when its council period ends, decided explicitly with a reason.
CARRY_OVER = {"ja": N_("Gaat mee naar de volgende raadsperiode"), "nee": N_("Gaat niet mee")}

LINK_MEANINGS = {
    "voert_uit": N_("Voert uit"),
    "verantwoording_via": N_("Verantwoording via"),
}


class AgendaItem(db.Model):
    """A decision, motie, toezegging … of a council or college, scoped to an area."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("area_id", "number", name="uq_agenda_items_area_number"),
        UniqueConstraint("area_id", "external_id", name="uq_agenda_items_area_external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The municipality (or ward, for a wijkraad or stadsdeelcommissie) the item belongs to: decides who sees it.
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    number: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[date | None]
    body: Mapped[str] = mapped_column(String(30), default="raad")
    submitters: Mapped[str] = mapped_column(String(500), default="")
    portfolio_holder: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    deadline: Mapped[date | None]
    url: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # The identifier in the source system (ORI, iBabs, Notubiz): re-importing updates, never duplicates.
    external_id: Mapped[str | None] = mapped_column(String(200))
    # A coalitieakkoord agreement: its council period ("2022-2026") and whether it carries over to the next
    # period ("ja"/"nee", "" while undecided), why, and the agreement of the next period that continues it.
    council_period: Mapped[str] = mapped_column(String(9), default="")
    carry_over: Mapped[str] = mapped_column(String(3), default="")
    carry_over_reason: Mapped[str] = mapped_column(String(500), default="")
    carried_into_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    area: Mapped[Area] = relationship(lazy="joined")
    carried_into: Mapped[AgendaItem | None] = relationship(remote_side="AgendaItem.id", foreign_keys=[carried_into_id])
    links: Mapped[list[ActionAgendaLink]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", order_by="ActionAgendaLink.id"
    )

    @property
    def kind_label(self) -> str:
        return ITEM_KINDS.get(self.kind, self.kind)

    @property
    def body_label(self) -> str:
        return BODIES.get(self.body, self.body)

    @property
    def status_label(self) -> str:
        return ITEM_STATUSES.get(self.status, self.status)

    @property
    def carry_over_label(self) -> str:
        return CARRY_OVER.get(self.carry_over, "")

    def is_overdue(self, today: date) -> bool:
        return self.status == "open" and self.deadline is not None and self.deadline < today

    def audit_label(self) -> str:
        return f"{self.kind_label} {self.number}: {self.title}"


class ActionAgendaLink(PartOfAction, db.Model):
    """An action carries out an agenda item, or is accounted for through it."""

    __tablename__ = "action_agenda_links"
    __table_args__ = (UniqueConstraint("action_id", "agenda_item_id", name="uq_action_agenda_links_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    meaning: Mapped[str] = mapped_column(String(30), default="voert_uit")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship(back_populates="links")

    @property
    def meaning_label(self) -> str:
        return LINK_MEANINGS.get(self.meaning, self.meaning)

    def audit_label(self) -> str:
        return f"Koppeling actie {self.action.number} ↔ {self.agenda_item.kind_label} {self.agenda_item.number} ({self.meaning_label})"
