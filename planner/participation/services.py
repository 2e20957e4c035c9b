"""Rules for participation: recording input, public reactions with spam limits, triage, moderation,
responses with links to goals and actions, the public feedback, purge and version changes."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, false, func, or_, select
from sqlalchemy.orm import selectinload

from planner.core import access, hooks
from planner.core.errors import PlannerError
from planner.core.models import utcnow
from planner.extensions import db
from planner.participation import notify
from planner.participation.models import (
    CONTRIBUTION_STATUSES,
    MODERATION_STATES,
    MOMENT_KINDS,
    SOURCES,
    Contribution,
    ContributionContact,
    ContributionLink,
    ParticipationMoment,
    ReactionThrottle,
    SignalContact,
)

MAX_TEXT = 2000
RATE_LIMIT = 5  # public reactions per address …
RATE_WINDOW = timedelta(minutes=10)  # … in this window
THROTTLE_KEEP = timedelta(days=1)  # throttle rows are only needed for the window; purge drops them after a day
RETENTION_DAYS = 365  # personal data is kept one year unless configured otherwise
# While the draft is public, and afterwards: residents and the council check what was done with their input.
FEEDBACK_STATUSES = ("consultatie", "besluitvorming", "vastgesteld", "uitvoering", "geevalueerd")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ConsultationClosed(PlannerError):
    """The programme is not (or no longer) open for public reactions."""


class RateLimited(PlannerError):
    """Too many reactions from one address in a short time."""


class SpamSuspected(PlannerError):
    """The honeypot field was filled in: a bot, not a resident."""


# ---- scoping ---------------------------------------------------------------------------------


def contributions_query(user, programme):
    """The contributions of `programme`, or nothing at all if `user` may not see its drafts."""
    query = select(Contribution).where(Contribution.programme_id == programme.id)
    if not access.can(user, "view_draft", programme.area):
        return query.where(false())
    return query


def contribution_of(user, programme, contribution_id: int) -> Contribution | None:
    return db.session.scalar(contributions_query(user, programme).where(Contribution.id == contribution_id))


# ---- moments ---------------------------------------------------------------------------------


def record_moment(
    programme, *, kind: str, title: str, date: date, place: str = "", participants: int | None = None, summary: str = ""
) -> ParticipationMoment:
    if kind not in MOMENT_KINDS:
        raise PlannerError(
            f"Onbekende soort bijeenkomst '{kind}'. Kies uit: {', '.join(MOMENT_KINDS.values())}.", "kind"
        )
    if not (title or "").strip():
        raise PlannerError("Geef de bijeenkomst een titel, bijvoorbeeld 'Bewonersavond Binnenstad'.", "title")
    if participants is not None and participants < 0:
        raise PlannerError("Het aantal deelnemers kan niet negatief zijn.", "participants")
    moment = ParticipationMoment(
        area=programme.area,
        programme=programme,
        kind=kind,
        title=title.strip(),
        date=date,
        place=(place or "").strip(),
        participants=participants,
        summary=summary or "",
    )
    db.session.add(moment)
    db.session.flush()
    return moment


def moments_of(programme) -> list[ParticipationMoment]:
    return list(
        db.session.scalars(
            select(ParticipationMoment)
            .where(ParticipationMoment.programme_id == programme.id)
            .options(selectinload(ParticipationMoment.attachments))
            .order_by(ParticipationMoment.date.desc(), ParticipationMoment.id.desc())
        )
    )


# ---- contributions ---------------------------------------------------------------------------


def check_text(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise PlannerError("Schrijf uw reactie in het tekstvak; een lege reactie kunnen we niet verwerken.", "text")
    if len(text) > MAX_TEXT:
        raise PlannerError(
            f"Uw reactie is {len(text)} tekens lang; het maximum is {MAX_TEXT}. "
            "Maak de tekst korter of verdeel hem over twee reacties.",
            "text",
        )
    return text


def _target(programme, goal_id: int | None, action_id: int | None):
    goal = next((g for g in programme.goals if g.id == goal_id), None) if goal_id else None
    action = next((a for a in programme.actions if a.id == action_id), None) if action_id else None
    if goal_id and goal is None:
        raise PlannerError("Dit doel hoort niet bij dit programma.", "goal_id")
    if action_id and action is None:
        raise PlannerError("Deze actie hoort niet bij dit programma.", "action_id")
    return goal, action


def _progress_update(action, progress_update_id: int | None):
    if not progress_update_id:
        return None
    from planner.tracking.models import ProgressUpdate

    update = db.session.get(ProgressUpdate, progress_update_id)
    if update is None or action is None or update.action_id != action.id:
        raise PlannerError("Deze voortgangsrapportage hoort niet bij deze actie.", "action_id")
    return update


def check_contact(name: str | None, email: str | None, consent: bool, today: date, retention_days: int):
    name, email = (name or "").strip(), (email or "").strip()
    if not name and not email:
        return None
    if not consent:
        raise PlannerError(
            "U heeft een naam of e-mailadres ingevuld. Geef toestemming om die te bewaren, "
            "of laat beide velden leeg: reageren kan ook anoniem.",
            "consent",
        )
    if len(name) > 120:
        raise PlannerError("Een naam is hoogstens 120 tekens.", "name")
    if email and (len(email) > 254 or not EMAIL_RE.match(email)):
        raise PlannerError(
            f"'{email}' is geen geldig e-mailadres. Vul een adres in als naam@voorbeeld.nl of laat het leeg.", "email"
        )
    return ContributionContact(name=name, email=email, keep_until=today + timedelta(days=retention_days))


def _check_theme(theme, programme, keep=()) -> None:
    """A theme of the programme's municipality or a shared one, active unless already chosen."""
    from planner.opgaven.services import check_themes

    check_themes([theme] if theme else [], programme.area, keep=keep, field="theme_id")


