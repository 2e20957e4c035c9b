"""Tracking pages: progress updates of an action, late actions of a programme, the ward
comparison dashboard with its workbook, and the ward overview."""

from __future__ import annotations

import os
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required

from planner.actions.access import get_action_or_404, visible_actions
from planner.actions.models import ACTION_STATUS_LABELS
from planner.areas.access import get_area_or_404
from planner.core import access
from planner.core.editing import refusals
from planner.core.i18n import N_
from planner.opgaven.access import may_report_as_partner, partner_cache_key
from planner.programmes.access import get_programme_or_404
from planner.programmes.hub import Tab
from planner.tracking import charts, formatting, services, tables
from planner.tracking.delay import delay_reasons
from planner.tracking.forms import ProgressUpdateForm

bp = Blueprint("tracking", __name__)
bp.add_app_template_filter(formatting.number, "fast_number")
bp.add_app_template_filter(formatting.money, "fast_money")
bp.add_app_template_global(formatting.Formatter, "fast_format")
bp.add_app_template_global(tables, "comparison_tables")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def today() -> date:
    return date.today()


def action_story(action, **_) -> str:
    """Hook `action_detail`: the derived delay signal and the action's progress story."""
    from planner.actions.services import corrections

    story = services.progress_story(action)
    t = {
        "corrections": corrections(action),
        "reasons": delay_reasons(action, today()),
        "story": story,
        "chart": charts.progress_story(story),
        "can_report": (
            access.can(current_user, "edit", action.programme.area) or may_report_as_partner(current_user, action)
        )
        and action.programme.status != "geevalueerd",
        "labels": ACTION_STATUS_LABELS,
    }
    return render_template("tracking/_action_story.html", action=action, t=t)


@bp.route("/acties/<int:action_id>/voortgang", methods=["GET", "POST"])
@login_required
def report(action_id):
    action = get_action_or_404(current_user, action_id)
    if not may_report_as_partner(current_user, action):
        access.require(current_user, "edit", action.programme.area)
    form = ProgressUpdateForm(period=services.current_period(today()), progress=action.progress, status=action.status)
    if form.validate_on_submit():
        with refusals(form):
            services.record_progress(
                action,
                period=form.period.data,
                progress=form.progress.data,
                status=form.status.data,
                text=form.text.data,
                user=current_user,
            )
            flash(gettext("De voortgang is vastgelegd."), "success")
            return redirect(url_for("actions.detail", action_id=action.id) + "#voortgangsverhaal")
    return render_template(
        "tracking/report.html",
        action=action,
        programme=action.programme,
        form=form,
        reasons=delay_reasons(action, today()),
    )


