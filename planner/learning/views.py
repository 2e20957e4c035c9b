"""Learning pages: search across wards, leading principles, reflections and lessons of a programme or an opgave,
the evaluation, and the learning log (page and workbook)."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.areas.models import Area
from planner.core import access
from planner.core.editing import refusals
from planner.extensions import db
from planner.learning import exports, search, services
from planner.learning.access import get_lesson_or_404, get_reflection_or_404, visible_action_ids, visible_lesson_ids
from planner.learning.forms import LessonForm, PrincipleForm, ReflectionForm, SupportForm, evaluation_form
from planner.learning.models import CHANGE_KINDS, REFLECTION_KINDS, Principle
from planner.opgaven.access import get_opgave_or_404
from planner.opgaven.models import Organisation, Theme
from planner.opgaven.services import theme_choices
from planner.programmes.access import get_programme_or_404

bp = Blueprint("learning", __name__, url_prefix="/leren")


def _municipality_paths(user) -> list[str]:
    """The municipalities the user holds any role in (or below): their leading principles are the user's to read."""
    return sorted({g.area.path.split("/")[0] for g in getattr(user, "roles", [])})


@bp.get("/")
@login_required
def index():
    args = {k: request.args.get(k, "") for k in ("woorden", "thema", "verandering", "partij")}
    hits, total = search.search_lessons(
        current_user,
        args["woorden"],
        theme_id=request.args.get("thema", type=int),
        change_kind=args["verandering"] if args["verandering"] in CHANGE_KINDS else None,
        organisation_id=request.args.get("partij", type=int),
    )
    areas = [g.area for g in current_user.roles]
    return render_template(
        "learning/index.html",
        args=args,
        hits=hits,
        total=total,
        searched=any(args.values()),
        themes=theme_choices([], areas=areas, include_inactive=True),
        change_kinds=CHANGE_KINDS,
        parties=db.session.scalars(
            select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)
        ),
    )


@bp.get("/principes")
@login_required
def principles():
    shown = services.principles_for(_municipality_paths(current_user))
    visible = visible_lesson_ids(current_user, [lesson.id for p in shown for lesson in p.lessons])
    return render_template(
        "learning/principles.html",
        principles=shown,
        visible=visible,
        may_add=bool(access.grant_paths(current_user, "adopt")),
    )


@bp.route("/principes/nieuw", methods=["GET", "POST"])
@login_required
def new_principle():
    paths = access.grant_paths(current_user, "adopt")
    if not paths:
        abort(403)
    form = PrincipleForm()
    municipalities = db.session.scalars(
        select(Area).where(Area.level == "gemeente", access.path_condition(Area.path, paths)).order_by(Area.name)
    ).all()
    form.area_id.choices = [(a.id, a.name) for a in municipalities]
    if form.validate_on_submit():
        with refusals(form):
            services.create_principle(
                current_user, db.session.get(Area, form.area_id.data), form.statement.data, form.explanation.data
            )
            flash(gettext("Het leidende principe is vastgelegd."), "success")
            return redirect(url_for("learning.principles"))
    return render_template("learning/principle_form.html", form=form)


@bp.post("/leerpunten/<int:lesson_id>/principe")
@login_required
def support_principle(lesson_id):
    lesson = get_lesson_or_404(current_user, lesson_id)
    access.require(current_user, "adopt", lesson.reflection.area)
    form = SupportForm()
    form.principle_id.choices = [(p.id, p.statement) for p in _principles_for_lesson(lesson)]
    target = url_for("learning.reflection", reflection_id=lesson.reflection_id) + f"#leerpunt-{lesson.id}"
    if form.validate_on_submit():
        with refusals():
            services.support_principle(current_user, db.session.get(Principle, form.principle_id.data), lesson)
            flash(gettext("Het leerpunt onderbouwt nu het leidende principe."), "success")
    else:
        flash(gettext("Kies het leidende principe dat dit leerpunt onderbouwt."), "error")
    return redirect(target)


