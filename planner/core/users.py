"""Creating users, the password policy, ending sessions and granting roles on areas."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import func, select

from planner.core.audit import record_event
from planner.core.errors import PlannerError
from planner.core.models import ROLES, RoleAssignment, User
from planner.core.security import hash_password
from planner.extensions import db

MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the commonest passwords, lowercased (its source is in the file's header)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("# "))


def check_password_policy(password: str | None, field: str = "password") -> None:
    """Every place that sets a password goes through here: long enough, and not one that attackers try first."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PlannerError(f"Een wachtwoord heeft minstens {MIN_PASSWORD_LENGTH} tekens.", field)
    if password.strip().lower() in common_passwords():
        raise PlannerError(
            "Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden die aanvallers het eerst proberen. "
            "Kies een ander, bijvoorbeeld een zin van een paar woorden.",
            field,
        )


def end_sessions(user: User) -> None:
    """Every open session of `user` stops working at its next request (the version in it no longer matches)."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()


def create_user(*, email: str, name: str, password: str) -> User:
    email = email.strip().lower()
    if "@" not in email:
        raise PlannerError(f"'{email}' is geen geldig e-mailadres.", "email")
    check_password_policy(password)
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
    check_password_policy(new, "new")
    if new != repeat:
        raise PlannerError(
            "De twee nieuwe wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord twee keer.", "repeat"
        )
    if new == current:
        raise PlannerError("Kies een nieuw wachtwoord dat anders is dan uw huidige.", "new")
    user.password_hash = hash_password(new)
    end_sessions(user)  # the view keeps the session that made the change
    record_event(user, "password", {"wachtwoord": "door de gebruiker zelf gewijzigd"})
