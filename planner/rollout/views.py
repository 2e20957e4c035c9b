"""Template pages: the list, saving a programme as a template, the roll-out view and board, rolling out,
and the revision of a programme in execution."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from planner.areas.models import Area
from planner.core import access
from planner.core.audit import latest_audit_id
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.extensions import db
from planner.opgaven.models import CONTRIBUTIONS, ORGANISATION_KINDS, SEAT_ROLES
from planner.programmes.access import get_programme_or_404
from planner.rollout import services
from planner.rollout.access import get_template_or_404, may_use, require_use, visible_templates
from planner.rollout.forms import RevisionForm, RolloutForm, StepForm, TemplateForm
from planner.rollout.models import ProgrammeTemplate

bp = Blueprint("rollout", __name__)


@bp.context_processor
def seat_labels():
    """The labels of the partner roles a template keeps (kind of party, role at the table, what it brings)."""
    return {"party_kinds": ORGANISATION_KINDS, "seat_roles": SEAT_ROLES, "contributions": CONTRIBUTIONS}


@bp.get("/sjablonen/")
@login_required
def index():
    if not access.grant_paths(current_user, "view_draft"):
        abort(403)
    templates = db.session.scalars(visible_templates(current_user).order_by(Area.path, ProgrammeTemplate.title)).all()
    return render_template("rollout/index.html", templates=templates)


@bp.route("/programmas/<int:programme_id>/sjabloon", methods=["GET", "POST"])
@login_required
def save(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    form = TemplateForm()
    form.goal_ids.choices = [(g.id, f"{g.number}. {g.title}") for g in programme.goals]
    form.action_ids.choices = [(a.id, f"{a.number}. {a.title}") for a in programme.actions]
    if request.method == "GET":
        form.title.data = programme.title
        form.steps.data = "\n".join(gettext(step) for step in services.DEFAULT_STEPS)
        form.goal_ids.data = [g.id for g in programme.goals]
        form.action_ids.data = [a.id for a in programme.actions]
    elif form.validate_on_submit():
        with refusals(form):
            template = services.save_as_template(
                programme,
                current_user,
                title=form.title.data,
                fits_when=form.fits_when.data,
                steps=services.clean_steps(form.steps.data),
                goal_ids=set(form.goal_ids.data or ()),
                action_ids=set(form.action_ids.data or ()),
            )
            flash(gettext("Het sjabloon is opgeslagen; dit programma is de pilot."), "success")
            return redirect(url_for("rollout.detail", template_id=template.id))
    return render_template("rollout/save.html", form=form, programme=programme)


@bp.get("/sjablonen/<int:template_id>")
@login_required
def detail(template_id):
    template = get_template_or_404(current_user, template_id)
    view = services.rollout_view(current_user, template, date.today())
    editable = [link for link in view.links if access.can(current_user, "edit", link.programme.area)]
    step_form = StepForm()
    step_form.step.choices = [(s, s) for s in template.steps]
    return render_template(
        "rollout/detail.html",
        template=template,
        view=view,
        editable=editable,
        step_form=step_form,
        may_use=may_use(current_user, template),
    )


@bp.route("/sjablonen/<int:template_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(template_id):
    template = get_template_or_404(current_user, template_id)
    require_use(current_user, template)
    form = TemplateForm(obj=template)
    del form.goal_ids, form.action_ids
    if request.method == "GET":
        form.steps.data = "\n".join(template.steps)
        form.start_from(template, latest_audit_id(template))
    elif form.validate_on_submit():
        with refusals(form, entity=template):
            services.update_template(
                template,
                form.expected_version,
                title=form.title.data,
                fits_when=form.fits_when.data,
                steps=services.clean_steps(form.steps.data),
            )
            flash(gettext("Het sjabloon is opgeslagen."), "success")
            return redirect(url_for("rollout.detail", template_id=template.id))
    return render_template("rollout/edit.html", form=form, template=template, conflict=form.conflict)


@bp.route("/sjablonen/<int:template_id>/uitrollen", methods=["GET", "POST"])
@login_required
def apply(template_id):
    template = get_template_or_404(current_user, template_id)
    require_use(current_user, template)
    form = RolloutForm()
    wards = services.wards_for(current_user, template)
    form.ward_ids.choices = [(w.id, f"{w.name} ({w.code})") for w in wards]
    tables = services.tables_of_wards(current_user, template, wards)
    if request.method == "GET":
        form.start.data = date(date.today().year + 1, 1, 1)
    elif form.validate_on_submit():
        chosen = [w for w in wards if w.id in set(form.ward_ids.data or ())]
        with refusals(form):
            result = services.roll_out(template, current_user, chosen, form.start.data, form.title.data or "")
            flash(
                gettext(
                    "%(num)d conceptprogramma's gemaakt uit het sjabloon; %(targets)d streefwaarden herberekend op "
                    "de eigen nulmeting van de wijk.",
                    num=len(result.programmes),
                    targets=result.rebased,
                ),
                "success",
            )
            for message in result.skipped:
                flash(message, "warning")
            return redirect(url_for("rollout.detail", template_id=template.id))
    return render_template("rollout/apply.html", form=form, template=template, wards=wards, tables=tables)


@bp.post("/programmas/<int:programme_id>/uitrolstap")
@login_required
def tick(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    link = services.template_of(programme)
    if link is None:
        abort(404)
    form = StepForm()
    form.step.choices = [(s, s) for s in link.template.steps]
    if form.validate_on_submit():
        with refusals():
            services.tick_step(current_user, programme, form.step.data, form.done_on.data)
            flash(gettext("De stap is bijgewerkt voor %(ward)s.", ward=programme.area.name), "success")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("rollout.detail", template_id=link.template_id) + "#werkwijze")


@bp.route("/programmas/<int:programme_id>/herzien", methods=["GET", "POST"])
@login_required
def revise(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "adopt", programme.area)
    form = RevisionForm()
    items = services.revision_items(current_user)
    form.agenda_item_id.choices = [("", gettext("— kies een besluit —"))] + [
        (i.id, f"{gettext(i.kind_label)} {i.number}: {i.title}") for i in items
    ]
    revision = services.open_revision_of(programme)
    if form.validate_on_submit():
        item = next((i for i in items if i.id == form.agenda_item_id.data), None)
        with refusals(form):
            services.open_revision(programme, current_user, reason=form.reason.data or "", agenda_item=item)
            flash(gettext("De herziening is geopend: de doelen zijn weer te bewerken."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id) + "#doelen")
    return render_template("rollout/revise.html", form=form, programme=programme, revision=revision)


@bp.post("/programmas/<int:programme_id>/herzien/afronden")
@login_required
def close_revision(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "adopt", programme.area)
    require_button_post()
    with refusals():
        version = services.close_revision(programme, current_user)
        flash(gettext("De herziening is vastgelegd als versie %(num)d.", num=version.number), "success")
    return redirect(url_for("programmes.detail", programme_id=programme.id))


def programme_block(programme):
    """On the programme page: save as template, the template it belongs to, the revision."""
    link = services.template_of(programme)
    sees_template = link is not None and (
        db.session.scalar(
            visible_templates(current_user)
            .with_only_columns(ProgrammeTemplate.id)
            .where(ProgrammeTemplate.id == link.template_id)
        )
        is not None
    )
    return render_template(
        "rollout/_programme_block.html",
        programme=programme,
        link=link,
        sees_template=sees_template,
        can_edit=access.can(current_user, "edit", programme.area),
        can_adopt=access.can(current_user, "adopt", programme.area),
        revision=services.open_revision_of(programme),
    )
