"""Forms for actions and milestones, including the per-area weights."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.actions.models import ACTION_STATUS_LABELS
from planner.core.forms import DutchDateField, DutchDecimalField, IdSelectField, LockedForm, WholeNumberField

DATE_MESSAGE = "Vul een datum in, bijvoorbeeld 31-12-2026."


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(LockedForm):
    title = StringField("Titel", validators=[DataRequired("Vul een titel in."), Length(max=200, message="Een titel is hoogstens 200 tekens.")])
    description = TextAreaField("Omschrijving", validators=[Length(max=10000, message="Hoogstens 10.000 tekens.")])
    goal_id = IdSelectField("Doel")
    parent_id = IdSelectField("Onderdeel van actie")
    owner = StringField("Trekker", validators=[Length(max=200, message="Hoogstens 200 tekens.")],
                        description="De persoon of organisatie die de actie trekt.")
    partners = CheckboxListField("Partners", coerce=int)
    status = SelectField("Status", choices=list(ACTION_STATUS_LABELS.items()))
    progress = WholeNumberField("Voortgang (%)", message="Vul de voortgang in als heel getal van 0 tot en met 100.", validators=[
        InputRequired("Vul een voortgang in, van 0 tot en met 100."),
        NumberRange(0, 100, "Voortgang is een percentage van 0 tot en met 100.")])
    weight = DutchDecimalField("Gewicht in bovenliggende actie", validators=[
        Optional(), NumberRange(min=Decimal("0.01"), max=Decimal("1000"), message="Een gewicht ligt tussen 0,01 en 1000.")],
        description="Telt mee bij het berekenen van de voortgang van de bovenliggende actie.")
    start_date = DutchDateField("Startdatum")
    end_date = DutchDateField("Einddatum")


class MilestoneForm(FlaskForm):
    title = StringField("Mijlpaal", validators=[DataRequired("Geef de mijlpaal een titel."), Length(max=200, message="Hoogstens 200 tekens.")])
    due_date = DutchDateField("Datum", validators=[InputRequired(DATE_MESSAGE)])


def parse_area_weights(formdata, candidates) -> tuple[dict, list[str]]:
    """Read `weight-<area id>` inputs: empty means the action does not serve that area."""
    weights, errors = {}, []
    for area in candidates:
        raw = (formdata.get(f"weight-{area.id}") or "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = Decimal(raw)
        except InvalidOperation:
            errors.append(f"Het gewicht voor {area.name} is geen getal.")
            continue
        if value <= 0 or value > 1000:
            errors.append(f"Het gewicht voor {area.name} ligt tussen 0 en 1000.")
            continue
        weights[area] = value
    if not weights and not errors:
        errors.append("Kies minstens één gebied dat deze actie bedient (vul een gewicht in).")
    return weights, errors
