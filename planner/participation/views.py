"""Team pages for participation: moments, recording input, triage with bulk changes, moderation, responses."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.areas.models import Area
from planner.core import access
from planner.core.auth import safe_return
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.i18n import N_
from planner.extensions import db
from planner.opgaven.models import Theme
from planner.opgaven.services import theme_choices
from planner.participation import attachments, consultation, exports, phases, services
from planner.participation.forms import (
    AttachmentForm,
    AttachmentPublicForm,
    BulkForm,
    ConfirmForm,
    ConsultationPeriodForm,
    ContributionForm,
    MomentForm,
    PhasesForm,
    PolicyForm,
    RespondForm,
)
from planner.participation.models import CONTRIBUTION_STATUSES, MODERATION_STATES, PHASES, ParticipationMoment
from planner.programmes.access import get_programme_or_404
from planner.programmes.hub import Tab

bp = Blueprint("participation", __name__, url_prefix="/programmas/<int:programme_id>")


def _programme_or_404(programme_id: int):
    """A programme whose participation data the user may read: drafts visible, else 404 (never 403)."""
    programme = get_programme_or_404(current_user, programme_id)
    if not access.can(current_user, "view_draft", programme.area):
        abort(404)
    return programme


def _contribution_or_404(programme, contribution_id: int):
    return services.contribution_of(current_user, programme, contribution_id) or abort(404)


def _themes(programme, keep=(), include_inactive=False):
    """The themes of the programme's municipality and the shared ones: active ones for new input (plus what the
    contribution already has), all of them for filtering what was recorded."""
    return theme_choices(keep, areas=[programme.area], include_inactive=include_inactive)


# The audit entities of residents' input, left out of a history read only through a partner grant.
TEAM_ONLY_AUDIT_TYPES = ("Contribution", "ContributionLink", "ParticipationMoment", "MomentAttachment", "Signal")


def version_contributions(programme, blocks, **_) -> str:
    """Hook `programme_compare`: the residents' input behind the changes between two versions, for those who may
    read the programme's participation pages (not through a partner grant alone)."""
    if not access.can(current_user, "view_draft", programme.area):
        return ""
    return render_template(
        "participation/_version_contributions.html",
        programme=programme,
        version_contributions=services.contributions_for_changes(programme, blocks),
    )


def _filters() -> services.Filters:
    return services.Filters(
        status=request.args.get("status", ""),
        theme_id=request.args.get("thema", type=int),
        moment_id=request.args.get("bijeenkomst", type=int),
        moderation=request.args.get("moderatie", ""),
        text=(request.args.get("q") or "").strip(),
    )


@bp.get("/inbreng")
@login_required
def index(programme_id):
    programme = _programme_or_404(programme_id)
    filters = _filters()
    return render_template(
        "participation/index.html",
        programme=programme,
        filters=filters,
        form=BulkForm(),
        items=services.triage(current_user, programme, filters),
        counts=services.counts(current_user, programme),
        period=consultation.period_of(programme),
        themes=_themes(programme, include_inactive=True),
        moments=services.moments_of(programme),
        statuses=CONTRIBUTION_STATUSES,
        moderation_states=MODERATION_STATES,
        can_edit=access.can(current_user, "edit", programme.area),
    )


@bp.route("/inspraakperiode", methods=["GET", "POST"])
@login_required
def period(programme_id):
    """The dates between which residents may react on the public page."""
    programme = _programme_or_404(programme_id)
    access.require(current_user, "edit", programme.area)
    form = ConsultationPeriodForm(obj=consultation.period_of(programme))
    if form.validate_on_submit():
        with refusals(form):
            consultation.set_period(current_user, programme, opens_on=form.opens_on.data, closes_on=form.closes_on.data)
            flash(gettext("De inspraakperiode is opgeslagen."), "success")
            return redirect(url_for("participation.index", programme_id=programme.id))
    return render_template("participation/period.html", programme=programme, form=form), (422 if form.errors else 200)


