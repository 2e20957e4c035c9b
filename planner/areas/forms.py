"""Forms for the municipality's own division (stadsdelen / gebieden)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.validators import ValidationError

from planner.core.forms import DutchDateField, PlannerForm


class Marked:
    """Marks a field as required on screen; the service checks it and says what is missing beside it."""

    field_flags = {"required": True}

    def __call__(self, form, field):
        pass


class AreaChecklist(SelectMultipleField):
    """Checked area ids; an id outside the list (a stale page) gets a Dutch message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(
                _l("Kies alleen uit de lijst; laad de pagina opnieuw als de indeling net is gewijzigd.")
            ) from None


class DistrictForm(PlannerForm):
    name = StringField(_l("Naam"), validators=[Marked()])
    code = StringField(_l("Code"), validators=[Marked()])
    valid_from = DutchDateField(_l("Geldig vanaf"))
    valid_to = DutchDateField(_l("Geldig tot"))
    ward_ids = AreaChecklist(_l("Wijken"))
    neighbourhood_ids = AreaChecklist(_l("Losse buurten"))


class EndDistrictForm(PlannerForm):
    valid_to = DutchDateField(_l("Beëindigen per"), validators=[Marked()])
