"""Participation: moments with residents, their contributions, what those led to, and spam throttling.

Personal data (name, e-mail) lives in its own table without an audit label, so the audit trail
never copies it and `participation purge` can remove it completely after the retention date.
Photos and documents of a moment are stored in the database itself (see MomentAttachment).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

MOMENT_KINDS = {
    "bewonersavond": N_("Bewonersavond"),
    "buurtwandeling": N_("Buurtwandeling"),
    "enquete": N_("Enquête"),
    "online_consultatie": N_("Online consultatie"),
    "keukentafelgesprek": N_("Keukentafelgesprek"),
}
CONTRIBUTION_STATUSES = {
    "nieuw": N_("Nieuw"),
    "overgenomen": N_("Overgenomen"),
    "deels": N_("Deels overgenomen"),
    "niet_overgenomen": N_("Niet overgenomen"),
}
MODERATION_STATES = {
    "te_modereren": N_("Te modereren"),
    "gepubliceerd": N_("Gepubliceerd"),
    "afgewezen": N_("Afgewezen"),
}
# The phases of a programme in which residents can react on its public page, and the programme status each
# belongs to: the draft in consultation, the actions and their progress in execution, the goals at evaluation.
PHASES = {
    "consultatie": N_("Consultatie van het concept"),
    "uitvoering": N_("Uitvoering"),
    "evaluatie": N_("Evaluatie"),
}
PHASE_OF_STATUS = {"consultatie": "consultatie", "uitvoering": "uitvoering", "geevalueerd": "evaluatie"}
SOURCES = {"publiek": N_("Online reactie"), "team": N_("Vastgelegd door het team"), "import": N_("Geïmporteerd")}


class ParticipationMoment(db.Model):
    """A bewonersavond, buurtwandeling, enquête…: where and when residents were heard."""

    __tablename__ = "participation_moments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The area decides who may see the moment; the programme is optional (a walk may precede it).
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    participants: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    area: Mapped[Area] = relationship()
    programme: Mapped[Programme | None] = relationship()
    attachments: Mapped[list[MomentAttachment]] = relationship(
        back_populates="moment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MomentAttachment.uploaded_at, MomentAttachment.id",
    )

    @property
    def kind_label(self) -> str:
        return MOMENT_KINDS.get(self.kind, self.kind)

    def audit_label(self) -> str:
        return f"{self.kind_label} {self.date.isoformat() if self.date else ''}: {self.title}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


ATTACHMENT_TYPES = {
    "image/jpeg": N_("JPEG-foto"),
    "image/png": N_("PNG-afbeelding"),
    "application/pdf": N_("PDF-document"),
}
IMAGE_TYPES = ("image/jpeg", "image/png")


class MomentAttachment(db.Model):
    """A photo (the flip-over of the bewonersavond) or a PDF (the report of the walk) of a moment.

    The bytes live in the database, not on disk: one transaction stores or removes file and record
    together, and a database backup (or the PostgreSQL test run) holds everything. `file_data` is
    deferred (lists never load it) and left out of the audit trail (planner.core.audit.SKIPPED_FIELDS),
    which keeps name, size and SHA-256 instead.
    """

    __tablename__ = "moment_attachments"
    # The same file twice on one moment is a double click, not a second photo.
    __table_args__ = (UniqueConstraint("moment_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    moment_id: Mapped[int] = mapped_column(ForeignKey("participation_moments.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))  # as the user's computer called it, for display
    content_type: Mapped[str] = mapped_column(String(50))  # detected from the content: one of ATTACHMENT_TYPES
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Alt text of a photo (WCAG 1.1.1), required for images; for a PDF an optional description.
    description: Mapped[str] = mapped_column(String(500), default="")
    # Residents may be recognisable on photos: only shown publicly when the team says so.
    public: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    file_data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    moment: Mapped[ParticipationMoment] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES

    @property
    def type_label(self) -> str:
        return ATTACHMENT_TYPES.get(self.content_type, self.content_type)

    def audit_scope(self) -> tuple[int | None, int | None]:  # the event shows on the programme's history
        return (self.moment.programme_id if self.moment is not None else None), None

    def audit_label(self) -> str:
        return f"Bijlage '{self.filename}' bij {self.moment.audit_label() if self.moment else 'bijeenkomst'}"


class Contribution(db.Model):
    """One piece of resident input, the team's reasoned response, and its moderation state."""

    __tablename__ = "contributions"
    __table_args__ = (Index("ix_contributions_programme_state", "programme_id", "moderation", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    moment_id: Mapped[int | None] = mapped_column(
        ForeignKey("participation_moments.id", ondelete="SET NULL"), index=True
    )
    # What the resident reacted on (a goal or an action of the draft), if anything in particular.
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="nieuw")
    response: Mapped[str] = mapped_column(Text, default="")
    responded_at: Mapped[datetime | None]
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    moderation: Mapped[str] = mapped_column(String(20), default="te_modereren")
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(20), default="team")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    # In which phase of the programme the input came (PHASES); a reaction on progress names the update.
    phase: Mapped[str] = mapped_column(String(20), default="consultatie", server_default="consultatie")
    progress_update_id: Mapped[int | None] = mapped_column(ForeignKey("progress_updates.id", ondelete="SET NULL"))

    area: Mapped[Area] = relationship()
    programme: Mapped[Programme | None] = relationship()
    theme: Mapped[Theme | None] = relationship()
    moment: Mapped[ParticipationMoment | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    action: Mapped[Action | None] = relationship()
    progress_update: Mapped[ProgressUpdate | None] = relationship()
    links: Mapped[list[ContributionLink]] = relationship(
        back_populates="contribution", cascade="all, delete-orphan", order_by="ContributionLink.id"
    )
    contact: Mapped[ContributionContact | None] = relationship(
        back_populates="contribution", cascade="all, delete-orphan", uselist=False
    )

    @property
    def status_label(self) -> str:
        return CONTRIBUTION_STATUSES.get(self.status, self.status)

    @property
    def moderation_label(self) -> str:
        return MODERATION_STATES.get(self.moderation, self.moderation)

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)

    @property
    def linked_actions(self) -> list:
        return [link.action for link in self.links if link.action is not None]

    @property
    def linked_goals(self) -> list:
        return [link.goal for link in self.links if link.goal is not None]

    def audit_label(self) -> str:
        return f"Inbreng {self.id}: {self.text[:60]}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id or (self.action.programme_id if self.action else None), self.action_id


