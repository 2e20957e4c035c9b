"""Programme pages: list, create, edit, detail, goals, workflow, versions, history, search, downloads."""

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import or_, select

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.actions.rollup import rolled_up_progress
from planner.agenda.services import visible_item
from planner.areas.access import get_area_or_404
from planner.areas.models import Area
from planner.core import access
from planner.core.audit import latest_audit_id
from planner.core.editing import refusals
from planner.excel.csv_export import csv_response
from planner.extensions import db
from planner.opgaven.models import Opgave, Organisation, Theme
from planner.opgaven.services import theme_choices
from planner.programmes import exports, services
from planner.programmes.access import get_programme_or_404, sees_drafts, visible_programmes
from planner.programmes.forms import GoalForm, ProgrammeForm, TransitionForm
from planner.programmes.models import STATUS_LABELS, Goal, Programme
from planner.programmes.partner_reach import hidden_audit_types
from planner.programmes.workbook import write_programme_workbook

bp = Blueprint("programmes", __name__, url_prefix="/programmas")


def _programme_choices(form: ProgrammeForm, programme: Programme | None = None) -> None:
    paths = access.grant_paths(current_user, "edit")
    areas = db.session.scalars(
        select(Area)
        .where(access.path_condition(Area.path, paths), Area.level.in_(("gemeente", "stadsdeel", "wijk", "buurt")))
        .order_by(Area.path)
    ).all()
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in areas]
    opgaven = db.session.scalars(
        select(Opgave)
        .join(Opgave.area)
        .where(access.path_condition(Area.path, access.grant_paths(current_user, "view_draft")))
        .order_by(Opgave.title)
    ).all()
    form.opgave_id.choices = [("", gettext("— geen —"))] + [(o.id, o.title) for o in opgaven]


def _fields(form: ProgrammeForm) -> dict:
    return {
        k: getattr(form, k).data
        for k in ("title", "start_year", "end_year", "summary", "ambition", "approach", "cost_notes")
    } | {"opgave": db.session.get(Opgave, form.opgave_id.data) if form.opgave_id.data else None}


