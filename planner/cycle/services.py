"""Rules for the P&C calendar: the yearly template, dates, open/close, flags and feed tokens.

`year` on a moment is the budget year the document is about (kadernota 2027, jaarrekening
2026); a calendar year holds the documents whose council date falls in it: in 2026 the
jaarrekening 2025, the kadernota 2027, berap 1 and 2 of 2026 and the begroting 2027.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from blinker import Namespace
from sqlalchemy import and_, or_, select

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.agenda.services import find_editable_action, related_area_condition
from planner.areas.models import Area
from planner.core import access
from planner.core.errors import PlannerError, WorkflowError
from planner.core.models import mark_used, utcnow
from planner.core.security import token_hash
from planner.cycle.models import FLAG_PURPOSES, MOMENT_KINDS, ActionPcFlag, CalendarToken, PcMoment
from planner.extensions import db

_signals = Namespace()
# Sent inside the closing transaction with the moment and `user`; a receiver (the budget
# feature freezes its figures here) may raise PlannerError to refuse the close.
moment_closed = _signals.signal("pc-moment-closed")
moment_reopened = _signals.signal("pc-moment-reopened")


@dataclass(frozen=True)
class TemplateMoment:
    kind: str
    year_offset: int  # budget year minus calendar year
    input_deadline: tuple[int, int]  # (month, day) in the calendar year
    college_date: tuple[int, int]
    council_date: tuple[int, int]


# A typical Dutch year (see DESIGN.md); each municipality moves the dates afterwards.
YEAR_TEMPLATE = (
    # Jaarrekening of last year: the province must have it before 15 July.
    TemplateMoment("jaarrekening", -1, (2, 1), (4, 14), (7, 2)),
    # Kadernota for next year's budget: input in March, college April, council June/July.
    TemplateMoment("kadernota", +1, (3, 2), (4, 21), (6, 25)),
    # Berap 1 reports on the position of 1 May.
    TemplateMoment("berap1", 0, (5, 15), (6, 2), (7, 2)),
    TemplateMoment("berap2", 0, (9, 1), (9, 29), (10, 29)),
    # The begroting must be at the province before 15 November.
    TemplateMoment("begroting", +1, (6, 15), (9, 22), (11, 5)),
)
# What an action usually is in a document: accounted for in the jaarrekening, adjusted in a berap.
DEFAULT_PURPOSE = {
    "jaarrekening": "verantwoording",
    "berap1": "bijsturing",
    "berap2": "bijsturing",
    "najaarsnota": "bijsturing",
    "begrotingswijziging": "bijsturing",
}
NAJAARSNOTA = TemplateMoment("najaarsnota", 0, (9, 1), (9, 29), (10, 29))
# Statutory: begroting at the province before 15 November, jaarrekening before 15 July.
LATEST_COUNCIL_DATE = {"begroting": (11, 15), "jaarrekening": (7, 15)}


def _weekday(day: date) -> date:
    """Councils and colleges do not meet at weekends: move back to the Friday."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def template_dates(calendar_year: int, najaarsnota: bool = False) -> list[dict]:
    """The default cycle for one calendar year: pure dates, no database."""
    rows = []
    for t in YEAR_TEMPLATE:
        if najaarsnota and t.kind == "berap2":
            t = NAJAARSNOTA
        rows.append(
            {
                "kind": t.kind,
                "year": calendar_year + t.year_offset,
                "sequence": 1,
                "input_deadline": _weekday(date(calendar_year, *t.input_deadline)),
                "college_date": _weekday(date(calendar_year, *t.college_date)),
                "council_date": _weekday(date(calendar_year, *t.council_date)),
            }
        )
    return sorted(rows, key=lambda r: r["council_date"])


def check_dates(
    kind: str, year: int, input_deadline: date | None, college_date: date | None, council_date: date | None
) -> None:
    if kind not in MOMENT_KINDS:
        raise PlannerError(f"Onbekend P&C-document '{kind}'. Kies uit: {', '.join(MOMENT_KINDS.values())}.", "kind")
    if not 2000 <= int(year) <= 2100:
        raise PlannerError("Vul een jaartal tussen 2000 en 2100 in.", "year")
    if input_deadline and college_date and college_date < input_deadline:
        raise PlannerError(
            "De collegedatum ligt vóór de interne inleverdatum. Kies een collegedatum op of na de inleverdatum.",
            "college_date",
        )
    if college_date and council_date and council_date < college_date:
        raise PlannerError(
            "De raadsdatum ligt vóór de collegedatum. De raad behandelt een stuk nadat het college het heeft vastgesteld.",
            "council_date",
        )
    if input_deadline and council_date and council_date < input_deadline:
        raise PlannerError("De raadsdatum ligt vóór de interne inleverdatum.", "council_date")


