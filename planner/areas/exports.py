"""CSV of the area list, built from the same scoped query as the page."""

from __future__ import annotations

from planner.extensions import db

AREA_HEADERS = ("Naam", "CBS-code", "Niveau", "Ligt in", "Geldig vanaf", "Geldig tot")


def area_list_rows(query):
    return (
        (a.name, a.code, a.level_label, a.parent.name if a.parent else "", a.valid_from, a.valid_to)
        for a in db.session.scalars(query)
    )
