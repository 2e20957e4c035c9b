"""P&C pages: the calendar per year, dates, open/close, flags, "wat moet erin" with its export,
a programme's timeline, the calendar subscription and the `/agenda.ics` feed."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from planner.actions.access import get_action_or_404
from planner.agenda.services import editable_actions
from planner.areas.models import Area
from planner.core import access
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.core.i18n import N_, nl_date, translate_label
from planner.cycle import charts, exports, feed, services
from planner.cycle.forms import DatesForm, FlagActionForm, FlagForm, GenerateForm, MomentForm
from planner.extensions import csrf, db
from planner.programmes.access import get_programme_or_404
from planner.programmes.hub import Tab

bp = Blueprint("cycle", __name__)


def _year() -> int:
    year = request.args.get("jaar", type=int) or date.today().year
    return year if 2000 <= year <= 2100 else abort(404)


def _moment_or_404(moment_id: int):
    return services.visible_moment(current_user, moment_id) or abort(404)


def _municipality_choices(form) -> list[Area]:
    areas = services.managed_municipalities(current_user)
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in areas]
    return areas


@bp.get("/pc/")
@login_required
def calendar():
    year = _year()
    moments = services.moments_in_year(current_user, year)
    generate, add = GenerateForm(year=year), MomentForm(prefix="los", year=year + 1)
    managed = _municipality_choices(generate)
    _municipality_choices(add)
    return render_template(
        "cycle/calendar.html",
        year=year,
        years=services.calendar_years(current_user, date.today()),
        moments=moments,
        generate=generate,
        add=add,
        managed={a.id for a in managed},
        warnings={m.id: services.statutory_warning(m) for m in moments},
        counts=services.flag_counts(current_user, moments),
        next_moment=services.next_input_deadline(current_user, date.today()),
    )


@bp.post("/pc/genereren")
@login_required
def generate():
    form = GenerateForm()
    _municipality_choices(form)
    if not form.area_id.choices:
        abort(403)
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        with refusals():
            created = services.generate_cycle(area, form.year.data, najaarsnota=form.najaarsnota.data)
            flash(
                ngettext(
                    "%(num)d P&C-moment aangemaakt voor %(area)s %(year)s. Pas de data aan waar uw gemeente afwijkt.",
                    "%(num)d P&C-momenten aangemaakt voor %(area)s %(year)s. Pas de data aan waar uw gemeente afwijkt.",
                    len(created),
                    area=area.name,
                    year=form.year.data,
                )
                if created
                else gettext("Alle momenten van dit jaar bestonden al; er is niets aangemaakt."),
                "success",
            )
        return redirect(url_for("cycle.calendar", jaar=form.year.data))
    for errors in form.errors.values():
        flash(" ".join(map(str, errors)), "error")
    return redirect(url_for("cycle.calendar"))


@bp.post("/pc/momenten")
@login_required
def add_moment():
    form = MomentForm(prefix="los")
    _municipality_choices(form)
    if not form.area_id.choices:
        abort(403)
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        with refusals():
            moment = services.add_moment(
                area,
                kind=form.kind.data,
                year=form.year.data,
                input_deadline=form.input_deadline.data,
                college_date=form.college_date.data,
                council_date=form.council_date.data,
            )
            flash(gettext("%(moment)s is toegevoegd.", moment=moment.screen_label), "success")
            return redirect(url_for("cycle.moment", moment_id=moment.id))
    for errors in form.errors.values():
        flash(" ".join(map(str, errors)), "error")
    return redirect(url_for("cycle.calendar"))


@bp.route("/pc/momenten/<int:moment_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_moment(moment_id):
    moment = _moment_or_404(moment_id)
    if not services.can_manage(current_user, moment.area):
        abort(403)
    form = DatesForm(obj=moment)
    if form.validate_on_submit():
        with refusals(form):
            services.update_dates(
                moment,
                input_deadline=form.input_deadline.data,
                college_date=form.college_date.data,
                council_date=form.council_date.data,
            )
            flash(gettext("De data zijn opgeslagen."), "success")
            return redirect(url_for("cycle.moment", moment_id=moment.id))
    return render_template("cycle/dates.html", form=form, moment=moment)


@bp.post("/pc/momenten/<int:moment_id>/<change>")
@login_required
def change_state(moment_id, change):
    moment = _moment_or_404(moment_id)
    if not services.can_manage(current_user, moment.area):
        abort(403)
    if change not in ("sluiten", "heropenen"):
        abort(404)
    require_button_post()
    if change == "sluiten" and not moment.is_closed and not confirmed():
        return confirm_page(
            title=gettext("%(moment)s sluiten?", moment=moment.screen_label),
            message=gettext(
                "Na het sluiten kan niemand nog acties voor dit moment markeren of de data wijzigen, en worden de "
                "bedragen vastgezet. Wie de P&C-kalender beheert, kan het moment daarna weer heropenen."
            ),
            button=gettext("Ja, %(moment)s sluiten", moment=moment.screen_label),
            cancel_url=url_for("cycle.moment", moment_id=moment.id),
        )
    with refusals():
        (services.close_moment if change == "sluiten" else services.reopen_moment)(moment, current_user)
        flash(
            gettext("%(moment)s is gesloten.", moment=moment.screen_label)
            if change == "sluiten"
            else gettext("%(moment)s is heropend.", moment=moment.screen_label),
            "success",
        )
    return redirect(url_for("cycle.moment", moment_id=moment.id))


@bp.get("/pc/momenten/<int:moment_id>")
@login_required
def moment(moment_id):
    moment = _moment_or_404(moment_id)
    form = FlagActionForm(purpose=services.DEFAULT_PURPOSE.get(moment.kind, "nieuw_beleid"))
    actions = [a for a in db.session.scalars(editable_actions(current_user)) if a.programme.area.is_within(moment.area)]
    form.action_id.choices = [("", gettext("— kies een actie —"))] + [
        (a.id, f"{a.programme.title} – {a.number}. {a.title}") for a in actions
    ]
    return render_template(
        "cycle/moment.html",
        moment=moment,
        rows=services.what_goes_in(current_user, moment),
        form=form,
        can_flag=bool(actions) and not moment.is_closed,
        can_manage=services.can_manage(current_user, moment.area),
        warning=services.statutory_warning(moment),
    )


@bp.get("/pc/momenten/<int:moment_id>/export.xlsx")
@login_required
def export(moment_id):
    moment = _moment_or_404(moment_id)
    from planner.budget.services import amendments

    data = exports.what_goes_in_workbook(
        moment, services.what_goes_in(current_user, moment), amendments(current_user, moment.area, moment.year)
    )
    name = f"input-{moment.kind}-{moment.year}-{moment.area.code}.xlsx"
    return send_file(
        data,
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.post("/pc/momenten/<int:moment_id>/acties")
@login_required
def flag(moment_id):
    moment = _moment_or_404(moment_id)
    form = FlagActionForm()
    if not form.validate_on_submit():
        abort(400)
    return _flag(
        lambda: services.flag_action(current_user, moment, form.action_id.data, form.purpose.data, form.note.data),
        url_for("cycle.moment", moment_id=moment.id),
    )


@bp.post("/acties/<int:action_id>/pc")
@login_required
def flag_from_action(action_id):
    action = get_action_or_404(current_user, action_id)
    access.require(current_user, "edit", action.programme.area)
    form = FlagForm()
    if not form.validate_on_submit():
        abort(400)
    return _flag(
        lambda: services.flag_action(
            current_user,
            services.find_visible_moment(current_user, form.pc_moment_id.data),
            action.id,
            form.purpose.data,
            form.note.data,
        ),
        url_for("actions.detail", action_id=action.id) + "#pc",
    )


def _flag(do, target):
    with refusals():
        do()
        flash(gettext("De actie is opgenomen."), "success")
    return redirect(target)


@bp.post("/pc/vlaggen/<int:flag_id>/verwijderen")
@login_required
def unflag(flag_id):
    flag = services.visible_flag(current_user, flag_id) or abort(404)
    if not services.may_unflag(current_user, flag):
        abort(403)
    require_button_post()
    back = url_for("actions.detail", action_id=flag.action_id) + "#pc"
    if not flag.moment.is_closed and not confirmed():
        return confirm_page(
            title=gettext(
                "Actie %(number)s uit %(moment)s halen?", number=flag.action.number, moment=flag.moment.screen_label
            ),
            message=gettext(
                "Actie %(number)s '%(action)s' staat dan niet meer in %(moment)s (%(purpose)s)%(note)s. Wie de "
                "input voor dit P&C-document samenstelt, ziet de actie daar niet meer.",
                number=flag.action.number,
                action=flag.action.title,
                moment=flag.moment.screen_label,
                purpose=translate_label(flag.purpose_label).lower(),
                note=f": {flag.note}" if flag.note else "",
            ),
            kept=gettext(
                "De actie en het P&C-moment blijven bestaan; opnieuw opnemen kan zolang het moment open is, en de "
                "wijzigingshistorie van de actie houdt vast dat zij erin stond."
            ),
            button=gettext("Ja, uit %(moment)s halen", moment=flag.moment.screen_label),
            cancel_url=back,
        )
    with refusals():
        services.remove_flag(flag)
        flash(gettext("De actie staat niet meer in %(moment)s.", moment=flag.moment.screen_label), "success")
    return redirect(back)


@bp.get("/programmas/<int:programme_id>/tijdlijn")
@login_required
def timeline(programme_id):
    programme = get_programme_or_404(current_user, programme_id)
    data = charts.timeline_data(current_user, programme)
    return render_template(
        "cycle/timeline.html",
        programme=programme,
        data=data,
        figure_json=charts.timeline_figure(data, date.today()).to_json().replace("<", "\\u003c") if data.rows else None,
    )


@bp.route("/pc/abonnement", methods=["GET", "POST"])
@login_required
def subscription():
    form, feed_url = FlaskForm(), None
    if form.validate_on_submit():
        if request.form.get("do") == "intrekken":
            if services.token_for(current_user) is not None and not confirmed():
                return confirm_page(
                    title=gettext("Agenda-abonnement intrekken?"),
                    message=gettext(
                        "De link van uw agenda-abonnement werkt daarna niet meer: agenda's die hem volgen, krijgen geen "
                        "P&C-data en deadlines meer. Dit kan niet ongedaan worden gemaakt; een nieuwe link maken kan wel."
                    ),
                    kept=gettext("De P&C-kalender en de deadlines blijven in Wijkplanner zelf gewoon te zien."),
                    button=gettext("Ja, link intrekken"),
                    cancel_url=url_for("cycle.subscription"),
                )
            services.revoke_token(current_user)
            flash(gettext("Het agenda-abonnement is ingetrokken; de oude link werkt niet meer."), "success")
            return redirect(url_for("cycle.subscription"))
        existing = services.token_for(current_user)
        if existing is not None and not confirmed():
            return confirm_page(
                title=gettext("Nieuwe link voor uw agenda-abonnement maken?"),
                message=gettext(
                    "De link die u op %(date)s maakte, werkt daarna niet meer: zet in uw agenda de nieuwe link in "
                    "plaats van de oude. Dit kan niet ongedaan worden gemaakt.",
                    date=nl_date(existing.created_at),
                ),
                kept=gettext("De P&C-kalender en de deadlines blijven in Wijkplanner zelf gewoon te zien."),
                button=gettext("Ja, nieuwe link maken"),
                cancel_url=url_for("cycle.subscription"),
            )
        # Shown once, in this response only: the database keeps just its hash.
        feed_url = url_for("cycle.ics", token=services.issue_token(current_user), _external=True)
    return render_template(
        "cycle/subscription.html", form=form, feed_url=feed_url, existing=services.token_for(current_user)
    )


@bp.get("/agenda.ics")
@csrf.exempt
def ics():
    user = services.user_for_token(request.args.get("token"))
    if user is None:
        abort(404)
    body = feed.build_calendar(user, date.today())
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'inline; filename="wijkplanner.ics"', "Cache-Control": "private, no-store"},
    )


def programme_tabs(user, programme) -> list:
    """Hook `programme_tabs`: the actions beside the council's and P&C dates."""
    return [Tab("timeline", N_("Tijdlijn"), "cycle.timeline", url_for("cycle.timeline", programme_id=programme.id))]
