"""Forms of the internal round: a comment at the table, the team's answer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from planner.core.forms import LockedForm, PlannerForm
from planner.core.i18n import label_choices
from planner.programmes.comments.models import MAX_TEXT, OUTCOMES

TOO_LONG = _l("Hoogstens 2.000 tekens.")


class CommentForm(PlannerForm):
    # Checked by the service (a goal or action of this programme), so a stale page gets a message, not a crash.
    subject = SelectField(_l("Waarover gaat uw opmerking?"), validate_choice=False)
    text = TextAreaField(
        _l("Uw opmerking"),
        validators=[DataRequired(_l("Schrijf uw opmerking.")), Length(max=MAX_TEXT, message=TOO_LONG)],
        description=_l("Het opgaveteam ziet uw naam en organisatie bij de opmerking en antwoordt hier."),
    )


class AnswerForm(LockedForm):
    answer = TextAreaField(
        _l("Antwoord van het team"),
        validators=[
            DataRequired(_l("Schrijf het antwoord aan wie de opmerking gaf.")),
            Length(max=MAX_TEXT, message=TOO_LONG),
        ],
    )
    outcome = SelectField(
        _l("Wat is ermee gedaan?"),
        choices=label_choices(OUTCOMES),
        default="beantwoord",
        validate_choice=False,
    )