def statutory_warning(moment: PcMoment) -> str | None:
    """A council date after the province's deadline is allowed (it happens) but worth a warning."""
    limit = LATEST_COUNCIL_DATE.get(moment.kind)
    if not limit or moment.council_date is None:
        return None
    due_year = moment.year - 1 if moment.kind == "begroting" else moment.year + 1
    due = date(due_year, *limit)
    if moment.council_date >= due:
        return f"Let op: {moment.label} moet vóór {due.strftime('%d-%m-%Y')} bij de provincie zijn."
    return None


def _require_municipality(area: Area) -> None:
    if area.level != "gemeente":
        raise PlannerError("De P&C-cyclus hoort bij een gemeente. Kies een gemeente, geen wijk of buurt.", "area_id")


def generate_cycle(area: Area, calendar_year: int, *, najaarsnota: bool = False) -> list[PcMoment]:
    """Create the template's moments for one calendar year; existing ones are left as they are."""
    _require_municipality(area)
    if not 2000 <= int(calendar_year) <= 2100:
        raise PlannerError("Vul een jaartal tussen 2000 en 2100 in.", "year")
    created = []
    for row in template_dates(calendar_year, najaarsnota):
        exists = db.session.scalar(
            select(PcMoment.id).where(
                PcMoment.area_id == area.id,
                PcMoment.kind == row["kind"],
                PcMoment.year == row["year"],
                PcMoment.sequence == 1,
            )
        )
        if exists:
            continue
        moment = PcMoment(area=area, area_id=area.id, **row)
        db.session.add(moment)
        created.append(moment)
    db.session.flush()
    return created


def add_moment(
    area: Area, *, kind: str, year: int, input_deadline=None, college_date=None, council_date=None
) -> PcMoment:
    """One extra moment, typically a begrotingswijziging (numbered 1, 2, 3 … per year)."""
    _require_municipality(area)
    check_dates(kind, year, input_deadline, college_date, council_date)
    taken = db.session.scalars(
        select(PcMoment.sequence).where(PcMoment.area_id == area.id, PcMoment.kind == kind, PcMoment.year == year)
    ).all()
    if taken and kind != "begrotingswijziging":
        raise PlannerError(f"{MOMENT_KINDS[kind]} {year} bestaat al voor {area.name}.", "kind")
    moment = PcMoment(
        area=area,
        area_id=area.id,
        kind=kind,
        year=year,
        sequence=max(taken, default=0) + 1,
        input_deadline=input_deadline,
        college_date=college_date,
        council_date=council_date,
    )
    db.session.add(moment)
    db.session.flush()
    return moment


def _ensure_open(moment: PcMoment) -> None:
    if moment.is_closed:
        raise WorkflowError(f"{moment.label} is gesloten. Heropen het moment om iets te wijzigen.")


def update_dates(moment: PcMoment, *, input_deadline, college_date, council_date) -> PcMoment:
    _ensure_open(moment)
    check_dates(moment.kind, moment.year, input_deadline, college_date, council_date)
    for key, value in (
        ("input_deadline", input_deadline),
        ("college_date", college_date),
        ("council_date", council_date),
    ):
        if getattr(moment, key) != value:
            setattr(moment, key, value)
    db.session.flush()
    return moment


def close_moment(moment: PcMoment, user) -> PcMoment:
    """Close a moment: no more flags or date changes; receivers of `moment_closed` freeze their figures."""
    if moment.is_closed:
        raise WorkflowError(f"{moment.label} is al gesloten.")
    moment.state = "gesloten"
    moment.closed_at = utcnow()
    moment.closed_by = user
    db.session.flush()
    moment_closed.send(moment, user=user)
    return moment


def reopen_moment(moment: PcMoment, user) -> PcMoment:
    if not moment.is_closed:
        raise WorkflowError(f"{moment.label} is al open.")
    moment.state = "open"
    moment.closed_at = None
    moment.closed_by = None
    db.session.flush()
    moment_reopened.send(moment, user=user)
    return moment


