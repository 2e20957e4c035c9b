"""Subsidy pages: the overview per area and opgave, regelingen, an application's trail from advice to
vaststelling; capacity on the opgave page."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.areas.models import Area
from planner.budget.models import BudgetLine
from planner.core import access
from planner.core.editing import refusals
from planner.core.i18n import money
from planner.extensions import db
from planner.opgaven.access import get_opgave_or_404, visible_opgaven
from planner.opgaven.models import Opgave, Organisation
from planner.opgaven.services import opgave_actions
from planner.subsidies import capacity, services
from planner.subsidies.forms import (
    AdviceForm,
    AnswerForm,
    ApplicationForm,
    CapacityForm,
    DecisionForm,
    ModerationForm,
    PaidForm,
    PaymentForm,
    SchemeForm,
    SettlementForm,
)
from planner.subsidies.models import GRANTED, STATUS_LABELS, SubsidyPayment

bp = Blueprint("subsidies", __name__, url_prefix="/subsidies")
DECIDERS = ("budget", "adopt")  # controller and functioneel beheerder, or the gebiedsmanager


def _staff() -> None:
    if not access.grant_paths(current_user, "view_draft"):
        abort(403)


def _may_decide(application) -> bool:
    return any(access.can(current_user, c, application.area) for c in DECIDERS)


def _municipalities(capability: str) -> list[Area]:
    codes = sorted({p.split("/")[0] for p in access.grant_paths(current_user, capability)})
    return db.session.scalars(select(Area).where(Area.path.in_(codes)).order_by(Area.name)).all() if codes else []


@bp.get("", strict_slashes=False)
@login_required
def index():
    _staff()
    return render_template(
        "subsidies/index.html",
        rows=services.overview(current_user),
        applications=services.applications(current_user),
        schemes=services.visible_schemes(current_user),
        may_create_scheme=bool(access.grant_paths(current_user, "budget")),
        editable_schemes={gm.id for gm in _municipalities("budget")},
        may_apply=bool(access.grant_paths(current_user, "edit")),
    )


def _scheme_choices(gm: Area, form: SchemeForm):
    areas = services.areas_of_municipality(gm)
    opgaven = db.session.scalars(
        visible_opgaven(current_user).where(Area.path.startswith(gm.path + "/", autoescape=True)).order_by(Opgave.title)
    ).all()
    goals = services.goals_of_municipality(gm)
    form.area_id.choices = [("", gettext("— kies een gebied —"))] + [(a.id, a.name) for a in areas]
    form.opgave_id.choices = [("", gettext("— geen opgave —"))] + [(o.id, o.title) for o in opgaven]
    form.goal_ids.choices = [(g.id, f"{g.programme.title}: {g.number}. {g.title}") for g in goals]
    return areas, opgaven, goals


def _scheme_values(form: SchemeForm, choices) -> dict:
    areas, opgaven, goals = choices
    return {
        "name": form.name.data,
        "area": next((a for a in areas if a.id == form.area_id.data), None),
        "opgave": next((o for o in opgaven if o.id == form.opgave_id.data), None),
        "ceiling": form.ceiling.data,
        "criteria": form.criteria.data,
        "goals": [g for g in goals if g.id in set(form.goal_ids.data or ())],
        "wijkbudget": form.wijkbudget.data,
        "valid_from": form.valid_from.data,
        "valid_to": form.valid_to.data,
    }


@bp.route("/regelingen/nieuw", methods=["GET", "POST"])
@login_required
def new_scheme():
    gms = _municipalities("budget")
    if not gms:
        abort(403)
    gm = gms[0]
    form = SchemeForm()
    choices = _scheme_choices(gm, form)
    if form.validate_on_submit():
        with refusals(form):
            scheme = services.create_scheme(gm, **_scheme_values(form, choices))
            flash(gettext("De regeling '%(name)s' is opgeslagen.", name=scheme.name), "success")
            return redirect(url_for("subsidies.index") + "#kop-regelingen")
    return render_template("subsidies/scheme_form.html", form=form, gm=gm, scheme=None)


@bp.route("/regelingen/<int:scheme_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_scheme(scheme_id):
    """Whoever may create a regeling in its municipality may change it (the ceiling not below what is granted)."""
    scheme = services.scheme_of(current_user, scheme_id) or abort(404)
    gm = next((m for m in _municipalities("budget") if m.id == scheme.municipality_id), None)
    if gm is None:
        abort(403)
    form = SchemeForm(obj=scheme)
    if request.method == "GET":
        form.goal_ids.data = [g.id for g in scheme.goals]
    choices = _scheme_choices(gm, form)
    if form.validate_on_submit():
        with refusals(form):
            services.update_scheme(scheme, **_scheme_values(form, choices))
            flash(gettext("De regeling '%(name)s' is gewijzigd.", name=scheme.name), "success")
            return redirect(url_for("subsidies.index") + "#kop-regelingen")
    return render_template(
        "subsidies/scheme_form.html",
        form=form,
        gm=gm,
        scheme=scheme,
        granted=services.granted_in_scheme(scheme),
    )


@bp.route("/aanvragen/nieuw", methods=["GET", "POST"])
@login_required
def new_application():
    paths = access.grant_paths(current_user, "edit")
    if not paths:
        abort(403)
    schemes = services.visible_schemes(current_user)
    form = ApplicationForm()
    areas = {a.id: a for s in schemes for a in services.areas_of(s) if access.covers(paths, a.path)}
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)
    ).all()
    goals = {g.id: g for s in schemes for g in s.goals}
    form.scheme_id.choices = [("", gettext("— kies een regeling —"))] + [(s.id, s.name) for s in schemes]
    form.area_id.choices = [("", gettext("— kies een gebied —"))] + [(a.id, a.name) for a in areas.values()]
    form.organisation_id.choices = [("", gettext("— kies een partij —"))] + [(o.id, o.name) for o in organisations]
    form.goal_id.choices = [("", gettext("— geen doel gekozen —"))] + [(g.id, g.title) for g in goals.values()]
    if form.validate_on_submit():
        with refusals(form):
            application = services.apply(
                next((s for s in schemes if s.id == form.scheme_id.data), None),
                area=areas.get(form.area_id.data),
                organisation=next((o for o in organisations if o.id == form.organisation_id.data), None),
                goal=goals.get(form.goal_id.data),
                title=form.title.data,
                description=form.description.data,
                amount=form.amount.data,
            )
            flash(gettext("De aanvraag is opgeslagen."), "success")
            return redirect(url_for("subsidies.detail", application_id=application.id))
    return render_template("subsidies/application_form.html", form=form, schemes=schemes)


def _application_or_404(application_id: int):
    return services.application_of(current_user, application_id) or abort(404)


def _decision_form(application, form=None):
    form = form or DecisionForm()
    year = date.today().year
    lines = services.decision_lines(application, (year, year + 1))
    form.budget_line_id.choices = [("", gettext("— kies een regel —"))] + [
        (
            line.id,
            f"{line.fiscal_year} · {line.taakveld_code} · {line.description or line.line_key} · "
            + gettext("vrij %(room)s", room=money(services.line_room(line))),
        )
        for line in lines
    ]
    return form


def _paid_form(application, form=None):
    """The schedule's terms not yet paid; None when every term is."""
    open_terms = [p for p in application.payments if p.paid_on is None]
    if form is None:
        if not open_terms:
            return None
        form = PaidForm(payment_id=open_terms[0].id, paid_amount=open_terms[0].amount)
    form.payment_id.choices = [(p.id, f"{p.due_on:%d-%m-%Y} · {money(p.amount)}") for p in open_terms]
    return form


