"""Forms for programmes, goals and workflow steps."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from planner.core.forms import IdSelectField, LockedForm, year_field

REQUIRED_TITLE = DataRequired("Vul een titel in.")


class ProgrammeForm(LockedForm):
    area_id = IdSelectField("Gebied", description="Het gebied bepaalt wie het programma mag zien en bewerken.",
                            invalid_message="Kies een gebied uit de lijst: alleen gebieden waarin u programma's mag maken.")
    title = StringField("Titel", validators=[REQUIRED_TITLE, Length(max=200, message="Een titel is hoogstens 200 tekens.")])
    opgave_id = IdSelectField("Opgave")
    start_year = year_field("Beginjaar")
    end_year = year_field("Eindjaar")
    summary = TextAreaField("Samenvatting", validators=[Length(max=5000, message="De samenvatting is hoogstens 5.000 tekens.")])
    ambition = TextAreaField("Wat willen we bereiken?", validators=[Length(max=20000, message="Hoogstens 20.000 tekens.")])
    approach = TextAreaField("Wat gaan we daarvoor doen?", validators=[Length(max=20000, message="Hoogstens 20.000 tekens.")])
    cost_notes = TextAreaField("Wat mag het kosten?", validators=[Length(max=20000, message="Hoogstens 20.000 tekens.")])


class GoalForm(LockedForm):
    title = StringField("Titel", validators=[REQUIRED_TITLE, Length(max=200, message="Een titel is hoogstens 200 tekens.")])
    description = TextAreaField("Toelichting", validators=[Length(max=10000, message="Hoogstens 10.000 tekens.")])
    theme_id = IdSelectField("Thema")


class TransitionForm(FlaskForm):
    to_status = HiddenField()
    note = TextAreaField("Toelichting bij deze stap", validators=[Length(max=2000, message="Hoogstens 2.000 tekens.")])
    decision_reference = StringField("Besluit (bij vaststelling)", validators=[Length(max=200, message="Hoogstens 200 tekens.")])