@bp.route("/inspraakfases", methods=["GET", "POST"], endpoint="phases")
@login_required
def phases_page(programme_id):
    """Which phases of the programme are open to residents, and from when to when."""
    programme = _programme_or_404(programme_id)
    access.require(current_user, "edit", programme.area)
    found = phases.stored(programme)
    form = PhasesForm(data=_phase_data(found) if request.method == "GET" else None)
    if form.validate_on_submit():
        with refusals(form):
            phases.set_phases(
                current_user,
                programme,
                {
                    name: phases.PhaseChoice(
                        name == "consultatie" or form[f"{name}_open"].data,
                        form[f"{name}_opens_on"].data,
                        form[f"{name}_closes_on"].data,
                    )
                    for name in PHASES
                },
            )
            flash(gettext("De inspraak per fase is opgeslagen."), "success")
            return redirect(url_for("participation.index", programme_id=programme.id))
    return render_template(
        "participation/phases.html", programme=programme, form=form, current=phases.phase_of(programme)
    ), (422 if form.errors else 200)


def _phase_data(found) -> dict:
    data = {}
    for name in PHASES:
        row = found.get(name)
        data[f"{name}_open"] = row is not None
        data[f"{name}_opens_on"] = row.opens_on if row else None
        data[f"{name}_closes_on"] = row.closes_on if row else None
    return data


@bp.post("/inbreng/bulk")
@login_required
def bulk(programme_id):
    programme = _programme_or_404(programme_id)
    access.require(current_user, "edit", programme.area)
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals():
        if form.decision.data:
            done = services.moderate(current_user, programme, form.ids.data, form.decision.data)
            message = (
                ngettext("%(num)d bijdrage gepubliceerd.", "%(num)d bijdragen gepubliceerd.", len(done))
                if form.decision.data == "gepubliceerd"
                else ngettext("%(num)d bijdrage afgewezen.", "%(num)d bijdragen afgewezen.", len(done))
            )
        else:
            done = services.bulk_status(current_user, programme, form.ids.data, form.status.data, form.response.data)
            message = ngettext(
                "Status van %(num)d bijdrage gewijzigd in '%(status)s'.",
                "Status van %(num)d bijdragen gewijzigd in '%(status)s'.",
                len(done),
                status=gettext(CONTRIBUTION_STATUSES[form.status.data]).lower(),
            )
        flash(message, "success")
    return redirect(safe_return(request.form.get("terug"), url_for("participation.index", programme_id=programme.id)))


@bp.route("/inbreng/nieuw", methods=["GET", "POST"])
@login_required
def create(programme_id):
    programme = _programme_or_404(programme_id)
    access.require(current_user, "edit", programme.area)
    form = ContributionForm(moment_id=request.args.get("bijeenkomst", type=int))
    _contribution_choices(form, programme)
    if form.validate_on_submit():
        kind, _, raw = (form.target.data or "").partition("-")
        target = {"goal_id": int(raw)} if kind == "doel" else {"action_id": int(raw)} if kind == "actie" else {}
        with refusals(form):
            services.record_contribution(
                programme,
                text=form.text.data,
                source="team",
                moment=_moment(programme, form.moment_id.data),
                theme=db.session.get(Theme, form.theme_id.data) if form.theme_id.data else None,
                **target,
            )
            flash(gettext("De inbreng is vastgelegd."), "success")
            if request.form.get("nog_een"):
                return redirect(
                    url_for("participation.create", programme_id=programme.id, bijeenkomst=form.moment_id.data)
                )
            return redirect(url_for("participation.index", programme_id=programme.id))
    return render_template("participation/create.html", programme=programme, form=form)


def _moment(programme, moment_id):
    if not moment_id:
        return None
    return db.session.scalar(
        select(ParticipationMoment).where(
            ParticipationMoment.id == moment_id, ParticipationMoment.programme_id == programme.id
        )
    )


