"""Opgaven and their table: themes, organisations (parties), seats, agreements and table meetings.

The opgave decides who sits at the table. An organisation (`partners` table, kept under its old
name because actions and imports link to it) takes a seat at an opgave's table with a role, makes
agreements there and attends table meetings.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import User, utcnow
from planner.extensions import db

# Seeded by a data migration; an administrator may edit the list.
DEFAULT_THEMES = (
    "Wonen",
    "Werk & participatie",
    "Onderwijs & opvoeding",
    "Veiligheid",
    "Gezondheid & zorg",
    "Samenleven",
    "Leefomgeving & openbare ruimte",
    "Duurzaamheid",
)

# Codes kept from the former partner types where the meaning stayed; zorg and welzijn became one kind.
ORGANISATION_KINDS = {
    "bewonersorganisatie": N_("Bewoners en bewonersorganisaties"),
    "woningcorporatie": N_("Woningcorporatie"),
    "zorg_welzijn": N_("Zorg en welzijn"),
    "onderwijs": N_("Onderwijs"),
    "politie": N_("Politie en veiligheid"),
    "ondernemers": N_("Ondernemers"),
    "overheid": N_("Andere overheid"),
    "gemeente": N_("Gemeentelijke afdeling"),
    "overig": N_("Overig"),
}

OPGAVE_KINDS = {"maatschappelijk": N_("Maatschappelijke opgave"), "beleid": N_("Beleidsopgave")}
PRIORITIES = {"hoog": N_("Hoog"), "middel": N_("Middel"), "laag": N_("Laag")}
# The lifecycle, in order: one step forward at a time, back to any earlier phase; each step with a reason.
OPGAVE_STATUSES = {
    "signalering": N_("Signalering"),
    "verkenning": N_("Verkenning"),
    "programmering": N_("Programmering"),
    "uitvoering": N_("Uitvoering"),
    "afgerond": N_("Afgerond"),
}

SEAT_ROLES = {
    "trekker": N_("Trekker"),
    "mede_eigenaar": N_("Mede-eigenaar"),
    "financier": N_("Financier"),
    "uitvoerder": N_("Uitvoerder"),
    "adviseur": N_("Adviseur"),
    "betrokken": N_("Betrokken"),
}
CONTRIBUTIONS = {"mensen": N_("Mensen en uren"), "geld": N_("Geld"), "locaties": N_("Locaties"), "kennis": N_("Kennis")}
AGREEMENT_STATUSES = {
    "open": N_("Open"),
    "nagekomen": N_("Nagekomen"),
    "niet_nagekomen": N_("Niet nagekomen"),
    "vervallen": N_("Vervallen"),
}

opgave_themes = Table(
    "opgave_themes",
    db.Model.metadata,
    Column("opgave_id", Integer, ForeignKey("opgaven.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", Integer, ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
)
agreement_actions = Table(
    "agreement_actions",
    db.Model.metadata,
    Column("agreement_id", Integer, ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    Column("action_id", Integer, ForeignKey("actions.id", ondelete="CASCADE"), primary_key=True),
)
# The areas an opgave concerns besides the one that owns it (Opgave.area decides who sees and edits
# it); each lies within the owning area, so the list filter can find the opgave by any of them.
opgave_areas = Table(
    "opgave_areas",
    db.Model.metadata,
    Column("opgave_id", Integer, ForeignKey("opgaven.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", Integer, ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True, index=True),
)
meeting_attendees = Table(
    "meeting_attendees",
    db.Model.metadata,
    Column("meeting_id", Integer, ForeignKey("table_meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", Integer, ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(db.Model):
    """A theme of opgaven, goals and residents' input: of one municipality, or shared by all (area NULL)."""

    __tablename__ = "themes"
    # Unique per municipality, and among the shared ones (a partial index: NULLs are distinct in a unique
    # constraint); the service also keeps a municipality's names apart from the shared ones.
    __table_args__ = (
        UniqueConstraint("area_id", "name", name="uq_themes_area_name"),
        Index(
            "uq_themes_shared_name",
            "name",
            unique=True,
            sqlite_where=text("area_id IS NULL"),
            postgresql_where=text("area_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)  # a gemeente, or NULL: shared
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    # The kinds of organisation that serve this theme: "wie ontbreekt" flags a theme of an opgave
    # when no party of these kinds sits at its table. Empty: never flagged.
    party_kinds: Mapped[list] = mapped_column(JSON, default=list)

    area: Mapped[Area | None] = relationship()

    def audit_label(self) -> str:
        return f"Thema {self.name}"

    @property
    def party_kind_labels(self) -> list[str]:
        return [label for k, label in ORGANISATION_KINDS.items() if k in (self.party_kinds or ())]


class Organisation(db.Model):
    """A party that can take a seat at an opgave's table: residents' group, corporation, school, department…"""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    # Deactivated, never deleted: seats, agreements and actions keep pointing at it.
    active: Mapped[bool] = mapped_column(default=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP")
    )  # the API's updated_since

    merged_into: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, self.kind)

    def audit_label(self) -> str:
        return f"Organisatie {self.name}"


class Opgave(db.Model):
    """A societal challenge in an area: what has to be done here, and why."""

    __tablename__ = "opgaven"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(String(500), default="")  # the opgave in one sentence
    kind: Mapped[str] = mapped_column(String(20), default="maatschappelijk")
    description: Mapped[str] = mapped_column(Text, default="")  # background: what we see, and why
    desired_situation: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(10), default="middel")
    status: Mapped[str] = mapped_column(String(20), default="signalering", index=True)
    status_reason: Mapped[str] = mapped_column(Text, default="")  # why it reached its current phase
    portfolio_holder: Mapped[str] = mapped_column(String(200), default="")  # bestuurlijk opdrachtgever
    official_sponsor: Mapped[str] = mapped_column(String(200), default="")  # ambtelijk opdrachtgever
    director: Mapped[str] = mapped_column(String(200), default="")  # opgaveregisseur
    lock_version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP")
    )  # the API's updated_since

    area: Mapped[Area] = relationship()
    themes: Mapped[list[Theme]] = relationship(secondary=opgave_themes, order_by=Theme.position)
    concerned_areas: Mapped[list[Area]] = relationship(secondary=opgave_areas, order_by="Area.path")
    seats: Mapped[list[Seat]] = relationship(back_populates="opgave", cascade="all, delete-orphan")
    agreements: Mapped[list[Agreement]] = relationship(
        back_populates="opgave", cascade="all, delete-orphan", order_by=lambda: [Agreement.made_on.desc(), Agreement.id]
    )
    meetings: Mapped[list[TableMeeting]] = relationship(
        back_populates="opgave", cascade="all, delete-orphan", order_by=lambda: TableMeeting.held_on.desc()
    )

    __mapper_args__ = {"version_id_col": lock_version}
    __audit_relations__ = ("themes", "concerned_areas")

    @property
    def status_label(self) -> str:
        return OPGAVE_STATUSES.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return OPGAVE_KINDS.get(self.kind, self.kind)

    @property
    def priority_label(self) -> str:
        return PRIORITIES.get(self.priority, self.priority)

    def audit_label(self) -> str:
        return f"Opgave {self.title}"


