"""Rules for opgaven: drafting and the lifecycle, the table (seats, agreements, meetings), who is
missing, the hub and portfolio figures, and the reference lists (organisations, themes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import aliased

from planner.actions.access import visible_actions
from planner.actions.models import Action, Commitment
from planner.actions.rollup import rolled_up_progress, weighted_progress
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.agenda.services import visible_items
from planner.areas.models import Area
from planner.budget.services import allocated_by_action_and_year
from planner.core.access import grant_paths, path_condition
from planner.core.errors import PlannerError, StaleEditError
from planner.core.models import AuditEvent, User
from planner.extensions import db
from planner.indicators.services import goal_targets, latest_values
from planner.opgaven.access import visible_opgaven
from planner.opgaven.models import (
    AGREEMENT_STATUSES,
    CONTRIBUTIONS,
    OPGAVE_KINDS,
    OPGAVE_STATUSES,
    ORGANISATION_KINDS,
    PRIORITIES,
    SEAT_ROLES,
    Agreement,
    Opgave,
    Organisation,
    PartnerGrant,
    Seat,
    TableMeeting,
    Theme,
    opgave_areas,
)
from planner.programmes.access import visible_programmes
from planner.programmes.models import Programme

STEPS = tuple(OPGAVE_STATUSES)
OPGAVE_LEVELS = ("gemeente", "stadsdeel", "wijk", "buurt")
ZERO = Decimal("0.00")
STALE = (
    "Iemand anders heeft dit opgeslagen nadat u het formulier opende. "
    "Uw tekst staat nog in het formulier; bekijk de wijzigingen hieronder en sla opnieuw op."
)


def _check_not_stale(obj, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != obj.lock_version:
        raise StaleEditError(STALE, changes={})


def _text(value) -> str:
    return (value or "").strip()


# ---- reference lists: organisations and themes --------------------------------------------------


def organisation_choices(keep=()) -> list[Organisation]:
    """Active organisations, plus the inactive ones in `keep` (already linked: history stays visible)."""
    keep_ids = [o.id for o in keep]
    condition = Organisation.active.is_(True)
    if keep_ids:
        condition = condition | Organisation.id.in_(keep_ids)
    return db.session.scalars(select(Organisation).where(condition).order_by(Organisation.name)).all()


def municipality_ids(areas) -> list[int]:
    """The ids of the municipalities (root areas) the given areas lie in."""
    codes = {a.path.split("/")[0] for a in areas if a is not None}
    return list(db.session.scalars(select(Area.id).where(Area.code.in_(codes)))) if codes else []


def theme_choices(keep=(), *, areas=(), include_inactive: bool = False) -> list[Theme]:
    """The active themes of the municipalities of `areas` plus the shared ones, and the themes in `keep` (already
    chosen on the object: they stay shown and selected, even when deactivated). `include_inactive`: for filters
    over what was recorded before."""
    keep_ids = [t.id for t in keep]
    gm_ids = municipality_ids(areas)
    scope = Theme.area_id.is_(None) | (Theme.area_id.in_(gm_ids) if gm_ids else false())
    condition = scope if include_inactive else Theme.active.is_(True) & scope
    if keep_ids:
        condition = condition | Theme.id.in_(keep_ids)
    return db.session.scalars(select(Theme).where(condition).order_by(Theme.position, Theme.name)).all()


def theme_labels(themes) -> list[tuple[int, str]]:
    """(id, label) choices; when the themes come from more than one municipality, each municipality's own theme
    names its municipality ("Water (Almere)"), so two of one name can be told apart."""
    municipal = {t.area_id for t in themes if t.area_id is not None}
    if len(municipal) < 2:
        return [(t.id, t.name) for t in themes]
    return [(t.id, f"{t.name} ({t.area.name})" if t.area is not None else t.name) for t in themes]


def check_themes(themes, area, *, keep=(), field: str = "theme_ids") -> None:
    """A chosen theme must be active and belong to `area`'s municipality or be shared, unless it was already
    chosen (`keep`). Guards against an id typed into the request by hand."""
    gm_ids = set(municipality_ids([area]))
    kept = {t.id for t in keep}
    for theme in themes:
        if theme is None or theme.id in kept:
            continue
        if theme.area_id is not None and theme.area_id not in gm_ids:
            raise PlannerError(
                f"Het thema '{theme.name}' hoort bij een andere gemeente. Kies een thema uit de lijst.", field
            )
        if not theme.active:
            raise PlannerError(f"Het thema '{theme.name}' is gedeactiveerd. Kies een actief thema.", field)


def save_organisation(organisation: Organisation | None, *, name: str, kind: str) -> Organisation:
    name = " ".join(_text(name).split())
    if not name:
        raise PlannerError("Vul de naam van de organisatie in.", "name")
    if len(name) > 200:
        raise PlannerError("Een naam is hoogstens 200 tekens.", "name")
    if kind not in ORGANISATION_KINDS:
        raise PlannerError("Kies het soort organisatie uit de lijst.", "kind")
    same = db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower()))
    if same is not None and same is not organisation:
        state = "" if same.active else " (gedeactiveerd; activeer haar weer in plaats van een nieuwe aan te maken)"
        raise PlannerError(f"Er is al een organisatie met de naam '{same.name}'{state}.", "name")
    if organisation is None:
        organisation = Organisation(name=name, kind=kind, active=True)
        db.session.add(organisation)
    else:
        organisation.name, organisation.kind = name, kind
    db.session.flush()
    return organisation


def organisation_usage(organisation: Organisation) -> dict[str, int]:
    """Where an organisation is used: what stays linked when it is deactivated or merged."""

    def count(query) -> int:
        return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0

    return {
        "seats": count(select(Seat.opgave_id).where(Seat.organisation_id == organisation.id)),
        "agreements": count(select(Agreement.id).where(Agreement.organisation_id == organisation.id)),
        "actions": count(
            select(Action.id).where(
                Action.partners.any(Organisation.id == organisation.id)
                | (Action.owner_organisation_id == organisation.id)
            )
        ),
    }


def used_outside(organisation: Organisation, paths: list[str]) -> bool:
    """The organisation sits at a table, has agreements, leads or serves actions, commits to actions or holds a
    partner role somewhere outside the areas `paths`: renaming, merging or deactivating it changes another
    municipality's records, so that is for an administrator of the whole installation."""
    from sqlalchemy import not_

    outside = not_(path_condition(Area.path, paths))
    places = [
        select(Seat.opgave_id).join(Seat.opgave).join(Opgave.area).where(Seat.organisation_id == organisation.id),
        select(Agreement.id)
        .join(Agreement.opgave)
        .join(Opgave.area)
        .where(Agreement.organisation_id == organisation.id),
        select(Action.id)
        .join(Action.programme)
        .join(Programme.area)
        .where(
            Action.partners.any(Organisation.id == organisation.id)
            | (Action.owner_organisation_id == organisation.id)
            | Action.id.in_(select(Commitment.action_id).where(Commitment.organisation_id == organisation.id))
        ),
    ]
    return any(db.session.scalar(query.where(outside).limit(1)) is not None for query in places)


