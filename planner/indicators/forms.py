"""Forms for indicator definitions, measurements and goal targets (Dutch messages)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from planner.core.forms import DutchDecimalField, IdSelectField, PlannerForm
from planner.core.i18n import label_choices
from planner.indicators.models import MEASUREMENT_KINDS

DIRECTIONS = [
    ("ja", _l("Hoger is beter")),
    ("nee", _l("Lager is beter")),
    ("", _l("Geen van beide (bijvoorbeeld inwoners)")),
]
NUMBER = _l("Vul een getal in, bijvoorbeeld 42,5.")


class IndicatorForm(PlannerForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Vul een code in, bijvoorbeeld AantalInwoners_5.")),
            Length(max=60, message=_l("Hoogstens 60 tekens.")),
        ],
    )
    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(_l("Geef de indicator een naam.")),
            Length(max=200, message=_l("Hoogstens 200 tekens.")),
        ],
    )
    unit = StringField(_l("Eenheid"), validators=[Optional(), Length(max=40, message=_l("Hoogstens 40 tekens."))])
    source = StringField(_l("Bron"), validators=[Optional(), Length(max=200, message=_l("Hoogstens 200 tekens."))])
    direction = SelectField(_l("Richting"), choices=DIRECTIONS, validate_choice=True)
    description = TextAreaField(_l("Toelichting"), validators=[Optional()])
    owner_id = IdSelectField(
        _l("Van"),
        description=_l("Een eigen indicator ziet alleen uw gemeente; een landelijke iedere gemeente."),
        invalid_message=_l("Kies voor welke gemeente de indicator is."),
    )

    @property
    def higher_is_better(self) -> bool | None:
        return {"ja": True, "nee": False}.get(self.direction.data)


class MeasurementForm(PlannerForm):
    area_code = StringField(
        _l("Gebiedscode"), validators=[DataRequired(_l("Vul de CBS-code van het gebied in, bijvoorbeeld WK079410."))]
    )
    period = StringField(
        _l("Periode"),
        validators=[DataRequired(_l("Vul de periode in: een jaar (2024), kwartaal (2024-Q2) of maand (2024-05)."))],
    )
    kind = SelectField(_l("Soort meting"), choices=label_choices(MEASUREMENT_KINDS))
    value = DutchDecimalField(_l("Waarde"), validators=[InputRequired(NUMBER)], message=NUMBER)


class GoalTargetForm(PlannerForm):
    goal_id = IdSelectField(_l("Doel"), validators=[InputRequired(_l("Kies het doel."))])
    indicator_id = IdSelectField(_l("Indicator"), validators=[InputRequired(_l("Kies de indicator."))])
    area_id = IdSelectField(_l("Gebied"), validators=[InputRequired(_l("Kies het gebied."))])
    baseline_period = StringField(
        _l("Periode van de nulmeting"),
        validators=[DataRequired(_l("Vul de periode van de nulmeting in, bijvoorbeeld 2024."))],
    )
    target_period = StringField(
        _l("Streefperiode"), validators=[DataRequired(_l("Vul de streefperiode in, bijvoorbeeld 2028."))]
    )
    target_value = DutchDecimalField(_l("Streefwaarde"), validators=[InputRequired(NUMBER)], message=NUMBER)