def record_contribution(
    programme,
    *,
    text: str,
    source: str = "team",
    theme=None,
    moment=None,
    goal_id: int | None = None,
    action_id: int | None = None,
    name: str | None = None,
    email: str | None = None,
    consent: bool = False,
    today: date | None = None,
    retention_days: int = RETENTION_DAYS,
    submitted_at: datetime | None = None,
    phase: str = "consultatie",
    progress_update_id: int | None = None,
) -> Contribution:
    """Store one contribution. Team input is published at once; public and imported input waits for moderation."""
    if source not in SOURCES:
        raise PlannerError(f"Onbekende bron '{source}'.", "source")
    text = check_text(text)
    goal, action = _target(programme, goal_id, action_id)
    progress_update = _progress_update(action, progress_update_id)
    if moment is not None and moment.programme_id != programme.id:
        raise PlannerError("Deze bijeenkomst hoort niet bij dit programma.", "moment_id")
    contact = check_contact(name, email, consent, today or date.today(), retention_days)
    _check_theme(theme, programme)
    if theme is None:
        theme = (goal.theme if goal else None) or (action.goal.theme if action and action.goal else None)
    contribution = Contribution(
        area=programme.area,
        programme=programme,
        text=text,
        source=source,
        theme=theme,
        moment=moment,
        goal=goal,
        action=action,
        status="nieuw",
        submitted_at=submitted_at or utcnow(),
        phase=phase,
        progress_update=progress_update,
        moderation="gepubliceerd" if source == "team" else "te_modereren",
    )
    contribution.contact = contact
    db.session.add(contribution)
    db.session.flush()
    return contribution


# ---- public reactions ------------------------------------------------------------------------


def address_hash(address: str | None, secret: str) -> str:
    """A keyed hash of the client address: enough to count, useless to identify anyone."""
    return hmac.new(secret.encode(), (address or "onbekend").encode(), hashlib.sha256).hexdigest()


