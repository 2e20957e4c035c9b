"""Forms for indicator definitions, measurements and goal targets (Dutch messages)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from planner.core.forms import DutchDecimalField, IdSelectField
from planner.indicators.models import MEASUREMENT_KINDS

DIRECTIONS = [("ja", "Hoger is beter"), ("nee", "Lager is beter"), ("", "Geen van beide (bijvoorbeeld inwoners)")]
NUMBER = "Vul een getal in, bijvoorbeeld 42,5."


class IndicatorForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Vul een code in, bijvoorbeeld AantalInwoners_5."),
                                           Length(max=60, message="Hoogstens 60 tekens.")])
    name = StringField("Naam", validators=[DataRequired("Geef de indicator een naam."),
                                           Length(max=200, message="Hoogstens 200 tekens.")])
    unit = StringField("Eenheid", validators=[Optional(), Length(max=40, message="Hoogstens 40 tekens.")])
    source = StringField("Bron", validators=[Optional(), Length(max=200, message="Hoogstens 200 tekens.")])
    direction = SelectField("Richting", choices=DIRECTIONS, validate_choice=True)
    description = TextAreaField("Toelichting", validators=[Optional()])

    @property
    def higher_is_better(self) -> bool | None:
        return {"ja": True, "nee": False}.get(self.direction.data)


class MeasurementForm(FlaskForm):
    area_code = StringField("Gebiedscode", validators=[DataRequired("Vul de CBS-code van het gebied in, bijvoorbeeld WK079410.")])
    period = StringField("Periode", validators=[DataRequired("Vul de periode in: een jaar (2024), kwartaal (2024-Q2) of maand (2024-05).")])
    kind = SelectField("Soort meting", choices=list(MEASUREMENT_KINDS.items()))
    value = DutchDecimalField("Waarde", validators=[InputRequired(NUMBER)], message=NUMBER)


class GoalTargetForm(FlaskForm):
    goal_id = IdSelectField("Doel", validators=[InputRequired("Kies het doel.")])
    indicator_id = IdSelectField("Indicator", validators=[InputRequired("Kies de indicator.")])
    area_id = IdSelectField("Gebied", validators=[InputRequired("Kies het gebied.")])
    baseline_period = StringField("Periode van de nulmeting", validators=[DataRequired("Vul de periode van de nulmeting in, bijvoorbeeld 2024.")])
    target_period = StringField("Streefperiode", validators=[DataRequired("Vul de streefperiode in, bijvoorbeeld 2028.")])
    target_value = DutchDecimalField("Streefwaarde", validators=[InputRequired(NUMBER)], message=NUMBER)
