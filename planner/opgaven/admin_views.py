"""Reference lists for the functioneel beheerder: organisations (parties) and themes."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from planner.areas.access import is_installation_admin
from planner.areas.models import Area
from planner.core import access
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.forms import require_button_post
from planner.extensions import db
from planner.opgaven import services
from planner.opgaven.access import is_admin
from planner.opgaven.forms import MergeForm, OrganisationForm, ThemeForm
from planner.opgaven.models import ORGANISATION_KINDS, Organisation, Theme

bp = Blueprint("opgaven_admin", __name__, url_prefix="/beheer")


@bp.before_request
@login_required
def _admins_only():
    if not is_admin(current_user):
        abort(403)
    # Organisations are shared by every municipality of the installation: any administrator adds one, but
    # one used in another municipality is renamed, merged or deactivated only by an administrator of the
    # whole installation (_may_change). Themes say per theme whose they are (below).


# ---- organisations ---------------------------------------------------------------------------


@bp.get("/organisaties")
def organisations():
    shown = request.args.get("toon", "actief")
    text = request.args.get("zoek", "")[:100].strip()
    query = select(Organisation).order_by(func.lower(Organisation.name))
    if shown in ("actief", "gedeactiveerd"):
        query = query.where(Organisation.active.is_(shown == "actief"))
    if text:
        query = query.where(Organisation.name.icontains(text, autoescape=True))
    return render_template(
        "opgaven/admin/organisations.html",
        organisations=db.session.scalars(query).all(),
        shown=shown,
        text=text,
        kinds=ORGANISATION_KINDS,
    )


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _may_change(*organisations: Organisation | None) -> bool:
    if is_installation_admin(current_user):
        return True
    paths = access.grant_paths(current_user, "admin")
    return not any(o is not None and services.used_outside(o, paths) for o in organisations)


def _require_change(*organisations: Organisation | None) -> None:
    if request.method != "GET" and not _may_change(*organisations):
        abort(403)


@bp.route("/organisaties/nieuw", methods=["GET", "POST"], defaults={"organisation_id": None})
@bp.route("/organisaties/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id):
    organisation = _organisation_or_404(organisation_id) if organisation_id else None
    _require_change(organisation)
    form = OrganisationForm(obj=organisation)
    merge_form = MergeForm(formdata=None)
    merge_form.target_id.choices = [("", gettext("— kies een organisatie —"))] + [
        (o.id, o.name) for o in services.organisation_choices() if o is not organisation
    ]
    if form.validate_on_submit():
        with refusals(form):
            saved = services.save_organisation(organisation, name=form.name.data, kind=form.kind.data)
            flash(gettext("De organisatie is opgeslagen."), "success")
            return redirect(url_for("opgaven_admin.organisation", organisation_id=saved.id))
    return render_template(
        "opgaven/admin/organisation.html",
        form=form,
        merge_form=merge_form,
        organisation=organisation,
        plain_form=FlaskForm(),
        usage=services.organisation_usage(organisation) if organisation else None,
        may_change=_may_change(organisation),
    )


@bp.post("/organisaties/<int:organisation_id>/<change>")
def organisation_active(organisation_id, change):
    organisation = _organisation_or_404(organisation_id)
    if change not in ("activeren", "deactiveren"):
        abort(404)
    _require_change(organisation)
    require_button_post()
    active = change == "activeren"
    with refusals():
        services.set_organisation_active(organisation, active)
        flash(
            gettext("%(name)s is weer actief.", name=organisation.name)
            if active
            else gettext(
                "%(name)s is gedeactiveerd. Bestaande tafels, afspraken en acties houden haar naam.",
                name=organisation.name,
            ),
            "success",
        )
    return redirect(url_for("opgaven_admin.organisation", organisation_id=organisation.id))


@bp.post("/organisaties/<int:organisation_id>/samenvoegen")
def merge(organisation_id):
    organisation = _organisation_or_404(organisation_id)
    form = MergeForm()
    form.target_id.choices = [("", "")] + [(o.id, o.name) for o in db.session.scalars(select(Organisation))]
    if form.validate_on_submit():
        target = db.session.get(Organisation, form.target_id.data) if form.target_id.data else None
        _require_change(organisation, target)
        with refusals(form):
            services.check_merge(organisation, target)
            if not confirmed():
                return _merge_confirmation(organisation, target)
            services.merge_organisations(organisation, target)
            flash(
                gettext(
                    "%(name)s is samengevoegd met %(target)s.",
                    name=organisation.name,
                    target=target.name if target else "",
                ),
                "success",
            )
            return redirect(url_for("opgaven_admin.organisation", organisation_id=target.id))
    form.target_id.choices = [("", gettext("— kies een organisatie —"))] + [
        (o.id, o.name) for o in services.organisation_choices() if o is not organisation
    ]
    return render_template(
        "opgaven/admin/organisation.html",
        form=OrganisationForm(obj=organisation, formdata=None),
        merge_form=form,
        organisation=organisation,
        plain_form=FlaskForm(),
        usage=services.organisation_usage(organisation),
        may_change=_may_change(organisation),
    ), 422


def _merge_confirmation(organisation, target):
    """What the admin confirms before a merge: what moves over and what is kept."""
    usage = services.organisation_usage(organisation)
    return confirm_page(
        title=gettext("%(name)s samenvoegen met %(target)s?", name=organisation.name, target=target.name),
        message=gettext(
            "Alles van %(name)s gaat over naar %(target)s. Dit kan niet ongedaan worden gemaakt: "
            "uit elkaar halen gaat daarna alleen met de hand.",
            name=organisation.name,
            target=target.name,
        ),
        details=[
            gettext("Plaatsen aan tafel: %(num)d", num=usage["seats"]),
            gettext("Afspraken: %(num)d", num=usage["agreements"]),
            gettext("Acties (trekker of partner): %(num)d", num=usage["actions"]),
        ],
        kept=gettext(
            "%(name)s blijft bestaan als gedeactiveerde organisatie met een verwijzing naar %(target)s; "
            "de wijzigingshistorie blijft bewaard.",
            name=organisation.name,
            target=target.name,
        ),
        button=gettext("Ja, samenvoegen met %(target)s", target=target.name),
        cancel_url=url_for("opgaven_admin.organisation", organisation_id=organisation.id),
    )


# ---- themes ----------------------------------------------------------------------------------
# An admin of a municipality keeps that municipality's list; the shared list (every municipality chooses from it)
# belongs to an admin of every municipality in the installation, as with imports that span municipalities.


def _municipalities() -> list[Area]:
    return db.session.scalars(select(Area).where(Area.parent_id.is_(None)).order_by(Area.name)).all()


def _managed_municipalities() -> list[Area]:
    return [gm for gm in _municipalities() if access.can(current_user, "admin", gm)]


def _may_manage_shared() -> bool:
    municipalities = _municipalities()
    return bool(municipalities) and all(access.can(current_user, "admin", gm) for gm in municipalities)


def _managed_theme_or_404(theme_id: int) -> Theme:
    """A theme in a list the user keeps; another municipality's is 404, a shared one they only read is 403."""
    theme = db.session.get(Theme, theme_id)
    if theme is None or (theme.area is not None and not access.can(current_user, "admin", theme.area)):
        abort(404)
    if theme.area is None and not _may_manage_shared():
        abort(403)
    return theme