def check_rate_limit(ip_hash: str, now: datetime) -> None:
    recent = db.session.scalar(
        select(func.count(ReactionThrottle.id)).where(
            ReactionThrottle.ip_hash == ip_hash, ReactionThrottle.at > now - RATE_WINDOW
        )
    )
    if recent >= RATE_LIMIT:
        minutes = int(RATE_WINDOW.total_seconds() // 60)
        raise RateLimited(
            f"U heeft in korte tijd veel reacties gestuurd (maximaal {RATE_LIMIT} per {minutes} minuten). "
            f"Wacht {minutes} minuten en probeer het dan opnieuw. Uw laatste reactie is niet opgeslagen."
        )


def submit_public_reaction(
    programme,
    *,
    text: str,
    ip_hash: str,
    honeypot: str = "",
    goal_id: int | None = None,
    action_id: int | None = None,
    name: str | None = None,
    email: str | None = None,
    consent: bool = False,
    now: datetime | None = None,
    retention_days: int = RETENTION_DAYS,
    progress_update_id: int | None = None,
) -> Contribution:
    """A resident's reaction in a phase the team opened: on the draft in consultation, on an action or its
    progress during execution, on a goal at evaluation. It waits for moderation, marked with its phase."""
    from planner.participation import phases

    now = now or utcnow()
    phase = phases.phase_of(programme)
    if phase is None:
        raise ConsultationClosed("Dit programma staat nu niet open voor reacties. Uw reactie is niet opgeslagen.")
    if phases.state_on(programme, now.date()) != "open":
        raise ConsultationClosed("De inspraak op dit programma is nu niet open. Uw reactie is niet opgeslagen.")
    if phase == "evaluatie" and not goal_id:
        raise PlannerError("Kies het doel waarover u uw oordeel geeft.", "text")
    check_rate_limit(ip_hash, now)
    db.session.add(ReactionThrottle(ip_hash=ip_hash, at=now))
    if (honeypot or "").strip():
        db.session.flush()
        raise SpamSuspected("Uw reactie kon niet worden verwerkt.")
    return record_contribution(
        programme,
        text=text,
        source="publiek",
        goal_id=goal_id,
        action_id=action_id,
        name=name,
        email=email,
        consent=consent,
        today=now.date(),
        retention_days=retention_days,
        submitted_at=now,
        phase=phase,
        progress_update_id=progress_update_id if phase == "uitvoering" else None,
    )


def public_programme(programme_id: int, statuses=("consultatie",)):
    """A programme as residents may see it: only in the given statuses, otherwise None."""
    from planner.programmes.models import Programme

    return db.session.scalar(select(Programme).where(Programme.id == programme_id, Programme.status.in_(statuses)))


# ---- triage, moderation, responses -----------------------------------------------------------


@dataclass
class Filters:
    status: str = ""
    theme_id: int | None = None
    moment_id: int | None = None
    moderation: str = ""
    text: str = ""


def triage(user, programme, filters: Filters) -> list[Contribution]:
    query = contributions_query(user, programme)
    if filters.status in CONTRIBUTION_STATUSES:
        query = query.where(Contribution.status == filters.status)
    if filters.moderation in MODERATION_STATES:
        query = query.where(Contribution.moderation == filters.moderation)
    if filters.theme_id:
        query = query.where(Contribution.theme_id == filters.theme_id)
    if filters.moment_id:
        query = query.where(Contribution.moment_id == filters.moment_id)
    if filters.text:
        like = f"%{filters.text}%"
        query = query.where(or_(Contribution.text.ilike(like), Contribution.response.ilike(like)))
    return list(db.session.scalars(query.order_by(Contribution.submitted_at.desc(), Contribution.id.desc())))


def counts(user, programme) -> dict[str, int]:
    rows = db.session.execute(
        contributions_query(user, programme)
        .with_only_columns(Contribution.moderation, func.count(Contribution.id))
        .group_by(Contribution.moderation)
    ).all()
    return dict(rows)


def _selected(user, programme, ids: list[int]) -> list[Contribution]:
    if not ids:
        raise PlannerError("Selecteer eerst een of meer bijdragen met de vakjes in de eerste kolom.", "ids")
    found = list(db.session.scalars(contributions_query(user, programme).where(Contribution.id.in_(ids))))
    if len(found) != len(set(ids)):
        raise PlannerError(
            "Een of meer geselecteerde bijdragen bestaan niet (meer) in dit programma. Laad de lijst opnieuw.", "ids"
        )
    return found


def moderate(user, programme, ids: list[int], decision: str) -> list[Contribution]:
    """Publish or reject contributions; only a user who may edit the programme's area."""
    if decision not in ("gepubliceerd", "afgewezen"):
        raise PlannerError("Kies publiceren of afwijzen.", "decision")
    access.require(user, "edit", programme.area)
    chosen = _selected(user, programme, ids)
    for c in chosen:
        if c.moderation != decision:
            c.moderation, c.moderated_at, c.moderated_by_id = decision, utcnow(), user.id
            notify.moderated(c)
    db.session.flush()
    return chosen


def bulk_status(user, programme, ids: list[int], status: str, response: str = "") -> list[Contribution]:
    """One status (and optionally one shared response) for many contributions at once."""
    if status not in CONTRIBUTION_STATUSES:
        raise PlannerError(
            f"Onbekende status '{status}'. Kies uit: {', '.join(CONTRIBUTION_STATUSES.values())}.", "status"
        )
    access.require(user, "edit", programme.area)
    chosen = _selected(user, programme, ids)
    response = (response or "").strip()
    lacking = [c.id for c in chosen if status != "nieuw" and not (response or c.response.strip())]
    if lacking:
        raise PlannerError(
            "Elke bijdrage krijgt een onderbouwde reactie. Schrijf een reactie voor de selectie, "
            f"of beantwoord eerst bijdrage {', '.join(map(str, lacking))} afzonderlijk.",
            "response",
        )
    for c in chosen:
        c.status = status
        if response and response != c.response:
            c.response, c.responded_at, c.responded_by_id = response, utcnow(), user.id
            notify.answered(c)
    db.session.flush()
    return chosen


def respond(
    user, contribution: Contribution, *, status: str, response: str, goal_ids=(), action_ids=(), theme=None
) -> Contribution:
    """The team's reasoned answer, and the goals and actions the contribution led to."""
    programme = contribution.programme
    access.require(user, "edit", programme.area)
    if status not in CONTRIBUTION_STATUSES:
        raise PlannerError(f"Onbekende status '{status}'.", "status")
    response = (response or "").strip()
    if status != "nieuw" and not response:
        raise PlannerError(
            "Schrijf een onderbouwde reactie: wat doet het team met deze inbreng, en waarom?", "response"
        )
    if len(response) > 4000:
        raise PlannerError("Een reactie is hoogstens 4.000 tekens.", "response")
    goals = {g.id: g for g in programme.goals}
    actions = {a.id: a for a in programme.actions}
    if any(i not in goals for i in goal_ids) or any(i not in actions for i in action_ids):
        raise PlannerError("Koppel alleen doelen en acties van dit programma.", "action_ids")
    if status in ("nieuw", "niet_overgenomen") and (goal_ids or action_ids):
        raise PlannerError(
            "Een bijdrage die niet (of nog niet) is overgenomen, leidde nog niet tot een doel of actie. "
            "Kies 'overgenomen' of 'deels overgenomen', of haal de koppelingen weg.",
            "action_ids",
        )
    contribution.status = status
    if response != contribution.response:
        contribution.response, contribution.responded_at, contribution.responded_by_id = response, utcnow(), user.id
        if response:
            notify.answered(contribution)
    if theme is not None:
        _check_theme(theme, programme, keep=[contribution.theme] if contribution.theme else [])
        contribution.theme = theme
    wanted = {("g", i) for i in goal_ids} | {("a", i) for i in action_ids}
    for link in list(contribution.links):
        key = ("g", link.goal_id) if link.goal_id else ("a", link.action_id)
        if key in wanted:
            wanted.discard(key)
        else:
            contribution.links.remove(link)
    for kind, i in sorted(wanted):
        contribution.links.append(
            ContributionLink(goal=goals[i]) if kind == "g" else ContributionLink(action=actions[i])
        )
    db.session.flush()
    return contribution


# ---- public feedback -------------------------------------------------------------------------


def published(programme) -> list[Contribution]:
    """What residents and the council may read: moderated contributions, never anyone's name."""
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.programme_id == programme.id, Contribution.moderation == "gepubliceerd")
            .order_by(Contribution.submitted_at, Contribution.id)
        )
    )


