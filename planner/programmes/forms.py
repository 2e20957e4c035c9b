"""Forms for programmes, goals and workflow steps."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from planner.core.forms import IdSelectField, LockedForm, PlannerForm, year_field

REQUIRED_TITLE = DataRequired(_l("Vul een titel in."))


class ProgrammeForm(LockedForm):
    area_id = IdSelectField(
        _l("Gebied"),
        description=_l("Het gebied bepaalt wie het programma mag zien en bewerken."),
        invalid_message=_l("Kies een gebied uit de lijst: alleen gebieden waarin u programma's mag maken."),
    )
    title = StringField(
        _l("Titel"), validators=[REQUIRED_TITLE, Length(max=200, message=_l("Een titel is hoogstens 200 tekens."))]
    )
    opgave_id = IdSelectField(_l("Opgave"))
    start_year = year_field(_l("Beginjaar"))
    end_year = year_field(_l("Eindjaar"))
    summary = TextAreaField(
        _l("Samenvatting"), validators=[Length(max=5000, message=_l("De samenvatting is hoogstens 5.000 tekens."))]
    )
    ambition = TextAreaField(
        _l("Wat willen we bereiken?"), validators=[Length(max=20000, message=_l("Hoogstens 20.000 tekens."))]
    )
    approach = TextAreaField(
        _l("Wat gaan we daarvoor doen?"), validators=[Length(max=20000, message=_l("Hoogstens 20.000 tekens."))]
    )
    cost_notes = TextAreaField(
        _l("Wat mag het kosten?"), validators=[Length(max=20000, message=_l("Hoogstens 20.000 tekens."))]
    )


class GoalForm(LockedForm):
    title = StringField(
        _l("Titel"), validators=[REQUIRED_TITLE, Length(max=200, message=_l("Een titel is hoogstens 200 tekens."))]
    )
    description = TextAreaField(
        _l("Toelichting"), validators=[Length(max=10000, message=_l("Hoogstens 10.000 tekens."))]
    )
    theme_id = IdSelectField(_l("Thema"))


class TransitionForm(PlannerForm):
    to_status = HiddenField()
    note = TextAreaField(
        _l("Toelichting bij deze stap"), validators=[Length(max=2000, message=_l("Hoogstens 2.000 tekens."))]
    )
    decision_item_id = IdSelectField(_l("Besluit op de politieke agenda"))
    competent_body = SelectField(
        _l("Bevoegd orgaan"),
        choices=[("", _l("Kies wie vaststelt")), ("raad", _l("Gemeenteraad")), ("college", _l("College van B&W"))],
        validate_choice=False,
    )