# ---- scoping ------------------------------------------------------------------------------


def visible_moments(user):
    return select(PcMoment).join(PcMoment.area).where(related_area_condition(user))


def visible_moment(user, moment_id: int) -> PcMoment | None:
    return db.session.execute(visible_moments(user).where(PcMoment.id == moment_id)).scalar_one_or_none()


def can_manage(user, area: Area) -> bool:
    """Gebiedsmanagers, controllers and beheerders of the municipality keep its P&C calendar."""
    return access.can(user, "adopt", area) or access.can(user, "budget", area)


def managed_municipalities(user) -> list[Area]:
    paths = sorted(set(access.grant_paths(user, "adopt")) | set(access.grant_paths(user, "budget")))
    return db.session.scalars(
        select(Area).where(access.path_condition(Area.path, paths), Area.level == "gemeente").order_by(Area.name)
    ).all()


def moments_in_year(user, calendar_year: int) -> list[PcMoment]:
    """The moments whose council date falls in `calendar_year`, or undated ones of that budget year."""
    start, end = date(calendar_year, 1, 1), date(calendar_year, 12, 31)
    return db.session.scalars(
        visible_moments(user)
        .where(
            or_(
                PcMoment.council_date.between(start, end),
                and_(PcMoment.council_date.is_(None), PcMoment.year == calendar_year),
            )
        )
        .order_by(Area.name, PcMoment.council_date, PcMoment.kind)
    ).all()


def calendar_years(user, today: date) -> list[int]:
    """The calendar years the P&C calendar can show the user: those with a moment they may see
    (by council date, or budget year when undated), this year, and next year (to plan ahead)."""
    rows = db.session.execute(
        visible_moments(user).with_only_columns(PcMoment.council_date, PcMoment.year).distinct()
    ).all()
    years = {d.year if d is not None else y for d, y in rows}
    return sorted(years | {today.year, today.year + 1})


def next_input_deadline(user, today: date) -> PcMoment | None:
    """The open moment whose internal input deadline comes first from `today` on."""
    return db.session.scalars(
        visible_moments(user)
        .where(PcMoment.state == "open", PcMoment.input_deadline >= today)
        .order_by(PcMoment.input_deadline, PcMoment.kind)
        .limit(1)
    ).first()


def open_moments(user) -> list[PcMoment]:
    return db.session.scalars(
        visible_moments(user)
        .where(PcMoment.state == "open")
        .order_by(PcMoment.council_date.nulls_last(), PcMoment.kind)
    ).all()


# ---- flags --------------------------------------------------------------------------------


def flag_action(user, moment: PcMoment, action_id, purpose: str, note: str = "") -> ActionPcFlag:
    if purpose not in FLAG_PURPOSES:
        raise PlannerError(f"Onbekend doel '{purpose}'. Kies uit: {', '.join(FLAG_PURPOSES.values())}.", "purpose")
    if len(note or "") > 300:
        raise PlannerError("Een toelichting is hoogstens 300 tekens.", "note")
    action = find_editable_action(user, action_id)
    if db.session.execute(visible_moments(user).where(PcMoment.id == moment.id)).scalar_one_or_none() is None:
        raise PlannerError("Dit P&C-moment bestaat niet of u heeft er geen toegang toe.", "pc_moment_id")
    _ensure_open(moment)
    if not action.programme.area.is_within(moment.area):
        raise PlannerError(
            f"Actie {action.number} hoort niet bij {moment.area.name}; kies een P&C-moment van de eigen gemeente.",
            "pc_moment_id",
        )
    existing = db.session.scalar(
        select(ActionPcFlag).where(
            ActionPcFlag.action_id == action.id, ActionPcFlag.pc_moment_id == moment.id, ActionPcFlag.purpose == purpose
        )
    )
    if existing is not None:
        raise PlannerError(
            f"Actie {action.number} staat al in {moment.label} als {FLAG_PURPOSES[purpose].lower()}.", "purpose"
        )
    flag = ActionPcFlag(action=action, action_id=action.id, moment=moment, purpose=purpose, note=(note or "").strip())
    db.session.add(flag)
    db.session.flush()
    return flag