def feedback_summary(items: list[Contribution]) -> dict[str, int]:
    out = dict.fromkeys(CONTRIBUTION_STATUSES, 0)
    for c in items:
        out[c.status] = out.get(c.status, 0) + 1
    return out


# ---- purge -----------------------------------------------------------------------------------


def purge_personal_data(today: date, now: datetime | None = None) -> dict[str, int]:
    """Remove names and e-mail addresses past their retention date and old throttle rows.

    Signals' contacts count with the contributions' ones. The contribution itself stays, anonymised: its text, status and response remain public record.
    """
    now = now or utcnow()
    shortened = _past_policy_term(today)
    contacts = db.session.execute(
        delete(ContributionContact).where(
            or_(ContributionContact.keep_until < today, ContributionContact.contribution_id.in_(shortened[0]))
        )
    ).rowcount
    # A signal's name and e-mail follow the same term (planner.participation.signals).
    signal_contacts = db.session.execute(
        delete(SignalContact).where(or_(SignalContact.keep_until < today, SignalContact.signal_id.in_(shortened[1])))
    ).rowcount
    throttle = db.session.execute(delete(ReactionThrottle).where(ReactionThrottle.at < now - THROTTLE_KEEP)).rowcount
    # Other features' residents' contact data (an initiative's applicant) follow the same term.
    others = sum(purge(today) for purge in hooks.functions("purge_personal_data"))
    db.session.flush()
    db.session.expire_all()
    return {"contacts": (contacts or 0) + (signal_contacts or 0) + others, "throttle": throttle or 0}


