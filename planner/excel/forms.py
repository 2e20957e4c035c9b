"""Forms of the import pages: upload, commit/revert (CSRF only) and the column mapping."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from planner.core.forms import PlannerForm

ACCEPT = ".xlsx,.csv,.txt,.tsv,.json"


class UploadForm(PlannerForm):
    profile = SelectField(_l("Importprofiel"), validators=[DataRequired(_l("Kies een importprofiel."))])
    file = FileField(
        _l("Bestand"),
        validators=[FileRequired(_l("Kies het bestand dat u wilt importeren."))],
        render_kw={"accept": ACCEPT},
    )
    area = StringField(
        _l("Gemeente (CBS-code)"),
        validators=[Optional(), Regexp(r"^\s*[Gg][Mm]\d{4}\s*$", message=_l("Vul een gemeentecode in zoals GM0794."))],
    )
    only_municipality = BooleanField(_l("Alleen mijn gemeente inlezen"))
    period = StringField(
        _l("Jaar of periode"),
        validators=[
            Optional(),
            Length(max=10),
            Regexp(r"^\s*\d{4}(-(Q[1-4]|\d{2}))?\s*$", message=_l("Vul een jaar in zoals 2023 (of 2024-Q2, 2024-05).")),
        ],
    )
    metadata = FileField(_l("Metadatabestand (alleen CBS-kerncijfers)"), render_kw={"accept": ".json"})


class ConfirmForm(PlannerForm):
    """Commit and revert buttons: the CSRF token plus what to commit."""

    sha256 = HiddenField()
    profile = HiddenField()


class MappingForm(PlannerForm):
    title = StringField(
        _l("Naam van het nieuwe profiel"),
        validators=[DataRequired(_l("Geef het profiel een naam, bijvoorbeeld 'Begroting Helmond'.")), Length(max=150)],
    )


def mapping_form(columns, headers: list[str], formdata=None) -> MappingForm:
    """A MappingForm with one select per field of the target: which header holds it."""

    class Form(MappingForm):
        pass

    choices = [("", gettext("— niet gebruiken —"))] + [(h, h) for h in headers]
    for column in columns:
        validators = (
            [DataRequired(gettext("Kies de kolom met %(column)s: dit veld is verplicht.", column=column.label.lower()))]
            if column.required
            else [Optional()]
        )
        setattr(Form, f"map_{column.field}", SelectField(column.label, choices=choices, validators=validators))
    return Form(formdata=formdata) if formdata is not None else Form()