def set_organisation_active(organisation: Organisation, active: bool) -> Organisation:
    if active and organisation.merged_into_id is not None:
        raise PlannerError(
            f"'{organisation.name}' is samengevoegd met '{organisation.merged_into.name}' en kan niet "
            "meer worden geactiveerd. Gebruik die organisatie."
        )
    organisation.active = active
    db.session.flush()
    return organisation


def merge_organisations(source: Organisation, target: Organisation | None) -> Organisation:
    """Move every seat, agreement, meeting attendance and action link of `source` to `target`; `source`
    stays, deactivated, with a pointer to where it went (the audit trail keeps its history)."""
    check_merge(source, target)
    for seat in db.session.scalars(select(Seat).where(Seat.organisation_id == source.id)).all():
        existing = db.session.get(Seat, (seat.opgave_id, target.id))
        if existing is None:
            db.session.add(
                Seat(
                    opgave_id=seat.opgave_id,
                    organisation=target,
                    role=seat.role,
                    contacts=seat.contacts,
                    brings=list(seat.brings or []),
                    offer=seat.offer,
                    wants=seat.wants,
                )
            )
        else:  # both sat at this table: keep the target's seat and add what the duplicate knew
            existing.contacts = "\n".join(t for t in (existing.contacts, seat.contacts) if t)
            existing.brings = sorted(set(existing.brings or []) | set(seat.brings or []))
            existing.offer = "\n".join(t for t in (existing.offer, seat.offer) if t)
            existing.wants = "\n".join(t for t in (existing.wants, seat.wants) if t)
        db.session.delete(seat)
    for agreement in db.session.scalars(select(Agreement).where(Agreement.organisation_id == source.id)):
        agreement.organisation = target
    for meeting in db.session.scalars(
        select(TableMeeting).where(TableMeeting.attendees.any(Organisation.id == source.id))
    ):
        meeting.attendees = [o for o in meeting.attendees if o.id != source.id] + (
            [] if target in meeting.attendees else [target]
        )
    # Linking actions to organisations is the actions feature's; a merge only renames who is linked.
    for action in db.session.scalars(select(Action).where(Action.partners.any(Organisation.id == source.id))):
        action.partners = sorted({*[o for o in action.partners if o.id != source.id], target}, key=lambda o: o.name)
    for action in db.session.scalars(select(Action).where(Action.owner_organisation_id == source.id)):
        action.owner_organisation = target
    for commitment in db.session.scalars(select(Commitment).where(Commitment.organisation_id == source.id)):
        commitment.organisation = target
    source.active, source.merged_into = False, target
    db.session.flush()
    return target


def check_merge(source: Organisation, target: Organisation | None) -> None:
    if target is None:
        raise PlannerError("Kies de organisatie waarmee u deze wilt samenvoegen.", "target_id")
    if target.id == source.id:
        raise PlannerError(
            "Een organisatie kan niet met zichzelf worden samengevoegd. Kies de andere organisatie (de dubbele).",
            "target_id",
        )
    if not target.active:
        raise PlannerError(f"'{target.name}' is gedeactiveerd. Voeg samen met een actieve organisatie.", "target_id")


