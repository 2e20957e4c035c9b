"""Who sees and manages an indicator: a national one everybody sees and only an administrator of
the whole installation manages; a municipality's own one only that municipality sees, and its
administrators manage. Another municipality's indicator does not exist for a user (404)."""

from __future__ import annotations

from flask import abort
from sqlalchemy import or_, select

from planner.areas.access import is_installation_admin
from planner.areas.models import Area
from planner.core.access import covers, grant_paths
from planner.extensions import db
from planner.indicators.models import Indicator


def _roots(paths) -> set[str]:
    """The municipalities (root areas) of grant paths: "GM0794/WK079410" → "GM0794"."""
    return {p.split("/")[0] for p in paths}


def visible_condition(user):
    """SQL: the indicators `user` may see (national, or of a municipality they hold a role in)."""
    roots = _roots(grant_paths(user, "view"))
    return or_(Indicator.area_id.is_(None), Indicator.area_id.in_(select(Area.id).where(Area.path.in_(roots))))


def usable_in(area_path: str):
    """SQL: the indicators a target or measurement in the area at `area_path` may use."""
    return or_(
        Indicator.area_id.is_(None), Indicator.area_id.in_(select(Area.id).where(Area.path.in_(_roots([area_path]))))
    )


def get_indicator_or_404(user, indicator_id: int) -> Indicator:
    indicator = db.session.scalar(select(Indicator).where(Indicator.id == indicator_id, visible_condition(user)))
    if indicator is None:
        abort(404)
    return indicator


def owner_choices(user) -> list[Area]:
    """The municipalities whose own indicators `user` manages."""
    roots = [p for p in grant_paths(user, "admin") if "/" not in p]
    if not roots:
        return []
    return list(db.session.scalars(select(Area).where(Area.path.in_(roots)).order_by(Area.name)))


def may_manage(user, indicator: Indicator) -> bool:
    if indicator.area_id is None:
        return is_installation_admin(user)
    return covers([p for p in grant_paths(user, "admin") if "/" not in p], indicator.area.path)


def may_create(user) -> bool:
    return bool(owner_choices(user)) or is_installation_admin(user)
