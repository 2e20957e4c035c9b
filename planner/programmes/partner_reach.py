"""How far a partner grant reaches for a user who also holds an area role elsewhere.

A partner-only user is held to the partner pages (planner.opgaven.access.close_other_pages_to_partners).
A user with an area role somewhere is not, so a programme, action or opgave they see only through a
partner grant must not open the other pages that take it: its budget, residents' input with names and
e-mail addresses, targets, delays. Those pages ask for an area role that covers the object.
"""

from __future__ import annotations

from flask import abort, request

from planner.core import hooks
from planner.core.access import can
from planner.extensions import db
from planner.opgaven.access import PARTNER_BLUEPRINTS, PARTNER_ENDPOINTS, partner_grants
from planner.programmes.access import visible_through_area_roles
from planner.programmes.models import Programme

# The objects a URL can name, in the order they are checked.
OBJECT_ARGS = ("programme_id", "action_id", "opgave_id")
# Pages for everyone, signed in or not (the consultation and its feedback page): no role asked, none checked.
PUBLIC_BLUEPRINTS = frozenset({"inspraak"})


def _is_partner_page(endpoint: str) -> bool:
    blueprint = endpoint.partition(".")[0]
    return endpoint in PARTNER_ENDPOINTS or blueprint in PARTNER_BLUEPRINTS or blueprint in PUBLIC_BLUEPRINTS


def _area_reaches(user, name: str, object_id: int) -> bool | None:
    """Whether the user's area roles reach the named object; None when it does not exist (the view says 404)."""
    from planner.actions.models import Action
    from planner.opgaven.models import Opgave

    if name == "programme_id":
        programme = db.session.get(Programme, object_id)
        return None if programme is None else visible_through_area_roles(user, programme)
    if name == "action_id":
        action = db.session.get(Action, object_id)
        return None if action is None else visible_through_area_roles(user, action.programme)
    opgave = db.session.get(Opgave, object_id)
    return None if opgave is None else can(user, "view", opgave.area)


def close_partner_objects_elsewhere(user) -> None:
    """Before every request: outside the partner pages, an object reached only through a partner grant is 404."""
    endpoint = request.endpoint or ""
    args = request.view_args or {}
    if not endpoint or _is_partner_page(endpoint) or not any(name in args for name in OBJECT_ARGS):
        return
    if user is None or not getattr(user, "is_authenticated", False) or not partner_grants(user):
        return
    for name in OBJECT_ARGS:
        if name in args and _area_reaches(user, name, int(args[name])) is False:
            abort(404)


def hidden_audit_types(user, programme: Programme) -> tuple[str, ...]:
    """The audit entity types a history leaves out for a user who reads `programme` only through a partner
    grant: those the features register as the team's own (hook `team_only_audit_types`, e.g. residents' input)."""
    if visible_through_area_roles(user, programme):
        return ()
    return tuple(name for names in hooks.functions("team_only_audit_types") for name in names())
