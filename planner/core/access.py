"""Role scoping: which areas, programmes and actions a user may see or change.

A role is granted on an area and covers its subtree. Every list, count and search is built
from these functions, so a ward team never even learns that another ward's draft exists.
"""
from __future__ import annotations

from flask import abort
from sqlalchemy import Select, and_, false, or_, select

from planner.actions.models import Action
from planner.areas.models import Area
from planner.core.i18n import N_
from planner.extensions import db
from planner.programmes.models import DRAFT_STATUSES, PUBLISHED_STATUSES, Programme

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


def path_condition(column, paths: list[str]):
    """SQL: the area path `column` lies within one of `paths` (the area itself or below)."""
    if not paths:
        return false()
    return or_(*[or_(column == p, column.startswith(p + "/", autoescape=True)) for p in paths])


def can(user, capability: str, area: Area) -> bool:
    return any(area.path == p or area.path.startswith(p + "/") for p in grant_paths(user, capability))


def visible_areas(user) -> Select:
    return select(Area).where(path_condition(Area.path, grant_paths(user, "view")))


def programme_visibility(user):
    """SQL condition on Programme (joined with Area) for what `user` may read."""
    return or_(
        path_condition(Area.path, grant_paths(user, "view_draft")),
        and_(
            Programme.status.in_(PUBLISHED_STATUSES),
            path_condition(Area.path, grant_paths(user, "view")),
        ),
    )


def visible_programmes(user) -> Select:
    return select(Programme).join(Programme.area).where(programme_visibility(user))


def visible_actions(user) -> Select:
    return select(Action).join(Action.programme).join(Programme.area).where(programme_visibility(user))


def can_view_programme(user, programme: Programme) -> bool:
    if can(user, "view_draft", programme.area):
        return True
    return programme.status not in DRAFT_STATUSES and can(user, "view", programme.area)


def get_area_or_404(user, code: str) -> Area:
    area = db.session.execute(visible_areas(user).where(Area.code == code)).scalar_one_or_none()
    if area is None:
        abort(404)
    return area


def get_programme_or_404(user, programme_id: int) -> Programme:
    programme = db.session.execute(
        visible_programmes(user).where(Programme.id == programme_id)
    ).scalar_one_or_none()
    if programme is None:
        abort(404)
    return programme


def get_action_or_404(user, action_id: int) -> Action:
    action = db.session.execute(visible_actions(user).where(Action.id == action_id)).scalar_one_or_none()
    if action is None:
        abort(404)
    return action


def require(user, capability: str, area: Area) -> None:
    """403 for a user who may see the object but lacks the right to do this with it."""
    if not can(user, capability, area):
        abort(403)