class Seat(db.Model):
    """A party's place at an opgave's table: its role there, what it brings and what it wants."""

    __tablename__ = "opgave_partners"

    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        "partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), default="betrokken")
    contacts: Mapped[str] = mapped_column(Text, default="")  # contact persons, as the team writes them
    brings: Mapped[list] = mapped_column(JSON, default=list)  # keys of CONTRIBUTIONS
    offer: Mapped[str] = mapped_column(Text, default="")  # what it brings, in words
    wants: Mapped[str] = mapped_column(Text, default="")  # what it wants from this opgave

    opgave: Mapped[Opgave] = relationship(back_populates="seats")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def id(self) -> int:
        """The audit trail files a seat's events under its opgave (a seat has no id of its own)."""
        return self.opgave_id

    @property
    def role_label(self) -> str:
        return SEAT_ROLES.get(self.role, self.role)

    @property
    def brings_labels(self) -> list[str]:
        return [CONTRIBUTIONS[k] for k in self.brings or () if k in CONTRIBUTIONS]

    def audit_label(self) -> str:
        who = self.organisation.name if self.organisation else self.organisation_id
        return f"{who} aan tafel bij opgave {self.opgave.title if self.opgave else self.opgave_id}"


class TableMeeting(db.Model):
    """A meeting of the table: when, who was there, and (through agreements) what was agreed."""

    __tablename__ = "table_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    title: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    opgave: Mapped[Opgave] = relationship(back_populates="meetings")
    attendees: Mapped[list[Organisation]] = relationship(secondary=meeting_attendees, order_by=Organisation.name)
    agreements: Mapped[list[Agreement]] = relationship(back_populates="meeting", order_by="Agreement.id")

    __audit_relations__ = ("attendees",)

    def audit_label(self) -> str:
        return f"Tafeloverleg {self.held_on.isoformat() if self.held_on else ''} {self.title}".strip()


