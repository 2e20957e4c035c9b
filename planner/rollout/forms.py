"""Forms for templates, roll-out, the board of steps and revisions."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from planner.core.forms import DutchDateField, IdSelectField, LockedForm, PlannerForm

PICK_FROM_LIST = _l("Kies uit de lijst.")


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, invalid_message=PICK_FROM_LIST, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            self.data = [int(value) for value in valuelist]
        except ValueError:
            self.data = []
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        allowed = {value for value, _ in self.choices or ()}
        if any(value not in allowed for value in self.data or ()):
            raise ValidationError(self.invalid_message)


class TemplateForm(LockedForm):
    title = StringField(
        _l("Naam van het sjabloon"),
        validators=[
            DataRequired(_l("Geef het sjabloon een naam.")),
            Length(max=200, message=_l("Een naam is hoogstens 200 tekens.")),
        ],
    )
    fits_when = TextAreaField(
        _l("Wanneer past dit sjabloon?"),
        validators=[
            DataRequired(_l("Beschrijf wanneer het sjabloon past.")),
            Length(max=5000, message=_l("Hoogstens 5.000 tekens.")),
        ],
    )
    steps = TextAreaField(
        _l("Stappen van de werkwijze (één per regel)"),
        validators=[Length(max=2000, message=_l("Hoogstens 2.000 tekens."))],
    )
    goal_ids = CheckboxListField(
        _l("Doelen"), invalid_message=_l("Kies doelen van dit programma."), validators=[Optional()]
    )
    action_ids = CheckboxListField(
        _l("Acties"), invalid_message=_l("Kies acties van dit programma."), validators=[Optional()]
    )


class RolloutForm(PlannerForm):
    ward_ids = CheckboxListField(
        _l("Wijken"),
        invalid_message=_l("Kies wijken uit de lijst: alleen wijken waarin u programma's mag maken."),
        validators=[Optional()],
    )
    start = DutchDateField(_l("Startdatum"), validators=[Optional()])
    title = StringField(
        _l("Titel van de nieuwe programma's"),
        validators=[Length(max=150, message=_l("Een titel is hoogstens 150 tekens."))],
    )


class StepForm(PlannerForm):
    step = SelectField(_l("Stap"), validate_choice=True)
    done_on = DutchDateField(_l("Gedaan op (leeg: niet gedaan)"), validators=[Optional()])


class RevisionForm(PlannerForm):
    reason = TextAreaField(
        _l("Waarom wordt het programma herzien?"),
        validators=[Length(max=5000, message=_l("Hoogstens 5.000 tekens."))],
    )
    agenda_item_id = IdSelectField(
        _l("Besluit dat de herziening dekt"),
        invalid_message=_l("Kies een besluit uit de lijst van de politieke agenda."),
    )
