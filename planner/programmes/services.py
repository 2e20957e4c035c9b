"""Rules for programmes: drafting, the status workflow, versions and their comparison."""

from __future__ import annotations

import difflib
from datetime import datetime

from sqlalchemy import and_, func, not_, or_, select, true

from planner.actions.models import ACTION_STATUS_LABELS
from planner.core import hooks
from planner.core.errors import PlannerError, StaleEditError, WorkflowError
from planner.core.i18n import N_
from planner.core.models import AuditEvent, utcnow
from planner.extensions import db
from planner.programmes.models import (
    COMPETENT_BODIES,
    COUNCIL_STATUSES,
    DECISION_ITEM_KINDS,
    STATUS_LABELS,
    Goal,
    Programme,
    ProgrammeVersion,
)

# (from, to) → capability needed. Adoption and later steps are for the area manager.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("concept", "consultatie"): "edit",
    ("consultatie", "besluitvorming"): "edit",
    ("consultatie", "concept"): "edit",
    ("besluitvorming", "concept"): "edit",
    ("besluitvorming", "vastgesteld"): "adopt",
    ("vastgesteld", "uitvoering"): "adopt",
    ("uitvoering", "geevalueerd"): "adopt",
}
EDITABLE_STATUSES = ("concept", "consultatie", "besluitvorming")

PROGRAMME_FIELDS = {
    "title": N_("Titel"),
    "summary": N_("Samenvatting"),
    "ambition": N_("Wat willen we bereiken?"),
    "approach": N_("Wat gaan we daarvoor doen?"),
    "cost_notes": N_("Wat mag het kosten?"),
    "start_year": N_("Beginjaar"),
    "end_year": N_("Eindjaar"),
    "opgave": N_("Opgave"),
    "status": N_("Status"),
    "decision_reference": N_("Besluit"),
    "decision_item": N_("Besluit op de politieke agenda"),
    "competent_body": N_("Bevoegd orgaan"),
}
GOAL_FIELDS = {"title": N_("Titel"), "description": N_("Toelichting"), "theme": N_("Thema")}
ACTION_FIELDS = {
    "title": N_("Titel"),
    "description": N_("Omschrijving"),
    "goal": N_("Doel"),
    "owner": N_("Trekker"),
    "status": N_("Status"),
    "progress": N_("Voortgang (%)"),
    "start_date": N_("Startdatum"),
    "end_date": N_("Einddatum"),
    "areas": N_("Gebieden (gewicht)"),
    "partners": N_("Partners"),
    "milestones": N_("Mijlpalen"),
    "parent": N_("Onderdeel van actie"),
}


def allowed_transitions(status: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == status]


def check_period(start_year: int, end_year: int) -> None:
    if end_year < start_year:
        raise PlannerError(
            "Het eindjaar ligt vóór het beginjaar. Kies een eindjaar gelijk aan of na het beginjaar.", "end_year"
        )
    if end_year - start_year > 12:
        raise PlannerError("Een programmaperiode is hoogstens 12 jaar. Kies een kortere periode.", "end_year")


