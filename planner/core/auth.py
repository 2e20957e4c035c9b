"""Login, logout and the language switch."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import delete, func, select
from wtforms import EmailField, HiddenField, PasswordField, SelectField
from wtforms.validators import DataRequired, Length

from planner.core import throttle
from planner.core.audit import record_anonymous_login_failure, record_event
from planner.core.forms import PlannerForm
from planner.core.models import LoginFailure, User, utcnow
from planner.core.security import drop_login, start_session, verify_dummy_password, verify_password
from planner.core.transaction import keep_on_error
from planner.core.users import end_sessions
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


def is_safe_return(target: str | None) -> bool:
    """Whether `target` is a same-site relative path: an open redirect is a phishing aid. Browsers read
    a backslash as a slash ("/\\evil.example" goes off-site), so none may appear."""
    return bool(
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(ch) < 32 for ch in target)
        and not urlsplit(target).netloc
    )


def safe_return(target: str | None, fallback: str) -> str:
    """`target` when it is a same-site relative path, else `fallback`."""
    return target if is_safe_return(target) else fallback


def _safe_next(target: str | None) -> str:
    return safe_return(target, url_for("areas.dashboard"))


# Failed sign-ins are kept this long: enough to see a pattern, not a history of everyone's typos.
LOGIN_FAILURE_DAYS = 30


def authenticate(email: str, password: str) -> User | None:
    """The user, or None when the address has no (enabled) account or the password is wrong; a failure is
    recorded. Every path checks one password hash, so the time taken does not tell whether an address exists."""
    user = db.session.execute(select(User).where(func.lower(User.email) == email.strip().lower())).scalar_one_or_none()
    if user is None:
        verify_dummy_password(password)
        record_anonymous_login_failure()
        return None
    if not verify_password(user.password_hash, password) or not user.is_enabled:
        record_login_failure(user)
        record_event(user, "login_failed", None, actor=None)
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
        email, address = form.email.data, request.remote_addr
        if wait := throttle.wait_seconds(email, address):
            # Refused before the password is checked: a flood of guesses costs no hashing.
            current_app.logger.warning("Inlogpoging geweigerd: te veel mislukte pogingen (%s)", address)
            return _too_many(form, wait)
        user = authenticate(email, form.password.data)
        if user:
            throttle.clear_account(email)
            # A fresh session: nothing set before the login (a planted CSRF token, say) carries over into it.
            locale = session.get("locale")
            session.clear()
            g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # the old session's token
            if locale:
                session["locale"] = locale
            login_user(user)
            start_session(user)
            user.last_login_at = utcnow()
            record_event(user, "login", None, actor=user)
            return redirect(_safe_next(form.next.data))
        if wait := throttle.record_failure(email, address):
            return _too_many(form, wait)
        form.password.errors.append(
            gettext("Dit e-mailadres en wachtwoord horen niet bij elkaar. Controleer ze en probeer het opnieuw.")
        )
    return render_template("auth/login.html", form=form)


def _too_many(form, seconds: int):
    keep_on_error()  # the failure just counted must be stored, though the answer is 429
    minutes = max(1, -(-seconds // 60))
    form.password.errors.append(
        ngettext(
            "Te veel mislukte pogingen. Probeer het over %(num)d minuut opnieuw.",
            "Te veel mislukte pogingen. Probeer het over %(num)d minuten opnieuw.",
            minutes,
        )
    )
    response = current_app.make_response((render_template("auth/login.html", form=form), 429))
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.post("/uitloggen")
@login_required
def logout():
    end_sessions(current_user)  # a copy of this session's cookie, kept somewhere, dies with it
    logout_user()
    drop_login()
    flash(gettext("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.post("/taal")
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit() or form.language.data not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = form.language.data
    return redirect(_safe_next(form.next.data))
