"""Forms for the P&C calendar, action flags and the calendar subscription."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length

from planner.core.forms import DutchDateField, IdSelectField, year_field
from planner.cycle.models import FLAG_PURPOSES, MOMENT_KINDS


class GenerateForm(FlaskForm):
    area_id = IdSelectField("Gemeente")
    year = year_field("Kalenderjaar")
    najaarsnota = BooleanField("Najaarsnota in plaats van tweede bestuursrapportage")


class MomentForm(FlaskForm):
    area_id = IdSelectField("Gemeente")
    kind = SelectField("Document", choices=list(MOMENT_KINDS.items()), validate_choice=False)
    year = year_field("Begrotingsjaar")
    input_deadline = DutchDateField("Interne inleverdatum")
    college_date = DutchDateField("Collegedatum")
    council_date = DutchDateField("Raadsdatum")


class DatesForm(FlaskForm):
    input_deadline = DutchDateField("Interne inleverdatum", description="Tot wanneer teams input aanleveren.")
    college_date = DutchDateField("Collegedatum")
    council_date = DutchDateField("Raadsdatum")


class FlagForm(FlaskForm):
    pc_moment_id = IdSelectField("P&C-moment", validate_choice=False)
    purpose = SelectField("Waarvoor", choices=list(FLAG_PURPOSES.items()), validate_choice=False)
    note = StringField("Toelichting", validators=[Length(max=300, message="Hoogstens 300 tekens.")],
                       description="Bijvoorbeeld: structureel € 40.000 vanaf 2027.")


class FlagActionForm(FlaskForm):
    """From a moment's page: flag one of my actions."""

    action_id = IdSelectField("Actie", validate_choice=False)
    purpose = SelectField("Waarvoor", choices=list(FLAG_PURPOSES.items()), validate_choice=False)
    note = StringField("Toelichting", validators=[Length(max=300, message="Hoogstens 300 tekens.")])