def check_not_stale(obj, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != obj.lock_version:
        raise StaleEditError(
            "Iemand anders heeft dit opgeslagen nadat u het formulier opende. "
            "Uw tekst staat nog in het formulier; bekijk de wijzigingen hieronder en sla opnieuw op.",
            changes={},
        )


def create_programme(*, area, title: str, start_year: int, end_year: int, **fields) -> Programme:
    check_period(start_year, end_year)
    programme = Programme(area=area, title=title, start_year=start_year, end_year=end_year, status="concept", **fields)
    db.session.add(programme)
    db.session.flush()
    for created in hooks.functions("programme_created"):  # e.g. the phases the participation policy opens
        created(programme)
    return programme


def update_programme(programme: Programme, expected_version: int | None, **fields) -> Programme:
    if programme.status not in EDITABLE_STATUSES:
        raise WorkflowError(
            f"Een programma met status '{programme.status_label.lower()}' is vastgesteld en kan niet meer worden bewerkt. "
            "Acties en hun voortgang kunt u wel bijwerken."
        )
    check_not_stale(programme, expected_version)
    check_period(fields.get("start_year", programme.start_year), fields.get("end_year", programme.end_year))
    for key, value in fields.items():
        setattr(programme, key, value)
    db.session.flush()
    return programme


def goals_editable(programme: Programme) -> bool:
    """Goals change while the programme is drafted, and afterwards while a feature reopens them (hook
    `goals_editable`, e.g. a revision in execution covered by a decision)."""
    return programme.status in EDITABLE_STATUSES or any(f(programme) for f in hooks.functions("goals_editable"))


def add_goal(programme: Programme, title: str, description: str = "", theme=None) -> Goal:
    if not goals_editable(programme):
        raise WorkflowError(
            "Doelen kunnen alleen worden toegevoegd zolang het programma niet is vastgesteld, of tijdens een herziening."
        )
    _check_theme(theme, programme)
    number = (db.session.scalar(select(func.max(Goal.number)).where(Goal.programme_id == programme.id)) or 0) + 1
    goal = Goal(programme=programme, number=number, title=title, description=description, theme=theme)
    db.session.add(goal)
    db.session.flush()
    return goal


def _check_theme(theme, programme: Programme, keep=()) -> None:
    """A goal's theme is one of its programme's municipality, or shared; an active one unless already chosen."""
    from planner.opgaven.services import check_themes

    check_themes([theme] if theme else [], programme.area, keep=keep, field="theme_id")


def update_goal(goal: Goal, expected_version: int | None, **fields) -> Goal:
    if not goals_editable(goal.programme):
        raise WorkflowError(
            "Doelen kunnen alleen worden gewijzigd zolang het programma niet is vastgesteld, of tijdens een herziening."
        )
    check_not_stale(goal, expected_version)
    if "theme" in fields:
        _check_theme(fields["theme"], goal.programme, keep=[goal.theme] if goal.theme else [])
    for key, value in fields.items():
        setattr(goal, key, value)
    db.session.flush()
    return goal


def transition(
    programme: Programme,
    to_status: str,
    user,
    *,
    note: str = "",
    decision_item=None,
    competent_body: str = "",
    at: datetime | None = None,
) -> ProgrammeVersion:
    """Move a programme one step in its workflow and store an immutable snapshot.

    `at` records a step taken earlier (a programme's history brought in afterwards); default now."""
    from planner.core.access import can

    frm = programme.status
    if to_status not in STATUS_LABELS:
        raise WorkflowError(f"Onbekende status '{to_status}'.")
    needed = TRANSITIONS.get((frm, to_status))
    if needed is None:
        allowed = ", ".join(STATUS_LABELS[s].lower() for s in allowed_transitions(frm)) or "geen"
        raise WorkflowError(
            f"Van '{STATUS_LABELS[frm].lower()}' kan het programma niet naar '{STATUS_LABELS[to_status].lower()}'. "
            f"Toegestaan vanuit deze status: {allowed}."
        )
    if not can(user, needed, programme.area):
        raise WorkflowError(
            f"Alleen een gebiedsmanager of beheerder mag het programma naar '{STATUS_LABELS[to_status].lower()}' zetten."
        )
    if to_status == "consultatie" and not programme.goals:
        raise WorkflowError("Voeg eerst minstens één doel toe: bewoners reageren op doelen en acties.")
    if to_status == "vastgesteld":
        _record_adoption(programme, decision_item, competent_body)
    for check in hooks.functions("programme_transition_check"):  # e.g. no 'geëvalueerd' without an evaluation
        check(programme, to_status)
    db.session.info["audit_event"] = "transition"
    try:
        programme.status = to_status
        db.session.flush()
    finally:
        db.session.info.pop("audit_event", None)
    return store_version(programme, user, note=note, at=at)


def decision_choices(programme: Programme) -> list:
    """Besluiten on the political agenda of the programme's municipality (its wards included), newest first."""
    from planner.agenda.models import AgendaItem
    from planner.areas.models import Area

    municipality = programme.area.path.split("/")[0]
    return list(
        db.session.scalars(
            select(AgendaItem)
            .join(Area, Area.id == AgendaItem.area_id)
            .where(
                or_(Area.path == municipality, Area.path.like(f"{municipality}/%")),
                AgendaItem.kind.in_(DECISION_ITEM_KINDS),
                AgendaItem.status.not_in(("verworpen", "ingetrokken")),
            )
            .order_by(AgendaItem.date.desc().nulls_last(), AgendaItem.number)
        )
    )


def _record_adoption(programme: Programme, decision_item, competent_body: str) -> None:
    """Adoption needs its besluit on the political agenda and the body competent to take it."""
    competent_body = competent_body or programme.competent_body or ""
    decision_item = decision_item or programme.decision_item
    if competent_body not in COMPETENT_BODIES:
        raise WorkflowError(
            "Kies wie het programma vaststelt: de gemeenteraad of het college van B&W.", "competent_body"
        )
    if decision_item is None:
        raise WorkflowError(
            "Kies het besluit waarmee het programma is vastgesteld. Staat het er niet bij? "
            "Voeg het eerst toe aan de politieke agenda.",
            "decision_item_id",
        )
    if decision_item.id not in {item.id for item in decision_choices(programme)}:
        raise WorkflowError(
            "Dit besluit hoort niet bij de politieke agenda van deze gemeente, of is verworpen of ingetrokken.",
            "decision_item_id",
        )
    if decision_item.body in COMPETENT_BODIES and decision_item.body != competent_body:
        raise WorkflowError(
            f"Het gekozen besluit is genomen door {decision_item.body_label.lower()}, "
            f"niet door {COMPETENT_BODIES[competent_body].lower()}.",
            "competent_body",
        )
    programme.decision_item = decision_item
    programme.competent_body = competent_body
    programme.decision_reference = f"{decision_item.kind_label} {decision_item.number}"[:200]


def store_version(programme: Programme, user, note: str = "", at: datetime | None = None) -> ProgrammeVersion:
    number = (
        db.session.scalar(
            select(func.max(ProgrammeVersion.number)).where(ProgrammeVersion.programme_id == programme.id)
        )
        or 0
    ) + 1
    version = ProgrammeVersion(
        programme=programme,
        number=number,
        status=programme.status,
        created_by_id=getattr(user, "id", None),
        note=note,
        snapshot=snapshot(programme),
        created_at=at or utcnow(),
    )
    db.session.add(version)
    db.session.flush()
    return version


def _iso(value):
    return value.isoformat() if value else None


def snapshot(programme: Programme) -> dict:
    """Everything a reader of the programme sees, as plain JSON; features add their parts (an evaluation)."""
    data = {
        "programme": {
            "title": programme.title,
            "summary": programme.summary,
            "ambition": programme.ambition,
            "approach": programme.approach,
            "cost_notes": programme.cost_notes,
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "opgave": programme.opgave.title if programme.opgave else None,
            "status": programme.status,
            "decision_reference": programme.decision_reference,
            "decision_item": programme.decision_item.audit_label() if programme.decision_item else None,
            "competent_body": programme.competent_body or None,
        },
        "goals": [
            {
                "number": g.number,
                "title": g.title,
                "description": g.description,
                "theme": g.theme.name if g.theme else None,
            }
            for g in programme.goals
        ],
        "actions": [
            {
                "number": a.number,
                "title": a.title,
                "description": a.description,
                "goal": a.goal.number if a.goal else None,
                "owner": a.owner,
                "status": a.status,
                "progress": a.progress,
                "start_date": _iso(a.start_date),
                "end_date": _iso(a.end_date),
                "parent": a.parent.number if a.parent else None,
                "areas": [f"{aa.area.name} ({aa.weight.normalize():f})" for aa in a.areas],
                "partners": [p.name for p in a.partners],
                "milestones": [f"{m.title} ({_iso(m.due_date)})" for m in a.milestones],
            }
            for a in programme.actions
        ],
    }
    for extend in hooks.functions("programme_snapshot"):
        data.update(extend(programme))
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff as (kind, text) pairs; kind is 'same', 'removed' or 'added'."""
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("removed", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("added", " ".join(b[j1:j2])))
    return out


# Prose gets a word-level diff; a status, number or date is shown whole, old beside new.
PROSE_FIELDS = {"title", "summary", "ambition", "approach", "cost_notes", "description", "owner", "decision_reference"}


def _compare_fields(
    section: str, label: str, fields: dict, old: dict | None, new: dict | None, labels: dict | None = None
) -> dict:
    rows = []
    for key, field_label in fields.items():
        before = _text((old or {}).get(key))
        after = _text((new or {}).get(key))
        if key == "status" and labels:
            before, after = labels.get(before, before), labels.get(after, after)
        if key == "competent_body":
            before, after = COMPETENT_BODIES.get(before, before), COMPETENT_BODIES.get(after, after)
        prose = key in PROSE_FIELDS and before and after
        rows.append(
            {
                "field": field_label,
                "key": key,
                "before": before,
                "after": after,
                "changed": before != after,
                "diff": _word_diff(before, after) if before != after and prose else None,
            }
        )
    state = (
        "added"
        if old is None
        else "removed"
        if new is None
        else "changed"
        if any(r["changed"] for r in rows)
        else "same"
    )
    return {"section": section, "label": label, "state": state, "rows": rows}


def compare_snapshots(old: dict, new: dict) -> list[dict]:
    """Side-by-side comparison: one block per programme, goal and action, matched by number."""
    blocks = [
        _compare_fields("Programma", "Programma", PROGRAMME_FIELDS, old["programme"], new["programme"], STATUS_LABELS)
    ]
    for kind, section, fields in (("goals", "Doel", GOAL_FIELDS), ("actions", "Actie", ACTION_FIELDS)):
        old_items = {item["number"]: item for item in old.get(kind, [])}
        new_items = {item["number"]: item for item in new.get(kind, [])}
        for number in sorted(old_items.keys() | new_items.keys()):
            o, n = old_items.get(number), new_items.get(number)
            title = (n or o)["title"]
            blocks.append(
                _compare_fields(
                    section,
                    f"{section} {number}: {title}",
                    fields,
                    o,
                    n,
                    ACTION_STATUS_LABELS if kind == "actions" else None,
                )
            )
            blocks[-1].update(number=number, title=title)  # for a heading in the reader's language
    return blocks


def council_versions(programme: Programme) -> list[ProgrammeVersion]:
    """The versions stored while the programme was on the council's agenda (consultation on): what a reader sees."""
    return [v for v in programme.versions if v.status in COUNCIL_STATUSES]


def concept_spans(programme: Programme) -> list[tuple[int, int | None]]:
    """The audit-event ids between which the programme was a concept, bounds excluded: from its creation to its
    first step into consultation, and from each return to concept to the next step out (open while it still is
    one). The status changes themselves fall on the bounds and stay visible."""
    steps = db.session.execute(
        select(AuditEvent.id, AuditEvent.after)
        .where(
            AuditEvent.programme_id == programme.id,
            AuditEvent.entity_type == "Programme",
            AuditEvent.event == "transition",
        )
        .order_by(AuditEvent.id)
    ).all()
    spans, start = [], 0
    for event_id, after in steps:
        status = (after or {}).get("status")
        if status == "concept" and start is None:
            start = event_id
        elif status in COUNCIL_STATUSES and start is not None:
            spans.append((start, event_id))
            start = None
    if start is not None:
        spans.append((start, None))
    return spans


def outside_concept_spans(programme: Programme):
    """SQL condition on AuditEvent: not written while the programme was a concept."""
    inside = [
        and_(AuditEvent.id > low, AuditEvent.id < high) if high is not None else AuditEvent.id > low
        for low, high in concept_spans(programme)
    ]
    return not_(or_(*inside)) if inside else true()


def programme_history(
    programme: Programme,
    page: int = 1,
    per_page: int = 50,
    hidden_types: tuple[str, ...] = (),
    *,
    without_concept: bool = False,
) -> tuple[list[AuditEvent], bool]:
    """One page of the programme's audit events, newest first, and whether older ones follow; without the events
    on entities of `hidden_types`, and with `without_concept` without those of the time it was a concept."""
    page = max(page, 1)
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.programme_id == programme.id)
            .where(AuditEvent.entity_type.not_in(hidden_types) if hidden_types else true())
            .where(outside_concept_spans(programme) if without_concept else true())
            .order_by(AuditEvent.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page + 1)
        )
    )
    return events[:per_page], len(events) > per_page