def save_theme(theme: Theme | None, *, name: str, party_kinds=(), area: Area | None = None) -> Theme:
    """A theme of one municipality (`area`, a gemeente) or shared by every municipality (`area` None). A new theme
    gets `area`; an existing one keeps its own. A name is unique among the themes a municipality can choose."""
    name = " ".join(_text(name).split())
    if not name:
        raise PlannerError("Vul de naam van het thema in.", "name")
    if len(name) > 100:
        raise PlannerError("Een themanaam is hoogstens 100 tekens.", "name")
    unknown = [k for k in party_kinds if k not in ORGANISATION_KINDS]
    if unknown:
        raise PlannerError("Kies de soorten partijen uit de lijst.", "party_kinds")
    area_id = theme.area_id if theme is not None else (area.id if area is not None else None)
    if theme is None and area is not None and area.level != "gemeente":
        raise PlannerError("Een thema hoort bij een gemeente of bij alle gemeenten.", "area_id")
    same_name = select(Theme).where(func.lower(Theme.name) == name.lower())
    if theme is not None:
        same_name = same_name.where(Theme.id != theme.id)
    # A shared theme meets every municipality's own; a municipality's theme meets the shared ones and its own.
    if area_id is not None:
        same_name = same_name.where(Theme.area_id.is_(None) | (Theme.area_id == area_id))
    same = db.session.scalars(same_name.order_by(Theme.id)).first()
    if same is not None:
        where = (
            " (gedeeld door alle gemeenten)"
            if same.area_id is None and area_id is not None
            else f" (van {same.area.name})"
            if same.area_id is not None and area_id is None
            else ""
        )
        raise PlannerError(f"Er is al een thema '{same.name}'{where}. Kies een andere naam.", "name")
    kinds = [k for k in ORGANISATION_KINDS if k in set(party_kinds)]
    if theme is None:
        position = (db.session.scalar(select(func.max(Theme.position))) or 0) + 1
        theme = Theme(name=name, position=position, active=True, party_kinds=kinds, area_id=area_id)
        db.session.add(theme)
    else:
        theme.name = name
        if list(theme.party_kinds or []) != kinds:
            theme.party_kinds = kinds
    db.session.flush()
    return theme


def move_theme(theme: Theme, step: int) -> Theme:
    """Move a theme one place up (-1) or down (+1) among the themes of its own list (its municipality's, or the
    shared one), in the order every list shows."""
    themes = db.session.scalars(
        select(Theme)
        .where(Theme.area_id.is_(None) if theme.area_id is None else Theme.area_id == theme.area_id)
        .order_by(Theme.position, Theme.name)
    ).all()
    index = themes.index(theme)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(themes):
        themes[index], themes[other] = themes[other], themes[index]
    # The list keeps the places it holds among the other lists' themes; ties are spread out first.
    positions = sorted(t.position for t in themes)
    if len(set(positions)) < len(positions):
        positions = list(range(positions[0], positions[0] + len(themes)))
    for position, item in zip(positions, themes):
        if item.position != position:
            item.position = position
    db.session.flush()
    return theme


def set_theme_active(theme: Theme, active: bool) -> Theme:
    theme.active = active
    db.session.flush()
    return theme


# ---- opgaven and their lifecycle -----------------------------------------------------------------


def editable_areas(user) -> list[Area]:
    """Where `user` may create an opgave: the areas within their editing grants."""
    return db.session.scalars(
        select(Area)
        .where(path_condition(Area.path, grant_paths(user, "edit")), Area.level.in_(OPGAVE_LEVELS))
        .order_by(Area.path)
    ).all()


def filter_areas(user):
    """The areas the list can be narrowed to: municipalities, districts and wards the user may see."""
    return select(Area).where(
        path_condition(Area.path, grant_paths(user, "view")), Area.level.in_(("gemeente", "stadsdeel", "wijk"))
    )


OPGAVE_FIELDS = (
    "title",
    "statement",
    "kind",
    "description",
    "desired_situation",
    "priority",
    "portfolio_holder",
    "official_sponsor",
    "director",
)


def _check_opgave(fields: dict) -> dict:
    values = {k: _text(fields.get(k)) for k in OPGAVE_FIELDS if k in fields}
    if "title" in values and not values["title"]:
        raise PlannerError("Vul een korte titel in, bijvoorbeeld 'Gezond opgroeien in Helmond-Oost'.", "title")
    if "statement" in values and not values["statement"]:
        raise PlannerError("Beschrijf de opgave in één zin: wat hebben we hier te doen, en waarom?", "statement")
    if "kind" in values and values["kind"] not in OPGAVE_KINDS:
        raise PlannerError("Kies of dit een maatschappelijke opgave of een beleidsopgave is.", "kind")
    if "priority" in values and values["priority"] not in PRIORITIES:
        raise PlannerError("Kies een prioriteit: hoog, middel of laag.", "priority")
    return values


def _check_area(area: Area | None) -> None:
    if area is None or area.level not in OPGAVE_LEVELS:
        raise PlannerError("Kies het gebied van de opgave: een gemeente, wijk of buurt.", "area_id")


def create_opgave(*, area: Area | None, themes=(), concerned_areas=(), **fields) -> Opgave:
    _check_area(area)
    check_themes(themes, area)
    values = _check_opgave({"title": "", "statement": "", "kind": "maatschappelijk", "priority": "middel"} | fields)
    concerned = _check_concerned(area, concerned_areas)
    opgave = Opgave(area=area, status="signalering", themes=list(themes), concerned_areas=concerned, **values)
    db.session.add(opgave)
    db.session.flush()
    return opgave


