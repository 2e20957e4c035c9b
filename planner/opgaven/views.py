"""Opgave pages: list, portfolio, the opgave hub, its lifecycle, and its table (seats, agreements, meetings)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from planner.areas.models import LEVEL_LABELS, Area
from planner.core import access
from planner.core.audit import latest_audit_id
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.core.i18n import nl_date
from planner.extensions import db
from planner.opgaven import services
from planner.opgaven.access import get_opgave_or_404
from planner.opgaven.forms import AgreementForm, MeetingForm, OpgaveForm, SeatForm, StatusForm
from planner.opgaven.models import (
    AGREEMENT_STATUSES,
    OPGAVE_STATUSES,
    PRIORITIES,
    Agreement,
    Organisation,
    Seat,
    TableMeeting,
    Theme,
)

bp = Blueprint("opgaven", __name__, url_prefix="/opgaven")


def _filters() -> tuple[services.Filters, dict]:
    """The list's filters from the query string; an area the user may not see is ignored, not revealed."""
    args = {k: (request.args.get(k) or "").strip() for k in ("gebied", "thema", "fase", "prioriteit", "schaal")}
    area = (
        db.session.scalar(services.filter_areas(current_user).where(Area.code == args["gebied"]))
        if args["gebied"]
        else None
    )
    theme_id = request.args.get("thema", type=int)  # bounded: planner.core.limits
    return services.Filters(
        area=area, theme_id=theme_id, status=args["fase"], priority=args["prioriteit"], level=args["schaal"]
    ), args


def _filter_context() -> dict:
    return {
        "areas": db.session.scalars(services.filter_areas(current_user).order_by(Area.path)).all(),
        "themes": services.theme_choices(
            areas=db.session.scalars(services.filter_areas(current_user)).all(), include_inactive=True
        ),
        "statuses": OPGAVE_STATUSES,
        "priorities": PRIORITIES,
        "levels": {k: LEVEL_LABELS[k] for k in services.OPGAVE_LEVELS},
    }


@bp.get("/")
@login_required
def index():
    filters, args = _filters()
    return render_template(
        "opgaven/index.html",
        opgaven=services.list_opgaven(current_user, filters),
        args=args,
        can_create=bool(services.editable_areas(current_user)),
        **_filter_context(),
    )


@bp.get("/portfolio")
@login_required
def portfolio():
    filters, args = _filters()
    return render_template(
        "opgaven/portfolio.html", portfolio=services.portfolio(current_user, filters), args=args, **_filter_context()
    )


def _prepare(form: OpgaveForm, opgave=None) -> None:
    areas = services.editable_areas(current_user)
    if opgave is not None and opgave.area not in areas:
        areas = [opgave.area, *areas]
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in areas]
    form.theme_ids.choices = services.theme_labels(services.theme_choices(opgave.themes if opgave else (), areas=areas))
    form.concerned_area_ids.choices = [
        (a.id, f"{a.name} ({a.level_label})") for a in services.concern_choices(current_user, opgave)
    ]


def _fields(form: OpgaveForm) -> dict:
    fields = {k: getattr(form, k).data for k in services.OPGAVE_FIELDS}
    themes = db.session.scalars(select(Theme).where(Theme.id.in_(form.theme_ids.data or []))).all()
    return fields | {
        "themes": sorted(themes, key=lambda t: t.position),
        "area": db.session.get(Area, form.area_id.data) if form.area_id.data else None,
        "concerned_areas": db.session.scalars(
            select(Area).where(Area.id.in_(form.concerned_area_ids.data or []))
        ).all(),
    }


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def create():
    form = OpgaveForm()
    _prepare(form)
    if not form.area_id.choices:
        abort(403)
    if form.validate_on_submit():
        fields = _fields(form)
        access.require(current_user, "edit", fields["area"])
        with refusals(form):
            opgave = services.create_opgave(**fields)
            flash(gettext("De opgave is aangemaakt. Zij staat in de fase signalering."), "success")
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    return render_template("opgaven/form.html", form=form, opgave=None)


