"""Forms for agenda items, their links to actions and the import of the griffie's lists and ORI documents."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from planner.agenda.models import BODIES, ITEM_KINDS, ITEM_STATUSES, LINK_MEANINGS
from planner.core.forms import DutchDateField, IdSelectField


class AgendaItemForm(FlaskForm):
    area_id = IdSelectField("Gemeente of wijk")
    kind = SelectField("Type", choices=list(ITEM_KINDS.items()), validate_choice=False)
    number = StringField("Nummer", validators=[DataRequired("Vul een nummer in, bijvoorbeeld M2026-013."),
                                               Length(max=60, message="Een nummer is hoogstens 60 tekens.")],
                         description="Het nummer dat de griffie gebruikt, bijvoorbeeld M2026-013 of T2026-004.")
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."),
                                             Length(max=300, message="Een titel is hoogstens 300 tekens.")])
    date = DutchDateField("Datum")
    body = SelectField("Orgaan", choices=list(BODIES.items()), validate_choice=False)
    submitters = StringField("Indieners", validators=[Length(max=500, message="Hoogstens 500 tekens.")])
    portfolio_holder = StringField("Portefeuillehouder", validators=[Length(max=200, message="Hoogstens 200 tekens.")])
    status = SelectField("Status", choices=list(ITEM_STATUSES.items()), validate_choice=False)
    deadline = DutchDateField("Deadline", description="Voor een toezegging: de datum waarop zij moet zijn nagekomen.")
    url = StringField("Link", validators=[Length(max=500, message="Hoogstens 500 tekens.")],
                      description="Naar Open Raadsinformatie, iBabs of Notubiz, beginnend met https://.")
    description = TextAreaField("Toelichting", validators=[Length(max=10000, message="Hoogstens 10.000 tekens.")])


class LinkActionForm(FlaskForm):
    """From an agenda item: which action carries it out. The service checks the choice."""

    action_id = IdSelectField("Actie", validate_choice=False)
    meaning = SelectField("Betekenis", choices=list(LINK_MEANINGS.items()), validate_choice=False)


class LinkItemForm(FlaskForm):
    """From an action: which agenda item it carries out."""

    agenda_item_id = IdSelectField("Agendapunt", validate_choice=False)
    meaning = SelectField("Betekenis", choices=list(LINK_MEANINGS.items()), validate_choice=False)


class ImportForm(FlaskForm):
    area_id = IdSelectField("Gemeente")
    file = FileField("Bestand", description="Een lijst van de griffie (.xlsx of .csv) of een Open Raadsinformatie-document (.json).",
                     render_kw={"accept": ".xlsx,.csv,.json"})
    default_kind = SelectField("Type als de lijst geen type noemt", choices=[("motie", "Motie"), ("toezegging", "Toezegging")])
    dry_run = BooleanField("Alleen controleren, niets opslaan", default=True,
                           description="U ziet eerst wat er zou veranderen en elke fout; daarna kunt u inlezen.")
