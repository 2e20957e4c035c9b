"""Residents' signals between phases: a public form per ward, and the ward team's triage of each signal
into a programme's contribution, an opgave to explore, or an answer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import false, func, or_, select

from planner.areas.models import Area
from planner.core import access
from planner.core.errors import PlannerError
from planner.core.models import utcnow
from planner.extensions import db
from planner.participation import notify, services
from planner.participation.models import PHASE_OF_STATUS, ContributionContact, ReactionThrottle, Signal, SignalContact

MAX_LOCATION = 200
MAX_ANSWER = 4000


# ---- the public side ---------------------------------------------------------------------------


def public_ward(code: str, today: date) -> Area | None:
    """A ward residents may send a signal for: a current wijk; otherwise None."""
    return db.session.scalar(
        select(Area).where(
            Area.code == code,
            Area.level == "wijk",
            or_(Area.valid_to.is_(None), Area.valid_to >= today),
        )
    )


def public_wards(today: date) -> list[tuple[Area, list[Area]]]:
    """Every current ward, grouped by its municipality (in path order)."""
    wards = db.session.scalars(
        select(Area)
        .where(Area.level == "wijk", or_(Area.valid_to.is_(None), Area.valid_to >= today))
        .order_by(Area.path)
    ).all()
    roots = {a.path: a for a in db.session.scalars(select(Area).where(Area.level == "gemeente"))}
    grouped: dict[str, list[Area]] = {}
    for ward in wards:
        grouped.setdefault(ward.path.split("/", 1)[0], []).append(ward)
    return [(roots[root], sorted(items, key=lambda a: a.name)) for root, items in grouped.items() if root in roots]


def submit_signal(
    ward: Area,
    *,
    text: str,
    ip_hash: str,
    honeypot: str = "",
    theme=None,
    location: str = "",
    name: str | None = None,
    email: str | None = None,
    consent: bool = False,
    now: datetime | None = None,
    retention_days: int = services.RETENTION_DAYS,
) -> Signal:
    """A resident's signal or idea for a ward; the same spam limit, consent and retention as a reaction."""
    now = now or utcnow()
    if ward is None or ward.level != "wijk":
        raise PlannerError("Kies een wijk uit de lijst.", "area")
    services.check_rate_limit(ip_hash, now)
    db.session.add(ReactionThrottle(ip_hash=ip_hash, at=now))
    if (honeypot or "").strip():
        db.session.flush()
        raise services.SpamSuspected("Uw signaal kon niet worden verwerkt.")
    text = services.check_text(text)
    location = " ".join((location or "").split())
    if len(location) > MAX_LOCATION:
        raise PlannerError(f"Een plaatsaanduiding is hoogstens {MAX_LOCATION} tekens.", "location")
    contact = services.check_contact(name, email, consent, now.date(), retention_days)
    _check_theme(theme, ward)
    signal = Signal(area=ward, text=text, location=location, theme=theme, submitted_at=now, outcome="nieuw")
    if contact is not None:
        signal.contact = SignalContact(
            name=contact.name, email=contact.email, consent_at=now, keep_until=contact.keep_until
        )
    db.session.add(signal)
    db.session.flush()
    return signal


def _check_theme(theme, ward) -> None:
    from planner.opgaven.services import check_themes

    check_themes([theme] if theme else [], ward, field="theme_id")


# ---- the team's side ---------------------------------------------------------------------------


def signals_query(user, ward: Area):
    """The signals of `ward`, or none at all for a user who may not edit it (they contain residents' words
    and, with consent, their names)."""
    query = select(Signal).where(Signal.area_id == ward.id)
    if not access.can(user, "edit", ward):
        return query.where(false())
    return query


def signals_of(user, ward: Area) -> tuple[list[Signal], list[Signal]]:
    """New signals (oldest first: they have waited longest) and triaged ones (latest first)."""
    rows = db.session.scalars(signals_query(user, ward).order_by(Signal.submitted_at, Signal.id)).all()
    new = [s for s in rows if s.outcome == "nieuw"]
    done = sorted((s for s in rows if s.outcome != "nieuw"), key=lambda s: s.triaged_at or s.submitted_at, reverse=True)
    return new, done


def signal_of(user, ward: Area, signal_id: int) -> Signal | None:
    return db.session.scalar(signals_query(user, ward).where(Signal.id == signal_id))


def new_counts(paths: list[str]) -> list[tuple[Area, int]]:
    """Wards within `paths` with new signals, and how many."""
    counts = dict(
        db.session.execute(
            select(Signal.area_id, func.count(Signal.id))
            .join(Area, Signal.area_id == Area.id)
            .where(access.path_condition(Area.path, paths), Signal.outcome == "nieuw")
            .group_by(Signal.area_id)
        ).all()
    )
    if not counts:
        return []
    wards = db.session.scalars(select(Area).where(Area.id.in_(counts)).order_by(Area.name)).all()
    return [(ward, counts[ward.id]) for ward in wards]


