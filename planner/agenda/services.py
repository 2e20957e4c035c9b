"""Rules for agenda items and their links to actions, and the council's questions.

An agenda item belongs to a municipality (or a ward). A user sees the items of the areas they
hold a role on, of the areas above them (the council's motions concern every ward) and below
them — never a sibling ward's. Actions behind an item are always filtered through
`visible_actions`, so a reader never sees a concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, exists, func, or_, select

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.agenda.models import (
    BODIES,
    CARRY_OVER,
    ITEM_KINDS,
    ITEM_STATUSES,
    LINK_MEANINGS,
    ActionAgendaLink,
    AgendaItem,
)
from planner.areas.models import Area
from planner.core import access
from planner.core.errors import PlannerError
from planner.extensions import db

NOT_FOUND_ACTION = "Deze actie bestaat niet of u mag haar niet wijzigen. Kies een actie uit de lijst."
NOT_FOUND_ITEM = "Dit agendapunt bestaat niet of u heeft er geen toegang toe. Kies een agendapunt uit de lijst."
ITEM_FIELDS = (
    "kind",
    "number",
    "title",
    "date",
    "body",
    "submitters",
    "portfolio_holder",
    "status",
    "deadline",
    "url",
    "description",
    "external_id",
    "council_period",
)


# ---- scoping ------------------------------------------------------------------------------


def _ancestor_paths(paths: list[str]) -> set[str]:
    out = set()
    for path in paths:
        parts = path.split("/")
        out.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return out


def related_area_condition(user, column=Area.path, capability: str = "view"):
    """SQL: the area at `column` lies within a grant of `user`, or above one (their municipality)."""
    paths = access.grant_paths(user, capability)
    above = sorted(_ancestor_paths(paths))
    return or_(access.path_condition(column, paths), column.in_(above) if above else access.path_condition(column, []))


def can_see_area(user, area: Area) -> bool:
    paths = access.grant_paths(user, "view")
    return access.can(user, "view", area) or area.path in _ancestor_paths(paths)


def visible_items(user):
    return select(AgendaItem).join(AgendaItem.area).where(related_area_condition(user))


def visible_item(user, item_id: int) -> AgendaItem | None:
    return db.session.execute(visible_items(user).where(AgendaItem.id == item_id)).scalar_one_or_none()


def editable_areas(user) -> list[Area]:
    """Where `user` may record agenda items: their edit grants and the wards below."""
    return db.session.scalars(
        select(Area)
        .where(
            access.path_condition(Area.path, access.grant_paths(user, "edit")),
            Area.level.in_(("gemeente", "stadsdeel", "wijk")),
        )
        .order_by(Area.path)
    ).all()


def editable_actions(user):
    """Actions `user` may see and change: the ones an agenda link or P&C flag may be put on."""
    return (
        visible_actions(user)
        .where(access.path_condition(Area.path, access.grant_paths(user, "edit")))
        .order_by(Area.path, Action.programme_id, Action.number)
    )


def find_editable_action(user, action_id) -> Action:
    """The action, or the same refusal whether it does not exist or is someone else's."""
    try:
        action_id = int(action_id)
    except (TypeError, ValueError):
        raise PlannerError(NOT_FOUND_ACTION, "action_id") from None
    action = db.session.execute(editable_actions(user).where(Action.id == action_id)).scalar_one_or_none()
    if action is None:
        raise PlannerError(NOT_FOUND_ACTION, "action_id")
    return action


# ---- items --------------------------------------------------------------------------------