def _detail(application, status: int = 200, **forms):
    may_edit = access.can(current_user, "edit", application.area)
    may_decide = _may_decide(application)
    shown = {
        "moderation_form": ModerationForm() if may_edit and application.status == "te_modereren" else None,
        "advice_form": AdviceForm(advice=application.advice)
        if may_edit and application.status == "ingediend"
        else None,
        "decision_form": _decision_form(application) if may_decide and application.status == "ingediend" else None,
        "payment_form": PaymentForm() if may_decide and application.status == "verleend" else None,
        "paid_form": _paid_form(application) if may_decide and application.status in GRANTED else None,
        "settlement_form": SettlementForm() if may_decide and application.status == "verleend" else None,
        "answer_form": AnswerForm(public_answer=application.public_answer)
        if may_edit and application.initiative and application.status in ("verleend", "geweigerd", "vastgesteld")
        else None,
    }
    shown.update(forms)
    room = services.line_room(application.budget_line) if application.budget_line else None
    return render_template(
        "subsidies/detail.html",
        application=application,
        room=room,
        contact=application.contact if may_edit else None,
        statuses=STATUS_LABELS,
        **shown,
    ), status


@bp.get("/aanvragen/<int:application_id>")
@login_required
def detail(application_id):
    return _detail(_application_or_404(application_id))


def _back(application, anchor: str = ""):
    return redirect(url_for("subsidies.detail", application_id=application.id) + anchor)


@bp.post("/aanvragen/<int:application_id>/moderatie")
@login_required
def moderate(application_id):
    application = _application_or_404(application_id)
    access.require(current_user, "edit", application.area)
    form = ModerationForm()
    if form.validate_on_submit():
        with refusals(form):
            services.moderate(application, form.decision.data == "accept")
            flash(gettext("Het initiatief is gemodereerd."), "success")
            return _back(application)
    return _detail(application, 422, moderation_form=form)