def ward_programmes(user, ward: Area) -> list:
    """The programmes of the ward (and its neighbourhoods) a signal can become input for."""
    from planner.programmes.access import visible_programmes
    from planner.programmes.models import Programme

    return list(
        db.session.scalars(
            visible_programmes(user)
            .where(access.path_condition(Area.path, [ward.path]))
            .order_by(Programme.start_year.desc(), Programme.title)
        )
    )


def ward_opgaven(user, ward: Area) -> list:
    """The opgaven of the ward (and its neighbourhoods) a signal can be linked to."""
    from planner.opgaven.access import visible_opgaven
    from planner.opgaven.models import Opgave

    return list(
        db.session.scalars(
            visible_opgaven(user).where(access.path_condition(Area.path, [ward.path])).order_by(Opgave.title)
        )
    )


def _start(user, signal: Signal) -> None:
    access.require(user, "edit", signal.area)
    if signal.outcome != "nieuw":
        raise PlannerError(
            f"Dit signaal is al afgehandeld ({signal.outcome_label.lower()}). Laad de lijst opnieuw.", "outcome"
        )


def _done(user, signal: Signal, outcome: str) -> Signal:
    signal.outcome, signal.triaged_at, signal.triaged_by_id = outcome, utcnow(), user.id
    db.session.flush()
    return signal


def to_programme(user, signal: Signal, programme) -> Signal:
    """The signal becomes a resident's contribution to a programme of the ward: it waits for moderation and
    an answer like any reaction. The name and e-mail go with it, under the same retention date."""
    _start(user, signal)
    if programme is None or programme not in ward_programmes(user, signal.area):
        raise PlannerError("Kies een programma van deze wijk uit de lijst.", "programme_id")
    text = signal.text if not signal.location else f"{signal.text}\n\n(Plaats: {signal.location})"
    contribution = services.record_contribution(
        programme,
        text=text[: services.MAX_TEXT],
        source="publiek",
        theme=signal.theme if signal.theme is None or signal.theme.active else None,
        submitted_at=signal.submitted_at,
        # Input for a programme in execution or at evaluation is marked with that phase, like a reaction there.
        phase=PHASE_OF_STATUS.get(programme.status, "consultatie"),
    )
    if signal.contact is not None:
        contact = signal.contact
        contribution.contact = ContributionContact(
            name=contact.name, email=contact.email, consent_at=contact.consent_at, keep_until=contact.keep_until
        )
        signal.contact = None  # the personal data lives in one place: the contribution's contact
    signal.contribution = contribution
    return _done(user, signal, "programma")


def to_new_opgave(user, signal: Signal, *, title: str, statement: str) -> Signal:
    """Explore a new opgave: in status 'signalering', in the ward, with the signal as its background."""
    from planner.opgaven.services import create_opgave

    _start(user, signal)
    background = f"Signaal van een bewoner ({signal.submitted_at:%d-%m-%Y}):\n{signal.text}"
    if signal.location:
        background += f"\n\nPlaats: {signal.location}"
    signal.opgave = create_opgave(
        area=signal.area,
        themes=[signal.theme] if signal.theme is not None and signal.theme.active else [],
        title=title,
        statement=statement,
        description=background,
    )
    return _done(user, signal, "opgave")


def to_existing_opgave(user, signal: Signal, opgave) -> Signal:
    """The signal belongs to an opgave of the ward already being explored or worked on."""
    _start(user, signal)
    if opgave is None or opgave not in ward_opgaven(user, signal.area):
        raise PlannerError("Kies een opgave van deze wijk uit de lijst.", "opgave_id")
    signal.opgave = opgave
    return _done(user, signal, "opgave")


def triage(
    user, signal: Signal, outcome: str, *, programme=None, opgave=None, title="", statement="", answer=""
) -> Signal:
    """One of the triage outcomes the form offers (see forms.SIGNAL_TRIAGE_CHOICES)."""
    if outcome == "programma":
        return to_programme(user, signal, programme)
    if outcome == "nieuwe_opgave":
        return to_new_opgave(user, signal, title=title, statement=statement)
    if outcome == "opgave":
        return to_existing_opgave(user, signal, opgave)
    if outcome == "antwoord":
        return answer_signal(user, signal, answer)
    raise PlannerError("Kies wat er met dit signaal gebeurt.", "outcome")


def answer_signal(user, signal: Signal, answer: str) -> Signal:
    """The team answers the resident; by e-mail when they gave an address with consent."""
    _start(user, signal)
    answer = (answer or "").replace("\r\n", "\n").strip()
    if not answer:
        raise PlannerError(
            "Schrijf het antwoord aan de bewoner: wat doet de gemeente met dit signaal, en waarom?", "answer"
        )
    if len(answer) > MAX_ANSWER:
        raise PlannerError(f"Een antwoord is hoogstens {MAX_ANSWER:,} tekens.".replace(",", "."), "answer")
    signal.answer = answer
    _done(user, signal, "beantwoord")
    notify.signal_answered(signal)
    return signal