def check_item_values(values: dict) -> None:
    kind, status, body = values.get("kind"), values.get("status"), values.get("body")
    if kind not in ITEM_KINDS:
        raise PlannerError(f"Onbekend type '{kind}'. Kies uit: {', '.join(ITEM_KINDS.values())}.", "kind")
    if status not in ITEM_STATUSES:
        raise PlannerError(f"Onbekende status '{status}'. Kies uit: {', '.join(ITEM_STATUSES.values())}.", "status")
    if body not in BODIES:
        raise PlannerError(f"Onbekend orgaan '{body}'. Kies uit: {', '.join(BODIES.values())}.", "body")
    if not (values.get("number") or "").strip():
        raise PlannerError("Vul een nummer in, bijvoorbeeld M2026-013.", "number")
    if not (values.get("title") or "").strip():
        raise PlannerError("Vul een titel in.", "title")
    item_date, deadline = values.get("date"), values.get("deadline")
    if item_date and deadline and deadline < item_date:
        raise PlannerError(
            "De deadline ligt vóór de datum van het agendapunt. Kies een deadline op of na "
            f"{item_date.strftime('%d-%m-%Y')}.",
            "deadline",
        )
    url = (values.get("url") or "").strip()
    if url and not re.match(r"^https?://[^\s]+$", url):
        raise PlannerError("Een link begint met https:// of http:// en bevat geen spaties.", "url")
    period = (values.get("council_period") or "").strip()
    if period:
        if kind != "coalitieakkoord":
            raise PlannerError("Alleen een coalitieakkoord-afspraak hoort bij een raadsperiode.", "council_period")
        if period_years(period) is None:
            raise PlannerError(
                "Vul de raadsperiode in als beginjaar-eindjaar, vier jaar na elkaar, bijvoorbeeld 2022-2026.",
                "council_period",
            )


def period_years(period: str) -> tuple[int, int] | None:
    """(start, end) of a council period written as 2022-2026; None if it is not one."""
    match = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", period or "")
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return (start, end) if 1900 <= start <= 2200 and end == start + 4 else None


def continued_from(item: AgendaItem) -> list[AgendaItem]:
    """The agreements of the previous council period that `item` continues."""
    return list(
        db.session.scalars(select(AgendaItem).where(AgendaItem.carried_into_id == item.id).order_by(AgendaItem.number))
    )


def decide_carry_over(item: AgendaItem, carry_over: str, reason: str = "", into_number: str = "") -> AgendaItem:
    """Whether a coalitieakkoord agreement goes on in the next council period, and why; with "ja", optionally
    the agreement of the next period (same municipality) that continues it."""
    carry_over, reason, into_number = carry_over or "", (reason or "").strip(), (into_number or "").strip()
    if not carry_over and not reason and not into_number:
        item.carry_over, item.carry_over_reason, item.carried_into = "", "", None
        db.session.flush()
        return item
    if item.kind != "coalitieakkoord":
        raise PlannerError("Alleen over een coalitieakkoord-afspraak wordt besloten of zij meegaat.", "carry_over")
    if carry_over not in CARRY_OVER:
        raise PlannerError("Kies of de afspraak meegaat naar de volgende raadsperiode.", "carry_over")
    if not reason:
        raise PlannerError("Geef de reden waarom de afspraak wel of niet meegaat.", "carry_over_reason")
    if len(reason) > 500:
        raise PlannerError("Een reden is hoogstens 500 tekens.", "carry_over_reason")
    years = period_years(item.council_period)
    if years is None:
        raise PlannerError("Vul eerst de raadsperiode van deze afspraak in.", "council_period")
    into = None
    if into_number:
        if carry_over != "ja":
            raise PlannerError(
                "Een afspraak die niet meegaat, wordt niet voortgezet in een nieuwe.", "carried_into_number"
            )
        into = db.session.scalar(
            select(AgendaItem).where(
                AgendaItem.area_id == item.area_id,
                AgendaItem.number == into_number,
                AgendaItem.kind == "coalitieakkoord",
            )
        )
        next_period = f"{years[1]}-{years[1] + 4}"
        if into is None or into.id == item.id or period_years(into.council_period) != period_years(next_period):
            raise PlannerError(
                f"Vul het nummer in van een coalitieakkoord-afspraak van {item.area.name} uit de raadsperiode "
                f"{next_period}.",
                "carried_into_number",
            )
    item.carry_over, item.carry_over_reason, item.carried_into = carry_over, reason, into
    db.session.flush()
    return item


