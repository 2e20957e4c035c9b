"""What an admin may do with accounts: only within the areas they administer, and never lock
themselves (or the installation) out."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from planner.areas.models import Area
from planner.core import access
from planner.core.errors import PlannerError
from planner.core.models import RoleAssignment, User
from planner.core.security import hash_password
from planner.core.users import MIN_PASSWORD_LENGTH, create_user, grant_role
from planner.extensions import db
from planner.opgaven import services as opgaven
from planner.opgaven.models import Opgave, Organisation, PartnerGrant

ASSIGNABLE_LEVELS = ("gemeente", "stadsdeel", "gebied", "wijk")


def administered_areas(admin) -> list[Area]:
    """Areas on which `admin` may grant roles: their subtree(s), down to ward level."""
    return list(
        db.session.scalars(
            select(Area)
            .where(
                access.path_condition(Area.path, access.grant_paths(admin, "admin")), Area.level.in_(ASSIGNABLE_LEVELS)
            )
            .order_by(Area.path)
        )
    )


def _in_scope(admin):
    return access.path_condition(Area.path, access.grant_paths(admin, "admin"))


def _users_in_scope(admin):
    """Users holding at least one role, or a partner role on an opgave, inside the admin's areas; other
    municipalities' staff stay invisible."""
    with_role = select(RoleAssignment.user_id).join(Area, Area.id == RoleAssignment.area_id).where(_in_scope(admin))
    partners = (
        select(PartnerGrant.user_id)
        .join(Opgave, Opgave.id == PartnerGrant.opgave_id)
        .join(Area, Area.id == Opgave.area_id)
        .where(_in_scope(admin))
    )
    return select(User).where(or_(User.id.in_(with_role), User.id.in_(partners)))


def users_in_scope(admin, text: str = "") -> list[User]:
    query = _users_in_scope(admin)
    if text := text.strip():
        pattern = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern)))
    return list(db.session.scalars(query.order_by(User.name, User.email)))


def users_query_in_scope(admin):
    """SQL: the accounts the admin manages."""
    return _users_in_scope(admin)


def blocked_users_in_scope(admin):
    """SQL: the blocked accounts the admin manages."""
    return _users_in_scope(admin).where(User.is_enabled.is_(False))


def user_in_scope(admin, user_id: int) -> User | None:
    return db.session.scalar(_users_in_scope(admin).where(User.id == user_id))


def grants_in_scope(admin, user: User) -> list[RoleAssignment]:
    paths = access.grant_paths(admin, "admin")
    return [g for g in user.roles if access.covers(paths, g.area.path)]


def _check_area(admin, area: Area | None) -> Area:
    if area is None or area not in administered_areas(admin):
        raise PlannerError(
            "Kies een gebied uit de lijst: u kunt alleen rollen geven binnen uw eigen gebieden.", "area_id"
        )
    return area


def add_user(admin, *, email: str, name: str, password: str, role: str, area: Area | None) -> User:
    area = _check_area(admin, area)
    if not name.strip():
        raise PlannerError("Vul de naam in zoals collega's die kennen.", "name")
    user = create_user(email=email, name=name.strip(), password=password)
    grant_role(user, role, area)
    return user


def add_grant(admin, user: User, role: str, area: Area | None) -> RoleAssignment:
    area = _check_area(admin, area)
    if any(g.role == role and g.area_id == area.id for g in user.roles):
        raise PlannerError(f"{user.name} heeft deze rol al op {area.name}.", "role")
    return grant_role(user, role, area)


def remove_grant(admin, user: User, grant_id: int) -> RoleAssignment:
    grant = next((g for g in grants_in_scope(admin, user) if g.id == grant_id), None)
    if grant is None:
        raise PlannerError("Deze rol bestaat niet (meer) of valt buiten uw gebieden.")
    if user.id == admin.id and grant.role == "admin" and sum(g.role == "admin" for g in user.roles) == 1:
        raise PlannerError("U kunt uw eigen laatste beheerdersrol niet intrekken: vraag een andere beheerder.")
    user.roles.remove(grant)
    db.session.delete(grant)
    db.session.flush()
    return grant


def set_enabled(admin, user: User, enabled: bool) -> None:
    if user.id == admin.id and not enabled:
        raise PlannerError("U kunt uw eigen account niet blokkeren.")
    user.is_enabled = enabled
    db.session.flush()


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PlannerError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.", "password")
    user.password_hash = hash_password(password)
    db.session.flush()


def opgaven_in_scope(admin) -> list[Opgave]:
    """Opgaven on which `admin` may grant a partner role: those in their areas."""
    return list(db.session.scalars(select(Opgave).join(Opgave.area).where(_in_scope(admin)).order_by(Opgave.title)))


def active_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.active).order_by(Organisation.name)))


def partner_grants_in_scope(admin, user: User) -> list[PartnerGrant]:
    paths = access.grant_paths(admin, "admin")
    return [g for g in opgaven.partner_grants_of(user) if access.covers(paths, g.opgave.area.path)]


def add_partner_grant(admin, user: User, opgave: Opgave | None, organisation: Organisation | None) -> PartnerGrant:
    if opgave is not None and opgave not in opgaven_in_scope(admin):
        raise PlannerError(
            "Kies een opgave uit de lijst: u kunt alleen partnerrollen geven binnen uw gebieden.", "opgave_id"
        )
    return opgaven.grant_partner(user, opgave, organisation)


def remove_partner_grant(admin, user: User, grant_id: int) -> PartnerGrant:
    if not any(g.id == grant_id for g in partner_grants_in_scope(admin, user)):
        raise PlannerError("Deze partnerrol bestaat niet (meer) of valt buiten uw gebieden.")
    return opgaven.revoke_partner(user, grant_id)
