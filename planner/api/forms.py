"""The form for a new API token."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from planner.core.forms import DutchDateField, PlannerForm


class TokenForm(PlannerForm):
    name = StringField(
        _l("Naam van de sleutel"),
        validators=[
            DataRequired(_l("Geef de sleutel een naam, bijvoorbeeld het script of systeem dat hem gebruikt.")),
            Length(max=100, message=_l("De naam is te lang: gebruik hoogstens 100 tekens.")),
        ],
        description=_l("Waarvoor u de sleutel gebruikt, bijvoorbeeld 'Power BI-dashboard griffie'."),
    )
    expires_on = DutchDateField(
        _l("Geldig tot en met (niet verplicht)"),
        description=_l("Daarna werkt de sleutel niet meer. Leeg: geldig tot u hem intrekt."),
    )