def _clean(values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if key not in ITEM_FIELDS:
            raise TypeError(f"unknown agenda item field {key}")
        if value is None and key not in ("date", "deadline", "external_id"):
            value = ""
        out[key] = value.strip() if isinstance(value, str) else value
    if out.get("external_id") == "":
        out["external_id"] = None
    return out


def _check_unique_number(area: Area, number: str, item: AgendaItem | None = None) -> None:
    query = select(AgendaItem.id).where(AgendaItem.area_id == area.id, AgendaItem.number == number)
    if item is not None and item.id:
        query = query.where(AgendaItem.id != item.id)
    if db.session.scalar(query):
        raise PlannerError(f"Er is al een agendapunt met nummer {number} in {area.name}.", "number")


def create_item(area: Area, **values) -> AgendaItem:
    values = {"body": "raad", "status": "open", **_clean(values)}
    check_item_values(values)
    _check_unique_number(area, values["number"])
    item = AgendaItem(area=area, area_id=area.id, **values)
    db.session.add(item)
    db.session.flush()
    return item


def update_item(item: AgendaItem, **values) -> AgendaItem:
    values = _clean(values)
    merged = {k: values.get(k, getattr(item, k)) for k in ITEM_FIELDS}
    check_item_values(merged)
    if merged["number"] != item.number:
        _check_unique_number(item.area, merged["number"], item)
    for key, value in values.items():
        if getattr(item, key) != value:
            setattr(item, key, value)
    db.session.flush()
    return item


# ---- links --------------------------------------------------------------------------------


def link_action(user, item: AgendaItem, action_id, meaning: str = "voert_uit") -> ActionAgendaLink:
    """Link an action the user may change to an item they may see; say nothing of other actions."""
    if meaning not in LINK_MEANINGS:
        raise PlannerError(
            f"Onbekende betekenis '{meaning}'. Kies uit: {', '.join(LINK_MEANINGS.values())}.", "meaning"
        )
    action = find_editable_action(user, action_id)
    if db.session.execute(visible_items(user).where(AgendaItem.id == item.id)).scalar_one_or_none() is None:
        raise PlannerError(NOT_FOUND_ITEM, "agenda_item_id")
    existing = db.session.scalar(
        select(ActionAgendaLink).where(
            ActionAgendaLink.action_id == action.id, ActionAgendaLink.agenda_item_id == item.id
        )
    )
    if existing is not None:
        if existing.meaning == meaning:
            raise PlannerError(
                f"Actie {action.number} is al gekoppeld aan {item.kind_label.lower()} {item.number}.", "action_id"
            )
        existing.meaning = meaning
        db.session.flush()
        return existing
    link = ActionAgendaLink(action=action, action_id=action.id, agenda_item=item, meaning=meaning)
    db.session.add(link)
    db.session.flush()
    return link


def find_visible_item(user, item_id) -> AgendaItem:
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise PlannerError(NOT_FOUND_ITEM, "agenda_item_id") from None
    item = db.session.execute(visible_items(user).where(AgendaItem.id == item_id)).scalar_one_or_none()
    if item is None:
        raise PlannerError(NOT_FOUND_ITEM, "agenda_item_id")
    return item


def visible_link(user, link_id: int) -> ActionAgendaLink | None:
    """A link `user` may know of: they see its action and its item."""
    link = db.session.get(ActionAgendaLink, link_id)
    if link is None or visible_item(user, link.agenda_item_id) is None:
        return None
    action = db.session.execute(visible_actions(user).where(Action.id == link.action_id)).scalar_one_or_none()
    return link if action is not None else None


def may_unlink(user, link: ActionAgendaLink) -> bool:
    """Removing a link needs the right to change its action, as making one does."""
    return (
        db.session.execute(editable_actions(user).where(Action.id == link.action_id)).scalar_one_or_none() is not None
    )


def unlink(link: ActionAgendaLink) -> None:
    db.session.delete(link)
    db.session.flush()


# ---- what the council asks ---------------------------------------------------------------


def carrying_links(user, item: AgendaItem) -> list[ActionAgendaLink]:
    """The links of `item` to actions `user` may see (never a hidden draft's)."""
    visible = visible_actions(user).with_only_columns(Action.id)
    return db.session.scalars(
        select(ActionAgendaLink)
        .where(ActionAgendaLink.agenda_item_id == item.id, ActionAgendaLink.action_id.in_(visible))
        .order_by(ActionAgendaLink.id)
    ).all()


def political_trail(user, action: Action) -> list[ActionAgendaLink]:
    """The decisions, moties and toezeggingen behind an action, as far as `user` may see them.

    A sub-action carries out what its parent action carries out: the parent's links are part of
    its trail (a link's `action_id` tells which action it was made on).
    """
    lineage, parent = [action.id], action.parent
    while parent is not None and parent.id not in lineage:
        lineage.append(parent.id)
        parent = parent.parent
    visible = visible_items(user).with_only_columns(AgendaItem.id)
    links = db.session.scalars(
        select(ActionAgendaLink)
        .join(ActionAgendaLink.agenda_item)
        .where(ActionAgendaLink.action_id.in_(lineage), ActionAgendaLink.agenda_item_id.in_(visible))
        .order_by(AgendaItem.date.desc(), AgendaItem.number, ActionAgendaLink.id)
    ).all()
    # An item linked to the action itself and to a parent appears once: as the action's own link.
    closest = {}
    for link in links:
        known = closest.get(link.agenda_item_id)
        if known is None or lineage.index(link.action_id) < lineage.index(known.action_id):
            closest[link.agenda_item_id] = link
    return [link for link in links if closest[link.agenda_item_id] is link]


def overdue_commitments(user, today: date) -> list[AgendaItem]:
    return db.session.scalars(
        visible_items(user)
        .where(
            AgendaItem.kind == "toezegging",
            AgendaItem.status == "open",
            AgendaItem.deadline.is_not(None),
            AgendaItem.deadline < today,
        )
        .order_by(AgendaItem.deadline, AgendaItem.number)
    ).all()


def adopted_motions_without_action(user) -> list[AgendaItem]:
    """Aangenomen moties no action carries out — counting only actions `user` may see."""
    visible = visible_actions(user).with_only_columns(Action.id)
    carried = exists().where(
        ActionAgendaLink.agenda_item_id == AgendaItem.id,
        ActionAgendaLink.meaning == "voert_uit",
        ActionAgendaLink.action_id.in_(visible),
    )
    return db.session.scalars(
        visible_items(user)
        .where(AgendaItem.kind == "motie", AgendaItem.status == "aangenomen", ~carried)
        .order_by(AgendaItem.date.desc(), AgendaItem.number)
    ).all()


def list_items(user, *, kind: str = "", status: str = "", text: str = "") -> list[AgendaItem]:
    query = visible_items(user)
    if kind in ITEM_KINDS:
        query = query.where(AgendaItem.kind == kind)
    if status in ITEM_STATUSES:
        query = query.where(AgendaItem.status == status)
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(
            or_(AgendaItem.title.ilike(like), AgendaItem.number.ilike(like), AgendaItem.submitters.ilike(like))
        )
    return db.session.scalars(query.order_by(AgendaItem.date.desc().nulls_last(), AgendaItem.number)).all()


@dataclass(frozen=True)
class LinkedProgress:
    """How far the actions linked to one agenda item are, as far as the user may see them."""

    actions: int
    done: int
    average: int  # mean progress in %, 0-100

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.actions) if self.actions else 0


