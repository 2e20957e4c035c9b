"""Forms for allocations and deviation notes."""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from planner.core.forms import DutchDecimalField, GroupedIdSelectField, PlannerForm


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
