"""Forms for opgaven, their lifecycle and table, and the admin lists of organisations and themes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from planner.core.forms import DutchDateField, IdSelectField, LockedForm, PlannerForm
from planner.core.i18n import label_choices
from planner.opgaven.models import (
    AGREEMENT_STATUSES,
    CONTRIBUTIONS,
    OPGAVE_KINDS,
    ORGANISATION_KINDS,
    PRIORITIES,
    SEAT_ROLES,
)


def _max(n: int):
    return Length(max=n, message=_l("Hoogstens %(n)s tekens.", n=f"{n:,}".replace(",", ".")))


class CheckboxListField(SelectMultipleField):
    """Checkboxes; an id outside the list (a stale page) gets a Dutch message, not WTForms' English one."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(_l("Kies alleen uit de lijst.")) from None


class Marked:
    """Marks a field as required on screen; the service checks it and says what is missing beside it."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        pass


REQUIRED = Marked()


class OpgaveForm(LockedForm):
    area_id = IdSelectField(
        _l("Gebied"),
        validators=[REQUIRED],
        invalid_message=_l("Kies een gebied uit de lijst: alleen gebieden waarin u opgaven mag maken."),
    )
    # The areas it concerns besides the owning area: each within it (see services._check_concerned).
    concerned_area_ids = CheckboxListField(_l("Gaat ook over deze gebieden"), coerce=int)
    title = StringField(_l("Titel"), validators=[DataRequired(_l("Vul een korte titel in.")), _max(200)])
    statement = TextAreaField(
        _l("De opgave in één zin"),
        validators=[
            DataRequired(_l("Beschrijf de opgave in één zin: wat hebben we hier te doen, en waarom?")),
            _max(500),
        ],
    )
    kind = SelectField(_l("Soort opgave"), choices=label_choices(OPGAVE_KINDS))
    priority = SelectField(_l("Prioriteit"), choices=label_choices(PRIORITIES), default="middel")
    description = TextAreaField(_l("Aanleiding: wat zien we?"), validators=[_max(20000)])
    desired_situation = TextAreaField(_l("Gewenste situatie"), validators=[_max(20000)])
    theme_ids = CheckboxListField(_l("Thema's"), coerce=int)
    portfolio_holder = StringField(_l("Bestuurlijk opdrachtgever (portefeuillehouder)"), validators=[_max(200)])
    official_sponsor = StringField(_l("Ambtelijk opdrachtgever"), validators=[_max(200)])
    director = StringField(_l("Opgaveregisseur"), validators=[_max(200)])


class StatusForm(PlannerForm):
    to_status = SelectField(
        _l("Naar fase"), validators=[REQUIRED], validate_choice=False
    )  # the service says why a step is not possible
    reason = TextAreaField(_l("Reden"), validators=[REQUIRED, _max(2000)])


class SeatForm(PlannerForm):
    organisation_id = IdSelectField(_l("Organisatie"), validators=[REQUIRED])
    role = SelectField(_l("Rol aan deze tafel"), choices=label_choices(SEAT_ROLES), default="betrokken")
    brings = CheckboxListField(_l("Brengt in"), choices=label_choices(CONTRIBUTIONS))
    offer = TextAreaField(_l("Wat brengt de partij in?"), validators=[_max(5000)])
    wants = TextAreaField(_l("Wat wil de partij bereiken?"), validators=[_max(5000)])
    contacts = TextAreaField(_l("Contactpersonen"), validators=[_max(2000)])


class AgreementForm(LockedForm):
    organisation_id = IdSelectField(_l("Partij"), validators=[REQUIRED])
    made_on = DutchDateField(_l("Datum van de afspraak"), validators=[REQUIRED])
    text = TextAreaField(
        _l("Wat is er afgesproken?"),
        validators=[DataRequired(_l("Beschrijf wat er is afgesproken: wie doet wat, wanneer?")), _max(5000)],
    )
    due_date = DutchDateField(_l("Uiterlijk klaar op"))
    status = SelectField(_l("Stand"), choices=label_choices(AGREEMENT_STATUSES), default="open")
    meeting_id = IdSelectField(_l("Gemaakt in tafeloverleg"))
    action_ids = CheckboxListField(_l("Uitgevoerd door acties"), coerce=int)


class MeetingForm(PlannerForm):
    held_on = DutchDateField(_l("Datum"), validators=[REQUIRED])
    title = StringField(_l("Onderwerp"), validators=[_max(200)])
    attendee_ids = CheckboxListField(_l("Aanwezige partijen"), coerce=int, validators=[REQUIRED])
    notes = TextAreaField(_l("Verslag in het kort"), validators=[_max(20000)])


class OrganisationForm(PlannerForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam van de organisatie in.")), _max(200)])
    kind = SelectField(_l("Soort organisatie"), choices=label_choices(ORGANISATION_KINDS))


class MergeForm(PlannerForm):
    target_id = IdSelectField(_l("Samenvoegen met"), validators=[REQUIRED])


class ThemeForm(PlannerForm):
    name = StringField(_l("Naam"), validators=[DataRequired(_l("Vul de naam van het thema in.")), _max(100)])
    party_kinds = CheckboxListField(
        _l("Soorten partijen die bij dit thema aan tafel horen"), choices=label_choices(ORGANISATION_KINDS)
    )
    # Only for a new theme: the municipality whose list it joins, or '' for the list every municipality shares.
    area_id = IdSelectField(_l("Geldt voor"), invalid_message=_l("Kies een gemeente waarvan u beheerder bent."))
