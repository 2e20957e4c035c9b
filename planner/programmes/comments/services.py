"""Rules of the internal round: who sees it, who comments and answers, and when it is open.

The round belongs to the concept: while a programme is `concept`, the people at its table (partners granted
on it or its opgave, and the team with edit rights on its area) comment on the programme, a goal or an action,
and the team answers each comment. The step to consultatie closes the round; its comments stay, read-only,
with the version that step stores. Council readers never see the round: they see no concepts at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from planner.actions.models import Action
from planner.core.access import can
from planner.core.errors import PlannerError, WorkflowError
from planner.core.i18n import N_
from planner.core.models import utcnow
from planner.extensions import db
from planner.opgaven.access import partner_organisations_for
from planner.programmes.comments.models import MAX_TEXT, OUTCOMES, DraftComment
from planner.programmes.models import Goal, Programme, ProgrammeVersion
from planner.programmes.services import check_not_stale

OPEN_STATUS = "concept"
WHOLE = "programma"


def round_is_open(programme: Programme) -> bool:
    return programme.status == OPEN_STATUS


def may_see_round(user, programme: Programme) -> bool:
    """Staff who see the drafts, and partners at the programme's table."""
    return can(user, "view_draft", programme.area) or bool(partner_organisations_for(user, programme))


def may_answer(user, programme: Programme) -> bool:
    return can(user, "edit", programme.area)


def may_comment(user, programme: Programme) -> bool:
    return may_answer(user, programme) or bool(partner_organisations_for(user, programme))


def drafting_version(programme: Programme) -> int:
    """The number of the version being drafted: the one the step to consultatie will store."""
    latest = db.session.scalar(
        select(func.max(ProgrammeVersion.number)).where(ProgrammeVersion.programme_id == programme.id)
    )
    return (latest or 0) + 1


def subject_key(comment: DraftComment) -> str:
    if comment.action_id:
        return f"actie-{comment.action_id}"
    if comment.goal_id:
        return f"doel-{comment.goal_id}"
    return WHOLE


def subject_choices(programme: Programme) -> list[tuple[str, str]]:
    """(key, label) for what a comment can be about: the programme, each goal, each action."""
    return (
        [(WHOLE, N_("Het programma als geheel"))]
        + [(f"doel-{g.id}", f"Doel {g.number}: {g.title}") for g in programme.goals]
        + [(f"actie-{a.id}", f"Actie {a.number}: {a.title}") for a in programme.actions]
    )


def find_subject(programme: Programme, key: str) -> Goal | Action | None:
    """The goal or action `key` names, if it belongs to `programme`; None for the programme as a whole."""
    kind, _, raw_id = (key or "").partition("-")
    if key == WHOLE:
        return None
    model = {"doel": Goal, "actie": Action}.get(kind)
    subject = db.session.get(model, int(raw_id)) if model and raw_id.isdigit() else None
    if subject is None or subject.programme_id != programme.id:
        raise PlannerError("Kies het programma, een doel of een actie van dit programma uit de lijst.", "subject")
    return subject


def _check_open(programme: Programme) -> None:
    if not round_is_open(programme):
        raise WorkflowError(
            "De interne ronde is gesloten: het programma staat niet meer op concept. "
            "Opmerkingen en antwoorden staan vast bij de versie van die ronde."
        )