@bp.get("/<int:opgave_id>")
@login_required
def detail(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    return render_template(
        "opgaven/detail.html",
        opgave=opgave,
        hub=services.hub(current_user, opgave),
        steps=services.lifecycle(opgave),
        missing=services.who_is_missing(current_user, opgave),
        can_edit=access.can(current_user, "edit", opgave.area),
        statuses=OPGAVE_STATUSES,
    )


@bp.route("/<int:opgave_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    access.require(current_user, "edit", opgave.area)
    form = OpgaveForm(obj=opgave)
    _prepare(form, opgave)
    if request.method == "GET":
        form.start_from(opgave, latest_audit_id(opgave))
        form.theme_ids.data = [t.id for t in opgave.themes]
        form.concerned_area_ids.data = [a.id for a in opgave.concerned_areas]
    elif form.validate_on_submit():
        fields = _fields(form)
        access.require(current_user, "edit", fields["area"])
        with refusals(form, entity=opgave):
            services.update_opgave(opgave, form.expected_version, **fields)
            flash(gettext("De wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    return render_template("opgaven/form.html", form=form, opgave=opgave, conflict=form.conflict)


@bp.route("/<int:opgave_id>/fase", methods=["GET", "POST"])
@login_required
def status(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    access.require(current_user, "edit", opgave.area)
    form = StatusForm()
    form.to_status.choices = [(s, gettext(OPGAVE_STATUSES[s])) for s in services.allowed_steps(opgave.status)]
    if form.validate_on_submit():
        with refusals(form):
            services.change_status(opgave, form.to_status.data, form.reason.data)
            flash(
                gettext(
                    "De opgave staat nu in de fase '%(status)s'.",
                    status=gettext(OPGAVE_STATUSES.get(form.to_status.data, "")).lower(),
                ),
                "success",
            )
            return redirect(url_for("opgaven.detail", opgave_id=opgave.id))
    return render_template("opgaven/status.html", form=form, opgave=opgave)


# ---- the table ---------------------------------------------------------------------------------


def _editable(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    access.require(current_user, "edit", opgave.area)
    return opgave


def _editable_part(opgave_id, model, part_id):
    """The opgave (may the user edit it?) and its agreement or meeting `part_id` (None for a new one)."""
    opgave = _editable(opgave_id)
    part = db.session.get(model, part_id) if part_id else None
    if part_id and (part is None or part.opgave_id != opgave.id):
        abort(404)
    return opgave, part


@bp.get("/<int:opgave_id>/tafel")
@login_required
def table(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    return render_template(
        "opgaven/table.html",
        opgave=opgave,
        plain_form=FlaskForm(),
        can_edit=access.can(current_user, "edit", opgave.area),
        show_contacts=access.can(current_user, "view_draft", opgave.area),
        statuses=AGREEMENT_STATUSES,
        commitments=services.commitments_by_party(current_user, opgave),
        # an agreement may be carried by actions in programmes this user may not see (a draft)
        visible_action_ids={a.id for a in services.opgave_actions(current_user, opgave)},
    )


def _seat_fields(form: SeatForm) -> dict:
    return {k: getattr(form, k).data for k in ("role", "brings", "contacts", "offer", "wants")}


@bp.route("/<int:opgave_id>/tafel/nieuw", methods=["GET", "POST"])
@login_required
def add_seat(opgave_id):
    opgave = _editable(opgave_id)
    form = SeatForm()
    seated = {s.organisation_id for s in opgave.seats}
    form.organisation_id.choices = [("", gettext("— kies een organisatie —"))] + [
        (o.id, f"{o.name} ({gettext(o.kind_label)})") for o in services.organisation_choices() if o.id not in seated
    ]
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data) if form.organisation_id.data else None
        with refusals(form):
            services.seat_party(opgave, organisation, **_seat_fields(form))
            flash(gettext("%(name)s zit nu aan tafel.", name=organisation.name if organisation else ""), "success")
            return redirect(url_for("opgaven.table", opgave_id=opgave.id) + "#partijen")
    return render_template("opgaven/seat_form.html", form=form, opgave=opgave, seat=None)


def _seat_or_404(opgave, organisation_id) -> Seat:
    seat = db.session.get(Seat, (opgave.id, organisation_id))
    if seat is None:
        abort(404)
    return seat


@bp.route("/<int:opgave_id>/tafel/<int:organisation_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_seat(opgave_id, organisation_id):
    opgave = _editable(opgave_id)
    seat = _seat_or_404(opgave, organisation_id)
    form = SeatForm(obj=seat)
    del form.organisation_id
    if form.validate_on_submit():
        with refusals(form):
            services.update_seat(seat, **_seat_fields(form))
            flash(
                gettext("De gegevens van %(name)s aan tafel zijn opgeslagen.", name=seat.organisation.name), "success"
            )
            return redirect(url_for("opgaven.table", opgave_id=opgave.id) + "#partijen")
    return render_template("opgaven/seat_form.html", form=form, opgave=opgave, seat=seat)


@bp.post("/<int:opgave_id>/tafel/<int:organisation_id>/verwijderen")
@login_required
def remove_seat(opgave_id, organisation_id):
    opgave = _editable(opgave_id)
    seat = _seat_or_404(opgave, organisation_id)
    require_button_post()
    name = seat.organisation.name
    back = url_for("opgaven.table", opgave_id=opgave.id) + "#partijen"
    with refusals():
        services.check_unseat(seat)
        if not confirmed():
            return confirm_page(
                title=gettext("%(name)s van de tafel van '%(opgave)s' halen?", name=name, opgave=opgave.title),
                message=gettext(
                    "%(name)s zit dan niet meer aan de samenwerkingstafel van opgave '%(opgave)s'. Wat bij deze "
                    "tafel over de partij is vastgelegd (rol, wat zij inbrengt en wil, contactpersonen) gaat weg en "
                    "kan niet worden teruggehaald; opnieuw aan tafel zetten kan wel.",
                    name=name,
                    opgave=opgave.title,
                ),
                kept=gettext(
                    "De organisatie zelf, haar inzet bij acties, de overleggen en de wijzigingshistorie van de opgave "
                    "blijven bewaard."
                ),
                button=gettext("Ja, %(name)s van tafel halen", name=name),
                cancel_url=back,
            )
        services.unseat(seat)
        flash(gettext("%(name)s zit niet meer aan tafel.", name=name), "success")
    return redirect(back)


def _agreement_form(opgave, agreement=None) -> AgreementForm:
    form = AgreementForm(obj=agreement)
    form.organisation_id.choices = [("", gettext("— kies een partij —"))] + [
        (o.id, o.name) for o in services.seated(opgave)
    ]
    form.meeting_id.choices = [("", gettext("— geen —"))] + [
        (m.id, f"{nl_date(m.held_on)} {m.title}".strip()) for m in opgave.meetings
    ]
    form.action_ids.choices = [
        (a.id, f"{a.programme.title} · {a.number}. {a.title}") for a in services.opgave_actions(current_user, opgave)
    ]
    return form


def _agreement_fields(form: AgreementForm, opgave) -> dict:
    actions = [a for a in services.opgave_actions(current_user, opgave) if a.id in set(form.action_ids.data or [])]
    return {
        "organisation": db.session.get(Organisation, form.organisation_id.data) if form.organisation_id.data else None,
        "meeting": db.session.get(TableMeeting, form.meeting_id.data) if form.meeting_id.data else None,
        "made_on": form.made_on.data,
        "text": form.text.data,
        "due_date": form.due_date.data,
        "status": form.status.data,
        "actions": actions,
    }


@bp.route("/<int:opgave_id>/afspraken/nieuw", methods=["GET", "POST"], defaults={"agreement_id": None})
@bp.route("/<int:opgave_id>/afspraken/<int:agreement_id>/bewerken", methods=["GET", "POST"])
@login_required
def agreement_form(opgave_id, agreement_id):
    opgave, agreement = _editable_part(opgave_id, Agreement, agreement_id)
    form = _agreement_form(opgave, agreement)
    if request.method == "GET" and agreement:
        form.action_ids.data = [a.id for a in agreement.actions]
        form.start_from(agreement, latest_audit_id(agreement))
    elif request.method == "GET":  # from a meeting's page: made in that meeting, on its date
        meeting = next((m for m in opgave.meetings if m.id == request.args.get("overleg", type=int)), None)
        form.meeting_id.data, form.made_on.data = (meeting.id, meeting.held_on) if meeting else (None, date.today())
    elif form.validate_on_submit():
        fields = _agreement_fields(form, opgave)
        with refusals(form, entity=agreement):
            if agreement:
                services.update_agreement(current_user, agreement, form.expected_version, **fields)
            else:
                services.record_agreement(current_user, opgave, **fields)
            flash(gettext("De afspraak is opgeslagen."), "success")
            return redirect(url_for("opgaven.table", opgave_id=opgave.id) + "#afspraken")
    return render_template(
        "opgaven/agreement_form.html", form=form, opgave=opgave, agreement=agreement, conflict=form.conflict
    )


@bp.route("/<int:opgave_id>/overleggen/nieuw", methods=["GET", "POST"], defaults={"meeting_id": None})
@bp.route("/<int:opgave_id>/overleggen/<int:meeting_id>/bewerken", methods=["GET", "POST"])
@login_required
def meeting_form(opgave_id, meeting_id):
    opgave, meeting = _editable_part(opgave_id, TableMeeting, meeting_id)
    form = MeetingForm(obj=meeting)
    form.attendee_ids.choices = [(o.id, o.name) for o in services.seated(opgave)]
    if request.method == "GET" and meeting:
        form.attendee_ids.data = [o.id for o in meeting.attendees]
    if form.validate_on_submit():
        attendees = db.session.scalars(
            select(Organisation).where(Organisation.id.in_(form.attendee_ids.data or []))
        ).all()
        fields = {
            "held_on": form.held_on.data,
            "title": form.title.data,
            "notes": form.notes.data,
            "attendees": attendees,
        }
        with refusals(form):
            if meeting:
                services.update_meeting(meeting, **fields)
            else:
                services.record_meeting(opgave, **fields)
            flash(gettext("Het tafeloverleg is opgeslagen."), "success")
            return redirect(url_for("opgaven.table", opgave_id=opgave.id) + "#overleggen")
    return render_template("opgaven/meeting_form.html", form=form, opgave=opgave, meeting=meeting)


@bp.get("/<int:opgave_id>/wie-ontbreekt")
@login_required
def missing(opgave_id):
    opgave = get_opgave_or_404(current_user, opgave_id)
    return render_template(
        "opgaven/missing.html",
        opgave=opgave,
        missing=services.who_is_missing(current_user, opgave),
        can_edit=access.can(current_user, "edit", opgave.area),
    )
