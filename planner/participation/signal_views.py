"""The ward team's triage of residents' signals: the list of a ward's signals and the triage of one."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from planner.areas.access import get_area_or_404
from planner.core import access
from planner.core.editing import refusals
from planner.core.worklist import WorkItem, WorkList, role_paths
from planner.participation import signals
from planner.participation.forms import SignalTriageForm

bp = Blueprint("signals", __name__, url_prefix="/wijken/<code>/signalen")


def _ward_or_404(code: str):
    """A ward whose signals the user may triage. Anyone else gets 404: residents' words (and, with consent,
    their names) are the ward team's, also for those who may read the ward's programmes."""
    ward = get_area_or_404(current_user, code)
    if ward.level != "wijk" or not access.can(current_user, "edit", ward):
        abort(404)
    return ward


@bp.get("")
@login_required
def index(code):
    ward = _ward_or_404(code)
    new, done = signals.signals_of(current_user, ward)
    return render_template("participation/signals.html", ward=ward, new=new, done=done)


@bp.route("/<int:signal_id>", methods=["GET", "POST"])
@login_required
def triage(code, signal_id):
    ward = _ward_or_404(code)
    signal = signals.signal_of(current_user, ward, signal_id) or abort(404)
    programmes = signals.ward_programmes(current_user, ward)
    opgaven = signals.ward_opgaven(current_user, ward)
    form = SignalTriageForm()
    form.programme_id.choices = [("", gettext("— kies een programma —"))] + [(p.id, p.title) for p in programmes]
    form.opgave_id.choices = [("", gettext("— kies een opgave —"))] + [(o.id, o.title) for o in opgaven]
    if signal.outcome == "nieuw" and form.validate_on_submit():
        with refusals(form):
            signals.triage(
                current_user,
                signal,
                form.outcome.data,
                programme=next((p for p in programmes if p.id == form.programme_id.data), None),
                opgave=next((o for o in opgaven if o.id == form.opgave_id.data), None),
                title=form.title.data,
                statement=form.statement.data,
                answer=form.answer.data,
            )
            flash(gettext("Het signaal is afgehandeld: %(outcome)s.", outcome=gettext(signal.outcome_label)), "success")
            return redirect(url_for("signals.index", code=ward.code))
    return render_template(
        "participation/signal.html", ward=ward, signal=signal, form=form, programmes=programmes, opgaven=opgaven
    ), (422 if form.errors or form.form_errors else 200)


def ward_link(area, **_) -> str:
    """Hook `area_actions`: the link to a ward's signals, for those who triage them."""
    if area.level != "wijk" or not access.can(current_user, "edit", area):
        return ""
    return render_template("participation/_ward_signals_link.html", ward=area)


def signals_to_triage(user, today: date) -> list[WorkList]:
    """Hook `worklist`: per ward of the team, the residents' signals nobody has triaged yet."""
    paths = role_paths(user, "team_member")
    if not paths:
        return []
    rows = [(ward, n) for ward, n in signals.new_counts(paths) if access.can(user, "edit", ward)]
    items = [
        WorkItem(
            ward.name,
            url_for("signals.index", code=ward.code),
            ngettext("%(num)s nieuw signaal", "%(num)s nieuwe signalen", n),
        )
        for ward, n in rows
    ]
    total = sum(n for _ward, n in rows)
    return [
        WorkList(
            "team_member",
            gettext("Signalen en ideeën van bewoners om te behandelen"),
            ngettext("%(num)s signaal", "%(num)s signalen", total),
            gettext("Geen nieuwe signalen van bewoners."),
            items,
            len(items),
        )
    ]