@bp.post("/aanvragen/<int:application_id>/advies")
@login_required
def advise(application_id):
    application = _application_or_404(application_id)
    access.require(current_user, "edit", application.area)
    form = AdviceForm()
    if form.validate_on_submit():
        with refusals(form):
            services.give_advice(application, form.advice.data)
            flash(gettext("Het advies is opgeslagen."), "success")
            return _back(application)
    return _detail(application, 422, advice_form=form)


@bp.post("/aanvragen/<int:application_id>/beschikking")
@login_required
def decide(application_id):
    application = _application_or_404(application_id)
    if not _may_decide(application):
        abort(403)
    form = _decision_form(application, DecisionForm())
    if form.validate_on_submit():
        with refusals(form):
            if form.outcome.data == "verlenen":
                line_id = form.budget_line_id.data
                services.grant(
                    application,
                    line=db.session.get(BudgetLine, line_id) if line_id else None,
                    amount=form.granted_amount.data,
                    conditions=form.conditions.data,
                    account_by=form.account_by.data,
                )
            else:
                services.refuse(application, reasons=form.reasons.data)
            flash(gettext("De beschikking is vastgelegd."), "success")
            return _back(application)
    return _detail(application, 422, decision_form=form)


@bp.post("/aanvragen/<int:application_id>/betalingen")
@login_required
def add_payment(application_id):
    application = _application_or_404(application_id)
    if not _may_decide(application):
        abort(403)
    form = PaymentForm()
    if form.validate_on_submit():
        with refusals(form):
            services.add_payment(application, due_on=form.due_on.data, amount=form.amount.data)
            flash(gettext("De betaling staat in het betaalschema."), "success")
            return _back(application, "#betalingen")
    return _detail(application, 422, payment_form=form)


@bp.post("/aanvragen/<int:application_id>/betaald")
@login_required
def mark_paid(application_id):
    application = _application_or_404(application_id)
    if not _may_decide(application):
        abort(403)
    form = _paid_form(application, PaidForm())
    if form.validate_on_submit():
        with refusals(form):
            payment = db.session.get(SubsidyPayment, form.payment_id.data)
            services.mark_paid(
                payment if payment is not None and payment.application_id == application.id else None,
                paid_on=form.paid_on.data,
                amount=form.paid_amount.data,
            )
            flash(gettext("De betaling is geregistreerd."), "success")
            return _back(application, "#betalingen")
    return _detail(application, 422, paid_form=form)


@bp.post("/aanvragen/<int:application_id>/vaststelling")
@login_required
def settle(application_id):
    application = _application_or_404(application_id)
    if not _may_decide(application):
        abort(403)
    form = SettlementForm()
    if form.validate_on_submit():
        with refusals(form):
            services.settle(application, amount=form.settled_amount.data)
            flash(gettext("De subsidie is vastgesteld."), "success")
            return _back(application)
    return _detail(application, 422, settlement_form=form)


@bp.post("/aanvragen/<int:application_id>/antwoord")
@login_required
def answer(application_id):
    application = _application_or_404(application_id)
    access.require(current_user, "edit", application.area)
    form = AnswerForm()
    if form.validate_on_submit():
        with refusals(form):
            services.publish_answer(application, form.public_answer.data)
            flash(gettext("Het antwoord staat op de openbare pagina van de wijk."), "success")
            return _back(application)
    return _detail(application, 422, answer_form=form)


# ---- capacity on the opgave page -----------------------------------------------------------------


def _capacity_form(opgave, form=None):
    form = form or CapacityForm(year=date.today().year)
    actions = opgave_actions(current_user, opgave)
    form.action_id.choices = [("", gettext("— de opgave als geheel —"))] + [
        (a.id, f"{a.number}. {a.title}") for a in actions
    ]
    return form, actions


def opgave_capacity(opgave: Opgave, form=None) -> str:
    """Hook `opgave_detail`: hours per year and department or party, and the form to add them."""
    entries, per_year, total = capacity.opgave_capacity(opgave)
    may_edit = access.can(current_user, "edit", opgave.area)
    return render_template(
        "subsidies/_opgave_capacity.html",
        opgave=opgave,
        entries=entries,
        per_year=per_year,
        total=total,
        form=_capacity_form(opgave, form)[0] if may_edit else None,
    )


@bp.post("/opgaven/<int:opgave_id>/capaciteit")
@login_required
def record_capacity(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    access.require(current_user, "edit", opgave.area)
    form, actions = _capacity_form(opgave, CapacityForm())
    if form.validate_on_submit():
        with refusals(form):
            capacity.record_capacity(
                opgave,
                year=form.year.data,
                who=form.who.data,
                planned=form.planned_hours.data,
                actual=form.actual_hours.data,
                action=next((a for a in actions if a.id == form.action_id.data), None),
            )
            flash(gettext("De uren zijn opgeslagen."), "success")
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id) + "#kop-capaciteit")
    for message in [e for errors in form.errors.values() for e in errors]:
        flash(message, "error")
    return redirect(url_for("opgaven.detail", opgave_id=opgave.id) + "#kop-capaciteit")
