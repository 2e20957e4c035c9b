"""Rules for actions: numbering, dates, progress, areas with weights, trekker, milestones, commitments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from planner.actions.models import (
    ACTION_STATUS_LABELS,
    COMMITMENT_KINDS,
    CORRECTION_ASPECTS,
    Action,
    ActionArea,
    Commitment,
    Correction,
    Milestone,
)
from planner.core.errors import PlannerError, WorkflowError
from planner.core.limits import amount_in_range
from planner.core.models import utcnow
from planner.extensions import db
from planner.programmes.services import check_not_stale

CLOSED_PROGRAMME_STATUSES = ("geevalueerd",)


def check_action_values(*, start_date: date | None, end_date: date | None, progress: int, status: str) -> None:
    if status not in ACTION_STATUS_LABELS:
        raise PlannerError(
            f"Onbekende status '{status}'. Kies uit: {', '.join(ACTION_STATUS_LABELS.values())}.", "status"
        )
    if start_date and end_date and end_date < start_date:
        raise PlannerError(
            "De einddatum ligt vóór de startdatum. Kies een einddatum op of na de startdatum.", "end_date"
        )
    if progress is None or not 0 <= int(progress) <= 100:
        raise PlannerError("Voortgang is een percentage van 0 tot en met 100.", "progress")
    if status == "afgerond" and int(progress) != 100:
        raise PlannerError(
            "Een afgeronde actie heeft 100% voortgang. Zet de voortgang op 100 of kies een andere status.", "progress"
        )


def check_parent(action: Action | None, parent: Action | None, programme) -> None:
    if parent is None:
        return
    if parent.programme_id != programme.id:
        raise PlannerError("De bovenliggende actie hoort bij een ander programma.", "parent_id")
    node = parent
    while node is not None:
        if action is not None and node.id == action.id:
            raise PlannerError(
                "Een actie kan niet onder zichzelf of onder een van haar onderdelen hangen.", "parent_id"
            )
        node = node.parent


def neighbouring_wards(programme, user) -> list:
    """The other wards of the programme's municipality that `user` may edit: an action of a ward
    programme can serve the ward next door too (a route, a school, a park on the border)."""
    from planner.areas.models import Area
    from planner.core import access

    area = programme.area
    if user is None or area.level != "wijk" or area.parent_id is None:
        return []
    # Every ward of the municipality, also those in another stadsdeel.
    municipality = area.path.split("/", 1)[0]
    wards = db.session.scalars(
        select(Area)
        .where(access.path_condition(Area.path, [municipality]), Area.level == "wijk", Area.id != area.id)
        .order_by(Area.code)
    ).all()
    return [w for w in wards if access.can(user, "edit", w)]


def check_areas(programme, weights: dict, *, user=None, served=()) -> None:
    """Every served area lies within the programme's area, or is a neighbouring ward the user may
    edit, or was served already (`served`: area ids); weights are positive."""
    neighbours = None
    for area, weight in weights.items():
        if not area.is_within(programme.area) and area.id not in served:
            if neighbours is None:
                neighbours = {w.id for w in neighbouring_wards(programme, user)}
            if area.id not in neighbours:
                raise PlannerError(f"{area.name} ({area.code}) valt buiten het gebied van dit programma.", "areas")
        if weight is None or Decimal(weight) <= 0:
            raise PlannerError(f"Het gewicht voor {area.name} moet groter dan 0 zijn.", "areas")


def _ensure_open(programme) -> None:
    if programme.status in CLOSED_PROGRAMME_STATUSES:
        raise WorkflowError("Dit programma is geëvalueerd en afgesloten; acties kunnen niet meer worden gewijzigd.")


def _apply_areas(action: Action, weights: dict) -> None:
    existing = {aa.area_id: aa for aa in action.areas}
    for area, weight in weights.items():
        if area.id in existing:
            if existing[area.id].weight != Decimal(weight):
                existing[area.id].weight = Decimal(weight)
        else:
            action.areas.append(ActionArea(area=area, area_id=area.id, weight=Decimal(weight)))
    keep = {a.id for a in weights}
    for aa in list(action.areas):
        if aa.area_id not in keep:
            action.areas.remove(aa)


def check_owner(owner_organisation, owner_person: str = "", current=None) -> None:
    """The trekker is an active organisation (or the one the action already had: history stays)."""
    if owner_organisation is not None and owner_organisation.active is False and owner_organisation is not current:
        raise PlannerError(
            f"'{owner_organisation.name}' is gedeactiveerd en kan geen trekker meer worden. Kies een "
            "actieve organisatie.",
            "owner_organisation_id",
        )
    if len(owner_person or "") > 200:
        raise PlannerError("De naam van de contactpersoon is hoogstens 200 tekens.", "owner_person")


def create_action(
    programme, *, title: str, area_weights: dict | None = None, partners=(), user=None, **fields
) -> Action:
    """`user`: who creates it; with a user an action may also serve a neighbouring ward they may edit."""
    _ensure_open(programme)
    check_owner(fields.get("owner_organisation"), fields.get("owner_person", ""))
    fields.setdefault("status", "idee")
    fields.setdefault("progress", 0)
    check_action_values(
        start_date=fields.get("start_date"),
        end_date=fields.get("end_date"),
        progress=fields["progress"],
        status=fields["status"],
    )
    check_parent(None, fields.get("parent"), programme)
    weights = area_weights or {programme.area: Decimal(1)}
    check_areas(programme, weights, user=user)
    number = (db.session.scalar(select(func.max(Action.number)).where(Action.programme_id == programme.id)) or 0) + 1
    action = Action(programme=programme, number=number, title=title, partners=list(partners), **fields)
    db.session.add(action)
    _apply_areas(action, weights)
    db.session.flush()
    return action


def update_action(
    action: Action,
    expected_version: int | None,
    *,
    area_weights: dict | None = None,
    partners=None,
    user=None,
    **fields,
) -> Action:
    _ensure_open(action.programme)
    check_not_stale(action, expected_version)
    merged = {k: fields.get(k, getattr(action, k)) for k in ("start_date", "end_date", "progress", "status")}
    check_action_values(**merged)
    if "parent" in fields:
        check_parent(action, fields["parent"], action.programme)
    if "owner_organisation" in fields or "owner_person" in fields:
        check_owner(
            fields.get("owner_organisation", action.owner_organisation),
            fields.get("owner_person", action.owner_person),
            current=action.owner_organisation,
        )
    if area_weights is not None:
        check_areas(action.programme, area_weights, user=user, served={aa.area_id for aa in action.areas})
        _apply_areas(action, area_weights)
    if partners is not None and list(partners) != list(action.partners):
        action.partners = list(partners)
    for key, value in fields.items():
        if getattr(action, key) != value:
            setattr(action, key, value)
    db.session.flush()
    return action


def add_milestone(action: Action, title: str, due_date: date, done_on: date | None = None) -> Milestone:
    _ensure_open(action.programme)
    if not title.strip():
        raise PlannerError("Geef de mijlpaal een titel.", "title")
    milestone = Milestone(action=action, title=title.strip(), due_date=due_date, done_on=done_on)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def set_milestone_done(milestone: Milestone, done_on: date | None) -> Milestone:
    _ensure_open(milestone.action.programme)
    milestone.done_on = done_on
    db.session.flush()
    return milestone


def delete_milestone(milestone: Milestone) -> None:
    _ensure_open(milestone.action.programme)
    db.session.delete(milestone)
    db.session.flush()


MAX_REASON = 2000


def record_correction(
    action: Action,
    *,
    corrected_on: date | None,
    reason: str,
    aspects=(),
    changes: str = "",
    user=None,
    today: date | None = None,
    milestone: Milestone | None = None,
) -> Correction:
    """Record that the team changed course on `action` (bijsturing): the reason is required, the date is
    not in the future, and at least one aspect (scope, planning, geld, trekker) says what changed."""
    _ensure_open(action.programme)
    today = today or date.today()
    reason = (reason or "").strip()
    if not reason:
        raise PlannerError("Geef de reden van de bijsturing: wat heeft het team geleerd of besloten?", "reason")
    if len(reason) > MAX_REASON:
        raise PlannerError(f"Houd de reden kort: hoogstens {MAX_REASON} tekens (nu {len(reason)}).", "reason")
    if corrected_on is None:
        raise PlannerError("Vul de datum van de bijsturing in, bijvoorbeeld 31-12-2026.", "corrected_on")
    if corrected_on > today:
        raise PlannerError(
            "De datum van de bijsturing ligt in de toekomst. Leg een bijsturing vast als ze besloten is.",
            "corrected_on",
        )
    codes = [code for code in CORRECTION_ASPECTS if code in set(aspects or ())]
    if not codes or len(codes) != len(set(aspects)):
        raise PlannerError("Kies wat er verandert: inhoud, planning, geld of trekker.", "aspects")
    changes = (changes or "").strip()
    if len(changes) > MAX_REASON:
        raise PlannerError(f"Houd de beschrijving kort: hoogstens {MAX_REASON} tekens.", "changes")
    correction = Correction(
        action=action,
        action_id=action.id,
        corrected_on=corrected_on,
        reason=reason,
        aspects=",".join(codes),
        changes=changes,
        milestone=milestone,
        author_id=getattr(user, "id", None),
        author_label=getattr(user, "name", "") or "",
    )
    db.session.add(correction)
    db.session.flush()
    return correction


def move_milestone(
    milestone: Milestone, due_date: date, *, reason: str = "", user=None, today: date | None = None
) -> Correction | None:
    """Give a milestone a new date. With a reason the move is recorded as a correction of the action
    (the team decided it, it is not a delay); lateness is always measured against the current date."""
    action = milestone.action
    _ensure_open(action.programme)
    if due_date is None:
        raise PlannerError("Vul de nieuwe datum in, bijvoorbeeld 31-12-2026.", "due_date")
    old = milestone.due_date
    if due_date == old:
        raise PlannerError("Dat is de datum die de mijlpaal al heeft. Kies een andere datum.", "due_date")
    milestone.due_date = due_date
    # The action's plan changed: its timestamp says so (and the comparison's fingerprint sees it).
    action.updated_at = utcnow()
    db.session.flush()
    if not (reason or "").strip():
        return None
    changes = f"Mijlpaal '{milestone.title}' verplaatst van {old:%d-%m-%Y} naar {due_date:%d-%m-%Y}."
    return record_correction(
        action,
        corrected_on=today or date.today(),
        reason=reason,
        aspects=("planning",),
        changes=changes,
        user=user,
        today=today,
        milestone=milestone,
    )


def corrections(action: Action) -> list[Correction]:
    """The action's corrections, oldest first."""
    return list(
        db.session.scalars(
            select(Correction).where(Correction.action_id == action.id).order_by(Correction.corrected_on, Correction.id)
        )
    )


