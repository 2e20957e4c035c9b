"""Controllers' work in the P&C cycle: the next internal input deadline."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext

from planner.core.i18n import nl_date
from planner.core.worklist import WorkItem, WorkList, role_paths
from planner.cycle.services import next_input_deadline


def next_submission(user, today: date) -> list[WorkList]:
    if not role_paths(user, "controller"):
        return []
    moment = next_input_deadline(user, today)
    items = []
    if moment is not None:
        days = (moment.input_deadline - today).days
        items.append(
            WorkItem(
                moment.screen_label,
                url_for("cycle.moment", moment_id=moment.id),
                gettext("inleveren uiterlijk %(date)s", date=nl_date(moment.input_deadline))
                + " · "
                + ngettext("nog %(num)s dag", "nog %(num)s dagen", days),
            )
        )
    return [
        WorkList(
            "controller",
            gettext("Eerstvolgende inleverdatum P&C"),
            ngettext("%(num)s moment", "%(num)s momenten", len(items)),
            gettext("Geen open P&C-moment met een inleverdatum."),
            items,
            len(items),
        )
    ]
