"""Indicator pages: definitions (administrators), measurements per area and period, goal targets."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.areas.models import Area
from planner.core import access
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.i18n import N_, number
from planner.extensions import db
from planner.indicators import services
from planner.indicators.access import (
    get_indicator_or_404,
    is_installation_admin,
    may_create,
    may_manage,
    owner_choices,
    usable_in,
    visible_condition,
)
from planner.indicators.forms import GoalTargetForm, IndicatorForm, MeasurementForm
from planner.indicators.models import MEASUREMENT_KINDS, GoalTarget, Indicator
from planner.programmes.access import get_programme_or_404
from planner.programmes.hub import Tab

bp = Blueprint("indicators", __name__)


@bp.get("/indicatoren")
@login_required
def index():
    indicators = db.session.scalars(
        select(Indicator).where(visible_condition(current_user)).order_by(Indicator.code)
    ).all()
    manageable = {i.id for i in indicators if may_manage(current_user, i)}
    return render_template(
        "indicators/index.html", indicators=indicators, may_create=may_create(current_user), manageable=manageable
    )


def _managed_indicator_or_404(indicator_id: int) -> Indicator:
    """Another municipality's indicator: 404; a national one for a municipality's admin: 403."""
    indicator = get_indicator_or_404(current_user, indicator_id)
    if not may_manage(current_user, indicator):
        abort(403)
    return indicator


@bp.route("/indicatoren/nieuw", methods=["GET", "POST"])
@bp.route("/indicatoren/<int:indicator_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(indicator_id=None):
    indicator = _managed_indicator_or_404(indicator_id) if indicator_id else None
    if indicator is None and not may_create(current_user):
        abort(403)
    form = IndicatorForm(obj=indicator)
    if indicator is None:
        form.owner_id.choices = [(a.id, a.name) for a in owner_choices(current_user)]
        if is_installation_admin(current_user):
            form.owner_id.choices.append(("", gettext("Landelijk (alle gemeenten)")))
    else:
        del form.owner_id
    if indicator is not None and not form.is_submitted():
        form.direction.data = {True: "ja", False: "nee"}.get(indicator.higher_is_better, "")
    if form.validate_on_submit():
        with refusals(form):
            services.save_indicator(
                indicator,
                code=form.code.data,
                name=form.name.data,
                unit=form.unit.data or "",
                source=form.source.data or "",
                higher_is_better=form.higher_is_better,
                description=form.description.data or "",
                owner=db.session.get(Area, form.owner_id.data) if indicator is None and form.owner_id.data else None,
            )
            flash(gettext("De indicator is opgeslagen."), "success")
            return redirect(url_for("indicators.index"))
    return render_template("indicators/edit.html", form=form, indicator=indicator)


@bp.post("/indicatoren/<int:indicator_id>/verwijderen")
@login_required
def delete(indicator_id):
    indicator = _managed_indicator_or_404(indicator_id)
    with refusals():
        services.check_delete_indicator(indicator)
        if not confirmed():
            return confirm_page(
                title=gettext("Indicator '%(name)s' verwijderen?", name=indicator.name),
                message=gettext(
                    "De indicator %(code)s '%(name)s' verdwijnt met al haar metingen. Dit kan niet ongedaan worden "
                    "gemaakt; metingen van CBS kunt u opnieuw importeren.",
                    code=indicator.code,
                    name=indicator.name,
                ),
                details=[gettext("Metingen: %(num)s", num=number(services.measurement_count(indicator)))],
                kept=gettext(
                    "Doelen en programma's blijven bestaan; de audittrail houdt vast wie de indicator verwijderde."
                ),
                button=gettext("Ja, indicator verwijderen"),
                cancel_url=url_for("indicators.index"),
            )
        services.delete_indicator(indicator)
        flash(gettext("De indicator en haar metingen zijn verwijderd."), "success")
    return redirect(url_for("indicators.index"))


def _visible_area(code: str) -> Area | None:
    """An area the user may edit; any other code reads as unknown (never reveals another ward)."""
    area = services.find_area_by_code(code)
    return area if area is not None and access.can(current_user, "edit", area) else None


@bp.route("/indicatoren/<int:indicator_id>", methods=["GET", "POST"])
@login_required
def detail(indicator_id):
    indicator = get_indicator_or_404(current_user, indicator_id)
    form = MeasurementForm()
    if form.validate_on_submit():
        code = (form.area_code.data or "").strip().upper()
        with refusals(form):
            services.record_measurement(
                indicator,
                _visible_area(code),
                period=form.period.data,
                kind=form.kind.data,
                value=form.value.data,
                area_code=code,
            )
            flash(gettext("De meting is opgeslagen."), "success")
            return redirect(url_for("indicators.detail", indicator_id=indicator.id))
    measurements = services.measurements_of(
        indicator, access.path_condition(Area.path, access.grant_paths(current_user, "view"))
    )
    return render_template(
        "indicators/detail.html",
        indicator=indicator,
        form=form,
        measurements=measurements,
        kinds=MEASUREMENT_KINDS,
        can_record=bool(access.grant_paths(current_user, "edit")),
    )


@bp.route("/programmas/<int:programme_id>/streefwaarden", methods=["GET", "POST"])
@login_required
def targets(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    may_edit = access.can(current_user, "edit", programme.area)
    form = GoalTargetForm()
    _choices(form, programme)
    if form.is_submitted() and not may_edit:
        abort(403)
    if form.validate_on_submit():
        goal = next(g for g in programme.goals if g.id == form.goal_id.data)
        with refusals(form):
            services.set_goal_target(
                goal,
                db.session.get(Indicator, form.indicator_id.data),
                db.session.get(Area, form.area_id.data),
                baseline_period=form.baseline_period.data,
                target_period=form.target_period.data,
                target_value=form.target_value.data,
            )
            flash(gettext("De streefwaarde is opgeslagen."), "success")
            return redirect(url_for("indicators.targets", programme_id=programme.id))
    rows = db.session.scalars(
        select(GoalTarget)
        .where(GoalTarget.goal_id.in_([g.id for g in programme.goals]))
        .order_by(GoalTarget.goal_id, GoalTarget.id)
    ).all()
    return render_template(
        "indicators/targets.html",
        programme=programme,
        form=form,
        targets=rows,
        may_edit=may_edit and programme.status != "geevalueerd",
    )


def _choices(form: GoalTargetForm, programme) -> None:
    form.goal_id.choices = [(g.id, f"{g.number}. {g.title}") for g in programme.goals]
    form.indicator_id.choices = [
        (i.id, f"{i.name} ({i.code})")
        for i in db.session.scalars(select(Indicator).where(usable_in(programme.area.path)).order_by(Indicator.name))
    ]
    areas = db.session.scalars(
        select(Area)
        .where(
            access.path_condition(Area.path, [programme.area.path]), Area.level.in_(("gemeente", "stadsdeel", "wijk"))
        )
        .order_by(Area.path)
    ).all()
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in areas]


def programme_tabs(user, programme) -> list:
    """Hook `programme_tabs`: the goals' targets."""
    url = url_for("indicators.targets", programme_id=programme.id)
    return [Tab("targets", N_("Streefwaarden"), "indicators.targets", url)]
