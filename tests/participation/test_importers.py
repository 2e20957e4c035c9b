"""Enquête exports into contributions through the Excel engine (profile `enquete-inbreng`)."""

import io
from datetime import date

import xlsxwriter
from sqlalchemy import func, select

from planner.extensions import db
from planner.participation.importers import import_enquete
from planner.participation.models import Contribution
from planner.participation.services import record_moment


def _workbook(rows):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("Resultaten")
    sheet.write_row(0, 0, ["Enquête Binnenstad 2026"])
    for r, row in enumerate(
        [["Ingevuld op", "Naam", "Doel", "Actie", "Thema", "Wat wilt u ons meegeven?"], *rows], start=2
    ):
        for c, value in enumerate(row):
            if isinstance(value, date):
                sheet.write_datetime(r, c, value, book.add_format({"num_format": "dd-mm-yyyy"}))
            elif value is not None:
                sheet.write(r, c, value)
    book.close()
    out.seek(0)
    return out


def test_enquete_answers_become_moderated_contributions_without_names_and_reimport_is_idempotent(world):
    p = world["prog_a"]
    moment = record_moment(p, kind="enquete", title="Enquête voorjaar", date=date(2026, 3, 1))
    rows = [
        [date(2026, 3, 2), "Jan Jansen", 1, None, "Samenleven", "Meer bankjes op het plein"],
        [date(2026, 3, 3), None, None, 1, None, "Buurtkamer ook 's avonds"],
    ]
    result, errors = import_enquete(_workbook(rows), programme=p, moment=moment, filename="enquete.xlsx")
    assert errors == [] and result.created == 2
    db.session.commit()
    items = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    assert [(c.source, c.moderation, c.moment, c.goal, c.action) for c in items] == [
        ("import", "te_modereren", moment, world["goal_a"], None),
        ("import", "te_modereren", moment, None, world["action_a"]),
    ]
    assert items[0].theme.name == "Samenleven" and items[0].submitted_at.date() == date(2026, 3, 2)
    assert all(c.contact is None for c in items)  # the Naam column is never read
    result, errors = import_enquete(_workbook(rows), programme=p, moment=moment, filename="enquete.xlsx")
    assert errors == [] and (result.created, result.unchanged) == (0, 2)


def test_enquete_errors_name_row_and_column_and_nothing_is_kept(world):
    p = world["prog_a"]
    rows = [
        [date(2026, 3, 2), None, 9, None, None, "Onbekend doel"],
        [date(2026, 3, 2), None, None, None, "Sport", "Onbekend thema"],
        [date(2026, 3, 2), None, None, None, None, "Goed antwoord"],
    ]
    result, errors = import_enquete(_workbook(rows), programme=p, filename="enquete.xlsx")
    messages = [e.message for e in errors]
    assert any("rij 4" in m and "'Doel'" in m and "doel 9 bestaat niet" in m for m in messages), messages
    assert any("rij 5" in m and "onbekend thema 'Sport'" in m for m in messages), messages
    db.session.rollback()  # all-or-nothing, as the import runner does
    assert db.session.scalar(select(func.count(Contribution.id))) == 0