def update_opgave(
    opgave: Opgave,
    expected_version: int | None,
    *,
    themes=None,
    area: Area | None = None,
    concerned_areas=None,
    **fields,
) -> Opgave:
    _check_not_stale(opgave, expected_version)
    values = _check_opgave(fields)
    if area is not None and area is not opgave.area:
        _check_area(area)
    concerned = _check_concerned(
        area or opgave.area, opgave.concerned_areas if concerned_areas is None else concerned_areas
    )
    if area is not None and area is not opgave.area:
        opgave.area = area
    if concerned != list(opgave.concerned_areas):
        opgave.concerned_areas = concerned
    for key, value in values.items():
        if getattr(opgave, key) != value:
            setattr(opgave, key, value)
    if themes is not None and list(themes) != list(opgave.themes):
        check_themes(themes, opgave.area, keep=opgave.themes)
        opgave.themes = list(themes)
    db.session.flush()
    return opgave


# ---- the areas an opgave concerns (besides the owning area) ----------------------------------------


def concern_choices(user, opgave: Opgave | None = None) -> list[Area]:
    """The areas an opgave can concern: stadsdelen, wijken and buurten within the user's editing grants,
    plus those the opgave already concerns."""
    areas = [a for a in editable_areas(user) if a.level != "gemeente"]
    keep = [a for a in (opgave.concerned_areas if opgave else ()) if a not in areas]
    return sorted([*areas, *keep], key=lambda a: a.path)


def _check_concerned(area: Area, concerned) -> list[Area]:
    """The concerned areas, each within the owning `area` (the owning area itself adds nothing)."""
    out = []
    for a in concerned:
        if a.id == area.id or a in out:
            continue
        if not a.is_within(area):
            raise PlannerError(
                f"{a.name} ligt niet binnen {area.name}, het gebied waar de opgave bij hoort. Kies gebieden "
                "daarbinnen, of kies bij 'Gebied' een groter gebied (bijvoorbeeld de gemeente).",
                "concerned_area_ids",
            )
        out.append(a)
    return sorted(out, key=lambda a: a.path)


def concerning(area: Area):
    """SQL: the ids of the opgaven that concern an area within `area`."""
    concerned = aliased(Area)
    return (
        select(opgave_areas.c.opgave_id)
        .join(concerned, concerned.id == opgave_areas.c.area_id)
        .where(path_condition(concerned.path, [area.path]))
    )


def allowed_steps(status: str) -> list[str]:
    """The next phase, and every earlier one (a step back, for instance when the exploration reopens)."""
    index = STEPS.index(status) if status in STEPS else 0
    return ([STEPS[index + 1]] if index + 1 < len(STEPS) else []) + list(reversed(STEPS[:index]))


def change_status(opgave: Opgave, to_status: str, reason: str) -> Opgave:
    """Move the opgave through its lifecycle; every step, forward or back, needs a reason for the trail."""
    if to_status not in OPGAVE_STATUSES:
        raise PlannerError("Kies de fase waar de opgave naartoe gaat.", "to_status")
    frm = OPGAVE_STATUSES.get(opgave.status, opgave.status)
    if to_status == opgave.status:
        raise PlannerError(f"De opgave staat al in de fase '{frm}'. Kies een andere fase.", "to_status")
    if to_status not in allowed_steps(opgave.status):
        allowed = ", ".join(OPGAVE_STATUSES[s] for s in allowed_steps(opgave.status))
        raise PlannerError(
            f"Van '{frm}' kan de opgave niet in één keer naar '{OPGAVE_STATUSES[to_status]}': "
            f"een opgave gaat één fase tegelijk vooruit. Mogelijk vanuit deze fase: {allowed}.",
            "to_status",
        )
    reason = _text(reason)
    backwards = STEPS.index(to_status) < STEPS.index(opgave.status) if opgave.status in STEPS else False
    if not reason:
        if backwards:
            raise PlannerError(
                f"Een stap terug naar '{OPGAVE_STATUSES[to_status]}' vraagt om een reden: wat is er "
                "veranderd, en wat gaat u opnieuw doen?",
                "reason",
            )
        raise PlannerError(
            f"Geef de reden voor de stap naar '{OPGAVE_STATUSES[to_status]}': wat is er besloten of bereikt?", "reason"
        )
    if len(reason) > 2000:
        raise PlannerError("De reden is hoogstens 2.000 tekens.", "reason")
    db.session.info["audit_event"] = "transition"
    try:
        opgave.status, opgave.status_reason = to_status, reason
        db.session.flush()
    finally:
        db.session.info.pop("audit_event", None)
    return opgave


@dataclass
class Step:
    at: object
    who: str
    frm: str | None
    to: str
    reason: str


