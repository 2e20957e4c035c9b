"""Forms for allocations and deviation notes."""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from planner.core.forms import (
    DutchDateField,
    DutchDecimalField,
    GroupedIdSelectField,
    IdSelectField,
    PlannerForm,
    WholeNumberField,
)


class DutchMoneyField(DutchDecimalField):
    """Euros as a civil servant types them: 80.000 is eighty thousand (dots group thousands),
    12.500,50 and 12500,50 and 12500.50 all read as expected."""

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip().replace("€", "").replace(" ", "")
        if "," not in raw and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        super().process_formdata([raw])

    def range_message(self) -> str:
        return gettext("Vul een bedrag tussen € -10.000.000.000 en € 10.000.000.000 in.")


class AllocationForm(PlannerForm):
    year = SelectField(_l("Begrotingsjaar"), coerce=int, validators=[InputRequired(_l("Kies een jaar."))])
    # grouped by fiscal year; with JavaScript only the chosen year's lines are offered (data-follows)
    budget_line_id = GroupedIdSelectField(
        _l("Begrotingsregel"),
        validators=[InputRequired(_l("Kies een begrotingsregel."))],
        render_kw={"data-follows": "year"},
    )
    amount = DutchMoneyField(
        _l("Bedrag (€)"),
        message=_l("Vul een bedrag in, bijvoorbeeld 12.500,00."),
        validators=[InputRequired(_l("Vul een bedrag in, bijvoorbeeld 12.500,00."))],
    )
    override = BooleanField(_l("Overschrijding voorstellen als begrotingswijziging"))
    override_reason = TextAreaField(_l("Reden van de overschrijding"), validators=[Length(max=500)])

    def prepare(self, programme, lines) -> None:
        self.year.choices = [(y, str(y)) for y in range(programme.start_year, programme.end_year + 1)]
        self.budget_line_id.choices = [("", gettext("— kies een regel —"))] + [
            (
                line.id,
                f"{line.fiscal_year} · {line.taakveld_code} · {line.description or line.line_key}"
                f"{' (' + line.line_key + ')' if line.line_key != line.taakveld_code else ''}",
            )
            for line in lines
        ]
        self.budget_line_id.groups = {line.id: str(line.fiscal_year) for line in lines}
        self.budget_line_id.option_data = {line.id: {"data-year": line.fiscal_year} for line in lines}


class NoteForm(PlannerForm):
    subject = HiddenField()
    key = HiddenField()
    text = TextAreaField(_l("Toelichting"), validators=[Length(max=4000, message=_l("Hoogstens 4000 tekens."))])


class SpendingForm(PlannerForm):
    """What was spent on an action in one month (entered by hand)."""

    # On the action page beside the allocation and funding forms: field ids must not collide.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "besteding")
        super().__init__(*args, **kwargs)

    year = SelectField(_l("Jaar"), coerce=int, validators=[InputRequired(_l("Kies een jaar."))])
    period = SelectField(_l("Maand"), coerce=int, validators=[InputRequired(_l("Kies een maand."))])
    amount = DutchMoneyField(
        _l("Uitgegeven (€)"),
        message=_l("Vul een bedrag in, bijvoorbeeld 12.500,00."),
        validators=[InputRequired(_l("Vul een bedrag in, bijvoorbeeld 12.500,00."))],
    )
    description = StringField(_l("Omschrijving"), validators=[Length(max=300)])

    def prepare(self, programme) -> None:
        from planner.budget.spending import MONTHS

        self.year.choices = [(y, str(y)) for y in range(programme.start_year, programme.end_year + 1)]
        self.period.choices = [(i, name) for i, name in enumerate(MONTHS, start=1)]


class FinanceCodeForm(PlannerForm):
    """A code under which the financial system books on an action."""

    project_code = StringField(_l("Projectnummer"), validators=[Length(max=60)])
    cost_centre = StringField(_l("Kostenplaats"), validators=[Length(max=60)])
    cost_type = StringField(_l("Kostensoort"), validators=[Length(max=60)])


