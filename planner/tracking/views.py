"""Tracking pages: progress updates of an action, late actions of a programme, the ward
comparison dashboard with its workbook, and the ward overview."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from planner.actions.models import ACTION_STATUS_LABELS
from planner.core import access
from planner.core.errors import PlannerError
from planner.core.forms import apply_planner_error
from planner.extensions import db
from planner.tracking import charts, services
from planner.tracking.delay import delay_reasons
from planner.tracking.forms import ProgressUpdateForm

bp = Blueprint("tracking", __name__)
from planner.tracking import cli  # noqa: E402,F401  adds `export vergelijking` to the export group
from planner.indicators import importers as _importers  # noqa: E402,F401  registers the `measurements` target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today() -> date:
    return date.today()


@bp.app_context_processor
def _action_tracking():
    def action_tracking(action):
        """What the action page's story partial needs."""
        story = services.progress_story(action)
        return {"reasons": delay_reasons(action, today()), "story": story, "chart": charts.progress_story(story),
                "can_report": access.can(current_user, "edit", action.programme.area)
                and action.programme.status != "geevalueerd", "labels": ACTION_STATUS_LABELS}
    return {"action_tracking": action_tracking}


@bp.route("/acties/<int:action_id>/voortgang", methods=["GET", "POST"])
@login_required
def report(action_id):
    action = access.get_action_or_404(current_user, action_id)
    access.require(current_user, "edit", action.programme.area)
    form = ProgressUpdateForm(period=services.current_period(today()), progress=action.progress, status=action.status)
    if form.validate_on_submit():
        try:
            services.record_progress(action, period=form.period.data, progress=form.progress.data,
                                     status=form.status.data, text=form.text.data, user=current_user)
            db.session.commit()
        except PlannerError as error:
            db.session.rollback()
            apply_planner_error(form, error)
        else:
            flash("De voortgang is vastgelegd.", "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#voortgangsverhaal")
    return render_template("tracking/report.html", action=action, programme=action.programme, form=form,
                           reasons=delay_reasons(action, today()))


@bp.get("/programmas/<int:programme_id>/vertraging")
@login_required
def programme_delays(programme_id):
    programme = access.get_programme_or_404(current_user, programme_id)
    query = access.visible_actions(current_user).where(services.Action.programme_id == programme.id)
    return render_template("tracking/programme_delays.html", programme=programme,
                           late=services.late_actions(query, today()), today=today())