class Agreement(db.Model):
    """An afspraak at the table: a party commits to something, carried out by actions."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    opgave_id: Mapped[int] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("table_meetings.id", ondelete="SET NULL"))
    made_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")
    lock_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    opgave: Mapped[Opgave] = relationship(back_populates="agreements")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    meeting: Mapped[TableMeeting | None] = relationship(back_populates="agreements")
    actions: Mapped[list[Action]] = relationship(secondary=agreement_actions, order_by="Action.id")

    __mapper_args__ = {"version_id_col": lock_version}
    __audit_relations__ = ("actions",)

    @property
    def status_label(self) -> str:
        return AGREEMENT_STATUSES.get(self.status, self.status)

    def audit_label(self) -> str:
        who = self.organisation.name if self.organisation else self.organisation_id
        return f"Afspraak met {who}: {self.text[:80]}"


class PartnerGrant(db.Model):
    """A person of a partner organisation at the table: reads the programmes of an opgave (or one programme),
    drafts included, comments in their internal round and reports progress on the actions that organisation
    leads. Granted on exactly one opgave or one programme, never on an area, so it stays outside the area
    roles and opens nothing else."""

    __tablename__ = "partner_grants"
    __table_args__ = (
        UniqueConstraint("user_id", "opgave_id", "organisation_id", name="uq_partner_grants_grant"),
        UniqueConstraint("user_id", "programme_id", "organisation_id", name="uq_partner_grants_programme_grant"),
        CheckConstraint(
            "(opgave_id IS NOT NULL AND programme_id IS NULL) OR (opgave_id IS NULL AND programme_id IS NOT NULL)",
            name="opgave_or_programme",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), index=True)

    user: Mapped[User] = relationship()
    opgave: Mapped[Opgave | None] = relationship(lazy="joined")
    programme: Mapped[Programme | None] = relationship("Programme", lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def target_opgave(self) -> Opgave | None:
        """The opgave the grant sits at: its own, or its programme's."""
        return self.opgave if self.opgave is not None else (self.programme.opgave if self.programme else None)

    @property
    def target_label(self) -> str:
        if self.programme is not None:
            return f"programma {self.programme.title}"
        return f"opgave {self.opgave.title if self.opgave else self.opgave_id}"

    def audit_label(self) -> str:
        who = self.user.email if self.user else self.user_id
        org = self.organisation.name if self.organisation else self.organisation_id
        return f"Partnerrol van {who} ({org}) op {self.target_label}"
