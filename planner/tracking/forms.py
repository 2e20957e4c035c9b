"""The periodic progress update form: a short text, the progress and the status of one action."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from planner.actions.models import ACTION_STATUS_LABELS


class ProgressUpdateForm(FlaskForm):
    period = StringField("Periode", validators=[DataRequired("Vul de periode in, bijvoorbeeld 2026-Q3.")])
    progress = IntegerField("Voortgang (%)", validators=[
        InputRequired("Vul de voortgang in als een getal van 0 tot en met 100."),
        NumberRange(0, 100, "Voortgang is een percentage van 0 tot en met 100.")])
    status = SelectField("Status", choices=list(ACTION_STATUS_LABELS.items()))
    text = TextAreaField("Wat is er deze periode gebeurd?", validators=[
        DataRequired("Schrijf in een paar zinnen wat er deze periode is gebeurd."),
        Length(max=1000, message="Houd de toelichting kort: hoogstens 1000 tekens.")])