class ContributionContact(db.Model):
    """Name and e-mail a resident chose to give, with consent, kept until `keep_until` (never audited)."""

    __tablename__ = "contribution_contacts"

    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    keep_until: Mapped[date] = mapped_column(index=True)

    contribution: Mapped[Contribution] = relationship(back_populates="contact")


class ContributionLink(db.Model):
    """A goal or action that a contribution led to: the 'wat is er met uw inbreng gedaan' loop."""

    __tablename__ = "contribution_links"
    __table_args__ = (UniqueConstraint("contribution_id", "goal_id", "action_id", name="uq_contribution_links_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)

    contribution: Mapped[Contribution] = relationship(back_populates="links")
    goal: Mapped[Goal | None] = relationship()
    action: Mapped[Action | None] = relationship()

    def audit_scope(self) -> tuple[int | None, int | None]:
        programme_id = self.contribution.programme_id if self.contribution else None
        return programme_id or (self.action.programme_id if self.action else None), self.action_id

    def audit_label(self) -> str:
        target = (
            f"actie {self.action.number}"
            if self.action is not None
            else f"doel {self.goal.number}"
            if self.goal is not None
            else "?"
        )
        return f"Inbreng {self.contribution_id} leidde tot {target}"


class ReactionThrottle(db.Model):
    """One public reaction attempt per row: a keyed hash of the address, never the address itself.

    Rows older than a day are deleted by `participation purge`; they only serve the rate limit.
    """

    __tablename__ = "reaction_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    ip_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_reaction_throttle_hash_at", "ip_hash", "at"),)


class DatedPhase:
    """Opening and closing date (`opens_on`, `closes_on`) of a phase in which residents may react; both
    inclusive, either may be empty."""

    def is_open(self, today: date) -> bool:
        return (self.opens_on is None or self.opens_on <= today) and (self.closes_on is None or today <= self.closes_on)

    def state(self, today: date) -> str:
        if self.is_open(today):
            return "open"
        return "not_yet" if self.opens_on and today < self.opens_on else "closed"