def _commitment_values(organisation, kind: str, amount, description: str, *, keep=None) -> dict:
    """The checked values of a commitment; `keep`: the organisation it already has (may have been deactivated)."""
    if organisation is None:
        raise PlannerError("Kies de partij die deze inzet levert.", "organisation_id")
    if organisation.active is False and organisation is not keep:
        raise PlannerError(f"'{organisation.name}' is gedeactiveerd. Kies een actieve organisatie.", "organisation_id")
    if kind not in COMMITMENT_KINDS:
        raise PlannerError("Kies de soort inzet: geld, uren of in natura.", "kind")
    if amount is None:
        raise PlannerError("Vul een bedrag of aantal uren in.", "amount")
    try:
        amount = Decimal(amount).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise PlannerError("Vul een bedrag of aantal uren in als getal, bijvoorbeeld 2500 of 12,5.", "amount") from None
    if not amount.is_finite():
        raise PlannerError("Vul een bedrag of aantal uren in als getal, bijvoorbeeld 2500 of 12,5.", "amount")
    if amount < 0:
        raise PlannerError("Een inzet kan niet negatief zijn. Vul 0 of meer in.", "amount")
    if not amount_in_range(amount):
        raise PlannerError("Dat bedrag is te groot: het maximum is € 10.000.000.000. Controleer het getal.", "amount")
    description = (description or "").strip()
    if len(description) > 500:
        raise PlannerError("Een omschrijving is hoogstens 500 tekens.", "description")
    return {"organisation": organisation, "kind": kind, "amount": amount, "description": description}


def add_commitment(action: Action, *, organisation, kind: str, amount, description: str = "") -> Commitment:
    """Record what a party puts into the action: euros (geld, or the value of in natura) or hours (uren)."""
    _ensure_open(action.programme)
    commitment = Commitment(action=action, **_commitment_values(organisation, kind, amount, description))
    db.session.add(commitment)
    db.session.flush()
    return commitment


def update_commitment(
    commitment: Commitment, *, action: Action | None = None, organisation, kind: str, amount, description: str = ""
) -> Commitment:
    """Change a commitment (the programme workbook's re-import); `action`: move it to another action of the
    same programme."""
    _ensure_open(commitment.action.programme)
    values = _commitment_values(organisation, kind, amount, description, keep=commitment.organisation)
    if action is not None and action is not commitment.action:
        if action.programme_id != commitment.action.programme_id:
            raise PlannerError("Een inzet verhuist alleen naar een actie van hetzelfde programma.", "action_id")
        commitment.action = action
    for key, value in values.items():
        if getattr(commitment, key) != value:
            setattr(commitment, key, value)
    db.session.flush()
    return commitment


def remove_commitment(commitment: Commitment) -> None:
    _ensure_open(commitment.action.programme)
    db.session.delete(commitment)
    db.session.flush()
