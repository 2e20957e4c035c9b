"""Agenda pages: list, detail, create, edit, links to actions, the council's questions, and the import of
the griffie's lists and ORI documents through the import runner (dry run → preview → commit, revertible)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from planner.actions.access import get_action_or_404
from planner.actions.rollup import rolled_up_progress
from planner.agenda import importers, services
from planner.agenda.forms import AgendaItemForm, ImportForm, LinkActionForm, LinkItemForm
from planner.agenda.models import ITEM_KINDS, ITEM_STATUSES
from planner.areas.models import Area
from planner.core import access
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.core.i18n import translate_label
from planner.excel.forms import ConfirmForm
from planner.extensions import db

bp = Blueprint("agenda", __name__)
FIELDS = (
    "kind",
    "number",
    "title",
    "date",
    "body",
    "submitters",
    "portfolio_holder",
    "status",
    "deadline",
    "url",
    "description",
    "council_period",
)


def _values(form: AgendaItemForm) -> dict:
    return {k: getattr(form, k).data for k in FIELDS}


def _carry_over(item, form: AgendaItemForm) -> None:
    services.decide_carry_over(
        item, form.carry_over.data or "", form.carry_over_reason.data or "", form.carried_into_number.data or ""
    )


def _item_or_404(item_id: int):
    return services.visible_item(current_user, item_id) or abort(404)


@bp.get("/agenda/")
@login_required
def index():
    kind, status, text = (request.args.get(k, "") for k in ("type", "status", "q"))
    items = services.list_items(current_user, kind=kind, status=status, text=text)
    areas = services.editable_areas(current_user)
    return render_template(
        "agenda/index.html",
        items=items,
        progress=services.linked_progress(current_user, items),
        kind=kind,
        status=status,
        text=text,
        kinds=ITEM_KINDS,
        statuses=ITEM_STATUSES,
        today=date.today(),
        can_create=bool(areas),
        can_import=any(a.level == "gemeente" for a in areas),
    )


@bp.route("/agenda/nieuw", methods=["GET", "POST"])
@login_required
def create():
    form = AgendaItemForm(status="open", body="raad")
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in services.editable_areas(current_user)]
    if not form.area_id.choices:
        abort(403)
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        access.require(current_user, "edit", area)
        with refusals(form):
            item = services.create_item(area, **_values(form))
            _carry_over(item, form)
            flash(gettext("Het agendapunt is toegevoegd."), "success")
            return redirect(url_for("agenda.detail", item_id=item.id))
    return render_template("agenda/form.html", form=form, item=None)


@bp.get("/agenda/<int:item_id>")
@login_required
def detail(item_id):
    item = _item_or_404(item_id)
    links = services.carrying_links(current_user, item)
    link_form = LinkActionForm()
    actions = db.session.scalars(services.editable_actions(current_user)).all()
    link_form.action_id.choices = [("", gettext("— kies een actie —"))] + [
        (a.id, f"{a.programme.title} – {a.number}. {a.title}") for a in actions
    ]
    return render_template(
        "agenda/detail.html",
        item=item,
        links=links,
        link_form=link_form,
        progress={link.action_id: rolled_up_progress(link.action) for link in links},
        unlinkable={link.id for link in links if access.can(current_user, "edit", link.action.programme.area)},
        can_edit=access.can(current_user, "edit", item.area),
        can_link=bool(actions),
        today=date.today(),
        # The agreements of the previous council period that this one continues (same area, so visible).
        continues=services.continued_from(item),
    )


@bp.route("/agenda/<int:item_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit(item_id):
    item = _item_or_404(item_id)
    access.require(current_user, "edit", item.area)
    form = AgendaItemForm(obj=item, carried_into_number=item.carried_into.number if item.carried_into else "")
    form.area_id.choices = [(item.area_id, f"{item.area.name} ({item.area.code})")]
    form.area_id.data = item.area_id
    if form.validate_on_submit():
        with refusals(form):
            services.update_item(item, **_values(form))
            _carry_over(item, form)
            flash(gettext("Het agendapunt is opgeslagen."), "success")
            return redirect(url_for("agenda.detail", item_id=item.id))
    return render_template("agenda/form.html", form=form, item=item)


@bp.post("/agenda/<int:item_id>/acties")
@login_required
def link(item_id):
    item = _item_or_404(item_id)
    form = LinkActionForm()
    if not form.validate_on_submit():
        abort(400)
    return _link(
        lambda: services.link_action(current_user, item, form.action_id.data, form.meaning.data),
        url_for("agenda.detail", item_id=item.id) + "#acties",
    )


@bp.post("/acties/<int:action_id>/agenda")
@login_required
def link_from_action(action_id):
    action = get_action_or_404(current_user, action_id)
    access.require(current_user, "edit", action.programme.area)
    form = LinkItemForm()
    if not form.validate_on_submit():
        abort(400)
    return _link(
        lambda: services.link_action(
            current_user,
            services.find_visible_item(current_user, form.agenda_item_id.data),
            action.id,
            form.meaning.data,
        ),
        url_for("actions.detail", action_id=action.id) + "#politiek",
    )


def _link(do, target: str):
    with refusals():
        do()
        flash(gettext("De koppeling is opgeslagen."), "success")
    return redirect(target)


@bp.post("/agenda/koppelingen/<int:link_id>/verwijderen")
@login_required
def unlink(link_id):
    link = services.visible_link(current_user, link_id) or abort(404)
    if not services.may_unlink(current_user, link):
        abort(403)
    require_button_post()
    back = request.form.get("terug") == "actie"
    target = (
        url_for("actions.detail", action_id=link.action_id) + "#politiek"
        if back
        else url_for("agenda.detail", item_id=link.agenda_item_id) + "#acties"
    )
    if not confirmed():
        item = link.agenda_item
        what = f"{translate_label(item.kind_label)} {item.number}"
        return confirm_page(
            title=gettext(
                "Koppeling tussen actie %(number)s en %(item)s verwijderen?", number=link.action.number, item=what
            ),
            message=gettext(
                "Actie %(number)s '%(action)s' staat dan niet meer bij %(item)s '%(title)s' (%(meaning)s). De raad "
                "ziet deze actie dan niet meer als antwoord op dit agendapunt.",
                number=link.action.number,
                action=link.action.title,
                item=what,
                title=item.title,
                meaning=translate_label(link.meaning_label).lower(),
            ),
            kept=gettext(
                "De actie en het agendapunt blijven bestaan; opnieuw koppelen kan later, en de wijzigingshistorie "
                "van de actie houdt de koppeling vast."
            ),
            button=gettext("Ja, ontkoppelen"),
            cancel_url=target,
        )
    services.unlink(link)
    flash(gettext("De koppeling is verwijderd."), "success")
    return redirect(target)


@bp.get("/agenda/raad")
@login_required
def council():
    today = date.today()
    return render_template(
        "agenda/council.html",
        today=today,
        overdue=services.overdue_commitments(current_user, today),
        motions=services.adopted_motions_without_action(current_user),
    )


@bp.get("/acties/<int:action_id>/politiek")
@login_required
def trail(action_id):
    action = get_action_or_404(current_user, action_id)
    return render_template(
        "agenda/trail.html",
        action=action,
        programme=action.programme,
        links=services.political_trail(current_user, action),
        today=date.today(),
    )


def action_trail(action, programme, **_) -> str:
    """Hook `action_detail`: the action's political trail and P&C flags, with the link forms."""
    form = LinkItemForm()
    can_edit = access.can(current_user, "edit", action.programme.area)
    if can_edit:
        kinds = list(ITEM_KINDS)
        items = sorted(
            services.item_choices(current_user), key=lambda i: kinds.index(i.kind) if i.kind in kinds else 99
        )
        form.agenda_item_id.choices = [("", gettext("— kies een agendapunt —"))] + [
            (i.id, f"{i.number}: {i.title}") for i in items
        ]
        form.agenda_item_id.groups = {i.id: gettext(i.kind_label) for i in items}
    from planner.cycle.forms import FlagForm
    from planner.cycle.services import action_flags, open_moments

    flag_form = FlagForm()
    flag_form.pc_moment_id.choices = [("", gettext("— kies een moment —"))] + [
        (m.id, f"{m.screen_label} ({m.area.name})")
        for m in open_moments(current_user)
        if action.programme.area.is_within(m.area)
    ]
    trail = {
        "links": services.political_trail(current_user, action),
        "form": form,
        "can_edit": can_edit,
        "flags": action_flags(current_user, action),
        "flag_form": flag_form,
    }
    return render_template("agenda/_action_trail.html", action=action, programme=programme, trail=trail)


