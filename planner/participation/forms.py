"""Forms for moments, contributions, triage and the public reaction (the latter without a session)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (BooleanField, Form, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from planner.core.forms import DutchDateField, IdSelectField
from planner.participation.models import CONTRIBUTION_STATUSES, MOMENT_KINDS
from planner.participation.services import MAX_TEXT

TEXT_LENGTH = Length(max=MAX_TEXT, message=f"Een reactie is hoogstens {MAX_TEXT} tekens. Maak de tekst korter.")


class MomentForm(FlaskForm):
    kind = SelectField("Soort bijeenkomst", choices=list(MOMENT_KINDS.items()), validate_choice=False)
    title = StringField("Titel", validators=[DataRequired("Vul een titel in, bijvoorbeeld 'Bewonersavond Binnenstad'."),
                                             Length(max=200, message="Een titel is hoogstens 200 tekens.")])
    date = DutchDateField("Datum", validators=[InputRequired("Vul de datum van de bijeenkomst in.")])
    place = StringField("Plaats", validators=[Length(max=200, message="Hoogstens 200 tekens.")])
    participants = IntegerField("Aantal deelnemers", validators=[
        Optional(), NumberRange(0, 100000, "Vul een aantal van 0 of meer in.")])
    summary = TextAreaField("Samenvatting", validators=[Length(max=20000, message="Hoogstens 20.000 tekens.")])


class ContributionForm(FlaskForm):
    text = TextAreaField("Inbreng", validators=[DataRequired("Schrijf op wat de bewoner inbracht."), TEXT_LENGTH])
    moment_id = IdSelectField("Bijeenkomst")
    theme_id = IdSelectField("Thema")
    target = SelectField("Reageert op", validate_choice=False)


class RespondForm(FlaskForm):
    status = SelectField("Status", choices=list(CONTRIBUTION_STATUSES.items()), validate_choice=False)
    response = TextAreaField("Onderbouwde reactie", validators=[Length(max=4000, message="Hoogstens 4.000 tekens.")])
    theme_id = IdSelectField("Thema")
    goal_ids = SelectMultipleField("Leidde tot doelen", coerce=int, validate_choice=False)
    action_ids = SelectMultipleField("Leidde tot acties", coerce=int, validate_choice=False)


class BulkForm(FlaskForm):
    ids = SelectMultipleField("Geselecteerde bijdragen", coerce=int, validate_choice=False)
    status = SelectField("Nieuwe status", choices=[("", "— status niet wijzigen —")] + list(CONTRIBUTION_STATUSES.items()),
                         validate_choice=False)
    response = TextAreaField("Reactie voor alle geselecteerde bijdragen",
                             validators=[Length(max=4000, message="Hoogstens 4.000 tekens.")])
    decision = SelectField("Moderatie", choices=[("", ""), ("gepubliceerd", "Publiceren"), ("afgewezen", "Afwijzen")],
                           validate_choice=False)


class PublicReactionForm(Form):
    """A plain WTForms form: no Flask-WTF session token, so the public page sets no cookie.

    The request is protected by a signed, time-limited token (see planner.participation.public).
    """

    text = TextAreaField("Uw reactie", validators=[DataRequired("Schrijf uw reactie in het tekstvak."), TEXT_LENGTH])
    name = StringField("Naam (niet verplicht)", validators=[Length(max=120, message="Een naam is hoogstens 120 tekens.")])
    email = StringField("E-mailadres (niet verplicht)", validators=[
        Length(max=254, message="Een e-mailadres is hoogstens 254 tekens.")])
    consent = BooleanField("Ik geef toestemming om mijn naam en e-mailadres te bewaren zoals beschreven in de privacyverklaring.")
    website = StringField("Laat dit veld leeg")  # honeypot: hidden from people, filled in by bots
    token = HiddenField()
