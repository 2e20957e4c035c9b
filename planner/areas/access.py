"""Which areas a user may see: those within a grant of any role."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from planner.areas.models import Area
from planner.core.access import covers, grant_paths, path_condition
from planner.extensions import db


def visible_areas(user) -> Select:
    return select(Area).where(path_condition(Area.path, grant_paths(user, "view")))


def get_area_or_404(user, code: str) -> Area:
    area = db.session.execute(visible_areas(user).where(Area.code == code)).scalar_one_or_none()
    if area is None:
        abort(404)
    return area


def is_installation_admin(user) -> bool:
    """A functioneel beheerder of every municipality in the installation: the one who manages what
    all of them share (national indicators, organisations, themes)."""
    paths = grant_paths(user, "admin")
    roots = db.session.scalars(select(Area.path).where(Area.parent_id.is_(None))).all()
    return bool(paths) and bool(roots) and all(covers(paths, r) for r in roots)
