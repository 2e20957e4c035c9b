"""Who sees an opgave: anyone with a role on its area or above; who edits it: an editing role there."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from planner.areas.models import Area
from planner.core.access import can, grant_paths, path_condition
from planner.extensions import db
from planner.opgaven.models import Opgave


def visible_opgaven(user) -> Select:
    return select(Opgave).join(Opgave.area).where(path_condition(Area.path, grant_paths(user, "view")))


def can_view_opgave(user, opgave: Opgave) -> bool:
    return can(user, "view", opgave.area)


def get_opgave_or_404(user, opgave_id: int) -> Opgave:
    opgave = db.session.execute(visible_opgaven(user).where(Opgave.id == opgave_id)).scalar_one_or_none()
    if opgave is None:
        abort(404)
    return opgave


def is_admin(user) -> bool:
    """A functioneel beheerder somewhere: themes and organisations are shared by the installation."""
    return bool(grant_paths(user, "admin"))
