"""Forms for the P&C calendar, action flags and the calendar subscription."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length

from planner.core.forms import DutchDateField, IdSelectField, PlannerForm, year_field
from planner.core.i18n import label_choices
from planner.cycle.models import FLAG_PURPOSES, MOMENT_KINDS


class GenerateForm(PlannerForm):
    area_id = IdSelectField(_l("Gemeente"))
    year = year_field(_l("Kalenderjaar"))
    najaarsnota = BooleanField(_l("Najaarsnota in plaats van tweede bestuursrapportage"))


class MomentForm(PlannerForm):
    area_id = IdSelectField(_l("Gemeente"))
    kind = SelectField(_l("Document"), choices=label_choices(MOMENT_KINDS), validate_choice=False)
    year = year_field(_l("Begrotingsjaar"))
    input_deadline = DutchDateField(_l("Interne inleverdatum"))
    college_date = DutchDateField(_l("Collegedatum"))
    council_date = DutchDateField(_l("Raadsdatum"))


class DatesForm(PlannerForm):
    input_deadline = DutchDateField(_l("Interne inleverdatum"), description=_l("Tot wanneer teams input aanleveren."))
    college_date = DutchDateField(_l("Collegedatum"))
    council_date = DutchDateField(_l("Raadsdatum"))


class FlagForm(PlannerForm):
    pc_moment_id = IdSelectField(_l("P&C-moment"), validate_choice=False)
    purpose = SelectField(_l("Waarvoor"), choices=label_choices(FLAG_PURPOSES), validate_choice=False)
    note = StringField(
        _l("Toelichting"),
        validators=[Length(max=300, message=_l("Hoogstens 300 tekens."))],
        description=_l("Bijvoorbeeld: structureel € 40.000 vanaf 2027."),
    )


class FlagActionForm(PlannerForm):
    """From a moment's page: flag one of my actions."""

    action_id = IdSelectField(_l("Actie"), validate_choice=False)
    purpose = SelectField(_l("Waarvoor"), choices=label_choices(FLAG_PURPOSES), validate_choice=False)
    note = StringField(_l("Toelichting"), validators=[Length(max=300, message=_l("Hoogstens 300 tekens."))])
