"""Downloads of programmes: one programme as an editable workbook (planner.programmes.workbook), and
CSV of the programme list and of a programme's actions.

Every download is built from the same scoped queries as the pages (planner/core/access.py), so a
file never holds more than the user could see on screen.
"""

from __future__ import annotations

from planner.extensions import db
from planner.programmes.workbook import action_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRAMME_HEADERS = ("Titel", "Gebied", "CBS-code", "Beginjaar", "Eindjaar", "Status", "Besluit")
ACTION_HEADERS = (
    "Nummer",
    "Actie",
    "Omschrijving",
    "Doel",
    "Trekker",
    "Status",
    "Voortgang (%)",
    "Start",
    "Einde",
    "Partners",
    "Gebieden (gewicht)",
    "Onderdeel van",
)


def programme_list_rows(query):
    return (
        (p.title, p.area.name, p.area.code, p.start_year, p.end_year, p.status_label, p.decision_reference)
        for p in db.session.scalars(query)
    )


def action_list_rows(programme):
    return (row[1:] for row in action_rows(programme.id))  # without the workbook's key
