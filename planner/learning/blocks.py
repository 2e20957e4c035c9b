"""What learning adds to other features' pages: a tab and the reflection rhythm on a programme, the evaluation
on the step to 'geëvalueerd', and the reflections on an opgave."""

from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from planner.core import access
from planner.core.i18n import N_
from planner.learning import services
from planner.programmes.hub import Tab


def programme_tabs(user, programme) -> list[Tab]:
    return [
        Tab(
            "learning",
            N_("Leren"),
            "learning.programme_log",
            url_for("learning.programme_log", programme_id=programme.id),
            also=("learning.new_programme_reflection", "learning.evaluation"),
        )
    ]


def programme_status(programme) -> str:
    if not services.reflection_overdue(programme):
        return ""
    return render_template(
        "learning/_overdue.html",
        programme=programme,
        last=services.last_reflection_on(programme),
        can_edit=access.can(current_user, "edit", programme.area),
    )


def programme_transition(programme, to_status) -> str:
    if to_status != "geevalueerd":
        return ""
    return render_template(
        "learning/_evaluation_needed.html", programme=programme, evaluation=services.evaluation_of(programme)
    )


def opgave_detail(opgave) -> str:
    if not access.can(current_user, "view", opgave.area):  # learning is for the area roles, not for partners
        return ""
    return render_template(
        "learning/_opgave_block.html",
        opgave=opgave,
        count=len(services.reflections_of(opgave=opgave)),
        can_edit=access.can(current_user, "edit", opgave.area),
    )