class ConsultationPeriod(DatedPhase, db.Model):
    """When residents may react on a programme in consultation: the public form opens and closes on these
    dates (both inclusive). Set by the team when the programme goes to consultation, or later."""

    __tablename__ = "consultation_periods"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]

    programme: Mapped[Programme] = relationship()

    phase = "consultatie"

    @property
    def id(self) -> int:  # the audit trail files an event under the entity's id: here the programme's
        return self.programme_id

    def audit_label(self) -> str:
        return f"Inspraakperiode van {self.programme.title if self.programme else self.programme_id}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class ParticipationPhase(DatedPhase, db.Model):
    """A phase after the consultation in which residents may react on the public page: execution (on actions
    and their progress) or evaluation (their judgement per goal). Without a row the phase is closed to
    residents; without dates it is open for as long as the programme is in that phase."""

    __tablename__ = "participation_phases"
    __table_args__ = (UniqueConstraint("programme_id", "phase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(20))
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]

    programme: Mapped[Programme] = relationship()

    @property
    def phase_label(self) -> str:
        return PHASES.get(self.phase, self.phase)

    def audit_label(self) -> str:
        return f"Inspraak tijdens {self.phase}: {self.programme.title if self.programme else self.programme_id}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.programme_id, None


class ParticipationPolicy(db.Model):
    """A municipality's participation policy (its participatieverordening): which phases are open to residents
    for a new programme, and how long a resident's name and e-mail are kept. Edited by an admin."""

    __tablename__ = "participation_policies"

    municipality_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True)
    execution_open: Mapped[bool] = mapped_column(default=False)
    evaluation_open: Mapped[bool] = mapped_column(default=False)
    retention_days: Mapped[int] = mapped_column(default=365)

    municipality: Mapped[Area] = relationship()

    @property
    def id(self) -> int:  # the audit trail files an event under the entity's id: here the municipality's
        return self.municipality_id

    def audit_label(self) -> str:
        return f"Inspraakbeleid van {self.municipality.name if self.municipality else self.municipality_id}"


SIGNAL_OUTCOMES = {
    "nieuw": N_("Nieuw"),
    "programma": N_("Inbreng bij een programma"),
    "opgave": N_("Verkenning van een opgave"),
    "beantwoord": N_("Beantwoord"),
}


class Signal(db.Model):
    """A resident's signal or idea for a ward, sent while no programme was open: nothing said is lost.

    The ward's team triages it into a programme's contribution, an opgave to explore, or an answer;
    the outcome stays on the signal. Name and e-mail live in SignalContact, as for contributions.
    """

    __tablename__ = "signals"
    __table_args__ = (Index("ix_signals_area_outcome", "area_id", "outcome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(200), default="")
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(20), default="nieuw")
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contributions.id", ondelete="SET NULL"))
    opgave_id: Mapped[int | None] = mapped_column(ForeignKey("opgaven.id", ondelete="SET NULL"))
    answer: Mapped[str] = mapped_column(Text, default="")
    triaged_at: Mapped[datetime | None]
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    area: Mapped[Area] = relationship()
    theme: Mapped[Theme | None] = relationship()
    contribution: Mapped[Contribution | None] = relationship()
    opgave: Mapped[Opgave | None] = relationship()
    triaged_by: Mapped[User | None] = relationship()
    contact: Mapped[SignalContact | None] = relationship(
        back_populates="signal", cascade="all, delete-orphan", uselist=False
    )

    @property
    def outcome_label(self) -> str:
        return SIGNAL_OUTCOMES.get(self.outcome, self.outcome)

    def audit_label(self) -> str:
        return f"Signaal {self.id}: {self.text[:60]}"


class SignalContact(db.Model):
    """Name and e-mail given with a signal, with consent, kept until `keep_until` (never audited)."""

    __tablename__ = "signal_contacts"

    signal_id: Mapped[int] = mapped_column(ForeignKey("signals.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    keep_until: Mapped[date] = mapped_column(index=True)

    signal: Mapped[Signal] = relationship(back_populates="contact")
