"""The audit trail for the functioneel beheerder: who changed what and when, filtered and paged,
and never beyond the admin's own areas.

An event belongs to an admin's areas when its programme lies there; for events outside any programme
(areas, agenda, budget lines…) when the person who made the change holds a role there; and an event on
an account when that account holds a role there. Other changes by the system itself (CLI, imports
without a user) concern no one area and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select

from planner.admin import services
from planner.areas.models import Area
from planner.core import access
from planner.core.i18n import N_
from planner.core.models import AuditEvent, User
from planner.extensions import db
from planner.programmes.models import Programme

PER_PAGE = 50
# The filter's choices in words; a type not listed shows its technical name.
ENTITY_LABELS = {
    "Programme": N_("Programma"),
    "Goal": N_("Doel"),
    "Action": N_("Actie"),
    "Milestone": N_("Mijlpaal"),
    "Contribution": N_("Inbreng van bewoners"),
    "ContributionLink": N_("Koppeling van inbreng"),
    "ParticipationMoment": N_("Bijeenkomst"),
    "MomentAttachment": N_("Bijlage bij bijeenkomst"),
    "ConsultationPeriod": N_("Inspraakperiode"),
    "User": N_("Gebruiker"),
    "RoleAssignment": N_("Rol"),
    "PartnerGrant": N_("Partnerrol"),
    "ApiToken": N_("API-sleutel"),
    "Opgave": N_("Opgave"),
    "Organisation": N_("Organisatie"),
    "Theme": N_("Thema"),
    "AgendaItem": N_("Agendapunt"),
    "PcMoment": N_("P&C-moment"),
    "ActionPcFlag": N_("P&C-markering"),
    "BudgetLine": N_("Begrotingsregel"),
    "Allocation": N_("Toewijzing"),
    "Indicator": N_("Indicator"),
}


@dataclass
class AuditFilters:
    user_id: int | None = None
    entity_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    area_id: int | None = None


def _scoped(admin):
    paths = access.grant_paths(admin, "admin")
    programmes = select(Programme.id).join(Programme.area).where(access.path_condition(Area.path, paths))
    people = services.users_in_scope_query(admin).with_only_columns(User.id)
    return select(AuditEvent).where(
        or_(
            AuditEvent.programme_id.in_(programmes),
            and_(AuditEvent.programme_id.is_(None), AuditEvent.user_id.in_(people)),
            and_(AuditEvent.entity_type == "User", AuditEvent.entity_id.in_(people)),
        )
    )


def events(admin, filters: AuditFilters, page: int = 1) -> tuple[list[AuditEvent], int]:
    """One page of the admin's audit trail, newest first, and the number of matching events."""
    query = _scoped(admin)
    if filters.user_id:
        query = query.where(AuditEvent.user_id == filters.user_id)
    if filters.entity_type:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.date_from:
        query = query.where(AuditEvent.at >= datetime.combine(filters.date_from, time.min))
    if filters.date_to:
        query = query.where(AuditEvent.at < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    if filters.area_id:
        area = next((a for a in services.administered_areas(admin) if a.id == filters.area_id), None)
        paths = [area.path] if area else []
        query = query.where(
            AuditEvent.programme_id.in_(
                select(Programme.id).join(Programme.area).where(access.path_condition(Area.path, paths))
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
    )
    return list(rows), total


def entity_types(admin) -> list[str]:
    scoped = _scoped(admin).subquery()
    return list(db.session.scalars(select(scoped.c.entity_type).distinct().order_by(scoped.c.entity_type)))
