"""Which programmes a user may read: concepts only with a drafting role, programmes from the consultation on
with any role (the council's agenda), all programmes of an opgave a partner is granted on and the one programme
a partner is granted on, drafts included."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, and_, or_, select

from planner.areas.models import Area
from planner.core.access import can, grant_paths, path_condition
from planner.extensions import db
from planner.opgaven.access import grant_covers, partner_grants, partner_opgave_ids, partner_programme_ids
from planner.programmes.models import COUNCIL_STATUSES, Programme


def programme_visibility(user):
    """SQL condition on Programme (joined with Area) for what `user` may read."""
    return or_(
        path_condition(Area.path, grant_paths(user, "view_draft")),
        and_(
            Programme.status.in_(COUNCIL_STATUSES),
            path_condition(Area.path, grant_paths(user, "view")),
        ),
        Programme.opgave_id.in_(partner_opgave_ids(user)),
        Programme.id.in_(partner_programme_ids(user)),
    )


def visible_programmes(user) -> Select:
    return select(Programme).join(Programme.area).where(programme_visibility(user))


def visible_through_area_roles(user, programme: Programme) -> bool:
    """The programme is visible through an area role, not only through a partner grant."""
    if can(user, "view_draft", programme.area):
        return True
    return programme.status in COUNCIL_STATUSES and can(user, "view", programme.area)


def sees_drafts(user, programme: Programme) -> bool:
    """Whether `user` may read `programme` as a concept: a drafting role on its area, or a partner grant on it
    or its opgave. Anyone else (the council) reads it only from the consultation on, so also only the versions
    and history of the time it was not a concept."""
    return can(user, "view_draft", programme.area) or any(grant_covers(g, programme) for g in partner_grants(user))


def can_view_programme(user, programme: Programme) -> bool:
    return visible_through_area_roles(user, programme) or any(grant_covers(g, programme) for g in partner_grants(user))


def get_programme_or_404(user, programme_id: int) -> Programme:
    programme = db.session.execute(visible_programmes(user).where(Programme.id == programme_id)).scalar_one_or_none()
    if programme is None:
        abort(404)
    return programme
