"""The start page's work lists: what waits for a user in each role they hold, gathered from the features.

Each feature adds a function to the "worklist" hook in its `init_app`; it gets the user and today's date
and returns the WorkLists it has for the roles that user holds (none for the others). The start page
only groups them by role, so it knows no feature:

    hooks.add(app, "worklist", worklist.milestones_due)   # actions/__init__.py
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from planner.core import hooks
from planner.core.access import ROLE_LABELS
from planner.core.i18n import N_
from planner.extensions import db

# The order of the role blocks on the start page: the daily work first, the installation's last.
ROLE_ORDER = ("team_member", "area_manager", "controller", "admin", "partner")
WORKLIST_ROLE_LABELS = {**ROLE_LABELS, "partner": N_("Partner aan tafel")}
SOON_DAYS = 14  # "due soon": within two weeks
MAX_ITEMS = 10  # a work list shows the first ones and says how many there are in all


@dataclass
class WorkItem:
    text: str
    url: str
    detail: str = ""
    late: bool = False


@dataclass
class WorkList:
    role: str
    title: str
    count_text: str  # the number in words, e.g. "3 mijlpalen"
    empty_text: str
    items: list[WorkItem] = field(default_factory=list)
    total: int = 0
    more_url: str | None = None


@dataclass
class RoleBlock:
    role: str
    label: str
    lists: list[WorkList]


def role_paths(user, role: str) -> list[str]:
    """The area paths on which `user` holds exactly `role` (not every role with the same capability)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return sorted({g.area.path for g in user.roles if g.role == role})


def work_for(user, today: date) -> list[RoleBlock]:
    """Every feature's work lists for `user`, grouped by role in ROLE_ORDER."""
    by_role: dict[str, list[WorkList]] = {}
    for collect in hooks.functions("worklist"):
        for work in collect(user, today):
            by_role.setdefault(work.role, []).append(work)
    return [RoleBlock(r, WORKLIST_ROLE_LABELS.get(r, r), by_role[r]) for r in ROLE_ORDER if r in by_role]


def first_and_total(query, limit: int = MAX_ITEMS) -> tuple[list, int]:
    """The first `limit` rows of a (scoped, ordered) query and how many there are: two queries at most."""
    rows = list(db.session.execute(query.limit(limit)).all())
    if len(rows) < limit:
        return rows, len(rows)
    return rows, db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