def linked_progress(user, items: list[AgendaItem]) -> dict[int, LinkedProgress]:
    """Per agenda item id: its linked actions `user` may see, how many are done and their mean progress;
    one query for the whole list. An action linked twice (carries out and reports on) counts once."""
    ids = [i.id for i in items]
    if not ids:
        return {}
    visible = visible_actions(user).with_only_columns(Action.id)
    pairs = (
        select(ActionAgendaLink.agenda_item_id.label("item_id"), Action.id, Action.status, Action.progress)
        .join(Action, Action.id == ActionAgendaLink.action_id)
        .where(ActionAgendaLink.agenda_item_id.in_(ids), Action.id.in_(visible))
        .distinct()
        .subquery()
    )
    rows = db.session.execute(
        select(
            pairs.c.item_id,
            func.count(),
            func.sum(case((pairs.c.status == "afgerond", 1), else_=0)),
            func.avg(pairs.c.progress),
        ).group_by(pairs.c.item_id)
    ).all()
    return {
        item_id: LinkedProgress(count, int(done or 0), round(float(average or 0)))
        for item_id, count, done, average in rows
    }


def item_choices(user) -> list[AgendaItem]:
    return db.session.scalars(
        visible_items(user).order_by(AgendaItem.date.desc().nulls_last(), AgendaItem.number)
    ).all()
