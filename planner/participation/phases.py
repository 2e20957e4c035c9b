"""Participation in every phase of a programme: which phases are open to residents and when, and the
municipality's participation policy (default phases for a new programme, retention of personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from planner.core import access
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.participation.models import (
    PHASE_OF_STATUS,
    PHASES,
    ConsultationPeriod,
    ParticipationPhase,
    ParticipationPolicy,
)

RETENTION_DAYS = 365  # personal data is kept one year unless the municipality's policy says otherwise
MAX_RETENTION_DAYS = 3650
# Programme statuses whose public page can be open to residents (the phase decides whether it is).
PUBLIC_STATUSES = tuple(PHASE_OF_STATUS)


# ---- the phases of one programme ---------------------------------------------------------------


def phase_of(programme) -> str | None:
    """The participation phase the programme is in now: 'consultatie', 'uitvoering', 'evaluatie' or None."""
    return PHASE_OF_STATUS.get(programme.status) if programme is not None else None


def stored(programme) -> dict:
    """{phase: ConsultationPeriod | ParticipationPhase} for the phases the programme has dates or a choice for."""
    out: dict = {}
    period = db.session.get(ConsultationPeriod, programme.id)
    if period is not None:
        out["consultatie"] = period
    for row in db.session.scalars(select(ParticipationPhase).where(ParticipationPhase.programme_id == programme.id)):
        out[row.phase] = row
    return out


def current(programme):
    """(phase, its dates or None, state) for the public page. State: 'open', 'not_yet', 'closed', or 'not_open'
    (a phase the team did not open to residents, or a status without public participation)."""
    phase = phase_of(programme)
    if phase is None:
        return None, None, "not_open"
    dates = stored(programme).get(phase)
    if phase == "consultatie":  # the draft is always open to residents while in consultation, within its dates
        return phase, dates, dates.state(date.today()) if dates is not None else "open"
    if dates is None:
        return phase, None, "not_open"
    return phase, dates, dates.state(date.today())


def state_on(programme, day: date) -> str:
    phase = phase_of(programme)
    if phase is None:
        return "not_open"
    dates = stored(programme).get(phase)
    if dates is None:
        return "open" if phase == "consultatie" else "not_open"
    return dates.state(day)


def latest_updates(programme) -> dict:
    """{action id: its latest progress update} for the actions of the programme: what residents react on."""
    from planner.tracking.models import ProgressUpdate

    ids = [a.id for a in programme.actions]
    if not ids:
        return {}
    out: dict = {}
    query = (
        select(ProgressUpdate)
        .where(ProgressUpdate.action_id.in_(ids))
        .order_by(ProgressUpdate.created_at, ProgressUpdate.id)
    )
    for update in db.session.scalars(query):
        out[update.action_id] = update
    return out


@dataclass
class PhaseChoice:
    open: bool
    opens_on: date | None
    closes_on: date | None


def set_phases(user, programme, choices: dict[str, PhaseChoice]) -> dict:
    """The team opens phases to residents, each with optional dates. Consultation of the draft is always open
    while the programme is in consultation; its dates are the consultation period.

    Refused beside the field: a closing date before the opening date, and phases whose dates overlap or run
    out of order (execution after consultation, evaluation after execution)."""
    access.require(user, "edit", programme.area)
    choices = dict(choices)
    choices["consultatie"] = PhaseChoice(True, choices["consultatie"].opens_on, choices["consultatie"].closes_on)
    for phase in PHASES:
        choice = choices.get(phase)
        if choice and choice.open and choice.opens_on and choice.closes_on and choice.closes_on < choice.opens_on:
            raise PlannerError(
                f"De sluitingsdatum van de fase '{PHASES[phase].lower()}' ligt vóór de startdatum. "
                "Kies een sluitingsdatum op of na de startdatum.",
                f"{phase}_closes_on",
            )
    # Phases follow each other; checking neighbours suffices because each phase's own dates run forward.
    dated = [
        (p, choices[p])
        for p in PHASES
        if p in choices and choices[p].open and (choices[p].opens_on or choices[p].closes_on)
    ]
    for (earlier, a), (later, b) in zip(dated, dated[1:]):
        if (b.opens_on or date.min) <= (a.closes_on or date.max):
            raise PlannerError(
                f"De fase '{PHASES[later].lower()}' overlapt met de fase '{PHASES[earlier].lower()}' of ligt ervoor. "
                f"Laat de fasen na elkaar lopen: geef '{PHASES[earlier].lower()}' een sluitingsdatum en kies voor "
                f"'{PHASES[later].lower()}' een startdatum daarna.",
                f"{later}_opens_on",
            )
    found = stored(programme)
    for phase, choice in choices.items():
        row = found.get(phase)
        if phase == "consultatie":
            if row is None and (choice.opens_on or choice.closes_on):
                row = ConsultationPeriod(programme_id=programme.id, programme=programme)
                db.session.add(row)
        elif not choice.open:
            if row is not None:
                db.session.delete(row)
            continue
        elif row is None:
            row = ParticipationPhase(programme_id=programme.id, programme=programme, phase=phase)
            db.session.add(row)
        if row is not None:
            row.opens_on, row.closes_on = choice.opens_on, choice.closes_on
    db.session.flush()
    return stored(programme)


# ---- the municipality's policy ----------------------------------------------------------------


def municipality_of(area):
    while area is not None and area.level != "gemeente":
        area = area.parent
    return area


def policy_of(area) -> ParticipationPolicy:
    """The policy of the area's municipality; an unsaved one with the defaults when none was set."""
    municipality = municipality_of(area)
    policy = db.session.get(ParticipationPolicy, municipality.id) if municipality is not None else None
    if policy is None:
        policy = ParticipationPolicy(
            municipality_id=municipality.id if municipality is not None else None,
            municipality=municipality,
            execution_open=False,
            evaluation_open=False,
            retention_days=default_retention_days(),
        )
    return policy