@bp.get("/themas")
def themes():
    managed = _managed_municipalities()
    ordered = (Theme.position, Theme.name)
    lists = [
        (
            gettext("Gedeeld door alle gemeenten"),
            db.session.scalars(select(Theme).where(Theme.area_id.is_(None)).order_by(*ordered)).all(),
            _may_manage_shared(),
        )
    ]
    for gm in managed:
        own = db.session.scalars(select(Theme).where(Theme.area_id == gm.id).order_by(*ordered)).all()
        lists.append((gettext("Alleen %(name)s", name=gm.name), own, True))
    return render_template(
        "opgaven/admin/themes.html",
        plain_form=FlaskForm(),
        lists=lists,
        can_add=bool(managed) or _may_manage_shared(),
    )


@bp.route("/themas/nieuw", methods=["GET", "POST"], defaults={"theme_id": None})
@bp.route("/themas/<int:theme_id>", methods=["GET", "POST"])
def theme(theme_id):
    theme = _managed_theme_or_404(theme_id) if theme_id else None
    form = ThemeForm(obj=theme)
    if theme is None:
        shared = [("", gettext("Alle gemeenten (gedeelde lijst)"))] if _may_manage_shared() else []
        form.area_id.choices = shared + [(gm.id, gm.name) for gm in _managed_municipalities()]
        if not form.area_id.choices:
            abort(403)
    else:
        del form.area_id
    if form.validate_on_submit():
        area = db.session.get(Area, form.area_id.data) if theme is None and form.area_id.data else None
        with refusals(form):
            services.save_theme(theme, name=form.name.data, party_kinds=form.party_kinds.data, area=area)
            flash(gettext("Het thema is opgeslagen."), "success")
            return redirect(url_for("opgaven_admin.themes"))
    return render_template("opgaven/admin/theme.html", form=form, theme=theme)


@bp.post("/themas/<int:theme_id>/<change>")
def theme_change(theme_id, change):
    theme = _managed_theme_or_404(theme_id)
    changes = {
        "omhoog": lambda: services.move_theme(theme, -1),
        "omlaag": lambda: services.move_theme(theme, 1),
        "activeren": lambda: services.set_theme_active(theme, True),
        "deactiveren": lambda: services.set_theme_active(theme, False),
    }
    if change not in changes:
        abort(404)
    require_button_post()
    messages = {
        "omhoog": gettext("%(name)s staat een plaats hoger.", name=theme.name),
        "omlaag": gettext("%(name)s staat een plaats lager.", name=theme.name),
        "activeren": gettext("%(name)s is weer te kiezen.", name=theme.name),
        "deactiveren": gettext("%(name)s is niet meer te kiezen; opgaven en doelen houden het thema.", name=theme.name),
    }
    with refusals():
        changes[change]()
        flash(messages[change], "success")
    return redirect(url_for("opgaven_admin.themes") + f"#thema-{theme.id}")
