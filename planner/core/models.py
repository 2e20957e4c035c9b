"""Users, their role grants on areas, and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# How precisely a key's last use (API key, calendar link) is kept: finer would make every read a write.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def mark_used(row) -> None:
    """Set `row.last_used_at` to now, but at most once per LAST_USE_RESOLUTION: a request with a key stays a
    read. A write on every call made each API request wait for SQLite's single write lock, for seconds while
    an import was writing (bench/load.sh), and costs a row update per request on PostgreSQL."""
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USE_RESOLUTION:
        row.last_used_at = now


ROLES = ("admin", "area_manager", "team_member", "controller", "reader")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Stored in the session at login; raising it ends every session that holds an older number.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled accounts
        return self.is_enabled

    def audit_label(self) -> str:
        return f"Gebruiker {self.email}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RoleAssignment(db.Model):
    """A role granted on an area; it covers that area's whole subtree."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "area_id", name="uq_role_assignments_grant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)

    user: Mapped[User] = relationship(back_populates="roles")
    area: Mapped[Area] = relationship(lazy="joined")

    def audit_label(self) -> str:
        user = self.user.email if self.user else self.user_id
        area = self.area.code if self.area else self.area_id
        return f"Rol {self.role} van {user} op {area}"


class LoginFailure(db.Model):
    """A failed sign-in on an existing account, for the functioneel beheerder's work list. What someone typed
    for an address that has no account is not stored: it may be anyone's personal data."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LoginThrottle(db.Model):
    """Recent failed sign-ins per typed address or per client address, kept in the database so the limit holds
    across workers and servers. Both keys are keyed hashes: neither the address typed nor the IP address is
    stored."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("kind", "key", name="uq_login_throttles_kind_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # account / address
    key: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(default=utcnow)
    blocked_until: Mapped[datetime | None] = mapped_column(index=True)


class AuditEvent(db.Model):
    """Who changed what, when: before/after values of the changed fields."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_entity", "entity_type", "entity_id"),
        Index("ix_audit_events_programme", "programme_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_label: Mapped[str] = mapped_column(String(254), default="systeem")
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    entity_label: Mapped[str] = mapped_column(String(300), default="")
    programme_id: Mapped[int | None]
    action_id: Mapped[int | None] = mapped_column(index=True)
    event: Mapped[str] = mapped_column(String(20))  # create / update / delete / transition
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
