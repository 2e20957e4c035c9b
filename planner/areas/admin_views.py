"""Pages for the functioneel beheerder: the municipality's own division into stadsdelen / gebieden
(/beheer/gebiedsindeling)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.areas import division
from planner.areas.forms import DistrictForm, EndDistrictForm
from planner.areas.models import Area
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.i18n import nl_date
from planner.extensions import db

bp = Blueprint("areas_admin", __name__, url_prefix="/beheer/gebiedsindeling")


def today() -> date:
    return date.today()


@bp.before_request
@login_required
def _admins_only():
    if not division.administered_municipalities(current_user):
        abort(404)


def _municipality_or_404(code: str) -> Area:
    gm = next((m for m in division.administered_municipalities(current_user) if m.code == code.upper()), None)
    return gm or abort(404)


def _district_or_404(code: str) -> tuple[Area, Area]:
    district = db.session.scalar(select(Area).where(Area.code == code.upper(), Area.level == "stadsdeel"))
    if district is None:
        abort(404)
    return _municipality_or_404(district.path.split("/")[0]), district


@bp.get("/")
def index():
    municipalities = [
        (gm, [(d, division.members(d)) for d in division.districts(gm)])
        for gm in division.administered_municipalities(current_user)
    ]
    return render_template("areas/admin/index.html", municipalities=municipalities, today=today())


def _prepare(form: DistrictForm, gm: Area) -> list:
    choices = division.division_choices(gm)
    form.ward_ids.choices = [(c.ward.id, c.ward.name) for c in choices]
    form.neighbourhood_ids.choices = [(b.id, b.name) for c in choices for b, _ in c.neighbourhoods]
    return choices


def _chosen(ids) -> list[Area]:
    return list(db.session.scalars(select(Area).where(Area.id.in_(ids or [])).order_by(Area.code))) if ids else []


def _save(form: DistrictForm, gm: Area, district: Area | None):
    with refusals(form):
        saved = division.save_district(
            district,
            gm=gm,
            code=form.code.data,
            name=form.name.data,
            valid_from=form.valid_from.data,
            valid_to=form.valid_to.data,
            wards=_chosen(form.ward_ids.data),
            neighbourhoods=_chosen(form.neighbourhood_ids.data),
            today=today(),
        )
        _flash_saved(saved)
        return redirect(url_for("areas_admin.index"))
    return None


def _flash_saved(saved: division.Saved) -> None:
    flash(gettext("%(name)s is opgeslagen.", name=saved.district.name), "success")
    if saved.returned:
        flash(
            ngettext(
                "%(names)s valt weer direct onder de gemeente.",
                "%(names)s vallen weer direct onder de gemeente.",
                len(saved.returned),
                names=", ".join(a.name for a in saved.returned),
            ),
            "info",
        )


@bp.route("/<gm_code>/nieuw", methods=["GET", "POST"])
def create(gm_code):
    gm = _municipality_or_404(gm_code)
    form = DistrictForm()
    choices = _prepare(form, gm)
    if request.method == "GET":
        form.code.data = division.next_code(gm)
    elif form.validate_on_submit() and (response := _save(form, gm, None)):
        return response
    return render_template("areas/admin/form.html", form=form, gm=gm, district=None, choices=choices, end_form=None)


@bp.route("/<code>/bewerken", methods=["GET", "POST"])
def edit(code):
    gm, district = _district_or_404(code)
    form = DistrictForm(obj=district)
    choices = _prepare(form, gm)
    if request.method == "GET":
        placed = division.members(district)
        form.ward_ids.data = [a.id for a in placed if a.level == "wijk"]
        form.neighbourhood_ids.data = [a.id for a in placed if a.level == "buurt"]
    elif form.validate_on_submit():
        ends = division.is_current(district, today()) and form.valid_to.data and form.valid_to.data <= today()
        if ends and not confirmed():
            return _confirm_end(district, form.valid_to.data, url_for("areas_admin.edit", code=district.code))
        if response := _save(form, gm, district):
            return response
    end_form = (
        EndDistrictForm(formdata=None, prefix="einde", valid_to=today())
        if division.is_current(district, today())
        else None
    )
    return render_template(
        "areas/admin/form.html", form=form, gm=gm, district=district, choices=choices, end_form=end_form
    )


def _confirm_end(district: Area, on, cancel_url: str):
    """Ending a stadsdeel sends its wijken back to the gemeente: ask first, by the end button or the edit form."""
    return confirm_page(
        title=gettext("%(name)s beëindigen?", name=district.name),
        message=gettext(
            "%(name)s (%(code)s) houdt per %(date)s op te bestaan. De wijken en buurten erin gaan terug "
            "naar de gemeente; rollen op het stadsdeel zelf gelden daarna niet meer voor die wijken. Dit "
            "kan niet met één knop ongedaan worden gemaakt.",
            name=district.name,
            code=district.code,
            date=nl_date(on),
        ),
        details=[f"{a.name} ({a.code})" for a in division.members(district)],
        kept=gettext(
            "Rollen, programma's en opgaven op de wijken zelf blijven gelden; het stadsdeel blijft "
            "bestaan als beëindigd, met zijn geschiedenis."
        ),
        button=gettext("Ja, %(name)s beëindigen", name=district.name),
        cancel_url=cancel_url,
    )


@bp.post("/<code>/beeindigen")
def end(code):
    gm, district = _district_or_404(code)
    end_form = EndDistrictForm(prefix="einde")
    if end_form.validate_on_submit():
        with refusals(end_form):
            division.check_end_district(district, end_form.valid_to.data, today=today())
            if not confirmed():
                return _confirm_end(district, end_form.valid_to.data, url_for("areas_admin.edit", code=district.code))
            saved = division.end_district(district, end_form.valid_to.data, today=today())
            _flash_saved(saved)
            return redirect(url_for("areas_admin.index"))
    form = DistrictForm(obj=district, formdata=None)
    choices = _prepare(form, gm)
    placed = division.members(district)
    form.ward_ids.data = [a.id for a in placed if a.level == "wijk"]
    form.neighbourhood_ids.data = [a.id for a in placed if a.level == "buurt"]
    return render_template(
        "areas/admin/form.html", form=form, gm=gm, district=district, choices=choices, end_form=end_form
    ), 400
