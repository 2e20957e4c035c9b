"""Downloads: a programme as an editable workbook, and CSV of the programme, action and area lists.

Every download is built from the same scoped queries as the pages (each feature's access.py), so a
file never holds more than the user could see on screen.
"""
from __future__ import annotations

import io

from flask import Blueprint, request, send_file
from flask_login import current_user, login_required

from planner.areas.access import visible_areas
from planner.areas.models import Area
from planner.excel import programme_cli  # noqa: F401  adds `export wijkprogramma` to the export group
from planner.excel import programme_import  # noqa: F401  registers the programme_workbook applier
from planner.excel.csv_export import csv_response
from planner.excel.programme_workbook import action_rows, write_programme_workbook
from planner.extensions import db
from planner.programmes.access import get_programme_or_404, visible_programmes
from planner.programmes.models import STATUS_LABELS, Programme

bp = Blueprint("excel_exports", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRAMME_HEADERS = ("Titel", "Gebied", "CBS-code", "Beginjaar", "Eindjaar", "Status", "Besluit")
ACTION_HEADERS = ("Nummer", "Actie", "Omschrijving", "Doel", "Trekker", "Status", "Voortgang (%)", "Start",
                  "Einde", "Partners", "Gebieden (gewicht)", "Onderdeel van")
AREA_HEADERS = ("Naam", "CBS-code", "Niveau", "Ligt in", "Geldig vanaf", "Geldig tot")


@bp.get("/programmas/<int:programme_id>/export.xlsx")
@login_required
def programme_workbook(programme_id: int):
    programme = get_programme_or_404(current_user, programme_id)
    from planner.agenda.services import visible_items

    out = io.BytesIO()
    write_programme_workbook(programme, out, visible_items=visible_items(current_user),
                             exported_by=current_user.name)
    out.seek(0)
    return send_file(out, mimetype=XLSX, as_attachment=True, max_age=0,
                     download_name=f"wijkprogramma-{programme.area.code}-{programme.id}.xlsx")


@bp.get("/programmas/export.csv")
@login_required
def programme_list_csv():
    query = visible_programmes(current_user).order_by(Area.path, Programme.title)
    status = request.args.get("status") or ""
    if status in STATUS_LABELS:
        query = query.where(Programme.status == status)
    rows = ((p.title, p.area.name, p.area.code, p.start_year, p.end_year, p.status_label, p.decision_reference)
            for p in db.session.scalars(query))
    return csv_response("programmas.csv", PROGRAMME_HEADERS, rows)


@bp.get("/programmas/<int:programme_id>/acties.csv")
@login_required
def action_list_csv(programme_id: int):
    programme = get_programme_or_404(current_user, programme_id)
    rows = (row[1:] for row in action_rows(programme.id))  # without the workbook's key
    return csv_response(f"acties-{programme.area.code}-{programme.id}.csv", ACTION_HEADERS, rows)


@bp.get("/gebieden/export.csv")
@login_required
def area_list_csv():
    query = visible_areas(current_user).order_by(Area.path)
    q = (request.args.get("q") or "").strip()
    if q:
        query = query.where(Area.name.ilike(f"%{q}%") | Area.code.ilike(f"%{q}%"))
    rows = ((a.name, a.code, a.level_label, a.parent.name if a.parent else "", a.valid_from, a.valid_to)
            for a in db.session.scalars(query))
    return csv_response("gebieden.csv", AREA_HEADERS, rows)
