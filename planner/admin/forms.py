"""Forms for accounts and role grants."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from planner.core.access import ROLE_LABELS
from planner.core.forms import IdSelectField, PlannerForm
from planner.core.i18n import label_choices

ROLE_CHOICES = label_choices(ROLE_LABELS)


class GrantForm(PlannerForm):
    role = SelectField(_l("Rol"), choices=ROLE_CHOICES, default="team_member")
    area_id = IdSelectField(
        _l("Gebied"),
        invalid_message=_l("Kies een gebied uit de lijst: u kunt alleen rollen geven binnen uw eigen gebieden."),
    )


class NewUserForm(GrantForm):
    # The least powerful role by default: an admin raises it on purpose, never by leaving the default.
    role = SelectField(_l("Rol"), choices=ROLE_CHOICES, default="reader")
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(_l("Vul het e-mailadres in.")), Length(max=254)])
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul de naam in zoals collega's die kennen.")), Length(max=120)]
    )
    password = PasswordField(
        _l("Eerste wachtwoord"),
        validators=[DataRequired(_l("Vul een eerste wachtwoord in."))],
        description=_l("Minstens 12 tekens. Geef het de gebruiker persoonlijk door."),
    )


class PasswordForm(PlannerForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Vul een nieuw wachtwoord in."))],
        description=_l("Minstens 12 tekens."),
    )


class PartnerGrantForm(PlannerForm):
    opgave_id = IdSelectField(
        _l("Opgave"),
        description=_l("Alle programma's van de opgave. Of kies hieronder één programma."),
        invalid_message=_l("Kies een opgave uit de lijst: u kunt alleen partnerrollen geven binnen uw gebieden."),
    )
    programme_id = IdSelectField(
        _l("Of één programma"),
        description=_l("Alleen dit programma, niet de andere programma's van zijn opgave."),
        invalid_message=_l("Kies een programma uit de lijst: u kunt alleen partnerrollen geven binnen uw gebieden."),
    )
    organisation_id = IdSelectField(
        _l("Organisatie"), invalid_message=_l("Kies de organisatie waarvoor deze persoon aan tafel zit.")
    )


class NewPartnerForm(PartnerGrantForm):
    """A person of a partner organisation: no area role, only a seat at one opgave's or programme's table."""

    email = NewUserForm.email
    name = NewUserForm.name
    password = NewUserForm.password


class UserDetailsForm(PlannerForm):
    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(_l("Vul de naam in zoals collega's die kennen.")),
            Length(max=120, message=_l("Een naam is hoogstens 120 tekens.")),
        ],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul het e-mailadres in.")),
            Length(max=254, message=_l("Een e-mailadres is hoogstens 254 tekens.")),
        ],
    )
