"""Import runs (who imported which file, with what result) and what each run changed, for a revert;
plus the import profiles users made in the browser by mapping an unknown layout."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db

RUN_STATES = {
    "queued": N_("In de wachtrij"),
    "running": N_("Bezig"),
    "dry_run": N_("Proefimport"),
    "committed": N_("Ingelezen"),
    "rejected": N_("Geweigerd"),
    "reverted": N_("Teruggedraaid"),
    "failed": N_("Afgebroken"),
}
# Still to be finished by a job worker.
ACTIVE_STATES = ("queued", "running")
# A run keeps the first errors in full and the total count: a 100,000-row file with an error in
# every row must not turn the run list into a 50 MB JSON column.
MAX_STORED_ERRORS = 1000


class ImportRun(db.Model):
    __tablename__ = "import_runs"
    __table_args__ = (Index("ix_import_runs_profile_state", "profile", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    profile: Mapped[str] = mapped_column(String(100))
    target: Mapped[str] = mapped_column(String(60), default="")
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(default=0)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(12), default="running")
    rows: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # RowError dicts, the first MAX_STORED_ERRORS
    error_count: Mapped[int] = mapped_column(default=0)
    # Progress of a running import, read by the progress page: {"phase", "read", "validated", "written"}.
    progress: Mapped[dict] = mapped_column(JSON, default=dict)
    # The process doing the work ("host:pid") and when it last said it was alive: a run whose worker
    # died is marked failed (runner.fail_stale_runs).
    worker: Mapped[str] = mapped_column(String(200), default="", server_default="")
    heartbeat_at: Mapped[datetime | None]
    # What the preview page shows, kept by the worker: the first rows, the mapping, the grouped errors.
    preview: Mapped[dict | None] = mapped_column(JSON)
    reverted_at: Mapped[datetime | None]
    reverted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    reverted_by: Mapped[User | None] = relationship(foreign_keys=[reverted_by_id])

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def state_label(self) -> str:
        return RUN_STATES.get(self.state, self.state)

    def __repr__(self) -> str:
        return f"<ImportRun {self.id} {self.profile} {self.state}>"


class ImportChange(db.Model):
    """One row a run created or updated; `before` holds the updated columns' earlier values as JSON."""

    __tablename__ = "import_changes"
    __table_args__ = (Index("ix_import_changes_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id", ondelete="CASCADE"), index=True)
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int]
    op: Mapped[str] = mapped_column(String(10))  # "create" or "update"
    before: Mapped[dict | None] = mapped_column(JSON)


class ImportProfile(db.Model):
    """A profile a user saved from the mapping screen; read with `profile_from_dict`."""

    __tablename__ = "import_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(60))
    definition: Mapped[str] = mapped_column(Text)  # the profile as JSON text
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def audit_label(self) -> str:
        return f"Importprofiel {self.name}"