def _contribution_choices(form, programme) -> None:
    form.moment_id.choices = [("", gettext("— geen —"))] + [
        (m.id, f"{gettext(m.kind_label)} {m.date:%d-%m-%Y}: {m.title}") for m in services.moments_of(programme)
    ]
    form.theme_id.choices = [("", gettext("— afleiden uit het doel —"))] + [(t.id, t.name) for t in _themes(programme)]
    form.target.choices = (
        [("", gettext("Het hele programma"))]
        + [(f"doel-{g.id}", gettext("Doel %(num)s: %(title)s", num=g.number, title=g.title)) for g in programme.goals]
        + [
            (f"actie-{a.id}", gettext("Actie %(num)s: %(title)s", num=a.number, title=a.title))
            for a in programme.actions
        ]
    )


@bp.route("/inbreng/<int:contribution_id>", methods=["GET", "POST"])
@login_required
def detail(programme_id, contribution_id):
    programme = _programme_or_404(programme_id)
    contribution = _contribution_or_404(programme, contribution_id)
    can_edit = access.can(current_user, "edit", programme.area)
    form = RespondForm(
        obj=contribution,
        goal_ids=[link.goal_id for link in contribution.links if link.goal_id],
        action_ids=[link.action_id for link in contribution.links if link.action_id],
    )
    kept = [contribution.theme] if contribution.theme else []
    form.theme_id.choices = [("", gettext("— geen —"))] + [(t.id, t.name) for t in _themes(programme, kept)]
    form.goal_ids.choices = [
        (g.id, gettext("Doel %(num)s: %(title)s", num=g.number, title=g.title)) for g in programme.goals
    ]
    form.action_ids.choices = [
        (a.id, gettext("Actie %(num)s: %(title)s", num=a.number, title=a.title)) for a in programme.actions
    ]
    if request.method == "POST":
        access.require(current_user, "edit", programme.area)
        if form.validate_on_submit():
            with refusals(form):
                services.respond(
                    current_user,
                    contribution,
                    status=form.status.data,
                    response=form.response.data,
                    goal_ids=form.goal_ids.data or [],
                    action_ids=form.action_ids.data or [],
                    theme=db.session.get(Theme, form.theme_id.data) if form.theme_id.data else None,
                )
                flash(gettext("De reactie is opgeslagen."), "success")
                return redirect(url_for("participation.index", programme_id=programme.id))
    return render_template(
        "participation/detail.html",
        programme=programme,
        c=contribution,
        form=form,
        can_edit=can_edit,
        moderate_form=BulkForm(),
    )


@bp.post("/inbreng/<int:contribution_id>/moderatie")
@login_required
def moderate(programme_id, contribution_id):
    programme = _programme_or_404(programme_id)
    contribution = _contribution_or_404(programme, contribution_id)
    access.require(current_user, "edit", programme.area)
    form = BulkForm()
    if not form.validate_on_submit():
        abort(400)
    with refusals():
        services.moderate(current_user, programme, [contribution.id], form.decision.data)
        flash(
            gettext("De bijdrage is gepubliceerd.")
            if form.decision.data == "gepubliceerd"
            else gettext("De bijdrage is afgewezen."),
            "success",
        )
    return redirect(url_for("participation.detail", programme_id=programme.id, contribution_id=contribution.id))


@bp.route("/bijeenkomsten", methods=["GET", "POST"])
@login_required
def moments(programme_id):
    programme = _programme_or_404(programme_id)
    can_edit = access.can(current_user, "edit", programme.area)
    form = MomentForm()
    if request.method == "POST":
        access.require(current_user, "edit", programme.area)
        if form.validate_on_submit():
            with refusals(form):
                services.record_moment(
                    programme,
                    kind=form.kind.data,
                    title=form.title.data,
                    date=form.date.data,
                    place=form.place.data,
                    participants=form.participants.data,
                    summary=form.summary.data,
                )
                flash(gettext("De bijeenkomst is vastgelegd."), "success")
                return redirect(url_for("participation.moments", programme_id=programme.id))
    return render_template(
        "participation/moments.html",
        programme=programme,
        form=form,
        can_edit=can_edit,
        moments=services.moments_of(programme),
    )


