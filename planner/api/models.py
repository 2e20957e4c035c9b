"""API tokens: a user may hold several named tokens (one per script or tool); only hashes are stored.
Tombstones: what was deleted, and when, so a dashboard that syncs can drop it too."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.models import utcnow
from planner.extensions import db

DEFAULT_RATE_LIMIT = 600  # requests per minute per key


class ApiToken(db.Model):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # The first characters, shown in lists so a user can tell tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    # Requests per minute, counted across workers (planner.api.services.count_request): in Redis or a counts
    # file beside a SQLite database, else in window_start and window_count here.
    rate_limit: Mapped[int] = mapped_column(default=DEFAULT_RATE_LIMIT, server_default=str(DEFAULT_RATE_LIMIT))
    window_start: Mapped[datetime | None]
    window_count: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship()

    @property
    def expires_on(self) -> date | None:
        """The last day the key works."""
        return (self.expires_at - timedelta(days=1)).date() if self.expires_at else None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    def audit_label(self) -> str:
        return f"API-sleutel '{self.name}' ({self.prefix}…) van {self.user.email if self.user else self.user_id}"


class Tombstone(db.Model):
    """A deleted object of one of the API's lists: its kind (the list's name), its id or code, the
    area path it belonged to (for scoping: who could see the area sees the deletion) and when."""

    __tablename__ = "api_tombstones"
    __table_args__ = (Index("ix_api_tombstones_kind_deleted_at", "kind", "deleted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    object_key: Mapped[str] = mapped_column(String(40))
    area_path: Mapped[str | None] = mapped_column(String(200))
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)
