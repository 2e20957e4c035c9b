"""Forms for moments, contributions, triage and the public reaction (the latter without a session)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.core.forms import DutchDateField, IdSelectField, PlannerForm, WholeNumberField
from planner.core.i18n import label_choices
from planner.participation.models import CONTRIBUTION_STATUSES, MOMENT_KINDS
from planner.participation.services import MAX_TEXT

# Length fills in %(max)d itself.
TEXT_LENGTH = Length(max=MAX_TEXT, message=_l("Een reactie is hoogstens %(max)d tekens. Maak de tekst korter."))


class MomentForm(PlannerForm):
    kind = SelectField(_l("Soort bijeenkomst"), choices=label_choices(MOMENT_KINDS), validate_choice=False)
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Vul een titel in, bijvoorbeeld 'Bewonersavond Binnenstad'.")),
            Length(max=200, message=_l("Een titel is hoogstens 200 tekens.")),
        ],
    )
    date = DutchDateField(_l("Datum"), validators=[InputRequired(_l("Vul de datum van de bijeenkomst in."))])
    place = StringField(_l("Plaats"), validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))])
    participants = WholeNumberField(
        _l("Aantal deelnemers"), validators=[Optional(), NumberRange(0, 100000, _l("Vul een aantal van 0 of meer in."))]
    )
    summary = TextAreaField(_l("Samenvatting"), validators=[Length(max=20000, message=_l("Hoogstens 20.000 tekens."))])


class ContributionForm(PlannerForm):
    text = TextAreaField(
        _l("Inbreng"), validators=[DataRequired(_l("Schrijf op wat de bewoner inbracht.")), TEXT_LENGTH]
    )
    moment_id = IdSelectField(_l("Bijeenkomst"))
    theme_id = IdSelectField(_l("Thema"))
    target = SelectField(_l("Reageert op"), validate_choice=False)


class RespondForm(PlannerForm):
    status = SelectField(_l("Status"), choices=label_choices(CONTRIBUTION_STATUSES), validate_choice=False)
    response = TextAreaField(
        _l("Onderbouwde reactie"), validators=[Length(max=4000, message=_l("Hoogstens 4.000 tekens."))]
    )
    theme_id = IdSelectField(_l("Thema"))
    goal_ids = SelectMultipleField(_l("Leidde tot doelen"), coerce=int, validate_choice=False)
    action_ids = SelectMultipleField(_l("Leidde tot acties"), coerce=int, validate_choice=False)


class BulkForm(PlannerForm):
    ids = SelectMultipleField(_l("Geselecteerde bijdragen"), coerce=int, validate_choice=False)
    status = SelectField(
        _l("Nieuwe status"),
        choices=[("", _l("— status niet wijzigen —"))] + label_choices(CONTRIBUTION_STATUSES),
        validate_choice=False,
    )
    response = TextAreaField(
        _l("Reactie voor alle geselecteerde bijdragen"),
        validators=[Length(max=4000, message=_l("Hoogstens 4.000 tekens."))],
    )
    decision = SelectField(
        _l("Moderatie"),
        choices=[("", ""), ("gepubliceerd", _l("Publiceren")), ("afgewezen", _l("Afwijzen"))],
        validate_choice=False,
    )


class PublicForm(Form):
    """A plain WTForms form: no Flask-WTF session token, so a public page sets no cookie. The request is
    protected by a signed, time-limited token instead (see planner.participation.public). The contact
    fields are optional and kept only with consent."""

    name = StringField(
        _l("Naam (niet verplicht)"), validators=[Length(max=120, message=_l("Een naam is hoogstens 120 tekens."))]
    )
    email = StringField(
        _l("E-mailadres (niet verplicht)"),
        validators=[Length(max=254, message=_l("Een e-mailadres is hoogstens 254 tekens."))],
    )
    consent = BooleanField(
        _l("Ik geef toestemming om mijn naam en e-mailadres te bewaren zoals beschreven in de privacyverklaring.")
    )
    website = StringField(_l("Laat dit veld leeg"))  # honeypot: hidden from people, filled in by bots
    token = HiddenField()


class PublicReactionForm(PublicForm):
    """A resident's reaction on a programme, an action, a progress report or a goal."""

    text = TextAreaField(
        _l("Uw reactie"), validators=[DataRequired(_l("Schrijf uw reactie in het tekstvak.")), TEXT_LENGTH]
    )