def find_visible_moment(user, moment_id) -> PcMoment:
    try:
        moment_id = int(moment_id)
    except (TypeError, ValueError):
        raise PlannerError("Kies een P&C-moment uit de lijst.", "pc_moment_id") from None
    moment = db.session.execute(visible_moments(user).where(PcMoment.id == moment_id)).scalar_one_or_none()
    if moment is None:
        raise PlannerError("Dit P&C-moment bestaat niet of u heeft er geen toegang toe.", "pc_moment_id")
    return moment


def visible_flag(user, flag_id: int) -> ActionPcFlag | None:
    """A flag `user` may know of: they see its action and its moment."""
    flag = db.session.get(ActionPcFlag, flag_id)
    if flag is None or visible_moment(user, flag.pc_moment_id) is None:
        return None
    action = db.session.execute(visible_actions(user).where(Action.id == flag.action_id)).scalar_one_or_none()
    return flag if action is not None else None


def may_unflag(user, flag: ActionPcFlag) -> bool:
    """Removing a flag needs the right to change its action, as setting one does."""
    try:
        find_editable_action(user, flag.action_id)
    except PlannerError:
        return False
    return True


def remove_flag(flag: ActionPcFlag) -> None:
    _ensure_open(flag.moment)
    db.session.delete(flag)
    db.session.flush()


def action_flags(user, action: Action) -> list[ActionPcFlag]:
    visible = visible_moments(user).with_only_columns(PcMoment.id)
    return db.session.scalars(
        select(ActionPcFlag)
        .join(ActionPcFlag.moment)
        .where(ActionPcFlag.action_id == action.id, ActionPcFlag.pc_moment_id.in_(visible))
        .order_by(PcMoment.council_date.nulls_last())
    ).all()


def flag_counts(user, moments: list[PcMoment]) -> dict[int, int]:
    """Per moment, how many actions `user` may see are flagged for it (a hidden draft is not counted)."""
    from sqlalchemy import func

    if not moments:
        return {}
    visible = visible_actions(user).with_only_columns(Action.id)
    rows = db.session.execute(
        select(ActionPcFlag.pc_moment_id, func.count(func.distinct(ActionPcFlag.action_id)))
        .where(ActionPcFlag.pc_moment_id.in_([m.id for m in moments]), ActionPcFlag.action_id.in_(visible))
        .group_by(ActionPcFlag.pc_moment_id)
    ).all()
    return dict(rows)


@dataclass
class InputRow:
    ward: Area
    programme: object
    action: Action
    flag: ActionPcFlag


def what_goes_in(user, moment: PcMoment) -> list[InputRow]:
    """The flagged actions `user` may see, ordered by ward (programme area), programme and number."""
    from planner.programmes.models import Programme

    visible = visible_actions(user).with_only_columns(Action.id)
    flags = db.session.scalars(
        select(ActionPcFlag)
        .join(ActionPcFlag.action)
        .join(Action.programme)
        .join(Programme.area)
        .where(ActionPcFlag.pc_moment_id == moment.id, ActionPcFlag.action_id.in_(visible))
        .order_by(Area.path, Programme.title, Action.number, ActionPcFlag.purpose)
    ).all()
    return [InputRow(f.action.programme.area, f.action.programme, f.action, f) for f in flags]


# ---- calendar feed tokens -----------------------------------------------------------------


def issue_token(user) -> str:
    """A new secret for the .ics feed (replacing any earlier one); only its hash is stored."""
    token = secrets.token_urlsafe(32)
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        row = CalendarToken(user=user, user_id=user.id, token_hash=token_hash(token))
        db.session.add(row)
    else:
        row.token_hash, row.created_at, row.last_used_at = token_hash(token), utcnow(), None
    db.session.flush()
    return token


def revoke_token(user) -> bool:
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def token_for(user) -> CalendarToken | None:
    return db.session.scalar(select(CalendarToken).where(CalendarToken.user_id == user.id))


def user_for_token(token: str | None):
    """The enabled user behind a feed token, or None for anything malformed, unknown or revoked."""
    if not token or len(token) > 100 or not all(c.isalnum() or c in "-_" for c in token):
        return None
    row = db.session.scalar(select(CalendarToken).where(CalendarToken.token_hash == token_hash(token)))
    if row is None or not row.user.is_enabled:
        return None
    mark_used(row)
    return row.user
