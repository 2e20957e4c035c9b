"""Public consultation pages for residents: no account, no cookies, no third-party services.

Cookie-free CSRF protection: Flask-WTF keeps its token in the session, which would set a cookie, so
this blueprint is exempt from CSRFProtect and checks instead (1) a token signed with the app's
secret key and bound to the programme, valid for TOKEN_MAX_AGE, in a hidden field; (2) the Origin
header, when the browser sends one, must be this site; (3) a honeypot field; (4) a rate limit per
keyed hash of the client address (planner.participation.services). Nothing here touches `session`
or `flash`, so Flask never sends Set-Cookie on these responses.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeTimedSerializer

from planner.core.editing import refusals
from planner.extensions import csrf
from planner.opgaven.services import theme_choices, theme_labels
from planner.participation import attachments, consultation, phases, services, signals
from planner.participation.forms import PublicReactionForm, PublicSignalForm

bp = Blueprint("inspraak", __name__, url_prefix="/inspraak")
csrf.exempt(bp)
TOKEN_MAX_AGE = 4 * 3600  # long enough to write a careful reaction


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="wijkplanner-inspraak")


def make_token(programme_id: int | str) -> str:
    return _serializer().dumps(programme_id)


def token_valid(token: str | None, programme_id: int | str) -> bool:
    try:
        return _serializer().loads(token or "", max_age=TOKEN_MAX_AGE) == programme_id
    except BadSignature:  # also SignatureExpired
        return False


def same_origin() -> bool:
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


@bp.app_context_processor
def _public_branding():
    return {"public_branding": consultation.branding}


def _closed(status: int = 404, stored: bool = False, programme_id: int | None = None):
    """The 'not open' page; it points to the programme's feedback page when that one is public."""
    programme = services.public_programme(programme_id, services.FEEDBACK_STATUSES) if programme_id else None
    return render_template("public/closed.html", stored=stored, programme=programme), status


@bp.get("/")
def index():
    open_now, feedback = consultation.public_index(date.today())
    return render_template(
        "public/index.html", open_now=open_now, feedback=feedback, wards=signals.public_wards(date.today())
    )


def _target(programme):
    goal_id, action_id = request.args.get("doel", type=int), request.args.get("actie", type=int)
    goal = next((g for g in programme.goals if g.id == goal_id), None)
    action = next((a for a in programme.actions if a.id == action_id), None)
    update_id = request.args.get("voortgang", type=int)
    update = next((u for u in phases.latest_updates(programme).values() if u.id == update_id), None)
    if update is not None and action is None:
        action = update.action
    return goal, action, update


def _public_phase(programme_id):
    """The programme with the phase residents can take part in now, or None when its page is not public: in
    consultation always, in execution or at evaluation only when the team opened that phase."""
    programme = services.public_programme(programme_id, phases.PUBLIC_STATUSES)
    if programme is None:
        return None, None, None, None
    phase, dates, state = phases.current(programme)
    if state == "not_open":
        return None, None, None, None
    return programme, phase, dates, state


@bp.get("/<int:programme_id>")
def draft(programme_id):
    programme, phase, dates, state = _public_phase(programme_id)
    if programme is None:
        return _closed(programme_id=programme_id)
    actions_by_goal: dict = {}
    for action in programme.actions:
        actions_by_goal.setdefault(action.goal_id, []).append(action)
    return render_template(
        "public/draft.html",
        programme=programme,
        actions_by_goal=actions_by_goal,
        period=dates,
        phase=phase,
        updates=phases.latest_updates(programme) if phase == "uitvoering" else {},
        state=state,
    )


@bp.route("/<int:programme_id>/reageren", methods=["GET", "POST"])
def react(programme_id):
    programme, phase, dates, state = _public_phase(programme_id)
    if programme is None:
        return _closed(409 if request.method == "POST" else 404, programme_id=programme_id)
    if state != "open":
        return render_template(
            "public/period_closed.html", programme=programme, period=dates, phase=phase, state=state
        ), (409 if request.method == "POST" else 200)
    goal, action, update = _target(programme)
    if phase == "evaluatie" and goal is None:  # at evaluation residents judge a goal: pick it on the page
        return redirect(url_for("inspraak.draft", programme_id=programme.id))
    form = PublicReactionForm(request.form if request.method == "POST" else None)
    if request.method == "POST":
        if not same_origin() or not token_valid(form.token.data, programme.id):
            return render_template("public/expired.html", programme=programme), 400
        if form.validate():
            submit = partial(
                services.submit_public_reaction,
                programme,
                goal_id=goal.id if goal else None,
                action_id=action.id if action else None,
                progress_update_id=update.id if update else None,
            )
            done = url_for("inspraak.thanks", programme_id=programme.id)
            if (response := _submit_public(form, submit, programme.area, done, programme=programme)) is not None:
                return response
    form.token.data = make_token(programme.id)
    return render_template(
        "public/react.html",
        programme=programme,
        form=form,
        goal=goal,
        action=action,
        update=update,
        phase=phase,
        max_text=services.MAX_TEXT,
        retention_days=_retention_days(programme.area),
    )


