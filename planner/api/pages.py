"""Pages where a signed-in user makes and revokes their own API tokens (/api-sleutels)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from planner.api import services, views
from planner.api.forms import TokenForm
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.errors import PlannerError

bp = Blueprint("api_tokens", __name__, url_prefix="/api-sleutels")
lists = Blueprint("api_lists", __name__)


@lists.get("/lijsten/<kind>.csv")
@login_required
def list_csv(kind: str):
    """A page's "Download als CSV": the API's list with the user's session (same fields, Dutch headers)."""
    return views.page_csv(kind, current_user)


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form, secret = TokenForm(), None
    if form.validate_on_submit():
        with refusals(form):
            _, secret = services.issue_token(current_user, form.name.data, form.expires_on.data)
            form = TokenForm(formdata=None)
    return render_template(
        "api/tokens.html", form=form, secret=secret, revoke_form=FlaskForm(), tokens=services.tokens_of(current_user)
    )


@bp.post("/<int:token_id>/intrekken")
@login_required
def revoke(token_id: int):
    if not FlaskForm().validate_on_submit():
        flash(gettext("Het formulier is verlopen. Probeer het opnieuw."), "error")
        return redirect(url_for("api_tokens.index"))
    token = services.own_token(current_user, token_id)
    if token is not None and token.is_active and not confirmed():
        return confirm_page(
            title=gettext("API-sleutel '%(name)s' intrekken?", name=token.name),
            message=gettext(
                "De sleutel '%(name)s' (begint met %(prefix)s…) werkt daarna niet meer: scripts en koppelingen die "
                "hem gebruiken, krijgen geen gegevens meer. Intrekken kan niet ongedaan worden gemaakt; een nieuwe "
                "sleutel maken kan wel.",
                name=token.name,
                prefix=token.prefix,
            ),
            kept=gettext(
                "De sleutel blijft in uw lijst staan als ingetrokken, met de datum; de audittrail houdt dit vast."
            ),
            button=gettext("Ja, sleutel intrekken"),
            cancel_url=url_for("api_tokens.index"),
        )
    try:
        token = services.revoke_token(current_user, token_id)
    except PlannerError:
        return render_template(
            "errors/error.html",
            code=404,
            title=gettext("Pagina niet gevonden"),
            message=gettext("Deze sleutel bestaat niet of is niet van u."),
        ), 404
    flash(gettext("De sleutel '%(name)s' is ingetrokken: hij werkt niet meer.", name=token.name), "success")
    return redirect(url_for("api_tokens.index"))