@bp.get("/programmas/<int:programme_id>/vertraging")
@login_required
def programme_delays(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    query = visible_actions(current_user).where(services.Action.programme_id == programme.id)
    return render_template(
        "tracking/programme_delays.html", programme=programme, late=services.late_actions(query, today()), today=today()
    )


# ---- ward comparison -------------------------------------------------------------------------


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value and value > 0 else None


def _request_options():
    """Municipality (or one of its stadsdelen), year, filters and sort from the query string; 404 for an
    area the user cannot see."""
    from planner.tracking.comparison import districts, municipalities

    options = municipalities(current_user)
    code = (request.args.get("gebied") or (options[0].code if options else "")).strip().upper()
    gm = next((a for a in options if a.code == code), None)
    scope = None
    if gm is None:
        scope = next((d for d in districts(current_user, options) if d.code == code), None)
        gm = next((a for a in options if scope and scope.path.split("/")[0] == a.code), None)
    if gm is None:
        abort(404)
    year, _ = requested_year()
    return (
        options,
        gm,
        {
            "year": year,
            "theme_id": _int_arg("thema"),
            "opgave_id": _int_arg("opgave"),
            "sort": request.args.get("sorteer", "naam"),
            "descending": request.args.get("richting") == "af",
            "scope": scope,
        },
    )


def requested_year() -> tuple[int, str | None]:
    """The year asked for in `jaar`, or this year with a message in Dutch saying why the asked one
    was not used (rather than quietly showing another year)."""
    raw = (request.args.get("jaar") or "").strip()
    if not raw:
        return today().year, None
    year = int(raw) if raw.isdigit() else None
    if year is not None and 2000 <= year <= 2100:
        return year, None
    return today().year, gettext(
        "'%(value)s' is geen geldig jaar: kies een jaar van 2000 tot en met 2100. U ziet nu %(year)s.",
        value=raw[:20],
        year=today().year,
    )


def _revalidate_seconds() -> float:
    """How long a checked comparison is served without checking its fingerprint again (0: always check)."""
    value = current_app.config.get("COMPARISON_REVALIDATE_SECONDS", os.environ.get("COMPARISON_REVALIDATE_SECONDS", 2))
    return float(value)


def _comparison(gm, args, budget_fingerprint=None, **options):
    from planner.tracking.comparison import compare

    return compare(current_user, gm, today=today(), budget_fingerprint=budget_fingerprint, **args, **options) or abort(
        404
    )


def _comparison_page(options, gm, args, budget_fingerprint) -> tuple[str, bool, str, int]:
    """The comparison's body as HTML, whether it has charts, the municipality's name and the year: what the
    page cache keeps."""
    from planner.tracking.comparison import districts

    result = _comparison(gm, args, budget_fingerprint)
    charts_json = charts.comparison_charts(result)
    body = render_template(
        "tracking/_comparison_body.html",
        c=result,
        municipalities=options,
        districts=districts(current_user, options),
        **charts_json,
    )
    return body, any(charts_json.values()), result.area.name, args["year"]


@bp.get("/vergelijking")
@login_required
def comparison():
    from planner.core.i18n import get_locale
    from planner.tracking import cache

    # Keyed by the grants and the query string as given: which municipalities a user may see follows
    # from the grants alone, so a page checked moments ago under the same key is served without any
    # query (an entry is only made after the municipality passed the check below).
    key = (
        tuple(access.grant_paths(current_user, "view")),
        tuple(access.grant_paths(current_user, "view_draft")),
        partner_cache_key(current_user),
        tuple(sorted(request.args.items(multi=True))),
        str(get_locale()),
        today(),
    )
    cached = cache.PAGES.recent(key, _revalidate_seconds())
    if cached is None:
        options, gm, args = _request_options()  # 404 for a municipality the user cannot see
        budget_fingerprint, fingerprint = cache.data_fingerprint(gm, args["year"])
        cached = cache.PAGES.get(key, fingerprint)
        if cached is None:
            cached = _comparison_page(options, gm, args, budget_fingerprint)
            cache.PAGES.put(key, fingerprint, cached)
    body, has_charts, gm_name, year = cached
    return render_template(
        "tracking/comparison.html",
        gm_name=gm_name,
        year=year,
        body=body,
        has_charts=has_charts,
        year_error=requested_year()[1],
    )


@bp.get("/vergelijking.xlsx")
@login_required
def comparison_xlsx():
    from planner.tracking.exports import comparison_workbook, file_name

    _, gm, args = _request_options()
    with force_locale("nl"):  # a workbook is a Dutch record, whatever the reader's interface language
        result = _comparison(gm, args, late_limit=None)  # the workbook names every late action
        workbook = comparison_workbook(result)
    return send_file(workbook, as_attachment=True, mimetype=XLSX, download_name=file_name(result))


# ---- ward overview ---------------------------------------------------------------------------


@bp.get("/wijken/<code>/overzicht")
@login_required
def ward(code):
    area = get_area_or_404(current_user, code)
    if area.level != "wijk":
        abort(404)
    year, year_error = requested_year()
    story = services.ward_story(current_user, area, year, today())
    return render_template(
        "tracking/ward.html",
        area=area,
        s=story,
        trend_chart=charts.indicator_trends(story.series),
        year_error=year_error,
    )


def programme_tabs(user, programme) -> list:
    """Hook `programme_tabs`: the programme's late actions."""
    url = url_for("tracking.programme_delays", programme_id=programme.id)
    return [Tab("delays", N_("Vertraging"), "tracking.programme_delays", url)]