def lifecycle(opgave: Opgave) -> list[Step]:
    """The phases the opgave went through, oldest first, read from the audit trail."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "Opgave",
            AuditEvent.entity_id == opgave.id,
            AuditEvent.event.in_(("create", "transition")),
        )
        .order_by(AuditEvent.id)
    ).all()
    steps = []
    for e in events:
        after, before = e.after or {}, e.before or {}
        if "status" in after:
            steps.append(
                Step(e.at, e.user_label, before.get("status"), after["status"], after.get("status_reason") or "")
            )
    return steps


@dataclass
class Filters:
    area: Area | None = None
    theme_id: int | None = None
    status: str = ""
    priority: str = ""
    level: str = ""


def list_opgaven(user, filters: Filters) -> list[Opgave]:
    priority_order = {p: i for i, p in enumerate(PRIORITIES)}
    opgaven = db.session.scalars(filtered_opgaven(user, filters).order_by(Area.path, Opgave.title)).all()
    return sorted(opgaven, key=lambda o: (o.area.path, priority_order.get(o.priority, 9), o.title))


def filtered_opgaven(user, filters: Filters):
    """The visible opgaven narrowed by the list's filters, as a query (the API pages through it)."""
    query = visible_opgaven(user)
    if filters.area is not None:
        query = query.where(
            or_(path_condition(Area.path, [filters.area.path]), Opgave.id.in_(concerning(filters.area)))
        )
    if filters.theme_id:
        query = query.where(Opgave.themes.any(Theme.id == filters.theme_id))
    if filters.status in OPGAVE_STATUSES:
        query = query.where(Opgave.status == filters.status)
    if filters.priority in PRIORITIES:
        query = query.where(Opgave.priority == filters.priority)
    if filters.level in OPGAVE_LEVELS:
        query = query.where(Area.level == filters.level)
    return query


# ---- figures for the hub and the portfolio -------------------------------------------------------


@dataclass
class ActionRow:
    id: int
    parent_id: int | None
    progress: int
    weight: Decimal
    status: str


def programme_progress(rows: list[ActionRow]) -> int | None:
    """Weighted progress of a programme's top-level actions, each rolled up from its children the way
    the action page does (stopped children do not count); None without actions."""
    children: dict[int, list[ActionRow]] = {}
    ids = {r.id for r in rows}
    for r in rows:
        if r.parent_id in ids:
            children.setdefault(r.parent_id, []).append(r)

    def rolled(row: ActionRow, seen: frozenset) -> int:
        kids = [c for c in children.get(row.id, ()) if c.status != "gestopt" and c.id not in seen]
        value = weighted_progress([(rolled(c, seen | {c.id}), c.weight) for c in kids]) if kids else None
        return row.progress if value is None else value

    top = [r for r in rows if r.parent_id not in ids and r.status != "gestopt"]
    return weighted_progress([(rolled(r, frozenset({r.id})), r.weight) for r in top])


def _opgave_of_action():
    """An action serves its own opgave, else its programme's (as the budget overview counts it)."""
    return func.coalesce(Action.opgave_id, Programme.opgave_id)


def opgave_actions(user, opgave: Opgave) -> list[Action]:
    return db.session.scalars(
        visible_actions(user).where(_opgave_of_action() == opgave.id).order_by(Programme.title, Action.number)
    ).all()


def _action_rows(programme_ids) -> dict[int, list[ActionRow]]:
    out: dict[int, list[ActionRow]] = {}
    if not programme_ids:
        return out
    for pid, *row in db.session.execute(
        select(Action.programme_id, Action.id, Action.parent_id, Action.progress, Action.weight, Action.status).where(
            Action.programme_id.in_(list(programme_ids))
        )
    ):
        out.setdefault(pid, []).append(ActionRow(*row))
    return out


@dataclass
class ProgrammeFigures:
    programme: Programme
    progress: int | None
    allocated: Decimal


@dataclass
class Hub:
    programmes: list[ProgrammeFigures]
    actions: list[Action]
    action_progress: dict[int, int]
    allocated_by_year: dict[int, Decimal]
    allocated_total: Decimal
    agenda_items: list = field(default_factory=list)
    targets: list = field(default_factory=list)


def _programme_figures(programmes, opgave_ids_by_action: dict[int, int], allocated) -> dict[int, ProgrammeFigures]:
    rows = _action_rows([p.id for p in programmes])
    out = {}
    for p in programmes:
        money = sum(
            (sum(allocated.get(r.id, {}).values(), ZERO) for r in rows.get(p.id, ()) if r.id in opgave_ids_by_action),
            ZERO,
        )
        out[p.id] = ProgrammeFigures(p, programme_progress(rows.get(p.id, [])), money)
    return out


def opgave_programmes(user, opgave: Opgave) -> list[Programme]:
    return db.session.scalars(
        visible_programmes(user)
        .where(Programme.opgave_id == opgave.id)
        .order_by(Programme.start_year.desc(), Programme.title)
    ).all()


def hub(user, opgave: Opgave) -> Hub:
    """What the opgave page shows, all of it within what `user` may see."""
    programmes = opgave_programmes(user, opgave)
    actions = opgave_actions(user, opgave)
    action_ids = [a.id for a in actions]
    allocated = allocated_by_action_and_year(action_ids)
    figures = _programme_figures(programmes, {a.id: opgave.id for a in actions}, allocated)
    by_year: dict[int, Decimal] = {}
    for years in allocated.values():
        for year, amount in years.items():
            by_year[year] = by_year.get(year, ZERO) + amount
    items = []
    if action_ids:
        linked = select(ActionAgendaLink.agenda_item_id).where(ActionAgendaLink.action_id.in_(action_ids))
        items = db.session.scalars(
            visible_items(user)
            .where(AgendaItem.id.in_(linked))
            .order_by(AgendaItem.date.desc().nulls_last(), AgendaItem.number)
        ).all()
    return Hub(
        programmes=[figures[p.id] for p in programmes],
        actions=actions,
        action_progress={a.id: rolled_up_progress(a) for a in actions},
        allocated_by_year=dict(sorted(by_year.items())),
        allocated_total=sum(by_year.values(), ZERO),
        agenda_items=items,
        targets=_targets(programmes),
    )