def _team_moment(programme_id, moment_id):
    programme = _programme_or_404(programme_id)
    return programme, attachments.moment_of(current_user, programme, moment_id) or abort(404)


def _moment_page(programme, moment, form):
    return render_template(
        "participation/moment.html",
        programme=programme,
        moment=moment,
        form=form,
        can_edit=access.can(current_user, "edit", programme.area),
        confirm=ConfirmForm(),
        public_form=AttachmentPublicForm(),
        limit_mb=attachments.limit_bytes(current_app.config) // 2**20,
        size_label=attachments.size_label,
    )


@bp.get("/bijeenkomsten/<int:moment_id>")
@login_required
def moment(programme_id, moment_id):
    programme, moment = _team_moment(programme_id, moment_id)
    return _moment_page(programme, moment, AttachmentForm())


@bp.post("/bijeenkomsten/<int:moment_id>/bijlagen")
@login_required
def upload_attachment(programme_id, moment_id):
    programme, moment = _team_moment(programme_id, moment_id)
    access.require(current_user, "edit", programme.area)
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        with refusals(form):
            attachments.add_attachment(
                current_user,
                moment,
                filename=upload.filename,
                data=upload.read(),
                description=form.description.data,
                public=form.public.data,
                max_bytes=attachments.limit_bytes(current_app.config),
            )
            flash(
                gettext(
                    "'%(name)s' is toegevoegd aan de bijeenkomst.", name=attachments.clean_filename(upload.filename)
                ),
                "success",
            )
            return redirect(
                url_for("participation.moment", programme_id=programme.id, moment_id=moment.id, _anchor="bijlagen")
            )
    return _moment_page(programme, moment, form)


@bp.get("/bijeenkomsten/<int:moment_id>/bijlagen/<int:attachment_id>")
@login_required
def attachment(programme_id, moment_id, attachment_id):
    _, moment = _team_moment(programme_id, moment_id)
    found = attachments.attachment_of(moment, attachment_id) or abort(404)
    return attachments.send_attachment(found, download=request.args.get("download") == "1") or abort(404)


def _attachment_to_change(programme_id, moment_id, attachment_id, form):
    """For a button on an attachment: load it (404), check edit rights (403) and the CSRF token (400)."""
    programme, moment = _team_moment(programme_id, moment_id)
    found = attachments.attachment_of(moment, attachment_id) or abort(404)
    access.require(current_user, "edit", programme.area)
    if not form.validate_on_submit():
        abort(400)
    return found, url_for("participation.moment", programme_id=programme.id, moment_id=moment.id, _anchor="bijlagen")


@bp.post("/bijeenkomsten/<int:moment_id>/bijlagen/<int:attachment_id>/openbaar")
@login_required
def attachment_public(programme_id, moment_id, attachment_id):
    form = AttachmentPublicForm()
    found, back = _attachment_to_change(programme_id, moment_id, attachment_id, form)
    with refusals():
        attachments.set_public(current_user, found, form.public.data == "1")
        flash(
            gettext("De foto staat nu op de openbare terugkoppelingspagina.")
            if found.public
            else gettext("De foto is niet meer openbaar."),
            "success",
        )
    return redirect(back)


