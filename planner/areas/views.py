"""Dashboard 'mijn wijken', the area list (also as CSV) and the area page."""

from datetime import date

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from planner.areas.access import get_area_or_404, visible_areas
from planner.areas.exports import AREA_HEADERS, area_list_rows
from planner.areas.models import Area
from planner.areas.services import programme_counts_by_area, wards_within
from planner.core.access import ROLE_LABELS, can, path_condition
from planner.core.worklist import work_for
from planner.excel.csv_export import csv_response
from planner.extensions import db
from planner.programmes.access import visible_programmes
from planner.programmes.models import STATUS_LABELS, Programme

bp = Blueprint("areas", __name__)


@bp.get("/")
@login_required
def dashboard():
    grants = sorted(current_user.roles, key=lambda g: (g.area.path, g.role))
    areas = []
    for g in grants:
        if g.area not in areas:
            areas.append(g.area)
    # A grant on a municipality or a stadsdeel shows the wards in it as the user's wards.
    wards = []
    for a in areas:
        below = wards_within(a) if a.level in ("gemeente", "stadsdeel") else []
        wards.extend(w for w in below or [a] if w not in wards)
    counts = programme_counts_by_area(current_user, wards)
    recent = db.session.scalars(visible_programmes(current_user).order_by(Programme.updated_at.desc()).limit(5)).all()
    return render_template(
        "areas/dashboard.html",
        grants=grants,
        wards=wards,
        counts=counts,
        recent=recent,
        work=work_for(current_user, date.today()),
        role_labels=ROLE_LABELS,
        status_labels=STATUS_LABELS,
    )


@bp.get("/gebieden")
@login_required
def index():
    q = (request.args.get("q") or "").strip()
    query = visible_areas(current_user).order_by(Area.path)
    if q:
        query = query.where(Area.name.icontains(q, autoescape=True) | Area.code.icontains(q, autoescape=True))
    areas = db.session.scalars(query.limit(500)).all()
    return render_template("areas/index.html", areas=areas, q=q)


@bp.get("/gebieden/export.csv")
@login_required
def area_list_csv():
    query = visible_areas(current_user).order_by(Area.path)
    q = (request.args.get("q") or "").strip()
    if q:
        query = query.where(Area.name.ilike(f"%{q}%") | Area.code.ilike(f"%{q}%"))
    return csv_response("gebieden.csv", AREA_HEADERS, area_list_rows(query))


@bp.get("/gebieden/<code>")
@login_required
def detail(code):
    area = get_area_or_404(current_user, code)
    children = db.session.scalars(
        visible_areas(current_user).where(Area.parent_id == area.id).order_by(Area.code)
    ).all()
    programmes = db.session.scalars(
        visible_programmes(current_user)
        .where(path_condition(Area.path, [area.path]))
        .order_by(Programme.start_year.desc(), Programme.title)
    ).all()
    counts = programme_counts_by_area(current_user, children)
    return render_template(
        "areas/detail.html",
        area=area,
        children=children,
        programmes=programmes,
        counts=counts,
        status_labels=STATUS_LABELS,
        can_edit_area=can(current_user, "edit", area),
    )
