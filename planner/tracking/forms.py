"""The periodic progress update form: a short text, the progress and the status of one action."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from planner.actions.models import ACTION_STATUS_LABELS
from planner.core.forms import PlannerForm, WholeNumberField
from planner.core.i18n import label_choices


class ProgressUpdateForm(PlannerForm):
    period = StringField(_l("Periode"), validators=[DataRequired(_l("Vul de periode in, bijvoorbeeld 2026-Q3."))])
    progress = WholeNumberField(
        _l("Voortgang (%)"),
        validators=[
            InputRequired(_l("Vul de voortgang in als een getal van 0 tot en met 100.")),
            NumberRange(0, 100, _l("Voortgang is een percentage van 0 tot en met 100.")),
        ],
    )
    status = SelectField(_l("Status"), choices=label_choices(ACTION_STATUS_LABELS))
    text = TextAreaField(
        _l("Wat is er deze periode gebeurd?"),
        validators=[
            DataRequired(_l("Schrijf in een paar zinnen wat er deze periode is gebeurd.")),
            Length(max=1000, message=_l("Houd de toelichting kort: hoogstens 1000 tekens.")),
        ],
    )
