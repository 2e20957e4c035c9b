"""Login, logout and the language switch."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import delete, func, select
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length

from planner.core.forms import PlannerForm
from planner.core.models import LoginFailure, User, utcnow
from planner.core.security import verify_password
from planner.extensions import db

bp = Blueprint("auth", __name__)


class LoginForm(PlannerForm):
    # autocomplete names the purpose of the inputs (WCAG 1.3.5) and lets password managers fill them.
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[DataRequired(_l("Vul uw wachtwoord in."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class LanguageForm(PlannerForm):
    language = SelectField(_l("Taal"), choices=[("nl", "Nederlands"), ("en", "English")])
    next = HiddenField()


def _safe_next(target: str | None) -> str:
    # Only same-site relative paths: an open redirect after login is a phishing aid.
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("areas.dashboard")


# Failed sign-ins are kept this long: enough to see a pattern, not a history of everyone's typos.
LOGIN_FAILURE_DAYS = 30


def authenticate(email: str, password: str) -> User | None:
    """The user, or None when the address has no (enabled) account or the password is wrong; a failure on an
    existing account is recorded."""
    user = db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar_one_or_none()
    if user is None:
        return None
    if not user.is_enabled or not verify_password(user.password_hash, password):
        record_login_failure(user)
        return None
    return user


def record_login_failure(user: User) -> None:
    now = utcnow()
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=LOGIN_FAILURE_DAYS)))
    db.session.add(LoginFailure(user_id=user.id, at=now))
    db.session.flush()


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("areas.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            user.last_login_at = utcnow()
            return redirect(_safe_next(form.next.data))
        form.password.errors.append(
            gettext("Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw.")
        )
    return render_template("auth/login.html", form=form)


@bp.post("/uitloggen")
@login_required
def logout():
    logout_user()
    flash(gettext("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/taal")
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit() or form.language.data not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = form.language.data
    return redirect(_safe_next(form.next.data))
