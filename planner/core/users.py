"""Creating users and granting roles on areas."""

from __future__ import annotations

from sqlalchemy import func, select

from planner.core.errors import PlannerError
from planner.core.models import ROLES, RoleAssignment, User
from planner.core.security import hash_password
from planner.extensions import db

MIN_PASSWORD_LENGTH = 12


def create_user(*, email: str, name: str, password: str) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise PlannerError(f"'{email}' is geen geldig e-mailadres.", "email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PlannerError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.", "password")
    if db.session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise PlannerError(f"Er bestaat al een gebruiker met e-mailadres {email}.", "email")
    user = User(email=email, name=name, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def grant_role(user: User, role: str, area) -> RoleAssignment:
    if role not in ROLES:
        raise PlannerError(f"Onbekende rol '{role}'. Kies uit: {', '.join(ROLES)}.", "role")
    if area is None:
        raise PlannerError("Een rol wordt altijd op een gebied toegekend.", "area")
    grant = RoleAssignment(user=user, role=role, area=area)
    db.session.add(grant)
    db.session.flush()
    return grant


def change_own_password(user: User, *, current: str, new: str, repeat: str) -> None:
    """A user replaces their own password: they prove the current one, and type the new one twice."""
    from planner.core.security import verify_password

    if not verify_password(user.password_hash, current or ""):
        raise PlannerError("Uw huidige wachtwoord klopt niet. Controleer het en probeer het opnieuw.", "current")
    if len(new or "") < MIN_PASSWORD_LENGTH:
        raise PlannerError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.", "new")
    if new != repeat:
        raise PlannerError(
            "De twee nieuwe wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord twee keer.", "repeat"
        )
    if new == current:
        raise PlannerError("Kies een nieuw wachtwoord dat anders is dan uw huidige.", "new")
    user.password_hash = hash_password(new)
    db.session.flush()
