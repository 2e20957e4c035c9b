"""Which actions a user may read: those of the programmes they may read."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, select

from planner.actions.models import Action
from planner.extensions import db
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme


def visible_actions(user) -> Select:
    return select(Action).join(Action.programme).join(Programme.area).where(programme_visibility(user))


def get_action_or_404(user, action_id: int) -> Action:
    action = db.session.execute(visible_actions(user).where(Action.id == action_id)).scalar_one_or_none()
    if action is None:
        abort(404)
    return action