@bp.get("/")
@login_required
def index():
    status = request.args.get("status") or ""
    query = visible_programmes(current_user).order_by(Area.path, Programme.title)
    if status in STATUS_LABELS:
        query = query.where(Programme.status == status)
    programmes = db.session.scalars(query).all()
    return render_template("programmes/index.html", programmes=programmes, status=status, status_labels=STATUS_LABELS)


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def create():
    form = ProgrammeForm()
    _programme_choices(form)
    if not form.area_id.choices:
        abort(403)
    if request.method == "GET" and request.args.get("area"):
        area = get_area_or_404(current_user, request.args["area"])
        form.area_id.data = area.id
    if request.method == "GET" and request.args.get("opgave", type=int) in dict(form.opgave_id.choices):
        form.opgave_id.data = request.args.get("opgave", type=int)  # started from the opgave's page
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        access.require(current_user, "edit", area)
        with refusals(form):
            programme = services.create_programme(area=area, **_fields(form))
            flash(gettext("Het programma is aangemaakt."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=None)


@bp.get("/<int:programme_id>")
@login_required
def detail(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    actions_by_goal: dict = {}
    for action in programme.actions:
        actions_by_goal.setdefault(action.goal_id, []).append(action)
    progress = {a.id: rolled_up_progress(a) for a in programme.actions}
    return render_template(
        "programmes/detail.html",
        programme=programme,
        actions_by_goal=actions_by_goal,
        progress=progress,
        transitions=services.allowed_transitions(programme.status),
        status_labels=STATUS_LABELS,
        can_edit=access.can(current_user, "edit", programme.area),
        editable=programme.status in services.EDITABLE_STATUSES,
        goals_editable=services.goals_editable(programme),
        # The besluit is linked for whoever may open it on the political agenda (partners may not).
        decision_linked=programme.decision_item_id is not None
        and visible_item(current_user, programme.decision_item_id) is not None,
    )


@bp.route("/<int:programme_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    form = ProgrammeForm(obj=programme)
    _programme_choices(form, programme)
    del form.area_id
    if request.method == "GET":
        form.start_from(programme, latest_audit_id(programme))
    elif form.validate_on_submit():
        with refusals(form, entity=programme):
            services.update_programme(programme, form.expected_version, **_fields(form))
            flash(gettext("De wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template("programmes/form.html", form=form, programme=programme, conflict=form.conflict)


def _goal_form(programme, goal=None) -> GoalForm:
    form = GoalForm(obj=goal)
    themes = theme_choices([goal.theme] if goal and goal.theme else [], areas=[programme.area])
    form.theme_id.choices = [("", gettext("— geen —"))] + [(t.id, t.name) for t in themes]
    return form


@bp.route("/<int:programme_id>/doelen/nieuw", methods=["GET", "POST"], defaults={"goal_id": None})
@bp.route("/<int:programme_id>/doelen/<int:goal_id>/bewerken", methods=["GET", "POST"])
@login_required
def goal_form(programme_id, goal_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    goal = None
    if goal_id is not None:
        goal = db.session.get(Goal, goal_id)
        if goal is None or goal.programme_id != programme.id:
            abort(404)
    form = _goal_form(programme, goal)
    if request.method == "GET" and goal:
        form.start_from(goal, latest_audit_id(goal))
    elif form.validate_on_submit():
        fields = {
            "title": form.title.data,
            "description": form.description.data,
            "theme": db.session.get(Theme, form.theme_id.data) if form.theme_id.data else None,
        }
        with refusals(form, entity=goal):
            if goal:
                services.update_goal(goal, form.expected_version, **fields)
            else:
                services.add_goal(programme, **fields)
            flash(gettext("Het doel is opgeslagen."), "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id) + "#doelen")
    return render_template(
        "programmes/goal_form.html", form=form, programme=programme, goal=goal, conflict=form.conflict
    )


def _transition_form(programme, to_status: str):
    """The step's form; adoption offers the municipality's besluiten (and only adoption asks for one)."""
    form = TransitionForm(
        to_status=to_status, decision_item_id=programme.decision_item_id, competent_body=programme.competent_body
    )
    choices = services.decision_choices(programme) if to_status == "vastgesteld" else []
    form.decision_item_id.choices = [("", gettext("Kies het besluit"))] + [
        (item.id, f"{item.number} · {item.title}"[:160]) for item in choices
    ]
    form.decision_item_id.validate_choice = to_status == "vastgesteld"
    return form, choices


@bp.route("/<int:programme_id>/status/<to_status>", methods=["GET", "POST"])
@login_required
def transition(programme_id, to_status):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    if to_status not in STATUS_LABELS:
        abort(404)
    form, choices = _transition_form(programme, to_status)
    allowed = to_status in services.allowed_transitions(programme.status)
    if form.validate_on_submit():
        with refusals(form if allowed else None):
            version = services.transition(
                programme,
                to_status,
                current_user,
                note=form.note.data or "",
                decision_item=next((i for i in choices if i.id == form.decision_item_id.data), None),
                competent_body=form.competent_body.data or "",
            )
            flash(
                gettext(
                    "Het programma staat nu op '%(status)s'. Versie %(num)d is vastgelegd.",
                    status=gettext(STATUS_LABELS[to_status]).lower(),
                    num=version.number,
                ),
                "success",
            )
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    return render_template(
        "programmes/transition.html",
        programme=programme,
        form=form,
        to_status=to_status,
        to_label=STATUS_LABELS[to_status],
        allowed=allowed,
        has_decisions=bool(choices),
    )


@bp.get("/<int:programme_id>/versies")
@login_required
def versions(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    return render_template(
        "programmes/versions.html",
        programme=programme,
        versions=_readable_versions(programme),
        council_only=not sees_drafts(current_user, programme),
    )


def _readable_versions(programme) -> list:
    """All versions for who may read the programme as a concept; for the council those from the consultation on."""
    return programme.versions if sees_drafts(current_user, programme) else services.council_versions(programme)


@bp.get("/<int:programme_id>/versies/vergelijk")
@login_required
def compare(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    by_number = {str(v.number): v for v in _readable_versions(programme)}

    def pick(key):
        choice = request.args.get(key, "")
        if choice == "huidig":
            return gettext("Huidige werkversie"), services.snapshot(programme)
        version = by_number.get(choice)
        if version is None:
            abort(404)
        return gettext(
            "Versie %(num)d (%(status)s)", num=version.number, status=gettext(version.status_label)
        ), version.snapshot

    left_label, left = pick("a")
    right_label, right = pick("b")
    blocks = services.compare_snapshots(left, right)
    return render_template(
        "programmes/compare.html",
        programme=programme,
        blocks=blocks,
        left_label=left_label,
        right_label=right_label,
        a=request.args["a"],
        b=request.args["b"],
    )


@bp.get("/<int:programme_id>/historie")
@login_required
def history(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    page = max(request.args.get("pagina", 1, type=int), 1)
    council_only = not sees_drafts(current_user, programme)
    events, more = services.programme_history(
        programme, page, hidden_types=hidden_audit_types(current_user, programme), without_concept=council_only
    )
    return render_template(
        "programmes/history.html", programme=programme, events=events, page=page, more=more, council_only=council_only
    )


@bp.get("/zoeken")
@login_required
def search():
    q = (request.args.get("q") or "").strip()
    programmes, actions = [], []
    if len(q) >= 2:  # autoescape: a typed % or _ is searched for, not a wildcard
        programmes = db.session.scalars(
            visible_programmes(current_user)
            .where(or_(*(c.icontains(q, autoescape=True) for c in (Programme.title, Programme.summary))))
            .limit(50)
        ).all()
        trekker = select(Organisation.id).where(Organisation.name.icontains(q, autoescape=True))
        actions = db.session.scalars(
            visible_actions(current_user)
            .where(
                or_(
                    *(c.icontains(q, autoescape=True) for c in (Action.title, Action.description, Action.owner_person)),
                    Action.owner_organisation_id.in_(trekker),
                )
            )
            .limit(100)
        ).all()
    return render_template("programmes/search.html", q=q, programmes=programmes, actions=actions)


# --- downloads ---------------------------------------------------------------------------------


@bp.get("/<int:programme_id>/export.xlsx")
@login_required
def programme_workbook(programme_id: int):
    programme = get_programme_or_404(current_user, programme_id)
    from planner.agenda.services import visible_items

    out = io.BytesIO()
    write_programme_workbook(programme, out, visible_items=visible_items(current_user), exported_by=current_user.name)
    out.seek(0)
    return send_file(
        out,
        mimetype=exports.XLSX,
        as_attachment=True,
        max_age=0,
        download_name=f"wijkprogramma-{programme.area.code}-{programme.id}.xlsx",
    )


@bp.get("/export.csv")
@login_required
def programme_list_csv():
    query = visible_programmes(current_user).order_by(Area.path, Programme.title)
    status = request.args.get("status") or ""
    if status in STATUS_LABELS:
        query = query.where(Programme.status == status)
    return csv_response("programmas.csv", exports.PROGRAMME_HEADERS, exports.programme_list_rows(query))


@bp.get("/<int:programme_id>/acties.csv")
@login_required
def action_list_csv(programme_id: int):
    programme = get_programme_or_404(current_user, programme_id)
    return csv_response(
        f"acties-{programme.area.code}-{programme.id}.csv", exports.ACTION_HEADERS, exports.action_list_rows(programme)
    )
