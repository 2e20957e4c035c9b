"""Forms for actions and milestones, including the per-area weights."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.actions.models import ACTION_STATUS_LABELS, COMMITMENT_KINDS, CORRECTION_ASPECTS
from planner.core.forms import (
    DutchDateField,
    DutchDecimalField,
    IdSelectField,
    LockedForm,
    PlannerForm,
    WholeNumberField,
)
from planner.core.i18n import label_choices
from planner.core.limits import parse_decimal

DATE_MESSAGE = _l("Vul een datum in, bijvoorbeeld 31-12-2026.")


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ActionForm(LockedForm):
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Vul een titel in.")),
            Length(max=200, message=_l("Een titel is hoogstens 200 tekens.")),
        ],
    )
    description = TextAreaField(
        _l("Omschrijving"), validators=[Length(max=10000, message=_l("Hoogstens 10.000 tekens."))]
    )
    goal_id = IdSelectField(_l("Doel"))
    parent_id = IdSelectField(_l("Onderdeel van actie"))
    owner_organisation_id = IdSelectField(
        _l("Trekker"),
        description=_l(
            "De partij die de actie trekt. Staat zij er niet bij? Vraag de functioneel beheerder haar toe te voegen."
        ),
    )
    owner_person = StringField(
        _l("Contactpersoon bij de trekker"), validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))]
    )
    partners = CheckboxListField(_l("Partners"), coerce=int)
    status = SelectField(_l("Status"), choices=label_choices(ACTION_STATUS_LABELS))
    progress = WholeNumberField(
        _l("Voortgang (%)"),
        message=_l("Vul de voortgang in als heel getal van 0 tot en met 100."),
        validators=[
            InputRequired(_l("Vul een voortgang in, van 0 tot en met 100.")),
            NumberRange(0, 100, _l("Voortgang is een percentage van 0 tot en met 100.")),
        ],
    )
    weight = DutchDecimalField(
        _l("Gewicht in bovenliggende actie"),
        validators=[
            Optional(),
            NumberRange(min=Decimal("0.01"), max=Decimal("1000"), message=_l("Een gewicht ligt tussen 0,01 en 1000.")),
        ],
        description=_l("Telt mee bij het berekenen van de voortgang van de bovenliggende actie."),
    )
    start_date = DutchDateField(_l("Startdatum"))
    end_date = DutchDateField(_l("Einddatum"))


class MilestoneForm(PlannerForm):
    title = StringField(
        _l("Mijlpaal"),
        validators=[
            DataRequired(_l("Geef de mijlpaal een titel.")),
            Length(max=200, message=_l("Hoogstens 200 tekens.")),
        ],
    )
    due_date = DutchDateField(_l("Datum"), validators=[InputRequired(DATE_MESSAGE)])


class CorrectionForm(PlannerForm):
    """Bijsturen: the reason and date are checked by the service, so its message stands beside the field."""

    corrected_on = DutchDateField(_l("Datum van de bijsturing"), validators=[InputRequired(DATE_MESSAGE)])
    aspects = CheckboxListField(_l("Wat verandert er?"), choices=label_choices(CORRECTION_ASPECTS))
    changes = TextAreaField(
        _l("Wat is er veranderd"), validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))]
    )
    reason = TextAreaField(_l("Reden"))


class MoveMilestoneForm(PlannerForm):
    due_date = DutchDateField(_l("Nieuwe datum"), validators=[InputRequired(DATE_MESSAGE)])
    reason = TextAreaField(
        _l("Reden (niet verplicht)"), validators=[Length(max=2000, message=_l("Hoogstens 2000 tekens."))]
    )


class CommitmentForm(PlannerForm):
    organisation_id = IdSelectField(
        _l("Partij"), validators=[InputRequired(_l("Kies de partij die deze inzet levert."))]
    )
    kind = SelectField(_l("Soort inzet"), choices=label_choices(COMMITMENT_KINDS))
    amount = DutchDecimalField(
        _l("Bedrag (€) of uren"),
        validators=[
            InputRequired(_l("Vul een bedrag of aantal uren in.")),
            NumberRange(min=Decimal("0"), message=_l("Een inzet kan niet negatief zijn. Vul 0 of meer in.")),
        ],
        description=_l("Euro's bij geld en in natura (de waarde), uren bij uren."),
    )
    description = StringField(_l("Omschrijving"), validators=[Length(max=500, message=_l("Hoogstens 500 tekens."))])


MILESTONE_ROWS = 3  # empty milestone rows on the action form; more with the "add" button (JS) or after saving


def parse_milestone_rows(formdata) -> tuple[list[tuple[str, object]], list[str], dict]:
    """Read the action form's milestone rows `mijlpaal-<n>-titel` / `mijlpaal-<n>-datum`: a row
    with neither is skipped; a row needs both. Returns (title, date) pairs, the messages, and the
    rows as typed (to show them again after an error)."""
    from planner.core.forms import parse_dutch_date

    rows, errors, typed = [], [], {}
    numbers = sorted(
        {int(k.split("-")[1]) for k in formdata if k.startswith("mijlpaal-") and k.split("-")[1].isdigit()}
    )
    for n in numbers[:50]:
        title = (formdata.get(f"mijlpaal-{n}-titel") or "").strip()
        raw = (formdata.get(f"mijlpaal-{n}-datum") or "").strip()
        if not title and not raw:
            continue
        typed[n] = (title, raw)
        label = gettext("Mijlpaal %(n)s", n=len(typed))
        if not title:
            errors.append(gettext("%(row)s: geef de mijlpaal een titel.", row=label))
            continue
        if len(title) > 200:
            errors.append(gettext("%(row)s: een titel is hoogstens 200 tekens.", row=label))
            continue
        due = parse_dutch_date(raw) if raw else None
        if due is None:
            errors.append(
                gettext("%(row)s: vul een datum in, bijvoorbeeld 31-12-2026.", row=label)
                if not raw
                else gettext(
                    "%(row)s: '%(value)s' is geen geldige datum. Vul een datum in als 31-12-2026.", row=label, value=raw
                )
            )
            continue
        rows.append((title, due))
    return rows, errors, typed


def parse_area_weights(formdata, candidates) -> tuple[dict, list[str]]:
    """Read `weight-<area id>` inputs: empty means the action does not serve that area."""
    weights, errors = {}, []
    for area in candidates:
        raw = (formdata.get(f"weight-{area.id}") or "").strip().replace(",", ".")
        if not raw:
            continue
        try:
            value = parse_decimal(raw)  # ASCII digits: no NaN, infinity or exponent
        except (ValueError, InvalidOperation):
            errors.append(gettext("Het gewicht voor %(area)s is geen getal.", area=area.name))
            continue
        if value <= 0 or value > 1000:
            errors.append(gettext("Het gewicht voor %(area)s ligt tussen 0 en 1000.", area=area.name))
            continue
        weights[area] = value
    if not weights and not errors:
        errors.append(gettext("Kies minstens één gebied dat deze actie bedient (vul een gewicht in)."))
    return weights, errors
