"""The consultation period of a programme, the public index of what residents can read and react on,
and whose name (municipality) the public pages carry."""

from __future__ import annotations

from datetime import date

import segno
from flask import current_app
from markupsafe import Markup, escape
from sqlalchemy import select

from planner.areas.models import Area
from planner.core import access
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.participation import services
from planner.participation.models import PHASE_OF_STATUS, ConsultationPeriod, ParticipationPhase


def period_of(programme) -> ConsultationPeriod | None:
    return db.session.get(ConsultationPeriod, programme.id) if programme is not None else None


def set_period(user, programme, *, opens_on: date | None, closes_on: date | None) -> ConsultationPeriod:
    """The team sets (or clears) the dates between which residents may react; both dates inclusive."""
    access.require(user, "edit", programme.area)
    if opens_on and closes_on and closes_on < opens_on:
        raise PlannerError(
            "De sluitingsdatum ligt vóór de startdatum. Kies een sluitingsdatum op of na de startdatum.", "closes_on"
        )
    period = period_of(programme)
    if period is None:
        period = ConsultationPeriod(programme_id=programme.id, programme=programme)
        db.session.add(period)
    period.opens_on, period.closes_on = opens_on, closes_on
    db.session.flush()
    return period


def open_state(programme, today: date) -> str:
    """'open', 'not_yet' (before the start date), 'closed' (after the closing date) or 'not_in_consultation'."""
    if programme is None or programme.status != "consultatie":
        return "not_in_consultation"
    period = period_of(programme)
    if period is None or period.is_open(today):
        return "open"
    return "not_yet" if period.opens_on and today < period.opens_on else "closed"


def qr_svg(url: str, label: str) -> Markup:
    """The URL as a QR code, an inline SVG image named `label` for screen readers (black on white, with the
    quiet zone the standard asks for, so a phone reads it from print)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff", omitsize=False)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


def public_index(today: date) -> tuple[list, list]:
    """Programmes open (or about to open) for reactions with their period, and programmes whose feedback
    page is public: later in the workflow, or in consultation with the period over. By area."""
    from planner.programmes.models import Programme

    programmes = list(
        db.session.scalars(
            select(Programme)
            .join(Programme.area)
            .where(Programme.status.in_(services.FEEDBACK_STATUSES))
            .order_by(Area.path, Programme.title)
        )
    )
    periods = {p.programme_id: p for p in db.session.scalars(select(ConsultationPeriod))}
    over = {
        p.id
        for p in programmes
        if p.status == "consultatie" and p.id in periods and periods[p.id].closes_on and periods[p.id].closes_on < today
    }
    open_now = [(p, periods.get(p.id)) for p in programmes if p.status == "consultatie" and p.id not in over]
    # Later phases the team opened (execution, evaluation) are open too; their feedback page stays listed.
    later = {
        (row.programme_id, row.phase): row
        for row in db.session.scalars(
            select(ParticipationPhase).where(ParticipationPhase.programme_id.in_([p.id for p in programmes]))
        )
    }
    for p in programmes:
        row = later.get((p.id, PHASE_OF_STATUS.get(p.status)))
        if row is not None and row.state(today) != "closed":
            open_now.append((p, row))
    feedback = [p for p in programmes if p.status != "consultatie" or p.id in over]
    return open_now, feedback


def municipality_of(area) -> Area | None:
    """The gemeente an area lies in (itself if it is one)."""
    while area is not None and area.level != "gemeente":
        area = area.parent
    return area


def branding(area=None) -> dict:
    """Name and logo on the public pages: configuration first, else the area's gemeente, else the only
    gemeente in this installation (a shared service organisation with several keeps the generic name)."""
    name = current_app.config.get("MUNICIPALITY_NAME") or ""
    if not name:
        gemeente = municipality_of(area)
        if gemeente is None:
            only = db.session.scalars(select(Area).where(Area.level == "gemeente").limit(2)).all()
            gemeente = only[0] if len(only) == 1 else None
        name = f"Gemeente {gemeente.name}" if gemeente is not None else ""
    return {"name": name, "logo": current_app.config.get("MUNICIPALITY_LOGO") or ""}
