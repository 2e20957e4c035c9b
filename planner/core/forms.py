"""Form pieces shared by features: optimistic locking fields and Dutch messages."""

from __future__ import annotations

from decimal import InvalidOperation

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import Select, html_params

from planner.core.errors import StaleEditError
from planner.core.limits import MAX_DATE, MIN_DATE, amount_in_range, date_in_range, parse_decimal, parse_int
from planner.core.text import clean_text


def _text_filter(value):
    """Every text field: NUL refused (PostgreSQL cannot store it), invisible direction and
    zero-width characters removed (they make a name read differently from what it is)."""
    if isinstance(value, str):
        try:
            return clean_text(value)
        except ValueError:
            raise ValueError(
                gettext("De tekst bevat een ongeldig teken (NUL). Haal het weg en probeer opnieuw.")
            ) from None
    return value


class PlannerForm(FlaskForm):
    """The base of every form: text fields go through the text filter."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options["filters"] = [_text_filter, *unbound_field.kwargs.get("filters", ())]
            return super().bind_field(form, unbound_field, options)


class LockedForm(PlannerForm):
    """A form for an object with a version counter.

    `lock_version` is the version the user started from; `seen_audit_id` the last audit event
    they had seen, so a stale save can show exactly what colleagues changed meanwhile. A save
    without a version is refused as stale (`expected_version` raises inside `refusals`): it
    cannot be checked against a colleague's save.
    """

    lock_version = HiddenField()
    seen_audit_id = HiddenField()
    conflict = ()  # after a stale save (planner.core.editing.refusals): the colleagues' audit events

    def start_from(self, obj, audit_id: int) -> None:
        self.lock_version.data = str(obj.lock_version)
        self.seen_audit_id.data = str(audit_id)

    @property
    def expected_version(self) -> int:
        # What the request sent, not .data: a missing field would take the object's own version
        # (Form(obj=…)) and so pass every check.
        try:
            return parse_int(self.lock_version.raw_data[0])
        except (TypeError, ValueError, IndexError):
            raise StaleEditError(gettext("Het formulier mist zijn versie."), changes={}) from None


class IdSelectField(SelectField):
    """A select of database ids where '' means none.

    A value outside the choices (a stale page, another ward's id typed into the request) gets a
    message saying what to do, not WTForms' bare "invalid choice".
    """

    def __init__(self, *args, invalid_message: str = _l("Kies een van de mogelijkheden uit de lijst."), **kwargs):
        # ASCII digits within the database's integer (int() also reads "٣" and any size)
        kwargs.setdefault("coerce", lambda v: parse_int(v) if v not in (None, "", "None") else None)
        kwargs.setdefault("validate_choice", True)
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        if self.process_errors:  # not a number at all: already said, once
            return
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(self.invalid_message) from None


class GroupedSelect(Select):
    """A <select> whose options sit in <optgroup>s: `field.groups` maps a choice's value to its
    group's label (choices without one come first, ungrouped) and `field.option_data` to extra
    data-* attributes of its option. The choices stay a flat list, so validation is unchanged."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        groups = getattr(field, "groups", {}) or {}
        option_data = getattr(field, "option_data", {}) or {}
        html = [f"<select {html_params(name=field.name, **kwargs)}>"]
        current = None
        for value, label, selected, render_kw in field.iter_choices():
            group = groups.get(value)
            if group != current:
                if current is not None:
                    html.append("</optgroup>")
                if group is not None:
                    html.append(f'<optgroup label="{escape(group)}">')
                current = group
            params = {"value": value, "selected": selected, **option_data.get(value, {}), **(render_kw or {})}
            html.append(f"<option {html_params(**params)}>{escape(label)}</option>")
        if current is not None:
            html.append("</optgroup>")
        html.append("</select>")
        return Markup("".join(html))


class GroupedIdSelectField(IdSelectField):
    widget = GroupedSelect()
    groups: dict = {}
    option_data: dict = {}


class WholeNumberField(IntegerField):
    """An integer with a Dutch message that says what to type."""

    def __init__(
        self, label=None, validators=None, message: str = _l("Vul een heel getal in, bijvoorbeeld 40."), **kwargs
    ):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_int(valuelist[0])  # ASCII digits, within an integer column
        except ValueError:
            self.data = None
            raise ValueError(self.message) from None


def year_field(label: str) -> IntegerField:
    return WholeNumberField(
        label,
        message=_l("Vul een jaartal in, bijvoorbeeld 2026."),
        validators=[
            InputRequired(_l("Vul een jaartal in.")),
            NumberRange(2000, 2100, _l("Vul een jaartal tussen 2000 en 2100 in.")),
        ],
    )


def apply_planner_error(form, error) -> None:
    """Show a PlannerError beside its field, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


OPTIONAL = Optional()


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def parse_dutch_date(text: str):
    """A date typed the Dutch way (31-12-2026) or from <input type=date>; None if it is not one."""
    from datetime import datetime

    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


class DutchDateField(DateField):
    """A date from `<input type=date>` (ISO) or typed the Dutch way (31-12-2026), with a Dutch error."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=list(DATE_FORMATS), **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata([valuelist[0].strip()])
        except ValueError:
            self.data = None
            raise ValueError(
                gettext("'%(value)s' is geen geldige datum. Vul een datum in als 31-12-2026.", value=valuelist[0])
            ) from None
        if not date_in_range(self.data):
            self.data = None
            raise ValueError(
                gettext(
                    "Vul een datum tussen %(first)s en %(last)s in.",
                    first=MIN_DATE.strftime("%d-%m-%Y"),
                    last=MAX_DATE.strftime("%d-%m-%Y"),
                )
            )

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%Y-%m-%d") if self.data else ""


NOT_A_NUMBER = _l("Vul een getal in, bijvoorbeeld 1,5.")


def _out_of_range():
    return gettext("Vul een getal tussen -10 miljard en 10 miljard in.")


class DutchDecimalField(StringField):
    """A decimal typed with a comma (1,5) or a point (1.5); shown with a comma. Only ASCII digits,
    no exponent, NaN or infinity, and at most ± 10 billion (MAX_AMOUNT)."""

    def __init__(self, label=None, validators=None, message=NOT_A_NUMBER, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist):
        raw = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        if not raw:
            self.data = None
            return
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")  # 1.234,5 → 1234.5
        try:
            self.data = parse_decimal(raw)
        except (ValueError, InvalidOperation):
            self.data = None
            raise ValueError(self.message) from None
        if not amount_in_range(self.data):
            self.data = None
            raise ValueError(self.range_message())

    def range_message(self) -> str:
        return _out_of_range()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format(self.data.normalize(), "f").replace(".", ",")


def require_button_post() -> None:
    """A one-button form (delete, revoke, mark done) carries no fields but the CSRF token: 400 without a valid one."""
    from flask import abort

    if not FlaskForm().validate_on_submit():
        abort(400)
