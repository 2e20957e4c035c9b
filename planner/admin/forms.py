"""Forms for accounts and role grants."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from planner.core.access import ROLE_LABELS
from planner.core.forms import IdSelectField

ROLE_CHOICES = list(ROLE_LABELS.items())


class GrantForm(FlaskForm):
    role = SelectField("Rol", choices=ROLE_CHOICES, default="team_member")
    area_id = IdSelectField("Gebied", invalid_message="Kies een gebied uit de lijst: u kunt alleen rollen geven binnen uw eigen gebieden.")


class NewUserForm(GrantForm):
    email = EmailField("E-mailadres", validators=[DataRequired("Vul het e-mailadres in."), Length(max=254)])
    name = StringField("Naam", validators=[DataRequired("Vul de naam in zoals collega's die kennen."), Length(max=120)])
    password = PasswordField("Eerste wachtwoord", validators=[DataRequired("Vul een eerste wachtwoord in.")],
                             description="Minstens 12 tekens. Geef het de gebruiker persoonlijk door.")


class PasswordForm(FlaskForm):
    password = PasswordField("Nieuw wachtwoord", validators=[DataRequired("Vul een nieuw wachtwoord in.")],
                             description="Minstens 12 tekens.")
