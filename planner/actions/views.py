"""Action pages: create, detail, edit, milestones, commitments and the audit history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select, true

from planner.actions import services
from planner.actions.access import get_action_or_404
from planner.actions.forms import (
    MILESTONE_ROWS,
    ActionForm,
    CommitmentForm,
    CorrectionForm,
    MilestoneForm,
    MoveMilestoneForm,
    parse_area_weights,
    parse_milestone_rows,
)
from planner.actions.models import Action, Commitment, Milestone
from planner.actions.rollup import rolled_up_progress
from planner.areas.models import Area
from planner.core import access
from planner.core.audit import latest_audit_id
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.core.i18n import money, nl_date, number, translate_label
from planner.core.models import AuditEvent
from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.opgaven.services import organisation_choices
from planner.programmes.access import get_programme_or_404, sees_drafts
from planner.programmes.models import Goal
from planner.programmes.partner_reach import hidden_audit_types
from planner.programmes.services import outside_concept_spans

bp = Blueprint("actions", __name__)


def _candidate_areas(programme, action: Action | None = None) -> list[Area]:
    """The programme's area and those below it, then neighbouring wards the user may edit, and any
    other area the action already serves."""
    area = programme.area
    below = db.session.scalars(select(Area).where(Area.parent_id == area.id).order_by(Area.code)).all()
    # A stadsdeel of the municipality holds wards: offer them too, so an action can still serve a ward.
    below = [a for b in below for a in ([b, *b.children] if b.level == "stadsdeel" else [b])]
    out = [area, *below, *services.neighbouring_wards(programme, current_user)]
    seen = {a.id for a in out}
    return out + [aa.area for aa in (action.areas if action else ()) if aa.area_id not in seen]


def _prepare(form: ActionForm, programme, action: Action | None = None) -> None:
    form.goal_id.choices = [("", gettext("— geen —"))] + [(g.id, f"{g.number}. {g.title}") for g in programme.goals]
    form.parent_id.choices = [("", gettext("— geen —"))] + [
        (a.id, f"{a.number}. {a.title}") for a in programme.actions if action is None or a.id != action.id
    ]
    form.partners.choices = [(p.id, p.name) for p in organisation_choices(action.partners if action else ())]
    current = [action.owner_organisation] if action and action.owner_organisation else []
    form.owner_organisation_id.choices = [("", gettext("— geen —"))] + [
        (o.id, o.name) for o in organisation_choices(current)
    ]


def _fields(form: ActionForm, programme) -> dict:
    goal = db.session.get(Goal, form.goal_id.data) if form.goal_id.data else None
    parent = db.session.get(Action, form.parent_id.data) if form.parent_id.data else None
    if (goal and goal.programme_id != programme.id) or (parent and parent.programme_id != programme.id):
        abort(400)
    return {
        "title": form.title.data.strip(),
        "description": form.description.data or "",
        "owner_organisation": db.session.get(Organisation, form.owner_organisation_id.data)
        if form.owner_organisation_id.data
        else None,
        "owner_person": (form.owner_person.data or "").strip(),
        "goal": goal,
        "parent": parent,
        "status": form.status.data,
        "progress": form.progress.data,
        "weight": form.weight.data or Decimal(1),
        "start_date": form.start_date.data,
        "end_date": form.end_date.data,
        "partners": db.session.scalars(select(Organisation).where(Organisation.id.in_(form.partners.data or []))).all(),
    }


def _render_form(form, programme, action, weights, milestones=None):
    typed = list((milestones or {}).values())
    return render_template(
        "actions/form.html",
        form=form,
        programme=programme,
        action=action,
        candidates=_candidate_areas(programme, action),
        neighbours={w.id for w in services.neighbouring_wards(programme, current_user)},
        weights=weights,
        milestone_rows=typed + [("", "")] * max(MILESTONE_ROWS - len(typed), 1),
        conflict=form.conflict,
    )


def _read_rows(form, programme, action=None):
    """The area weights and new milestones typed on the action form, and whether they are valid."""
    area_weights, errors = parse_area_weights(request.form, _candidate_areas(programme, action))
    milestones, milestone_errors, typed = parse_milestone_rows(request.form)
    form.form_errors.extend(errors + milestone_errors)
    return area_weights, milestones, typed, not (errors or milestone_errors)


@bp.route("/programmas/<int:programme_id>/acties/nieuw", methods=["GET", "POST"])
@login_required
def create(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    form = ActionForm(status="idee", progress=0, weight=Decimal(1), goal_id=request.args.get("goal", type=int))
    _prepare(form, programme)
    weights, typed = {programme.area.id: Decimal(1)}, {}
    if form.validate_on_submit():
        area_weights, milestones, typed, valid = _read_rows(form, programme)
        weights = {a.id: w for a, w in area_weights.items()}
        if valid:
            with refusals(form):
                action = services.create_action(
                    programme, area_weights=area_weights, user=current_user, **_fields(form, programme)
                )
                for title, due in milestones:
                    services.add_milestone(action, title, due)
                flash(gettext("De actie is toegevoegd."), "success")
                return redirect(url_for("actions.detail", action_id=action.id))
    elif request.method == "POST":
        typed = parse_milestone_rows(request.form)[2]
    return _render_form(form, programme, None, weights, typed)


@bp.get("/acties/<int:action_id>")
@login_required
def detail(action_id):
    action = get_action_or_404(current_user, action_id)
    return _render_detail(action, can_edit=access.can(current_user, "edit", action.programme.area))


def _commitment_form(form: CommitmentForm | None = None) -> CommitmentForm:
    form = form or CommitmentForm(kind="geld")
    form.organisation_id.choices = [("", gettext("— kies een partij —"))] + [
        (o.id, o.name) for o in organisation_choices()
    ]
    return form


def _render_detail(action, *, can_edit: bool, milestone_form=None, commitment_form=None):
    return render_template(
        "actions/detail.html",
        action=action,
        programme=action.programme,
        progress=rolled_up_progress(action),
        milestone_form=milestone_form or MilestoneForm(),
        commitment_form=commitment_form or _commitment_form(),
        can_edit=can_edit,
    )


@bp.route("/acties/<int:action_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(action_id):
    action = get_action_or_404(current_user, action_id)
    programme = action.programme
    access.require(current_user, "edit", programme.area)
    form = ActionForm(obj=action)
    _prepare(form, programme, action)
    weights, typed = {aa.area_id: aa.weight for aa in action.areas}, {}
    if request.method == "GET":
        form.goal_id.data, form.parent_id.data = action.goal_id, action.parent_id
        form.partners.data = [p.id for p in action.partners]
        form.start_from(action, latest_audit_id(action))
    elif form.validate_on_submit():
        area_weights, milestones, typed, valid = _read_rows(form, programme, action)
        weights = {a.id: w for a, w in area_weights.items()}
        if valid:
            with refusals(form, entity=action):
                services.update_action(
                    action,
                    form.expected_version,
                    area_weights=area_weights,
                    user=current_user,
                    **_fields(form, programme),
                )
                for title, due in milestones:
                    services.add_milestone(action, title, due)
                flash(gettext("De actie is opgeslagen."), "success")
                return redirect(url_for("actions.detail", action_id=action.id))
    else:
        typed = parse_milestone_rows(request.form)[2]
    return _render_form(form, programme, action, weights, typed)


@bp.post("/acties/<int:action_id>/mijlpalen")
@login_required
def add_milestone(action_id):
    action = get_action_or_404(current_user, action_id)
    access.require(current_user, "edit", action.programme.area)
    form = MilestoneForm()
    if form.validate_on_submit():
        with refusals(form, beside="title"):  # the page shows no messages above this small form
            services.add_milestone(action, form.title.data, form.due_date.data)
            flash(gettext("De mijlpaal is toegevoegd."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#mijlpalen")
    return _render_detail(action, can_edit=True, milestone_form=form), 400


@bp.post("/mijlpalen/<int:milestone_id>/<change>")
@login_required
def change_milestone(milestone_id, change):
    milestone = db.session.get(Milestone, milestone_id) or abort(404)
    action = get_action_or_404(current_user, milestone.action_id)
    access.require(current_user, "edit", action.programme.area)
    require_button_post()
    if change not in ("gereed", "verwijderen"):
        abort(404)
    back = url_for("actions.detail", action_id=action.id) + "#mijlpalen"
    if change == "verwijderen" and not confirmed():
        return confirm_page(
            title=gettext(
                "Mijlpaal '%(title)s' van actie %(number)s verwijderen?", title=milestone.title, number=action.number
            ),
            message=gettext(
                "De mijlpaal '%(title)s' (gepland %(due)s) verdwijnt van actie %(number)s '%(action)s'. "
                "Dit kan niet ongedaan worden gemaakt.",
                title=milestone.title,
                due=nl_date(milestone.due_date),
                number=action.number,
                action=action.title,
            ),
            kept=gettext(
                "De actie blijft bestaan; de wijzigingshistorie van de actie houdt vast dat de mijlpaal er was."
            ),
            button=gettext("Ja, mijlpaal verwijderen"),
            cancel_url=back,
        )
    with refusals():
        if change == "gereed":
            services.set_milestone_done(milestone, None if milestone.done_on else date.today())
            flash(gettext("De mijlpaal is bijgewerkt."), "success")
        else:
            services.delete_milestone(milestone)
            flash(gettext("De mijlpaal is verwijderd."), "success")
    return redirect(back)


@bp.route("/acties/<int:action_id>/bijsturen", methods=["GET", "POST"])
@login_required
def correct(action_id):
    action = get_action_or_404(current_user, action_id)
    access.require(current_user, "edit", action.programme.area)
    form = CorrectionForm(corrected_on=date.today())
    if form.validate_on_submit():
        with refusals(form):
            services.record_correction(
                action,
                corrected_on=form.corrected_on.data,
                reason=form.reason.data,
                aspects=form.aspects.data or (),
                changes=form.changes.data,
                user=current_user,
            )
            flash(gettext("De bijsturing is vastgelegd."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#bijsturingen")
    return render_template("actions/correct.html", action=action, programme=action.programme, form=form)


@bp.route("/mijlpalen/<int:milestone_id>/verplaatsen", methods=["GET", "POST"])
@login_required
def move_milestone(milestone_id):
    milestone = db.session.get(Milestone, milestone_id) or abort(404)
    action = get_action_or_404(current_user, milestone.action_id)
    access.require(current_user, "edit", action.programme.area)
    form = MoveMilestoneForm(due_date=milestone.due_date)
    if form.validate_on_submit():
        with refusals(form):
            correction = services.move_milestone(
                milestone, form.due_date.data, reason=form.reason.data, user=current_user
            )
            flash(
                gettext("De mijlpaal is verplaatst en als bijsturing vastgelegd.")
                if correction
                else gettext("De mijlpaal is verplaatst."),
                "success",
            )
            return redirect(url_for("actions.detail", action_id=action.id) + "#mijlpalen")
    return render_template(
        "actions/move_milestone.html", action=action, programme=action.programme, milestone=milestone, form=form
    )


@bp.post("/acties/<int:action_id>/inzet")
@login_required
def add_commitment(action_id):
    action = get_action_or_404(current_user, action_id)
    access.require(current_user, "edit", action.programme.area)
    form = _commitment_form(CommitmentForm())
    if form.validate_on_submit():
        with refusals(form, beside="organisation_id"):
            services.add_commitment(
                action,
                organisation=db.session.get(Organisation, form.organisation_id.data),
                kind=form.kind.data,
                amount=form.amount.data,
                description=form.description.data,
            )
            flash(gettext("De inzet is toegevoegd."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#inzet")
    return _render_detail(action, can_edit=True, commitment_form=form), 400


def _commitment_summary(commitment: Commitment) -> str:
    amount = (
        gettext("%(num)s uur", num=number(commitment.amount)) if commitment.kind == "uren" else money(commitment.amount)
    )
    return f"{translate_label(commitment.kind_label).lower()}, {amount}"


@bp.post("/inzet/<int:commitment_id>/verwijderen")
@login_required
def remove_commitment(commitment_id):
    commitment = db.session.get(Commitment, commitment_id) or abort(404)
    action = get_action_or_404(current_user, commitment.action_id)
    access.require(current_user, "edit", action.programme.area)
    require_button_post()
    back = url_for("actions.detail", action_id=action.id) + "#inzet"
    if not confirmed():
        return confirm_page(
            title=gettext(
                "Inzet van %(organisation)s bij actie %(number)s verwijderen?",
                organisation=commitment.organisation.name,
                number=action.number,
            ),
            message=gettext(
                "De inzet die %(organisation)s toezegde bij actie %(number)s '%(action)s' (%(what)s) verdwijnt van "
                "de actie en uit de totalen van de samenwerkingstafel. Dit kan niet ongedaan worden gemaakt.",
                organisation=commitment.organisation.name,
                number=action.number,
                action=action.title,
                what=_commitment_summary(commitment),
            ),
            kept=gettext(
                "%(organisation)s blijft partner; de wijzigingshistorie van de actie houdt vast wat er was toegezegd.",
                organisation=commitment.organisation.name,
            ),
            button=gettext("Ja, inzet verwijderen"),
            cancel_url=back,
        )
    with refusals():
        services.remove_commitment(commitment)
        flash(gettext("De inzet is verwijderd."), "success")
    return redirect(back)


@bp.get("/acties/<int:action_id>/historie")
@login_required
def history(action_id):
    action = get_action_or_404(current_user, action_id)
    hidden = hidden_audit_types(current_user, action.programme)
    council_only = not sees_drafts(current_user, action.programme)
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action_id == action.id, AuditEvent.entity_type.not_in(hidden))
        .where(outside_concept_spans(action.programme) if council_only else true())
        .order_by(AuditEvent.id.desc())
    ).all()
    return render_template(
        "actions/history.html", action=action, programme=action.programme, events=events, council_only=council_only
    )
