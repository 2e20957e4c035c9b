"""Team members' work at the table: open agreements (afspraken) that are overdue or due within two weeks."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import select

from planner.areas.models import Area
from planner.core.access import path_condition
from planner.core.i18n import nl_date
from planner.core.worklist import SOON_DAYS, WorkItem, WorkList, first_and_total, role_paths
from planner.opgaven.models import Agreement, Opgave, Organisation


def agreements_due(user, today: date) -> list[WorkList]:
    paths = role_paths(user, "team_member")
    if not paths:
        return []
    query = (
        select(Agreement.text, Agreement.due_date, Opgave.id, Opgave.title, Organisation.name)
        .join(Agreement.opgave)
        .join(Opgave.area)
        .join(Organisation, Organisation.id == Agreement.organisation_id)
        .where(
            path_condition(Area.path, paths),
            Agreement.status == "open",
            Agreement.due_date.is_not(None),
            Agreement.due_date <= today + timedelta(days=SOON_DAYS),
        )
        .order_by(Agreement.due_date, Agreement.id)
    )
    rows, total = first_and_total(query)
    items = [
        WorkItem(
            gettext("%(party)s: %(text)s", party=party, text=_short(text)),
            url_for("opgaven.table", opgave_id=opgave_id, _anchor="afspraken"),
            gettext("%(opgave)s · te laat sinds %(date)s", opgave=opgave, date=nl_date(due))
            if due < today
            else gettext("%(opgave)s · uiterlijk %(date)s", opgave=opgave, date=nl_date(due)),
            late=due < today,
        )
        for text, due, opgave_id, opgave, party in rows
    ]
    return [
        WorkList(
            "team_member",
            gettext("Afspraken aan tafel die verlopen of binnenkort moeten"),
            ngettext("%(num)s afspraak", "%(num)s afspraken", total),
            gettext("Geen afspraken die verlopen of binnenkort moeten."),
            items,
            total,
        )
    ]


def _short(text: str, length: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
