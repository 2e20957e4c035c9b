"""What an admin may do with accounts: only within the areas they administer, and never lock
themselves (or the installation) out."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from planner.api import services as api
from planner.areas.models import Area
from planner.core import access
from planner.core.audit import record_event
from planner.core.errors import PlannerError
from planner.core.models import RoleAssignment, User
from planner.core.security import hash_password
from planner.core.users import check_password_policy, create_user, end_sessions, grant_role
from planner.cycle import services as cycle
from planner.extensions import db
from planner.opgaven import services as opgaven
from planner.opgaven.models import Opgave, Organisation, PartnerGrant
from planner.programmes.models import Programme

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
    """Users holding at least one role, or a partner role on an opgave or programme, inside the admin's areas; other
    municipalities' staff stay invisible."""
    with_role = select(RoleAssignment.user_id).join(Area, Area.id == RoleAssignment.area_id).where(_in_scope(admin))
    on_opgave = (
        select(PartnerGrant.user_id)
        .join(Opgave, Opgave.id == PartnerGrant.opgave_id)
        .join(Area, Area.id == Opgave.area_id)
        .where(_in_scope(admin))
    )
    on_programme = (
        select(PartnerGrant.user_id)
        .join(Programme, Programme.id == PartnerGrant.programme_id)
        .join(Area, Area.id == Programme.area_id)
        .where(_in_scope(admin))
    )
    return select(User).where(or_(User.id.in_(with_role), User.id.in_(on_opgave), User.id.in_(on_programme)))


def users_in_scope_query(admin):
    return _users_in_scope(admin)


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


def fully_in_scope(admin, user: User) -> bool:
    """Whether every role and partner role of `user` lies within the admin's areas: only then may the admin block
    the account, reset its password or change its details, which reach beyond any one municipality."""
    paths = access.grant_paths(admin, "admin")
    return all(access.covers(paths, g.area.path) for g in user.roles) and all(
        access.covers(paths, _grant_area(g).path) for g in opgaven.partner_grants_of(user)
    )


def _require_fully_in_scope(admin, user: User, field: str | None = None) -> None:
    # Says nothing about where the other roles are: that is another municipality's business.
    if not fully_in_scope(admin, user):
        raise PlannerError(
            f"{user.name} heeft ook rollen buiten de gebieden die u beheert. Alleen een beheerder van al die gebieden "
            "kan dit account blokkeren, uitloggen, het wachtwoord wijzigen of de gegevens aanpassen.",
            field,
        )


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


def grant_to_remove(admin, user: User, grant_id: int) -> RoleAssignment:
    """The role `admin` may take from `user`, or a refusal saying why not."""
    grant = next((g for g in grants_in_scope(admin, user) if g.id == grant_id), None)
    if grant is None:
        raise PlannerError("Deze rol bestaat niet (meer) of valt buiten uw gebieden.")
    if user.id == admin.id and grant.role == "admin" and sum(g.role == "admin" for g in user.roles) == 1:
        raise PlannerError("U kunt uw eigen laatste beheerdersrol niet intrekken: vraag een andere beheerder.")
    return grant


def remove_grant(admin, user: User, grant_id: int) -> RoleAssignment:
    grant = grant_to_remove(admin, user, grant_id)
    user.roles.remove(grant)
    db.session.delete(grant)
    db.session.flush()
    return grant


def set_enabled(admin, user: User, enabled: bool) -> None:
    """Block or unblock an account. Blocking ends its sessions and revokes its API keys and calendar link for good:
    unblocking gives back the login, not the secrets that may have leaked meanwhile."""
    if user.id == admin.id and not enabled:
        raise PlannerError("U kunt uw eigen account niet blokkeren.")
    _require_fully_in_scope(admin, user)
    if not enabled:
        api.revoke_all_tokens(user)
        cycle.revoke_token(user)
    user.is_enabled = enabled
    end_sessions(user)


def end_all_sessions(admin, user: User) -> None:
    """The admin's "Overal uitloggen": every open session of the account ends; the password stays as it is."""
    _require_fully_in_scope(admin, user)
    end_sessions(user)
    record_event(user, "sessions", {"sessies": "overal uitgelogd door een beheerder"})