def _check_text(text: str, field: str, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise PlannerError(empty, field)
    if len(text) > MAX_TEXT:
        raise PlannerError(f"Hoogstens {MAX_TEXT:,} tekens; u schreef er {len(text):,}.".replace(",", "."), field)
    return text


def add_comment(user, programme: Programme, subject: Goal | Action | None, text: str) -> DraftComment:
    """A comment at the table on the concept, the goal or the action `subject`."""
    if not may_comment(user, programme):
        raise PlannerError("Alleen wie aan tafel zit bij dit programma kan een opmerking geven.")
    _check_open(programme)
    text = _check_text(text, "text", "Schrijf uw opmerking.")
    if subject is not None and subject.programme_id != programme.id:
        raise PlannerError("Kies het programma, een doel of een actie van dit programma uit de lijst.", "subject")
    organisations = [] if may_answer(user, programme) else partner_organisations_for(user, programme)
    is_goal = isinstance(subject, Goal)
    comment = DraftComment(
        programme=programme,
        goal=subject if is_goal else None,
        action=subject if isinstance(subject, Action) else None,
        subject_label=(f"Doel {subject.number}: " if is_goal else f"Actie {subject.number}: ") + subject.title
        if subject is not None
        else "",
        version_number=drafting_version(programme),
        author_id=user.id,
        author_name=user.name,
        organisation=organisations[0] if organisations else None,
        text=text,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def answer_comment(
    user, comment: DraftComment, *, answer: str, outcome: str, expected_version: int | None = None
) -> DraftComment:
    """The team's answer, and whether the comment was taken into the draft."""
    if not may_answer(user, comment.programme):
        raise PlannerError("Alleen het opgaveteam met bewerkrechten op dit gebied beantwoordt opmerkingen.")
    _check_open(comment.programme)
    if comment.version_number != drafting_version(comment.programme):
        raise WorkflowError(
            f"Deze opmerking hoort bij de gesloten ronde voor versie {comment.version_number} en staat vast."
        )
    check_not_stale(comment, expected_version)
    answer = _check_text(answer, "answer", "Schrijf het antwoord aan wie de opmerking gaf.")
    if outcome not in OUTCOMES:
        raise PlannerError("Kies wat er met de opmerking is gedaan.", "outcome")
    comment.answer, comment.outcome = answer, outcome
    comment.answered_by_id, comment.answered_by_name, comment.answered_at = user.id, user.name, utcnow()
    db.session.flush()
    return comment


# ---- reading the round ---------------------------------------------------------------------------


@dataclass
class Group:
    key: str
    label: str
    comments: list[DraftComment] = field(default_factory=list)

    @property
    def unanswered(self) -> int:
        return sum(not c.answered for c in self.comments)


@dataclass
class Round:
    version_number: int
    open: bool
    groups: list[Group]
    version: ProgrammeVersion | None = None  # the version that closed the round

    @property
    def count(self) -> int:
        return sum(len(g.comments) for g in self.groups)

    @property
    def unanswered(self) -> int:
        return sum(g.unanswered for g in self.groups)


def comments_of(programme: Programme) -> list[DraftComment]:
    return list(
        db.session.scalars(
            select(DraftComment)
            .where(DraftComment.programme_id == programme.id)
            .order_by(DraftComment.version_number.desc(), DraftComment.created_at, DraftComment.id)
        )
    )


def rounds(programme: Programme, version_number: int | None = None) -> list[Round]:
    """The rounds, newest first (the open one on top), each grouped by programme, goal and action in the
    programme's order; a subject that no longer exists keeps its own group under the label it had."""
    current = drafting_version(programme)
    by_round: dict[int, list[DraftComment]] = {}
    for comment in comments_of(programme):
        by_round.setdefault(comment.version_number, []).append(comment)
    if round_is_open(programme):
        by_round.setdefault(current, [])
    if version_number is not None:
        by_round = {k: v for k, v in by_round.items() if k == version_number}
    versions = {v.number: v for v in programme.versions}
    order = [WHOLE] + [f"doel-{g.id}" for g in programme.goals] + [f"actie-{a.id}" for a in programme.actions]
    labels = dict(subject_choices(programme))
    out = []
    for number in sorted(by_round, reverse=True):
        groups: dict[str, Group] = {}
        for comment in by_round[number]:
            key = subject_key(comment)
            if key not in labels:  # removed since: keep the label it had
                key = f"weg-{comment.subject_label}"
            label = labels.get(key) or comment.subject_label
            groups.setdefault(key, Group(key, label)).comments.append(comment)
        ranked = sorted(groups.values(), key=lambda g: (order.index(g.key) if g.key in order else len(order), g.label))
        out.append(Round(number, round_is_open(programme) and number == current, ranked, versions.get(number)))
    return out


@dataclass
class Counts:
    total: int
    unanswered: int
    by_subject: dict[str, int]  # unanswered per subject key


def open_round_counts(programme: Programme) -> Counts:
    """Comments and unanswered ones in the round now open (none once it closed: the page shows the history)."""
    if not round_is_open(programme):
        return Counts(0, 0, {})
    number = drafting_version(programme)
    comments = [c for c in comments_of(programme) if c.version_number == number]
    by_subject: dict[str, int] = {}
    for c in comments:
        if not c.answered:
            by_subject[subject_key(c)] = by_subject.get(subject_key(c), 0) + 1
    return Counts(len(comments), sum(by_subject.values()), by_subject)


def comment_counts_by_version(programme: Programme) -> dict[int, int]:
    rows = db.session.execute(
        select(DraftComment.version_number, func.count())
        .where(DraftComment.programme_id == programme.id)
        .group_by(DraftComment.version_number)
    )
    return dict(rows.all())
