"""Forms for regelingen, applications and their beschikking, initiatives and capacity."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from planner.budget.forms import DutchMoneyField
from planner.core.forms import DutchDateField, DutchDecimalField, IdSelectField, PlannerForm, WholeNumberField
from planner.participation.forms import PublicForm

AMOUNT_HINT = _l("Vul een bedrag in, bijvoorbeeld 2.500,00.")
LONG = Length(max=4000, message=_l("Hoogstens 4.000 tekens."))


class SchemeForm(PlannerForm):
    name = StringField(_l("Naam van de regeling"), validators=[InputRequired(_l("Geef de regeling een naam."))])
    area_id = IdSelectField(_l("Gebied"), validators=[InputRequired(_l("Kies een gebied."))])
    opgave_id = IdSelectField(_l("Opgave (niet verplicht)"))
    ceiling = DutchMoneyField(_l("Subsidieplafond (€)"), message=AMOUNT_HINT, validators=[InputRequired(AMOUNT_HINT)])
    criteria = TextAreaField(_l("Criteria"), validators=[LONG])
    goal_ids = SelectMultipleField(_l("Doelen waaraan de regeling bijdraagt"), coerce=int, validate_choice=False)
    wijkbudget = BooleanField(_l("Wijkbudget: bewoners kunnen een initiatief indienen via het openbare formulier"))
    valid_from = DutchDateField(_l("Open vanaf (niet verplicht)"))
    valid_to = DutchDateField(_l("Open tot en met (niet verplicht)"))


class ApplicationForm(PlannerForm):
    scheme_id = IdSelectField(_l("Regeling"), validators=[InputRequired(_l("Kies een subsidieregeling."))])
    organisation_id = IdSelectField(_l("Aanvragende partij"))
    area_id = IdSelectField(_l("Gebied"), validators=[InputRequired(_l("Kies een gebied."))])
    goal_id = IdSelectField(_l("Doel dat de aanvraag dient (niet verplicht)"))
    title = StringField(_l("Titel"), validators=[InputRequired(_l("Geef de aanvraag een titel.")), Length(max=200)])
    description = TextAreaField(_l("Omschrijving"), validators=[LONG])
    amount = DutchMoneyField(_l("Gevraagd bedrag (€)"), message=AMOUNT_HINT, validators=[InputRequired(AMOUNT_HINT)])


class ModerationForm(PlannerForm):
    decision = RadioField(
        _l("Wat gebeurt er met dit initiatief?"),
        choices=[("accept", _l("In behandeling nemen")), ("reject", _l("Niet in behandeling nemen"))],
        validators=[InputRequired(_l("Kies wat er met dit initiatief gebeurt."))],
    )


class AdviceForm(PlannerForm):
    advice = TextAreaField(_l("Advies van het gebiedsteam"), validators=[LONG])


class DecisionForm(PlannerForm):
    outcome = RadioField(
        _l("Beschikking"),
        choices=[("verlenen", _l("Verlenen")), ("weigeren", _l("Weigeren"))],
        validators=[InputRequired(_l("Kies: verlenen of weigeren."))],
    )
    budget_line_id = IdSelectField(_l("Begrotingsregel"))
    granted_amount = DutchMoneyField(_l("Verleend bedrag (€)"), message=AMOUNT_HINT)
    conditions = TextAreaField(_l("Voorwaarden"), validators=[LONG])
    account_by = DutchDateField(_l("Verantwoording uiterlijk op"))
    reasons = TextAreaField(_l("Redenen van de weigering"), validators=[LONG])


class PaymentForm(PlannerForm):
    due_on = DutchDateField(_l("Datum"), validators=[InputRequired(_l("Vul de datum van de betaling in."))])
    amount = DutchMoneyField(_l("Bedrag (€)"), message=AMOUNT_HINT, validators=[InputRequired(AMOUNT_HINT)])


class PaidForm(PlannerForm):
    payment_id = IdSelectField(_l("Termijn"), validators=[InputRequired(_l("Kies de betaling uit het betaalschema."))])
    paid_on = DutchDateField(_l("Betaald op"), validators=[InputRequired(_l("Vul de datum in waarop is betaald."))])
    paid_amount = DutchMoneyField(
        _l("Betaald bedrag (€)"), message=AMOUNT_HINT, validators=[InputRequired(AMOUNT_HINT)]
    )


class SettlementForm(PlannerForm):
    settled_amount = DutchMoneyField(
        _l("Vastgesteld bedrag (€)"), message=AMOUNT_HINT, validators=[InputRequired(AMOUNT_HINT)]
    )


class AnswerForm(PlannerForm):
    public_answer = TextAreaField(_l("Antwoord aan de bewoners (wordt gepubliceerd)"), validators=[LONG])


class InitiativeForm(PublicForm):
    """A residents' initiative: a request for the wijkbudget, on a public page without a session."""

    title = StringField(_l("Naam van uw initiatief"), validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))])
    description = TextAreaField(_l("Wat wilt u doen, met wie en waarom?"), validators=[LONG])
    amount = DutchMoneyField(_l("Gevraagd bedrag (€)"), message=AMOUNT_HINT)


class CapacityForm(PlannerForm):
    year = WholeNumberField(_l("Jaar"), validators=[InputRequired(_l("Vul een jaar in."))])
    who = StringField(_l("Afdeling of partij"), validators=[InputRequired(_l("Vul de afdeling of partij in."))])
    action_id = IdSelectField(_l("Actie (niet verplicht)"))
    planned_hours = DutchDecimalField(_l("Geplande uren"))
    actual_hours = DutchDecimalField(_l("Bestede uren"))