class AttachmentForm(PlannerForm):
    """A photo or PDF for a moment; type, size and alt text are checked by the service, on the content."""

    file = FileField(
        _l("Foto of document"),
        validators=[FileRequired(_l("Kies een foto (JPEG of PNG) of een PDF-document."))],
        render_kw={"accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"},
    )
    description = TextAreaField(
        _l("Beschrijving (alt-tekst)"),
        validators=[Length(max=500, message=_l("Een beschrijving is hoogstens 500 tekens."))],
    )
    public = BooleanField(_l("Foto tonen op de openbare terugkoppelingspagina"))


class AttachmentPublicForm(PlannerForm):
    public = HiddenField()


class ConfirmForm(PlannerForm):
    """Only the CSRF token: for buttons that change something (delete)."""


class ConsultationPeriodForm(PlannerForm):
    opens_on = DutchDateField(_l("Inspraak open vanaf"), validators=[Optional()])
    closes_on = DutchDateField(_l("Inspraak sluit na"), validators=[Optional()])


class PhasesForm(PlannerForm):
    """Which phases are open to residents, each with its dates (consultation of the draft is always open)."""

    consultatie_opens_on = DutchDateField(_l("Consultatie open vanaf"), validators=[Optional()])
    consultatie_closes_on = DutchDateField(_l("Consultatie sluit na"), validators=[Optional()])
    uitvoering_open = BooleanField(_l("Bewoners reageren tijdens de uitvoering op acties en hun voortgang"))
    uitvoering_opens_on = DutchDateField(_l("Uitvoering: inspraak open vanaf"), validators=[Optional()])
    uitvoering_closes_on = DutchDateField(_l("Uitvoering: inspraak sluit na"), validators=[Optional()])
    evaluatie_open = BooleanField(_l("Bewoners geven bij de evaluatie hun oordeel per doel"))
    evaluatie_opens_on = DutchDateField(_l("Evaluatie: inspraak open vanaf"), validators=[Optional()])
    evaluatie_closes_on = DutchDateField(_l("Evaluatie: inspraak sluit na"), validators=[Optional()])


class PolicyForm(PlannerForm):
    execution_open = BooleanField(_l("Inspraak tijdens de uitvoering staat standaard open"))
    evaluation_open = BooleanField(_l("Inspraak bij de evaluatie staat standaard open"))
    retention_days = WholeNumberField(
        _l("Bewaartermijn van namen en e-mailadressen (dagen)"),
        validators=[InputRequired(_l("Vul de bewaartermijn in dagen in, bijvoorbeeld 365."))],
    )


class PublicSignalForm(PublicForm):
    """A resident's signal or idea for a ward."""

    text = TextAreaField(
        _l("Uw signaal of idee"),
        validators=[DataRequired(_l("Schrijf uw signaal of idee in het tekstvak.")), TEXT_LENGTH],
    )
    theme_id = IdSelectField(_l("Onderwerp (niet verplicht)"))
    location = StringField(
        _l("Waar in de wijk? (niet verplicht)"),
        validators=[Length(max=200, message=_l("Een plaatsaanduiding is hoogstens 200 tekens."))],
    )


SIGNAL_TRIAGE_CHOICES = [
    ("programma", _l("Inbreng bij een programma van deze wijk")),
    ("nieuwe_opgave", _l("Verkennen als nieuwe opgave")),
    ("opgave", _l("Koppelen aan een bestaande opgave")),
    ("antwoord", _l("Beantwoorden")),
]


class SignalTriageForm(PlannerForm):
    outcome = RadioField(
        _l("Wat gebeurt er met dit signaal?"),
        choices=SIGNAL_TRIAGE_CHOICES,
        validators=[InputRequired(_l("Kies wat er met dit signaal gebeurt."))],
        validate_choice=False,
    )
    programme_id = IdSelectField(_l("Programma"))
    opgave_id = IdSelectField(_l("Bestaande opgave"))
    title = StringField(
        _l("Titel van de nieuwe opgave"), validators=[Length(max=200, message=_l("Een titel is hoogstens 200 tekens."))]
    )
    statement = StringField(
        _l("De opgave in één zin"), validators=[Length(max=500, message=_l("Hoogstens 500 tekens."))]
    )
    answer = TextAreaField(
        _l("Antwoord aan de bewoner"), validators=[Length(max=4000, message=_l("Hoogstens 4.000 tekens."))]
    )