def update_details(admin, user: User, *, name: str, email: str) -> User:
    """An admin corrects a colleague's name or e-mail address; the address stays unique."""
    _require_fully_in_scope(admin, user, "name")
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        raise PlannerError("Vul de naam in zoals collega's die kennen.", "name")
    if len(name) > 120:
        raise PlannerError("Een naam is hoogstens 120 tekens.", "name")
    if "@" not in email or len(email) > 254 or " " in email:
        raise PlannerError(f"'{email}' is geen geldig e-mailadres. Vul een adres in als naam@gemeente.nl.", "email")
    taken = db.session.scalar(select(User.id).where(func.lower(User.email) == email, User.id != user.id))
    if taken:
        raise PlannerError(f"Er bestaat al een gebruiker met e-mailadres {email}.", "email")
    user.name, user.email = name, email
    db.session.flush()
    return user


def set_password(admin, user: User, password: str) -> None:
    """An admin resets a colleague's password: every open session of the account ends, and the trail says so."""
    _require_fully_in_scope(admin, user, "password")
    check_password_policy(password)
    user.password_hash = hash_password(password)
    end_sessions(user)
    record_event(user, "password", {"wachtwoord": "opnieuw ingesteld door een beheerder"})


def opgaven_in_scope(admin) -> list[Opgave]:
    """Opgaven on which `admin` may grant a partner role: those in their areas."""
    return list(db.session.scalars(select(Opgave).join(Opgave.area).where(_in_scope(admin)).order_by(Opgave.title)))


def programmes_in_scope(admin) -> list[Programme]:
    """Programmes on which `admin` may grant a partner role: those in their areas, drafts included."""
    return list(
        db.session.scalars(select(Programme).join(Programme.area).where(_in_scope(admin)).order_by(Programme.title))
    )


def _grant_area(grant: PartnerGrant) -> Area:
    return grant.opgave.area if grant.opgave is not None else grant.programme.area


def active_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.active).order_by(Organisation.name)))


def partner_grants_in_scope(admin, user: User) -> list[PartnerGrant]:
    paths = access.grant_paths(admin, "admin")
    return [g for g in opgaven.partner_grants_of(user) if access.covers(paths, _grant_area(g).path)]


def add_partner_grant(
    admin, user: User, opgave: Opgave | None, organisation: Organisation | None, programme: Programme | None = None
) -> PartnerGrant:
    if opgave is not None and opgave not in opgaven_in_scope(admin):
        raise PlannerError(
            "Kies een opgave uit de lijst: u kunt alleen partnerrollen geven binnen uw gebieden.", "opgave_id"
        )
    if programme is not None and not access.covers(access.grant_paths(admin, "admin"), programme.area.path):
        raise PlannerError(
            "Kies een programma uit de lijst: u kunt alleen partnerrollen geven binnen uw gebieden.", "programme_id"
        )
    return opgaven.grant_partner(user, opgave, organisation, programme=programme)


def add_partner_user(
    admin,
    *,
    email: str,
    name: str,
    password: str,
    opgave: Opgave | None,
    organisation: Organisation | None,
    programme: Programme | None = None,
) -> User:
    """An account for a person of a partner organisation, holding only a partner role: it never gets an area
    role, so it sees nothing beyond the table it is granted on."""
    if not name.strip():
        raise PlannerError("Vul de naam in zoals collega's die kennen.", "name")
    user = create_user(email=email, name=name.strip(), password=password)
    add_partner_grant(admin, user, opgave, organisation, programme)
    return user


def partner_grant_to_remove(admin, user: User, grant_id: int) -> PartnerGrant:
    """The partner role `admin` may take from `user`, or a refusal."""
    grant = next((g for g in partner_grants_in_scope(admin, user) if g.id == grant_id), None)
    if grant is None:
        raise PlannerError("Deze partnerrol bestaat niet (meer) of valt buiten uw gebieden.")
    return grant


def remove_partner_grant(admin, user: User, grant_id: int) -> PartnerGrant:
    partner_grant_to_remove(admin, user, grant_id)
    return opgaven.revoke_partner(user, grant_id)
