"""Who sees an opgave: anyone with a role on its area or above, or a partner granted on it or on one of its
programmes; who edits it: an editing role there."""

from __future__ import annotations

from flask import abort, request
from sqlalchemy import Select, false, or_, select

from planner.areas.models import Area
from planner.core.access import can, grant_paths, path_condition
from planner.extensions import db
from planner.opgaven.models import Opgave, PartnerGrant
from planner.programmes.models import Programme

# What a partner without an area role may open: the pages of their opgaven, programmes and actions,
# progress reports, search and the API, their own account, and the public pages everyone may read (the
# health check included: monitoring answers the same whoever is signed in).
# Anything else (budget, comparison, import, calendar, agenda, areas, admin) answers 404, so a page that lists by area roles never shows a partner's programmes
# next to money or other wards.
PARTNER_BLUEPRINTS = frozenset(
    {
        "auth",
        "account",
        "static",
        "assets",
        "health",
        "inspraak",
        "initiatieven",  # the public pages of residents' initiatives
        "opgaven",
        "programmes",
        "actions",
        "api",
        "api_tokens",
        "api_lists",  # a page's list as CSV: the API's lists, scoped as the API scopes them
    }
)
# The timeline and political trail read through get_programme_or_404 / get_action_or_404 and scoped services;
# in the internal comment round a partner reads and comments, only the team answers.
PARTNER_ENDPOINTS = frozenset(
    {
        "areas.dashboard",
        "tracking.report",
        "cycle.timeline",
        "agenda.trail",
        "programme_comments.index",
        "programme_comments.add",
    }
)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def partner_opgave_ids(user) -> Select:
    """SQL: the ids of the opgaven `user` holds a partner grant on (all their programmes are open)."""
    if not _signed_in(user):
        return select(PartnerGrant.opgave_id).where(false())
    return select(PartnerGrant.opgave_id).where(PartnerGrant.user_id == user.id, PartnerGrant.opgave_id.is_not(None))


def partner_programme_ids(user) -> Select:
    """SQL: the ids of the programmes `user` holds a partner grant on (that programme only)."""
    if not _signed_in(user):
        return select(PartnerGrant.programme_id).where(false())
    return select(PartnerGrant.programme_id).where(
        PartnerGrant.user_id == user.id, PartnerGrant.programme_id.is_not(None)
    )


def grant_covers(grant: PartnerGrant, programme) -> bool:
    """A grant on the programme itself, or on its opgave."""
    if grant.programme_id is not None:
        return grant.programme_id == programme.id
    return programme.opgave_id is not None and grant.opgave_id == programme.opgave_id


def partner_organisations_for(user, programme) -> list:
    """The organisations `user` sits at the table for, on this programme: one per covering grant."""
    return [g.organisation for g in partner_grants(user) if grant_covers(g, programme)]


def partner_grants(user) -> list[PartnerGrant]:
    if not _signed_in(user):
        return []
    return list(db.session.scalars(select(PartnerGrant).where(PartnerGrant.user_id == user.id)))


def partner_cache_key(user) -> tuple[tuple[str, int], ...]:
    """The granted opgaven and programmes, for caches keyed by grants: area paths alone do not say what a
    partner sees."""
    return tuple(
        sorted({("o", g.opgave_id) if g.opgave_id is not None else ("p", g.programme_id) for g in partner_grants(user)})
    )


def is_partner_only(user) -> bool:
    """A partner without any area role: the pages outside PARTNER_BLUEPRINTS are closed to them."""
    return _signed_in(user) and not user.roles and bool(partner_grants(user))


def may_report_as_partner(user, action) -> bool:
    """A partner reports on an action of a programme they are granted on (directly or through its opgave) that
    their own organisation leads."""
    if not _signed_in(user) or action.owner_organisation_id is None:
        return False
    return any(
        grant_covers(g, action.programme) and g.organisation_id == action.owner_organisation_id
        for g in partner_grants(user)
    )


def close_other_pages_to_partners(user) -> None:
    """Before every request: a partner-only user gets 404 outside the pages listed above."""
    endpoint = request.endpoint or ""
    if endpoint in PARTNER_ENDPOINTS or endpoint.partition(".")[0] in PARTNER_BLUEPRINTS:
        return
    if endpoint and is_partner_only(user):
        abort(404)


def _opgaven_of_granted_programmes(user) -> Select:
    """A partner granted on one programme sees its opgave too, read-only; the opgave's pages list only what
    they may see, so its other programmes stay hidden."""
    return select(Programme.opgave_id).where(Programme.id.in_(partner_programme_ids(user)))


def visible_opgaven(user) -> Select:
    return (
        select(Opgave)
        .join(Opgave.area)
        .where(
            or_(
                path_condition(Area.path, grant_paths(user, "view")),
                Opgave.id.in_(partner_opgave_ids(user)),
                Opgave.id.in_(_opgaven_of_granted_programmes(user)),
            )
        )
    )


def can_view_opgave(user, opgave: Opgave) -> bool:
    return can(user, "view", opgave.area) or any(
        g.opgave_id == opgave.id or (g.programme is not None and g.programme.opgave_id == opgave.id)
        for g in partner_grants(user)
    )


def get_opgave_or_404(user, opgave_id: int) -> Opgave:
    opgave = db.session.execute(visible_opgaven(user).where(Opgave.id == opgave_id)).scalar_one_or_none()
    if opgave is None:
        abort(404)
    return opgave


def is_admin(user) -> bool:
    """A functioneel beheerder somewhere: themes and organisations are shared by the installation."""
    return bool(grant_paths(user, "admin"))
