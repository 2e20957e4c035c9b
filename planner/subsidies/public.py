"""The public side of residents' initiatives: a wijkbudget request without an account, and the answers
the ward team published. Cookie-free like the public reaction forms: a signed token instead of the session."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from planner.core.editing import refusals
from planner.extensions import csrf
from planner.participation import phases
from planner.participation import services as participation
from planner.participation.signals import public_ward
from planner.subsidies import services
from planner.subsidies.forms import InitiativeForm

bp = Blueprint("initiatieven", __name__, url_prefix="/inspraak/wijk")
csrf.exempt(bp)
TOKEN_MAX_AGE = 4 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="wijkplanner-initiatief")


def _token_valid(token: str | None, key: str) -> bool:
    try:
        return _serializer().loads(token or "", max_age=TOKEN_MAX_AGE) == key
    except BadSignature:
        return False


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


def _retention_days(ward) -> int:
    """The municipality's participation policy decides how long an applicant's name and address are kept."""
    return phases.retention_days(ward)


def _closed():
    return render_template("public/closed.html", stored=False, programme=None), 404


@bp.get("/<code>/initiatieven")
def answers(code):
    """The ward's residents' initiatives that were decided on, with the team's published answer."""
    ward = public_ward(code, date.today())
    if ward is None:
        return _closed()
    return render_template(
        "subsidies/public_answers.html",
        ward=ward,
        initiatives=services.published_initiatives(ward),
        open_for_requests=bool(services.wijkbudget_schemes(ward)),
        sent=request.args.get("verstuurd") == "1",
    )


@bp.route("/<code>/initiatief", methods=["GET", "POST"])
def request_budget(code):
    ward = public_ward(code, date.today())
    if ward is None or not services.wijkbudget_schemes(ward):
        return _closed()
    form = InitiativeForm(request.form if request.method == "POST" else None)
    key = f"initiatief:{ward.id}"
    if request.method == "POST":
        if not _same_origin() or not _token_valid(form.token.data, key):
            return render_template("public/expired.html", ward=ward), 400
        if form.validate():
            with refusals(form):
                try:
                    services.submit_initiative(
                        ward,
                        title=form.title.data,
                        description=form.description.data,
                        amount=form.amount.data,
                        honeypot=form.website.data,
                        ip_hash=participation.address_hash(request.remote_addr, current_app.secret_key),
                        name=form.name.data,
                        email=form.email.data,
                        consent=form.consent.data,
                        retention_days=_retention_days(ward),
                    )
                except participation.SpamSuspected:
                    pass  # only the throttle row is kept
                except participation.RateLimited as error:
                    return render_template("public/limited.html", ward=ward, message=error.message), 429
                return redirect(url_for("initiatieven.answers", code=ward.code, verstuurd=1))
    form.token.data = _serializer().dumps(key)
    return render_template(
        "subsidies/public_request.html", ward=ward, form=form, retention_days=_retention_days(ward)
    ), (422 if form.errors else 200)