def _targets(programmes) -> list:
    """Indicator targets on the goals of the opgave's programmes, with the latest measured value."""
    targets = [t for p in programmes for g in p.goals for t in goal_targets(g)]
    latest = latest_values({t.indicator_id for t in targets}, {t.area_id for t in targets})
    return [(t, latest.get((t.indicator_id, t.area_id))) for t in targets]


@dataclass
class PortfolioRow:
    opgave: Opgave
    programmes: int
    progress: int | None
    allocated: Decimal


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    matrix: dict[Area, dict[str, int]]  # area → status → number of opgaven
    total_allocated: Decimal


def portfolio(user, filters: Filters | None = None) -> Portfolio:
    """Every visible opgave with its phase, the progress of its visible programmes and their money."""
    opgaven = list_opgaven(user, filters or Filters())
    ids = [o.id for o in opgaven]
    programmes = db.session.scalars(visible_programmes(user).where(Programme.opgave_id.in_(ids))).all() if ids else []
    actions = (
        db.session.execute(
            visible_actions(user).where(_opgave_of_action().in_(ids)).with_only_columns(Action.id, _opgave_of_action())
        ).all()
        if ids
        else []
    )
    allocated = allocated_by_action_and_year([a for a, _ in actions])
    opgave_of = dict(actions)
    rows_by_programme = _action_rows([p.id for p in programmes])
    rows, matrix = [], {}
    for o in opgaven:
        mine = [p for p in programmes if p.opgave_id == o.id]
        progress = [programme_progress(rows_by_programme.get(p.id, [])) for p in mine]
        progress = [v for v in progress if v is not None]
        money = sum((sum(years.values(), ZERO) for a, years in allocated.items() if opgave_of.get(a) == o.id), ZERO)
        rows.append(PortfolioRow(o, len(mine), round(sum(progress) / len(progress)) if progress else None, money))
        matrix.setdefault(o.area, {}).setdefault(o.status, 0)
        matrix[o.area][o.status] += 1
    return Portfolio(rows, matrix, sum((r.allocated for r in rows), ZERO))


# ---- the table: seats, agreements, meetings ------------------------------------------------------


def _check_seat(role: str, brings) -> list[str]:
    if role not in SEAT_ROLES:
        raise PlannerError("Kies de rol van deze partij aan tafel.", "role")
    if any(b not in CONTRIBUTIONS for b in brings or ()):
        raise PlannerError("Kies uit de lijst wat de partij inbrengt.", "brings")
    return [k for k in CONTRIBUTIONS if k in set(brings or ())]


def seat_party(
    opgave: Opgave,
    organisation: Organisation | None,
    *,
    role: str,
    brings=(),
    contacts: str = "",
    offer: str = "",
    wants: str = "",
) -> Seat:
    if organisation is None:
        raise PlannerError("Kies de organisatie die aan tafel komt.", "organisation_id")
    if not organisation.active:
        raise PlannerError(
            f"'{organisation.name}' is gedeactiveerd en kan niet meer aan tafel komen.", "organisation_id"
        )
    if db.session.get(Seat, (opgave.id, organisation.id)) is not None:
        raise PlannerError(
            f"{organisation.name} zit al aan tafel bij deze opgave. Wijzig daar haar rol.", "organisation_id"
        )
    seat = Seat(
        opgave=opgave,
        organisation=organisation,
        role=role,
        brings=_check_seat(role, brings),
        contacts=_text(contacts),
        offer=_text(offer),
        wants=_text(wants),
    )
    db.session.add(seat)
    db.session.flush()
    return seat


def update_seat(seat: Seat, *, role: str, brings=(), contacts: str = "", offer: str = "", wants: str = "") -> Seat:
    values = {
        "role": role,
        "brings": _check_seat(role, brings),
        "contacts": _text(contacts),
        "offer": _text(offer),
        "wants": _text(wants),
    }
    for key, value in values.items():
        if getattr(seat, key) != value:
            setattr(seat, key, value)
    db.session.flush()
    return seat


def unseat(seat: Seat) -> None:
    check_unseat(seat)
    db.session.delete(seat)
    db.session.flush()


def check_unseat(seat: Seat) -> None:
    """Refuse while the party has open agreements at this table: they need it seated. Settled agreements
    (nagekomen, niet nagekomen, vervallen) stay with the party as history."""
    count = db.session.scalar(
        select(func.count())
        .select_from(Agreement)
        .where(
            Agreement.opgave_id == seat.opgave_id,
            Agreement.organisation_id == seat.organisation_id,
            Agreement.status == "open",
        )
    )
    if count:
        raise PlannerError(
            f"{seat.organisation.name} heeft open afspraken bij deze opgave ({count}). Zet die eerst op "
            "'vervallen' of 'nagekomen'; de partij blijft aan tafel zolang er open afspraken staan."
        )


def seated(opgave: Opgave) -> list[Organisation]:
    return sorted((s.organisation for s in opgave.seats), key=lambda o: o.name.casefold())


def seats_of(user, organisation: Organisation) -> list[Seat]:
    """Where `organisation` sits at the table, only at opgaven `user` may see."""
    visible = visible_opgaven(user).with_only_columns(Opgave.id)
    return db.session.scalars(
        select(Seat)
        .join(Seat.opgave)
        .join(Opgave.area)
        .where(Seat.organisation_id == organisation.id, Seat.opgave_id.in_(visible))
        .order_by(Area.path, Opgave.title, Opgave.id)
    ).all()


