"""Forms for allocations and deviation notes."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length

from planner.core.forms import DutchDecimalField, IdSelectField


class DutchMoneyField(DutchDecimalField):
    """Euros as a civil servant types them: 80.000 is eighty thousand (dots group thousands),
    12.500,50 and 12500,50 and 12500.50 all read as expected."""

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip().replace("€", "").replace(" ", "")
        if "," not in raw and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        super().process_formdata([raw])


class AllocationForm(FlaskForm):
    year = SelectField("Begrotingsjaar", coerce=int, validators=[InputRequired("Kies een jaar.")])
    budget_line_id = IdSelectField("Begrotingsregel", validators=[InputRequired("Kies een begrotingsregel.")])
    amount = DutchMoneyField("Bedrag (€)", message="Vul een bedrag in, bijvoorbeeld 12.500,00.",
                               validators=[InputRequired("Vul een bedrag in, bijvoorbeeld 12.500,00.")])
    override = BooleanField("Overschrijding toestaan")
    override_reason = TextAreaField("Reden van de overschrijding", validators=[Length(max=500)])

    def prepare(self, programme, lines) -> None:
        self.year.choices = [(y, str(y)) for y in range(programme.start_year, programme.end_year + 1)]
        self.budget_line_id.choices = [("", "— kies een regel —")] + [
            (line.id, f"{line.fiscal_year} · {line.taakveld_code} · {line.description or line.line_key}"
                      f"{' (' + line.line_key + ')' if line.line_key != line.taakveld_code else ''}")
            for line in lines]


class NoteForm(FlaskForm):
    subject = HiddenField()
    key = HiddenField()
    text = TextAreaField("Toelichting", validators=[Length(max=4000, message="Hoogstens 4000 tekens.")])