@bp.post("/bijeenkomsten/<int:moment_id>/bijlagen/<int:attachment_id>/verwijderen")
@login_required
def delete_attachment(programme_id, moment_id, attachment_id):
    found, back = _attachment_to_change(programme_id, moment_id, attachment_id, ConfirmForm())
    name = found.filename
    if not confirmed():
        return confirm_page(
            title=gettext("Bijlage '%(name)s' verwijderen?", name=name),
            message=gettext(
                "Het bestand wordt uit Wijkplanner verwijderd%(public)s. Dit kan niet ongedaan worden gemaakt.",
                public=gettext(", ook van de openbare terugkoppelingspagina") if found.public else "",
            ),
            button=gettext("Ja, bijlage verwijderen"),
            cancel_url=back,
        )
    attachments.delete_attachment(current_user, found)
    flash(gettext("De bijlage '%(name)s' is verwijderd.", name=name), "success")
    return redirect(back)


@bp.get("/inbreng/export.xlsx")
@login_required
def export(programme_id):
    programme = _programme_or_404(programme_id)
    items = services.triage(current_user, programme, _filters())
    return send_file(
        exports.contributions_workbook(programme, items),
        as_attachment=True,
        download_name=f"inbreng-programma-{programme.id}.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def programme_consultation(programme, **_) -> str:
    """Hook `programme_consultation`: while the programme is in consultation, its public page's link to copy, a
    QR code to print and the consultation period (with the link to set it, for the team)."""
    if programme.status != "consultatie":
        return ""
    public_url = url_for("inspraak.draft", programme_id=programme.id, _external=True)
    return render_template(
        "participation/_programme_consultation.html",
        programme=programme,
        public_url=public_url,
        qr_svg=consultation.qr_svg(public_url, gettext("QR-code met de link %(url)s", url=public_url)),
        period=consultation.period_of(programme),
        state=consultation.open_state(programme, date.today()),
        can_edit=access.can(current_user, "edit", programme.area),
    )


def programme_tabs(user, programme) -> list:
    """Hook `programme_tabs`: residents' input (with the number waiting for moderation, for the team) and the
    meetings, for who reads the programme's drafts through an area role."""
    if not access.can(user, "view_draft", programme.area):
        return []
    waiting = None
    if access.can(user, "edit", programme.area):
        waiting = services.counts(user, programme).get("te_modereren", 0)
    pid = programme.id
    return [
        Tab(
            "contributions",
            N_("Inbreng en moderatie"),
            "participation.index",
            url_for("participation.index", programme_id=pid),
            count=waiting,
            count_label=N_("te modereren"),
            also=("participation.detail", "participation.create", "participation.period"),
        ),
        Tab(
            "moments",
            N_("Bijeenkomsten"),
            "participation.moments",
            url_for("participation.moments", programme_id=pid),
            also=("participation.moment",),
        ),
    ]


policy_bp = Blueprint("participation_policy", __name__, url_prefix="/beheer/inspraakbeleid")


@policy_bp.get("/")
@login_required
def policies():
    """The participation policy of each municipality the admin manages."""
    found = phases.policies(current_user)
    if not found:  # like the area division: it does not exist for whoever administers no municipality
        abort(404)
    return render_template("participation/policies.html", policies=found)


@policy_bp.route("/<gm_code>", methods=["GET", "POST"])
@login_required
def policy(gm_code):
    municipality = db.session.scalar(select(Area).where(Area.code == gm_code, Area.level == "gemeente"))
    if municipality is None or municipality.level != "gemeente" or not access.can(current_user, "admin", municipality):
        abort(404)
    current = phases.policy_of(municipality)
    form = PolicyForm(obj=current)
    if form.validate_on_submit():
        with refusals(form):
            phases.save_policy(
                current_user,
                municipality,
                execution_open=form.execution_open.data,
                evaluation_open=form.evaluation_open.data,
                retention_days=form.retention_days.data,
            )
            flash(gettext("Het inspraakbeleid van %(name)s is opgeslagen.", name=municipality.name), "success")
            return redirect(url_for("participation_policy.policies"))
    return render_template("participation/policy.html", municipality=municipality, form=form), (
        422 if form.errors else 200
    )
