"""Forms for reflections, lessons, leading principles and the programme evaluation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length

from planner.core.forms import DutchDateField, IdSelectField, PlannerForm
from planner.opgaven.forms import REQUIRED, CheckboxListField


def _max(n: int):
    return Length(max=n, message=_l("Hoogstens %(n)s tekens.", n=f"{n:,}".replace(",", ".")))


class ReflectionForm(PlannerForm):
    held_on = DutchDateField(_l("Datum van de reflectie"), validators=[REQUIRED])
    kind = SelectField(_l("Soort reflectie"), validators=[REQUIRED])
    independent_facilitator = BooleanField(_l("Begeleid door een onafhankelijke procesbegeleider"))
    facilitator = StringField(_l("Naam van de begeleider"), validators=[_max(200)])
    party_ids = CheckboxListField(_l("Partijen van de tafel die meededen"), coerce=int)
    roles = TextAreaField(_l("Overige deelnemers, één rol per regel"), validators=[_max(2000)])
    what_works = TextAreaField(_l("Wat werkt?"), validators=[_max(20000)])
    what_does_not = TextAreaField(_l("Wat werkt niet?"), validators=[_max(20000)])
    what_we_change = TextAreaField(_l("Wat veranderen we?"), validators=[_max(20000)])


class LessonForm(PlannerForm):
    statement = StringField(_l("Leerpunt in één zin"), validators=[REQUIRED, _max(300)])
    account = TextAreaField(_l("Toelichting: wat gebeurde er, wat leerden we?"), validators=[_max(20000)])
    theme_ids = CheckboxListField(_l("Thema's"), coerce=int)
    goal_ids = CheckboxListField(_l("Gaat over de doelen"), coerce=int)
    action_ids = CheckboxListField(_l("Gaat over de acties"), coerce=int)
    agreement_ids = CheckboxListField(_l("Gaat over de afspraken aan tafel"), coerce=int)
    change_action_id = IdSelectField(_l("Leidde tot een verandering van de actie"))
    change_kind = SelectField(_l("Wat veranderde er?"))


class PrincipleForm(PlannerForm):
    area_id = IdSelectField(_l("Gemeente"), validators=[REQUIRED])
    statement = StringField(_l("Leidend principe in één zin"), validators=[REQUIRED, _max(300)])
    explanation = TextAreaField(_l("Toelichting"), validators=[_max(20000)])


class SupportForm(PlannerForm):
    principle_id = IdSelectField(_l("Leidend principe"), validators=[REQUIRED])


def evaluation_form(goals, data=None):
    """A form with one required judgement per goal (field `judgement_<goal id>`) and the lessons."""

    class EvaluationForm(PlannerForm):
        lessons_text = TextAreaField(_l("Wat nemen we mee? (leerpunten van de evaluatie)"), validators=[_max(20000)])

    for goal in goals:
        setattr(
            EvaluationForm,
            f"judgement_{goal.id}",
            TextAreaField(
                _l("Oordeel van het team over doel %(num)s", num=goal.number), validators=[REQUIRED, _max(20000)]
            ),
        )
    return EvaluationForm(data=data)
