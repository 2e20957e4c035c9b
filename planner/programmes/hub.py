"""The programme page as hub: the tabs that lead to a programme's pages, each shown only to who may open it.

Every feature that has a page about one programme adds its tabs through the hook `programme_tabs`: a function
(user, programme) → list of Tab. The tab bar (templates/programmes/_tabs.html) sorts them by `order` and marks
the page being shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from planner.core import hooks
from planner.core.i18n import N_
from planner.opgaven.access import PARTNER_BLUEPRINTS, PARTNER_ENDPOINTS
from planner.programmes import services
from planner.programmes.access import sees_drafts, visible_through_area_roles
from planner.programmes.comments import services as comment_services
from planner.programmes.models import Programme

# Where each tab stands in the bar; features use these so the bar reads the same on every page.
ORDER = {
    "overview": 10,
    "comments": 20,
    "contributions": 30,
    "moments": 40,
    "money": 50,
    "targets": 60,
    "timeline": 70,
    "delays": 80,
    "versions": 90,
    "history": 100,
}


@dataclass(frozen=True)
class Tab:
    key: str
    label: str  # marked with N_(), translated in the template
    endpoint: str
    url: str
    count: int | None = None  # shown in brackets after the label, e.g. reactions waiting for moderation
    count_label: str = ""  # what the count means, after the number
    also: tuple[str, ...] = ()  # endpoints of pages under this tab (current there too)

    @property
    def order(self) -> int:
        return ORDER.get(self.key, 1000)


def may_open(user, endpoint: str, programme: Programme) -> bool:
    """Whether the page `endpoint` about `programme` opens for `user` (who sees the programme): the partner
    pages open for all who see it; any other page asks for an area role that reaches the programme, as the
    partner allow-list (planner.opgaven.access) and planner.programmes.partner_reach enforce."""
    if endpoint in PARTNER_ENDPOINTS or endpoint.partition(".")[0] in PARTNER_BLUEPRINTS:
        return True
    return visible_through_area_roles(user, programme)


def own_tabs(user, programme: Programme) -> list[Tab]:
    """The programme feature's tabs: overview, the internal round (concept only), versions, history."""
    pid = programme.id
    tabs = [
        Tab(
            "overview",
            N_("Overzicht"),
            "programmes.detail",
            url_for("programmes.detail", programme_id=pid),
            also=("programmes.edit", "programmes.goal_form", "programmes.transition"),
        )
    ]
    if programme.status == "concept" and comment_services.may_see_round(user, programme):
        unanswered = comment_services.open_round_counts(programme).unanswered
        tabs.append(
            Tab(
                "comments",
                N_("Interne ronde"),
                "programme_comments.index",
                url_for("programme_comments.index", programme_id=pid),
                count=unanswered,
                count_label=N_("onbeantwoord"),
            )
        )
    tabs.append(
        Tab(
            "versions",
            N_("Versies"),
            "programmes.versions",
            url_for("programmes.versions", programme_id=pid),
            # A reader sees only the versions of the council's time; the count must not reveal the concepts.
            count=len(programme.versions if sees_drafts(user, programme) else services.council_versions(programme)),
            also=("programmes.compare",),
        )
    )
    tabs.append(
        Tab("history", N_("Wijzigingshistorie"), "programmes.history", url_for("programmes.history", programme_id=pid))
    )
    return tabs


def programme_tabs(user, programme: Programme) -> list[Tab]:
    """All tabs of the programme the user may open, in bar order."""
    tabs = [t for add in hooks.functions("programme_tabs") for t in add(user, programme)]
    return sorted((t for t in tabs if may_open(user, t.endpoint, programme)), key=lambda t: t.order)