def _past_policy_term(today: date) -> tuple[list[int], list[int]]:
    """Contributions and signals whose contact is older than its municipality's current retention term.

    The term promised at consent (`keep_until`) is the longest a contact is kept; an admin who shortens the
    policy's term makes the purge remove contacts sooner."""
    from planner.areas.models import Area
    from planner.participation.models import ParticipationPolicy, Signal

    contributions: list[int] = []
    signals: list[int] = []
    for policy in db.session.scalars(select(ParticipationPolicy)):
        cutoff = datetime.combine(today - timedelta(days=policy.retention_days), datetime.min.time())
        within = access.path_condition(Area.path, [policy.municipality.path])
        contributions += db.session.scalars(
            select(ContributionContact.contribution_id)
            .join(Contribution, Contribution.id == ContributionContact.contribution_id)
            .join(Area, Area.id == Contribution.area_id)
            .where(ContributionContact.consent_at < cutoff, within)
        ).all()
        signals += db.session.scalars(
            select(SignalContact.signal_id)
            .join(Signal, Signal.id == SignalContact.signal_id)
            .join(Area, Area.id == Signal.area_id)
            .where(SignalContact.consent_at < cutoff, within)
        ).all()
    return contributions, signals


# ---- versions --------------------------------------------------------------------------------

_BLOCK_LABEL = re.compile(r"^(Doel|Actie) (\d+):")


def contributions_for_changes(programme, blocks: list[dict]) -> list[dict]:
    """For the version comparison: per changed goal or action, the contributions linked to it.

    `blocks` is the output of programmes.services.compare_snapshots; blocks are matched on their
    section and number ("Doel 2: …", "Actie 5: …"). Returns [{"label", "state", "contributions"}].
    """
    changed = {}
    for block in blocks:
        match = _BLOCK_LABEL.match(block.get("label", ""))
        if match and block.get("state") != "same":
            changed[(match.group(1), int(match.group(2)))] = block
    if not changed:
        return []
    out = []
    links = db.session.scalars(
        select(ContributionLink)
        .join(ContributionLink.contribution)
        .where(Contribution.programme_id == programme.id)
        .order_by(ContributionLink.id)
    ).all()
    by_key: dict[tuple[str, int], list[Contribution]] = {}
    for link in links:
        key = ("Actie", link.action.number) if link.action is not None else ("Doel", link.goal.number)
        by_key.setdefault(key, [])
        if link.contribution not in by_key[key]:
            by_key[key].append(link.contribution)
    for key, block in changed.items():
        if by_key.get(key):
            out.append({"label": block["label"], "state": block["state"], "contributions": by_key[key]})
    return out