@bp.get("/<int:programme_id>/bedankt")
def thanks(programme_id):
    programme = _public_phase(programme_id)[0]
    if programme is None:
        return _closed(programme_id=programme_id)
    return render_template("public/thanks.html", programme=programme)


@bp.get("/privacy")
def privacy():
    return render_template(
        "public/privacy.html",
        retention_days=_retention_days(),
        rate_limit=services.RATE_LIMIT,
        window=int(services.RATE_WINDOW.total_seconds() // 60),
    )


@bp.get("/<int:programme_id>/terugkoppeling")
def feedback(programme_id):
    programme = services.public_programme(programme_id, services.FEEDBACK_STATUSES)
    if programme is None:
        return _closed()
    items = services.published(programme)
    return render_template(
        "public/feedback.html",
        programme=programme,
        items=items,
        summary=services.feedback_summary(items),
        photos=attachments.public_photos(programme),
        period=consultation.period_of(programme),
        phase_dates=phases.stored(programme),
        open_phase=_public_phase(programme.id)[1],
    )


@bp.get("/<int:programme_id>/fotos/<int:attachment_id>")
def photo(programme_id, attachment_id):
    """A photo the team marked public, of a programme whose feedback page is public; otherwise 404."""
    programme = services.public_programme(programme_id, services.FEEDBACK_STATUSES)
    found = attachments.get_public_photo(programme, attachment_id) if programme is not None else None
    if found is None:
        return _closed()
    # no-cache: a photo the team takes offline again is gone at once, also from caches (they revalidate).
    return attachments.send_attachment(found, cache="public, no-cache") or abort(404)


def _ward_or_closed(code: str):
    return signals.public_ward(code, date.today())


@bp.route("/wijk/<code>", methods=["GET", "POST"])
def signal(code):
    """A signal or idea for a ward, whether or not a programme of the ward is open for reactions."""
    ward = _ward_or_closed(code)
    if ward is None:
        return _closed()
    form = PublicSignalForm(request.form if request.method == "POST" else None)
    themes = theme_choices(areas=[ward])
    form.theme_id.choices = [("", gettext("— geen onderwerp gekozen —"))] + theme_labels(themes)
    key = f"wijk:{ward.id}"
    if request.method == "POST":
        if not same_origin() or not token_valid(form.token.data, key):
            return render_template("public/expired.html", ward=ward), 400
        if form.validate():
            theme = next((t for t in themes if t.id == form.theme_id.data), None)
            submit = partial(signals.submit_signal, ward, theme=theme, location=form.location.data)
            done = url_for("inspraak.signal_thanks", code=ward.code)
            if (response := _submit_public(form, submit, ward, done, ward=ward)) is not None:
                return response
    form.token.data = make_token(key)
    open_now = [p for p, _period in consultation.public_index(date.today())[0] if p.area.is_within(ward)]
    return render_template(
        "public/signal.html",
        ward=ward,
        form=form,
        open_now=open_now,
        max_text=services.MAX_TEXT,
        retention_days=_retention_days(ward),
    ), (422 if form.errors else 200)


@bp.get("/wijk/<code>/bedankt")
def signal_thanks(code):
    ward = _ward_or_closed(code)
    if ward is None:
        return _closed()
    return render_template("public/signal_thanks.html", ward=ward)


def _submit_public(form, submit, area, done: str, **page):
    """Hand a resident's form to `submit` with what every public form carries. The answer: a redirect to
    `done` when it was taken (or dropped as spam), a 429 or 409 page when the request ends there (an
    error status rolls the request back), or None when a refusal is shown beside its field."""
    with refusals(form):
        try:
            submit(
                text=form.text.data,
                honeypot=form.website.data,
                ip_hash=services.address_hash(request.remote_addr, current_app.secret_key),
                name=form.name.data,
                email=form.email.data,
                consent=form.consent.data,
                retention_days=_retention_days(area),
            )
        except services.SpamSuspected:
            pass  # only the throttle row is kept: a bot learns nothing and is slowed down
        except services.RateLimited as error:
            return render_template("public/limited.html", message=error.message, **page), 429
        except services.ConsultationClosed:
            return _closed(409, stored=False, programme_id=page["programme"].id)
        return redirect(done)
    return None


def _retention_days(area=None) -> int:
    """The term of the municipality's participation policy (the configured default on the general pages)."""
    return phases.retention_days(area)