def _check_actions(user, opgave: Opgave, actions) -> list[Action]:
    allowed = {a.id for a in opgave_actions(user, opgave)}
    if any(a.id not in allowed for a in actions):
        raise PlannerError("Koppel alleen acties van deze opgave.", "action_ids")
    return sorted(actions, key=lambda a: a.id)


def _agreement_values(opgave: Opgave, organisation, made_on, text, due_date, status, meeting) -> dict:
    if organisation is None:
        raise PlannerError("Kies de partij die de afspraak maakt.", "organisation_id")
    if organisation not in seated(opgave):
        raise PlannerError(
            f"{organisation.name} zit niet aan tafel bij deze opgave. Voeg de partij eerst toe aan de tafel.",
            "organisation_id",
        )
    if made_on is None:
        raise PlannerError("Vul de datum in waarop de afspraak is gemaakt.", "made_on")
    if not _text(text):
        raise PlannerError("Beschrijf wat er is afgesproken: wie doet wat, wanneer?", "text")
    if due_date is not None and due_date < made_on:
        raise PlannerError("De uiterste datum ligt vóór de datum van de afspraak.", "due_date")
    if status not in AGREEMENT_STATUSES:
        raise PlannerError("Kies de stand van de afspraak.", "status")
    if meeting is not None and meeting.opgave_id != opgave.id:
        raise PlannerError("Kies een tafeloverleg van deze opgave.", "meeting_id")
    return {
        "organisation": organisation,
        "made_on": made_on,
        "text": _text(text),
        "due_date": due_date,
        "status": status,
        "meeting": meeting,
    }


def record_agreement(
    user,
    opgave: Opgave,
    *,
    organisation: Organisation | None,
    made_on: date | None,
    text: str,
    due_date: date | None = None,
    status: str = "open",
    meeting: TableMeeting | None = None,
    actions=(),
) -> Agreement:
    values = _agreement_values(opgave, organisation, made_on, text, due_date, status, meeting)
    agreement = Agreement(opgave=opgave, actions=_check_actions(user, opgave, actions), **values)
    db.session.add(agreement)
    db.session.flush()
    return agreement


def update_agreement(
    user,
    agreement: Agreement,
    expected_version: int | None,
    *,
    organisation,
    made_on,
    text,
    due_date=None,
    status="open",
    meeting=None,
    actions=(),
) -> Agreement:
    _check_not_stale(agreement, expected_version)
    values = _agreement_values(agreement.opgave, organisation, made_on, text, due_date, status, meeting)
    # Links to actions this user cannot see (another area's programme) stay: the form never showed them.
    visible = {a.id for a in opgave_actions(user, agreement.opgave)}
    hidden = [a for a in agreement.actions if a.id not in visible]
    values["actions"] = sorted(_check_actions(user, agreement.opgave, actions) + hidden, key=lambda a: a.id)
    for key, value in values.items():
        if getattr(agreement, key) != value:
            setattr(agreement, key, value)
    db.session.flush()
    return agreement


def _meeting_values(opgave: Opgave, held_on, title, notes, attendees) -> dict:
    if held_on is None:
        raise PlannerError("Vul de datum van het overleg in.", "held_on")
    if not attendees:
        raise PlannerError("Kies wie er aan tafel zaten.", "attendee_ids")
    at_table = set(seated(opgave))
    if any(a not in at_table for a in attendees):
        raise PlannerError("Kies alleen partijen die aan tafel zitten.", "attendee_ids")
    return {
        "held_on": held_on,
        "title": _text(title)[:200],
        "notes": _text(notes),
        "attendees": sorted(attendees, key=lambda o: o.name),
    }


def record_meeting(
    opgave: Opgave, *, held_on: date | None, title: str = "", notes: str = "", attendees=()
) -> TableMeeting:
    meeting = TableMeeting(opgave=opgave, **_meeting_values(opgave, held_on, title, notes, attendees))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: TableMeeting, *, held_on, title="", notes="", attendees=()) -> TableMeeting:
    for key, value in _meeting_values(meeting.opgave, held_on, title, notes, attendees).items():
        if getattr(meeting, key) != value:
            setattr(meeting, key, value)
    db.session.flush()
    return meeting


# ---- who is missing ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


def _contact_names(contacts: str) -> list[str]:
    """'Fatima el Amrani (projectleider), 06-…' → 'fatima el amrani': the name before any detail."""
    names = []
    for line in (contacts or "").splitlines():
        name = _normal(re.split(r"[,(;–\-]", line, maxsplit=1)[0])
        if len(name) >= 3:
            names.append(name)
    return names


def owner_at_table(action: Action, seats: list[Seat]) -> bool:
    """An action with an organisation as trekker: that organisation has a seat. Without one (only a contact
    person), the person's name is matched to the table as free text."""
    if action.owner_organisation_id is not None:
        return any(seat.organisation_id == action.owner_organisation_id for seat in seats)
    return owner_matches(action.owner_person, seats)


def owner_matches(owner: str, seats: list[Seat]) -> bool:
    """The trekker (free text) names a party at the table: its name within the trekker's or the other way
    round ('Gemeente Helmond – Openbare ruimte' matches the party 'Gemeente Helmond'), or a contact person."""
    text = _normal(owner)
    if not text:
        return False
    for seat in seats:
        name = _normal(seat.organisation.name)
        if name and (name in text or (len(text) >= 3 and text in name)):
            return True
        if any(contact in text for contact in _contact_names(seat.contacts)):
            return True
    return False