def _principles_for_lesson(lesson) -> list[Principle]:
    return [
        p
        for p in services.principles_for(access.grant_paths(current_user, "adopt"))
        if lesson.reflection.area.is_within(p.area)
    ]


@bp.get("/programma/<int:programme_id>")
@login_required
def programme_log(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    reflections = services.reflections_of(programme=programme)
    return render_template(
        "learning/log.html",
        programme=programme,
        opgave=None,
        reflections=reflections,
        seen_actions=_seen_actions(reflections),
        evaluation=services.evaluation_of(programme),
        overdue=services.reflection_overdue(programme),
        can_edit=access.can(current_user, "edit", programme.area),
    )


@bp.get("/programma/<int:programme_id>/leerlog.xlsx")
@login_required
def programme_log_xlsx(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    reflections = services.reflections_of(programme=programme)
    out = io.BytesIO()
    exports.write_learning_log(programme, reflections, _seen_actions(reflections), out)
    out.seek(0)
    return send_file(
        out,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        as_attachment=True,
        download_name=f"leerlog-{programme.id}.xlsx",
    )


@bp.get("/opgave/<int:opgave_id>")
@login_required
def opgave_log(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    reflections = services.reflections_of(opgave=opgave)
    return render_template(
        "learning/log.html",
        programme=None,
        opgave=opgave,
        reflections=reflections,
        seen_actions=_seen_actions(reflections),
        evaluation=None,
        overdue=False,
        can_edit=access.can(current_user, "edit", opgave.area),
    )


def _seen_actions(reflections) -> set[int]:
    """The linked actions the user may see: a reflection on an opgave may concern a draft programme's actions."""
    ids = {a.id for r in reflections for lesson in r.lessons for a in lesson.actions}
    ids |= {c.action_id for r in reflections for lesson in r.lessons for c in lesson.changes}
    return visible_action_ids(current_user, ids)


def _reflection_form(subject) -> ReflectionForm:
    form = ReflectionForm()
    form.kind.choices = [(k, gettext(v)) for k, v in REFLECTION_KINDS.items()]
    form.party_ids.choices = [(o.id, o.name) for o in services.table_parties(subject)]
    return form


def _record(form, **subject):
    return services.record_reflection(
        current_user,
        **subject,
        held_on=form.held_on.data,
        kind=form.kind.data,
        independent_facilitator=form.independent_facilitator.data,
        facilitator=form.facilitator.data,
        what_works=form.what_works.data,
        what_does_not=form.what_does_not.data,
        what_we_change=form.what_we_change.data,
        parties=[db.session.get(Organisation, i) for i in form.party_ids.data or []],
        roles=(form.roles.data or "").splitlines(),
    )


@bp.route("/programma/<int:programme_id>/reflectie", methods=["GET", "POST"])
@login_required
def new_programme_reflection(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    form = _reflection_form(programme)
    if form.validate_on_submit():
        with refusals(form):
            reflection = _record(form, programme=programme)
            flash(gettext("De reflectie is vastgelegd. Voeg nu de leerpunten toe."), "success")
            return redirect(url_for("learning.reflection", reflection_id=reflection.id))
    return render_template("learning/reflection_form.html", form=form, programme=programme, opgave=None)


@bp.route("/opgave/<int:opgave_id>/reflectie", methods=["GET", "POST"])
@login_required
def new_opgave_reflection(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    access.require(current_user, "edit", opgave.area)
    form = _reflection_form(opgave)
    if form.validate_on_submit():
        with refusals(form):
            reflection = _record(form, opgave=opgave)
            flash(gettext("De reflectie is vastgelegd. Voeg nu de leerpunten toe."), "success")
            return redirect(url_for("learning.reflection", reflection_id=reflection.id))
    return render_template("learning/reflection_form.html", form=form, programme=None, opgave=opgave)


@bp.get("/reflecties/<int:reflection_id>")
@login_required
def reflection(reflection_id):
    reflection = get_reflection_or_404(current_user, reflection_id)
    adopt = access.can(current_user, "adopt", reflection.area)
    principles = services.principles_for(access.grant_paths(current_user, "adopt")) if adopt else []
    return render_template(
        "learning/reflection.html",
        reflection=reflection,
        seen_actions=_seen_actions([reflection]),
        can_edit=access.can(current_user, "edit", reflection.area),
        principles=[p for p in principles if reflection.area.is_within(p.area)],
    )


def _lesson_form(reflection, programmes) -> LessonForm:
    """Choices from the programme the reflection is about, or from the opgave's programmes the user may read."""
    form = LessonForm()
    form.theme_ids.choices = [(t.id, t.name) for t in theme_choices([], areas=[reflection.area])]
    form.goal_ids.choices = [(g.id, f"{g.number}. {g.title}") for p in programmes for g in p.goals]
    actions = [a for p in programmes for a in p.actions]
    form.action_ids.choices = [(a.id, f"{a.number}. {a.title}") for a in actions]
    form.change_action_id.choices = [("", gettext("— geen —"))] + [(a.id, f"{a.number}. {a.title}") for a in actions]
    form.change_kind.choices = [("", gettext("— geen —"))] + [(k, gettext(v)) for k, v in CHANGE_KINDS.items()]
    opgave = reflection.opgave or (reflection.programme.opgave if reflection.programme else None)
    form.agreement_ids.choices = [(a.id, a.text[:120]) for a in (opgave.agreements if opgave else [])]
    return form


@bp.route("/reflecties/<int:reflection_id>/leerpunt", methods=["GET", "POST"])
@login_required
def add_lesson(reflection_id):
    reflection = get_reflection_or_404(current_user, reflection_id)
    access.require(current_user, "edit", reflection.area)
    programmes = [reflection.programme] if reflection.programme else _opgave_programmes(reflection)
    form = _lesson_form(reflection, programmes)
    if form.validate_on_submit():
        changes = []
        if form.change_action_id.data:
            changes.append((form.change_action_id.data, form.change_kind.data))
        with refusals(form):
            services.add_lesson(
                current_user,
                reflection,
                statement=form.statement.data,
                account=form.account.data,
                themes=[db.session.get(Theme, i) for i in form.theme_ids.data or []],
                goal_ids=form.goal_ids.data or [],
                action_ids=form.action_ids.data or [],
                agreement_ids=form.agreement_ids.data or [],
                changes=changes,
            )
            flash(gettext("Het leerpunt is vastgelegd."), "success")
            return redirect(url_for("learning.reflection", reflection_id=reflection.id))
    return render_template("learning/lesson_form.html", form=form, reflection=reflection)


def _opgave_programmes(reflection) -> list:
    if reflection.opgave is None:
        return []
    from planner.programmes.access import visible_programmes
    from planner.programmes.models import Programme

    return list(db.session.scalars(visible_programmes(current_user).where(Programme.opgave_id == reflection.opgave_id)))


@bp.route("/programma/<int:programme_id>/evaluatie", methods=["GET", "POST"])
@login_required
def evaluation(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    draft = services.evaluation_draft(programme)
    existing = services.evaluation_of(programme)
    data = {f"judgement_{goal.id}": judgement for goal, _, judgement in draft}
    data["lessons_text"] = existing.lessons_text if existing else ""
    form = evaluation_form(programme.goals, data=None if request.method == "POST" else data)
    if form.validate_on_submit():
        with refusals(form):
            services.save_evaluation(
                current_user,
                programme,
                {goal.id: getattr(form, f"judgement_{goal.id}").data for goal in programme.goals},
                form.lessons_text.data,
            )
            flash(gettext("De evaluatie is vastgelegd."), "success")
            return redirect(url_for("learning.programme_log", programme_id=programme.id))
    return render_template(
        "learning/evaluation.html",
        programme=programme,
        form=form,
        rows=[(goal, achievement, getattr(form, f"judgement_{goal.id}")) for goal, achievement, _ in draft],
        open_for_evaluation=programme.status == "uitvoering",
    )
