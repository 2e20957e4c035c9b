"""Forms for agenda items, their links to actions and the import of the griffie's lists and ORI documents."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from planner.agenda.models import BODIES, ITEM_KINDS, ITEM_STATUSES, LINK_MEANINGS
from planner.core.forms import DutchDateField, GroupedIdSelectField, IdSelectField, PlannerForm
from planner.core.i18n import label_choices


class AgendaItemForm(PlannerForm):
    area_id = IdSelectField(_l("Gemeente of wijk"))
    kind = SelectField(_l("Type"), choices=label_choices(ITEM_KINDS), validate_choice=False)
    number = StringField(
        _l("Nummer"),
        validators=[
            DataRequired(_l("Vul een nummer in, bijvoorbeeld M2026-013.")),
            Length(max=60, message=_l("Een nummer is hoogstens 60 tekens.")),
        ],
        description=_l("Het nummer dat de griffie gebruikt, bijvoorbeeld M2026-013 of T2026-004."),
    )
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Vul een titel in.")),
            Length(max=300, message=_l("Een titel is hoogstens 300 tekens.")),
        ],
    )
    date = DutchDateField(_l("Datum"))
    body = SelectField(_l("Orgaan"), choices=label_choices(BODIES), validate_choice=False)
    submitters = StringField(_l("Indieners"), validators=[Length(max=500, message=_l("Hoogstens 500 tekens."))])
    portfolio_holder = StringField(
        _l("Portefeuillehouder"), validators=[Length(max=200, message=_l("Hoogstens 200 tekens."))]
    )
    status = SelectField(_l("Status"), choices=label_choices(ITEM_STATUSES), validate_choice=False)
    deadline = DutchDateField(
        _l("Deadline"), description=_l("Voor een toezegging: de datum waarop zij moet zijn nagekomen.")
    )
    url = StringField(
        _l("Link"),
        validators=[Length(max=500, message=_l("Hoogstens 500 tekens."))],
        description=_l("Naar Open Raadsinformatie, iBabs of Notubiz, beginnend met https://."),
    )
    description = TextAreaField(
        _l("Toelichting"), validators=[Length(max=10000, message=_l("Hoogstens 10.000 tekens."))]
    )
    council_period = StringField(
        _l("Raadsperiode"),
        validators=[Length(max=9, message=_l("Bijvoorbeeld 2022-2026."))],
        description=_l("Bij een coalitieakkoord-afspraak: de raadsperiode, bijvoorbeeld 2022-2026."),
    )
    carry_over = SelectField(
        _l("Gaat de afspraak mee naar de volgende raadsperiode?"),
        choices=[("", _l("Nog niet besloten")), ("ja", _l("Ja, gaat mee")), ("nee", _l("Nee, gaat niet mee"))],
        validate_choice=False,
    )
    carry_over_reason = TextAreaField(
        _l("Reden"), validators=[Length(max=500, message=_l("Een reden is hoogstens 500 tekens."))]
    )
    carried_into_number = StringField(
        _l("Voortgezet in afspraak (nummer)"),
        validators=[Length(max=60, message=_l("Een nummer is hoogstens 60 tekens."))],
        description=_l("Het nummer van de afspraak in het nieuwe coalitieakkoord, bijvoorbeeld CA2026-04."),
    )


class LinkActionForm(PlannerForm):
    """From an agenda item: which action carries it out. The service checks the choice."""

    action_id = IdSelectField(_l("Actie"), validate_choice=False)
    meaning = SelectField(_l("Betekenis"), choices=label_choices(LINK_MEANINGS), validate_choice=False)


class LinkItemForm(PlannerForm):
    """From an action: which agenda item it carries out."""

    # grouped by kind, with a search box above it where JavaScript runs (data-filter)
    agenda_item_id = GroupedIdSelectField(_l("Agendapunt"), validate_choice=False, render_kw={"data-filter": ""})
    meaning = SelectField(_l("Betekenis"), choices=label_choices(LINK_MEANINGS), validate_choice=False)


class ImportForm(PlannerForm):
    area_id = IdSelectField(_l("Gemeente"))
    file = FileField(
        _l("Bestand"),
        description=_l("Een lijst van de griffie (.xlsx of .csv) of een Open Raadsinformatie-document (.json)."),
        render_kw={"accept": ".xlsx,.csv,.json"},
    )
    default_kind = SelectField(
        _l("Type als de lijst geen type noemt"), choices=[("motie", _l("Motie")), ("toezegging", _l("Toezegging"))]
    )
    dry_run = BooleanField(
        _l("Alleen controleren, niets opslaan"),
        default=True,
        description=_l("U ziet eerst wat er zou veranderen en elke fout; daarna kunt u inlezen."),
    )