class FundingForm(PlannerForm):
    """Where part of an action's money comes from, in one year; the fields below the first four
    belong to one kind each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "financiering")
        super().__init__(*args, **kwargs)

    kind = SelectField(_l("Soort financiering"), validators=[InputRequired(_l("Kies de soort financiering."))])
    year = SelectField(_l("Jaar"), coerce=int, validators=[InputRequired(_l("Kies een jaar."))])
    amount = DutchMoneyField(
        _l("Bedrag (€)"),
        message=_l("Vul een bedrag in, bijvoorbeeld 12.500,00."),
        validators=[InputRequired(_l("Vul een bedrag in, bijvoorbeeld 12.500,00."))],
    )
    status = SelectField(_l("Stand"), validators=[InputRequired(_l("Kies de stand."))])
    description = StringField(_l("Omschrijving (bij een reserve: welke reserve)"), validators=[Length(max=300)])
    budget_line_id = GroupedIdSelectField(_l("Begrotingsregel (exploitatiebudget)"), validators=[Optional()])
    depreciation_years = WholeNumberField(_l("Afschrijvingstermijn in jaren (investering)"), validators=[Optional()])
    interest_percent = DutchDecimalField(_l("Rente in procenten (investering)"), validators=[Optional()])
    grant_reference = StringField(
        _l("Naam of kenmerk van de bijdrage (bijv. SPUK GALA 2026)"), validators=[Length(max=120)]
    )
    grant_ceiling = DutchMoneyField(_l("Toegekend bedrag van de bijdrage (€)"), validators=[Optional()])
    conditions = TextAreaField(_l("Voorwaarden van de bijdrage"), validators=[Length(max=4000)])
    accountability_date = DutchDateField(_l("Verantwoorden uiterlijk"), validators=[Optional()])
    organisation_id = IdSelectField(_l("Partij aan tafel (bijdrage van een partij)"), validators=[Optional()])

    def prepare(self, programme, lines, parties) -> None:
        from planner.budget.models import FUNDING_KINDS, FUNDING_STATES

        self.kind.choices = list(FUNDING_KINDS.items())
        self.status.choices = list(FUNDING_STATES.items())
        self.year.choices = [(y, str(y)) for y in range(programme.start_year, programme.end_year + 1)]
        self.budget_line_id.choices = [("", gettext("— geen —"))] + [
            (line.id, f"{line.fiscal_year} · {line.taakveld_code} · {line.description or line.line_key}")
            for line in lines
        ]
        self.budget_line_id.groups = {line.id: str(line.fiscal_year) for line in lines}
        self.organisation_id.choices = [("", gettext("— geen —"))] + [(o.id, o.name) for o in parties]


class FrameForm(PlannerForm):
    amount = DutchMoneyField(
        _l("Kader (€) voor de hele looptijd"),
        message=_l("Vul een bedrag in, bijvoorbeeld 1.250.000,00."),
        validators=[Optional()],
    )


class MandateForm(PlannerForm):
    amount = DutchMoneyField(
        _l("Mandaat (€) per overschrijding"),
        message=_l("Vul een bedrag in, bijvoorbeeld 50.000,00."),
        validators=[Optional()],
        description=_l("Leeg: geen mandaat; elke overschrijding wordt een voorgestelde begrotingswijziging."),
    )


class ProgrammeMandateForm(PlannerForm):
    budget_programme = SelectField(
        _l("Begrotingsprogramma"),
        validators=[InputRequired(_l("Kies een begrotingsprogramma."))],
        validate_choice=False,  # the service says in Dutch why an unknown one is refused
    )
    amount = DutchMoneyField(
        _l("Mandaat (€) voor dit begrotingsprogramma"),
        message=_l("Vul een bedrag in, bijvoorbeeld 50.000,00."),
        validators=[Optional()],
        description=_l("Leeg: dit begrotingsprogramma volgt het mandaat van de gemeente."),
    )