@dataclass
class Missing:
    themes: list[tuple[Theme, list[str]]]  # theme, kinds that would serve it (labels)
    agreements_without_action: dict[Organisation, list[Agreement]]
    unmatched_owners: list[Action]

    @property
    def count(self) -> int:
        return len(self.themes) + len(self.agreements_without_action) + len(self.unmatched_owners)


def who_is_missing(user, opgave: Opgave) -> Missing:
    kinds_at_table = {s.organisation.kind for s in opgave.seats}
    themes = [
        (t, t.party_kind_labels) for t in opgave.themes if t.party_kinds and not kinds_at_table & set(t.party_kinds)
    ]
    without: dict[Organisation, list[Agreement]] = {}
    for agreement in opgave.agreements:
        if agreement.status == "open" and not agreement.actions:
            without.setdefault(agreement.organisation, []).append(agreement)
    unmatched = [
        a
        for a in opgave_actions(user, opgave)
        if a.status not in ("afgerond", "gestopt") and not owner_at_table(a, opgave.seats)
    ]
    return Missing(themes, without, unmatched)


# ---- commitments per party -----------------------------------------------------------------------


@dataclass
class PartyCommitment:
    organisation: Organisation
    seated: bool
    money: Decimal = ZERO  # geld, in euros
    hours: Decimal = ZERO  # uren
    in_kind: Decimal = ZERO  # in natura, its value in euros
    actions: int = 0


def commitments_by_party(user, opgave: Opgave) -> list[PartyCommitment]:
    """What each party commits to the opgave's actions the user may see, summed per kind; parties at the
    table come first, then others that commit without a seat."""
    action_ids = [a.id for a in opgave_actions(user, opgave)]
    if not action_ids:
        return []
    seated = {s.organisation_id for s in opgave.seats}
    rows: dict[int, PartyCommitment] = {}
    per_action: dict[int, set] = {}
    for c in db.session.scalars(select(Commitment).where(Commitment.action_id.in_(action_ids))):
        row = rows.setdefault(c.organisation_id, PartyCommitment(c.organisation, c.organisation_id in seated))
        attribute = {"geld": "money", "uren": "hours", "natura": "in_kind"}.get(c.kind)
        if attribute:
            setattr(row, attribute, getattr(row, attribute) + c.amount)
        per_action.setdefault(c.organisation_id, set()).add(c.action_id)
    for organisation_id, row in rows.items():
        row.actions = len(per_action[organisation_id])
    return sorted(rows.values(), key=lambda r: (not r.seated, r.organisation.name.casefold()))


def grant_partner(
    user, opgave: Opgave | None, organisation: Organisation | None, *, programme: Programme | None = None
) -> PartnerGrant:
    """Seat a person of a partner organisation at the table of an opgave (all its programmes) or of one
    programme: they read its drafts, comment in the internal round and report on the actions their
    organisation leads. Exactly one of `opgave` and `programme`."""
    if opgave is None and programme is None:
        raise PlannerError("Kies de opgave of het programma waarop de partnerrol geldt.", "opgave_id")
    if opgave is not None and programme is not None:
        raise PlannerError(
            "Kies een opgave óf een programma, niet allebei: een rol op de opgave geldt al voor al haar programma's.",
            "programme_id",
        )
    if organisation is None:
        raise PlannerError("Kies de organisatie waarvoor deze persoon aan tafel zit.", "organisation_id")
    if not organisation.active:
        raise PlannerError(f"Organisatie {organisation.name} is niet meer actief.", "organisation_id")
    on = PartnerGrant.opgave_id == opgave.id if opgave is not None else PartnerGrant.programme_id == programme.id
    exists = db.session.scalar(
        select(PartnerGrant.id).where(
            PartnerGrant.user_id == user.id, on, PartnerGrant.organisation_id == organisation.id
        )
    )
    if exists:
        target = f"opgave {opgave.title}" if opgave is not None else f"programma {programme.title}"
        raise PlannerError(
            f"{user.email} heeft deze partnerrol op {target} al.", "opgave_id" if opgave is not None else "programme_id"
        )
    grant = PartnerGrant(user=user, opgave=opgave, programme=programme, organisation=organisation)
    db.session.add(grant)
    db.session.flush()
    return grant


def partner_grants_of(user) -> list[PartnerGrant]:
    return list(db.session.scalars(select(PartnerGrant).where(PartnerGrant.user_id == user.id)))


def revoke_partner(user, grant_id: int) -> PartnerGrant | None:
    """Take a partner role away; None when `user` has no such grant."""
    grant = db.session.get(PartnerGrant, grant_id)
    if grant is None or grant.user_id != user.id:
        return None
    db.session.delete(grant)
    db.session.flush()
    return grant


def demo_partner_logins(domain: str) -> list[tuple[str, str, str]]:
    """(e-mail, "Partner", "opgave or programme (organisation)") for the partner grants of users under `domain`."""

    grants = db.session.scalars(
        select(PartnerGrant).join(PartnerGrant.user).where(User.email.endswith(f"@{domain}", autoescape=True))
    )
    return [(g.user.email, "Partner", f"{g.target_label} ({g.organisation.name})") for g in grants]
