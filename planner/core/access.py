"""Role scoping: which roles a user holds where, and what a grant covers.

A role is granted on an area and covers its subtree. Every list, count and search is built
from these functions, so a ward team never even learns that another ward's draft exists. Who
sees a programme, an action or an area is said by the feature that owns it (its `access.py`).
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import false, func, or_

from planner.core.i18n import N_

ROLE_LABELS = {
    "admin": N_("Functioneel beheerder"),
    "area_manager": N_("Gebiedsmanager"),
    "team_member": N_("Opgaveteamlid"),
    "controller": N_("Controller"),
    "reader": N_("Lezer"),
}

CAPABILITIES: dict[str, frozenset[str]] = {
    "view": frozenset(ROLE_LABELS),
    "view_draft": frozenset({"admin", "area_manager", "team_member", "controller"}),
    "edit": frozenset({"admin", "area_manager", "team_member"}),
    "adopt": frozenset({"admin", "area_manager"}),
    "budget": frozenset({"admin", "controller"}),
    "admin": frozenset({"admin"}),
}


def grant_paths(user, capability: str) -> list[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    roles = CAPABILITIES[capability]
    return sorted({g.area.path for g in user.roles if g.role in roles})


def covers(paths, path: str) -> bool:
    """The area path `path` lies within one of `paths` (the area itself or below)."""
    return any(path == p or path.startswith(p + "/") for p in paths)


# Beyond this many paths (a user with a role in every municipality) one LIKE per path makes every
# row pay for hundreds of comparisons; then the prefixes are looked up in a set, per prefix length.
_MANY_PATHS = 8


def path_condition(column, paths: list[str]):
    """SQL: the area path `column` lies within one of `paths` (the area itself or below)."""
    if not paths:
        return false()
    if len(paths) <= _MANY_PATHS:  # the usual case: prefix LIKEs, which read the path index
        return or_(*[or_(column == p, column.startswith(p + "/", autoescape=True)) for p in paths])
    by_length: dict[int, list[str]] = {}
    for p in paths:
        by_length.setdefault(len(p) + 1, []).append(p + "/")
    return or_(
        column.in_(paths), *[func.substr(column, 1, length).in_(group) for length, group in sorted(by_length.items())]
    )


def can(user, capability: str, area) -> bool:
    """`area` is anything with an area `path`."""
    return covers(grant_paths(user, capability), area.path)


def require(user, capability: str, area) -> None:
    """403 for a user who may see the object but lacks the right to do this with it."""
    if not can(user, capability, area):
        abort(403)
