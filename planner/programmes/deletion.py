"""Deleting a programme: only a draft that never left the team (status concept, never in consultation),
by someone who may edit it, after a confirmation. A programme residents or the council have seen is
kept with its versions and audit trail."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from planner.core import access
from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.errors import PlannerError
from planner.core.forms import require_button_post
from planner.extensions import db
from planner.programmes.access import get_programme_or_404
from planner.programmes.models import STATUS_LABELS

bp = Blueprint("programme_delete", __name__, url_prefix="/programmas")


def deletable(programme) -> bool:
    return programme.status == "concept" and all(v.status == "concept" for v in programme.versions)


def delete_programme(user, programme) -> None:
    access.require(user, "edit", programme.area)
    if programme.status != "concept":
        raise PlannerError(
            f"Een programma met status '{STATUS_LABELS[programme.status]}' kan niet worden verwijderd: "
            "alleen concepten. Versies en wijzigingshistorie van dit programma blijven bewaard."
        )
    if not deletable(programme):
        raise PlannerError(
            "Dit concept is al eerder in consultatie of besluitvorming geweest; bewoners of de raad hebben het "
            "gezien. Het kan daarom niet worden verwijderd. Versies en wijzigingshistorie blijven bewaard."
        )
    db.session.delete(programme)
    db.session.flush()


@bp.post("/<int:programme_id>/verwijderen")
@login_required
def delete(programme_id: int):
    programme = get_programme_or_404(current_user, programme_id)
    access.require(current_user, "edit", programme.area)
    require_button_post()
    detail_url = url_for("programmes.detail", programme_id=programme.id)
    if deletable(programme) and not confirmed():
        return confirm_page(
            title=gettext("%(title)s verwijderen?", title=programme.title),
            message=gettext(
                "Het concept wordt verwijderd met al zijn doelen (%(goals)d), acties (%(actions)d) en de inbreng "
                "die eraan hangt. Dit kan niet ongedaan worden gemaakt; de wijzigingshistorie blijft bewaard.",
                goals=len(programme.goals),
                actions=len(programme.actions),
            ),
            button=gettext("Ja, concept verwijderen"),
            cancel_url=detail_url,
        )
    title, area_code = programme.title, programme.area.code
    with refusals():
        delete_programme(current_user, programme)
        flash(gettext("Het concept '%(title)s' is verwijderd.", title=title), "success")
        return redirect(url_for("areas.detail", code=area_code))
    return redirect(detail_url)