def _import_areas() -> list[Area]:
    """A griffie's list or ORI document belongs to a municipality: its editors import it."""
    areas = [a for a in services.editable_areas(current_user) if a.level == "gemeente"]
    if not areas:
        abort(403)
    return areas


def _imported(report):
    flash(importers.outcome_message(report, url_for("imports.result", run_id=report.run_id)), "success")
    return redirect(url_for("agenda.index"))


@bp.route("/agenda/importeren", methods=["GET", "POST"])
@login_required
def import_items():
    form = ImportForm()
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in _import_areas()]
    report = sha = None
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data)
        access.require(current_user, "edit", area)
        with refusals(form):
            report, sha = importers.import_upload(
                form.file.data, area, current_user, default_kind=form.default_kind.data, dry_run=form.dry_run.data
            )
            if report.state == "committed":
                return _imported(report)
    return _import_page(form, report, sha)


@bp.post("/agenda/importeren/inlezen")
@login_required
def import_commit():
    _import_areas()
    confirm = ConfirmForm()
    if not confirm.validate_on_submit():
        abort(400)
    report = importers.commit_upload(confirm.sha256.data, confirm.profile.data, current_user)
    if report is None:
        abort(404)
    if report.state == "committed":
        return _imported(report)
    form = ImportForm()
    form.area_id.choices = [(a.id, f"{a.name} ({a.code})") for a in _import_areas()]
    return _import_page(form, report, None)


def _import_page(form, report, sha):
    confirm = ConfirmForm(sha256=sha, profile=report.profile) if sha else None
    return render_template(
        "agenda/import.html",
        form=form,
        report=report,
        confirm=confirm,
        rows=importers.preview_rows(report, form.default_kind.data or "motie") if report else [],
        kinds=ITEM_KINDS,
        statuses=ITEM_STATUSES,
    )