def default_retention_days() -> int:
    return int(current_app.config.get("PARTICIPATION_RETENTION_DAYS", RETENTION_DAYS))


def retention_days(area=None) -> int:
    """The municipality's retention term; without an area (the privacy page) the only municipality's, if any."""
    if area is None:
        from planner.areas.models import Area

        only = db.session.scalars(select(Area).where(Area.level == "gemeente").limit(2)).all()
        area = only[0] if len(only) == 1 else None
    return policy_of(area).retention_days if area is not None else default_retention_days()


def save_policy(user, municipality, *, execution_open: bool, evaluation_open: bool, retention_days: int):
    """An admin sets the municipality's participation policy."""
    access.require(user, "admin", municipality)
    if municipality.level != "gemeente":
        raise PlannerError("Het inspraakbeleid geldt per gemeente.", "municipality")
    if retention_days is None or not 30 <= retention_days <= MAX_RETENTION_DAYS:
        raise PlannerError(
            f"Kies een bewaartermijn van 30 tot en met {MAX_RETENTION_DAYS} dagen "
            "(365 dagen is één jaar; de AVG vraagt niet langer dan nodig).",
            "retention_days",
        )
    policy = db.session.get(ParticipationPolicy, municipality.id)
    if policy is None:
        policy = ParticipationPolicy(municipality_id=municipality.id, municipality=municipality)
        db.session.add(policy)
    policy.execution_open, policy.evaluation_open = bool(execution_open), bool(evaluation_open)
    policy.retention_days = retention_days
    db.session.flush()
    return policy


def policies(user) -> list:
    """The municipalities the admin manages, each with its (possibly default) policy."""
    from planner.areas.models import Area

    paths = access.grant_paths(user, "admin")
    query = select(Area).where(Area.level == "gemeente").order_by(Area.name)
    found = [a for a in db.session.scalars(query) if access.covers(paths, a.path)]
    return [policy_of(a) for a in found]


def apply_policy(programme) -> None:
    """Hook `programme_created`: open the phases the municipality's policy opens by default, without dates
    (open for as long as the programme is in that phase; the team can set dates)."""
    policy = policy_of(programme.area)
    for phase, wanted in (("uitvoering", policy.execution_open), ("evaluatie", policy.evaluation_open)):
        if wanted:
            db.session.add(ParticipationPhase(programme_id=programme.id, programme=programme, phase=phase))
    db.session.flush()
