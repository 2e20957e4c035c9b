"""Domain objects as API documents: plain dicts with stable English keys, dates as ISO 8601,
money and weights as strings (exact decimals, never floats)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def area_doc(area) -> dict:
    return {
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "parent": area.parent.code if area.parent else None,
        "valid_from": _iso(area.valid_from),
        "valid_to": _iso(area.valid_to),
    }


def programme_doc(programme) -> dict:
    return {
        "id": programme.id,
        "title": programme.title,
        "area": programme.area.code,
        "status": programme.status,
        "start_year": programme.start_year,
        "end_year": programme.end_year,
        "summary": programme.summary,
        "ambition": programme.ambition,
        "approach": programme.approach,
        "cost_notes": programme.cost_notes,
        "decision_reference": programme.decision_reference or None,
        "opgave": programme.opgave.title if programme.opgave else None,
        "updated_at": _iso(programme.updated_at),
    }


def goal_doc(goal) -> dict:
    return {
        "id": goal.id,
        "number": goal.number,
        "title": goal.title,
        "description": goal.description,
        "theme": goal.theme.name if goal.theme else None,
    }


def action_doc(action) -> dict:
    return {
        "id": action.id,
        "programme_id": action.programme_id,
        "number": action.number,
        "title": action.title,
        "description": action.description,
        "goal_id": action.goal_id,
        "parent_id": action.parent_id,
        "owner": action.owner or None,
        "owner_organisation": (
            {"id": action.owner_organisation.id, "name": action.owner_organisation.name}
            if action.owner_organisation
            else None
        ),
        "owner_person": action.owner_person or None,
        "status": action.status,
        "progress": action.progress,
        "start_date": _iso(action.start_date),
        "end_date": _iso(action.end_date),
        "partners": [p.name for p in action.partners],
        "areas": [{"code": aa.area.code, "weight": _decimal(aa.weight)} for aa in action.areas],
        "milestones": [
            {"title": m.title, "due_date": _iso(m.due_date), "done_on": _iso(m.done_on)} for m in action.milestones
        ],
        "commitments": [commitment_doc(c) for c in action.commitments],
        "updated_at": _iso(action.updated_at),
    }


def commitment_doc(commitment) -> dict:
    """What a party puts into an action: euros for geld and in natura (its value), hours for uren."""
    return {
        "id": commitment.id,
        "party": {"id": commitment.organisation_id, "name": commitment.organisation.name},
        "kind": commitment.kind,
        "amount": _decimal(commitment.amount),
        "unit": "uur" if commitment.kind == "uren" else "euro",
        "description": commitment.description or None,
    }


def agenda_item_doc(item) -> dict:
    return {
        "id": item.id,
        "area": item.area.code,
        "kind": item.kind,
        "number": item.number,
        "title": item.title,
        "date": _iso(item.date),
        "body": item.body,
        "submitters": item.submitters or None,
        "portfolio_holder": item.portfolio_holder or None,
        "status": item.status,
        "deadline": _iso(item.deadline),
        "url": item.url or None,
    }


def party_doc(organisation) -> dict:
    return {
        "id": organisation.id,
        "name": organisation.name,
        "kind": organisation.kind,
        "active": organisation.active,
        "merged_into": organisation.merged_into_id,
    }


def opgave_doc(opgave) -> dict:
    return {
        "id": opgave.id,
        "title": opgave.title,
        "statement": opgave.statement,
        "kind": opgave.kind,
        "area": opgave.area.code,
        "concerned_areas": [a.code for a in opgave.concerned_areas],
        "status": opgave.status,
        "priority": opgave.priority,
        "themes": [theme.name for theme in opgave.themes],
        "owners": {
            "portfolio_holder": opgave.portfolio_holder or None,
            "official_sponsor": opgave.official_sponsor or None,
            "director": opgave.director or None,
        },
    }


def step_doc(step) -> dict:
    return {"at": _iso(step.at), "by": step.who, "from": step.frm, "to": step.to, "reason": step.reason}


def seat_doc(seat, with_contacts: bool) -> dict:
    """Contact persons only for whoever may see drafts on the opgave's area, as on the table page."""
    doc = {
        "opgave_id": seat.opgave_id,
        "opgave": seat.opgave.title,
        "party_id": seat.organisation_id,
        "party": seat.organisation.name,
        "role": seat.role,
        "brings": list(seat.brings or []),
        "offer": seat.offer,
        "wants": seat.wants,
    }
    if with_contacts:
        doc["contacts"] = seat.contacts
    return doc


def agreement_doc(agreement, action_ids: list[int]) -> dict:
    return {
        "id": agreement.id,
        "party_id": agreement.organisation_id,
        "made_on": _iso(agreement.made_on),
        "text": agreement.text,
        "due_date": _iso(agreement.due_date),
        "status": agreement.status,
        "meeting_id": agreement.meeting_id,
        "action_ids": action_ids,
    }


def meeting_doc(meeting) -> dict:
    return {
        "id": meeting.id,
        "held_on": _iso(meeting.held_on),
        "title": meeting.title,
        "notes": meeting.notes,
        "attendee_ids": [o.id for o in meeting.attendees],
    }
