"""What every signed-in user does with their own account: change their password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import PasswordField
from wtforms.validators import DataRequired

from planner.core.editing import refusals
from planner.core.forms import PlannerForm
from planner.core.security import keep_session
from planner.core.users import MIN_PASSWORD_LENGTH, change_own_password

bp = Blueprint("account", __name__, url_prefix="/account")


class OwnPasswordForm(PlannerForm):
    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(_l("Vul uw huidige wachtwoord in."))],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Vul een nieuw wachtwoord in."))],
        render_kw={"autocomplete": "new-password"},
    )
    repeat = PasswordField(
        _l("Nieuw wachtwoord nogmaals"),
        validators=[DataRequired(_l("Typ het nieuwe wachtwoord nog een keer."))],
        render_kw={"autocomplete": "new-password"},
    )


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def password():
    form = OwnPasswordForm()
    if form.validate_on_submit():
        with refusals(form):
            change_own_password(current_user, current=form.current.data, new=form.new.data, repeat=form.repeat.data)
            keep_session(current_user)  # the other sessions end; this one goes on
            flash(gettext("Uw wachtwoord is gewijzigd."), "success")
            return redirect(url_for("areas.dashboard"))
    return render_template("auth/password.html", form=form, min_length=MIN_PASSWORD_LENGTH), (
        422 if form.errors else 200
    )
