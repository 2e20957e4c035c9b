"""Rules for templates: saving a programme as one, rolling it out to wards, the board of steps, revisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from planner.actions.models import Action, ActionArea, Correction, Milestone
from planner.areas.models import Area
from planner.core.access import can, covers, grant_paths
from planner.core.errors import PlannerError, WorkflowError
from planner.core.models import utcnow
from planner.extensions import db
from planner.indicators.models import GoalTarget, Indicator, Measurement
from planner.learning.models import Lesson, Reflection, lesson_actions
from planner.learning.search import visible_reflection_condition
from planner.opgaven.access import visible_opgaven
from planner.opgaven.models import Opgave, Organisation, Theme
from planner.programmes.models import Goal, Programme
from planner.rollout.models import DEFAULT_STEPS, ActionOrigin, ProgrammeTemplate, Revision, StepDone, TemplateProgramme

MAX_STEPS = 12
BOUNDED_UNITS = {"%", "procent", "percentage"}


# ---- saving a programme as a template -----------------------------------------------------------


def municipality_of(area: Area) -> Area:
    if area.level == "gemeente":
        return area
    return db.session.scalar(select(Area).where(Area.code == area.path.split("/")[0])) or area


def programme_start(programme: Programme, actions=None) -> date:
    """Where offsets count from: the earliest start of the programme's actions, else 1 January of its first year."""
    starts = [a.start_date for a in (programme.actions if actions is None else actions) if a.start_date]
    return min(starts) if starts else date(programme.start_year, 1, 1)


def _offset(value: date | None, start: date) -> int | None:
    return None if value is None else (value - start).days


def clean_steps(text: str) -> list[str]:
    """One step a line; blank lines and doubles dropped, in the order given."""
    steps: list[str] = []
    for line in (text or "").splitlines():
        step = line.strip()
        if step and step not in steps:
            if len(step) > 100:
                raise PlannerError(gettext("Een stap is hoogstens 100 tekens: '%(step)s…'.", step=step[:40]), "steps")
            steps.append(step)
    if len(steps) > MAX_STEPS:
        raise PlannerError(gettext("Een werkwijze heeft hoogstens %(num)d stappen.", num=MAX_STEPS), "steps")
    return steps


def template_content(programme: Programme, goal_ids=None, action_ids=None) -> tuple[dict, date]:
    """The goals (with their indicator targets) and actions of `programme` as a template holds them: no ids of
    the programme's own rows, no budget allocations, dates as offsets in days from the programme's start."""
    goals = [g for g in programme.goals if goal_ids is None or g.id in goal_ids]
    actions = [a for a in programme.actions if action_ids is None or a.id in action_ids]
    if not goals and not actions:
        raise PlannerError(gettext("Kies minstens één doel of actie voor het sjabloon."), "goal_ids")
    start = programme_start(programme, actions)
    goal_keys = {g.id: g.number for g in goals}
    targets: dict[int, list] = {}
    if goals:
        for t in db.session.scalars(
            select(GoalTarget)
            .where(GoalTarget.goal_id.in_(list(goal_keys)), GoalTarget.area_id == programme.area_id)
            .order_by(GoalTarget.id)
        ):
            targets.setdefault(t.goal_id, []).append(
                {
                    "indicator_id": t.indicator_id,
                    "baseline_period": t.baseline_period,
                    "baseline_value": str(t.baseline_value),
                    "target_period": t.target_period,
                    "target_value": str(t.target_value),
                }
            )
    action_keys = {a.id: a.number for a in actions}
    content = {
        "seats": table_roles(programme.opgave),
        # The answers to "wat willen we bereiken" and "wat gaan we doen" as the pilot wrote them, to adapt.
        "ambition": programme.ambition,
        "approach": programme.approach,
        "goals": [
            {
                "key": g.number,
                "title": g.title,
                "description": g.description,
                "theme_id": g.theme_id,
                "targets": targets.get(g.id, []),
            }
            for g in goals
        ],
        "actions": [
            {
                "key": a.number,
                "goal": goal_keys.get(a.goal_id),
                "parent": action_keys.get(a.parent_id),
                "title": a.title,
                "description": a.description,
                "owner_organisation_id": a.owner_organisation_id,
                "partner_ids": [p.id for p in a.partners],
                "start": _offset(a.start_date, start),
                "end": _offset(a.end_date, start),
                "milestones": [{"title": m.title, "offset": _offset(m.due_date, start)} for m in a.milestones],
            }
            for a in actions
        ],
    }
    return content, start


def table_roles(opgave) -> list[dict]:
    """The partner roles at the pilot's opgave table as a template keeps them: the kind of party and its role
    there, what it brings, and which party it was in the pilot (as an example, not to copy). One per kind and
    role; none when the programme has no opgave."""
    if opgave is None:
        return []
    roles: dict[tuple[str, str], dict] = {}
    for seat in sorted(opgave.seats, key=lambda s: (s.role, s.organisation.kind, s.organisation.name)):
        key = (seat.organisation.kind, seat.role)
        if key in roles:
            roles[key]["examples"].append(seat.organisation.name)
            continue
        roles[key] = {
            "kind": seat.organisation.kind,
            "role": seat.role,
            "brings": list(seat.brings or ()),
            "offer": seat.offer or "",
            "examples": [seat.organisation.name],
        }
    return list(roles.values())


@dataclass
class TableCheck:
    """Which of a template's partner roles an opgave does not seat yet (all of them without an opgave)."""

    opgave: object | None
    missing: list[dict]


def seats_missing(template: ProgrammeTemplate, opgave) -> TableCheck:
    """A role is seated when a party of that kind sits at the opgave's table in that role."""
    seated = {(seat.organisation.kind, seat.role) for seat in opgave.seats} if opgave is not None else set()
    return TableCheck(opgave, [r for r in template.seats if (r["kind"], r["role"]) not in seated])


def tables_of_wards(user, template: ProgrammeTemplate, wards: list[Area]) -> dict[int, list[TableCheck]]:
    """Per ward: its opgaven the user may see (not finished) and which template roles each does not seat
    yet; a ward without such an opgave is absent. Two queries, whatever the number of wards."""
    if not wards or not template.seats:
        return {}
    opgaven = db.session.scalars(
        visible_opgaven(user)
        .where(Opgave.area_id.in_([w.id for w in wards]), Opgave.status != "afgerond")
        .options(selectinload(Opgave.seats))
        .order_by(Opgave.title)
    ).all()
    out: dict[int, list[TableCheck]] = {}
    for opgave in opgaven:
        out.setdefault(opgave.area_id, []).append(seats_missing(template, opgave))
    return out


def save_as_template(
    programme: Programme,
    user,
    *,
    title: str,
    fits_when: str,
    steps: list[str] | None = None,
    goal_ids=None,
    action_ids=None,
) -> ProgrammeTemplate:
    """Save the programme (or the chosen goals and actions) as a template; the programme becomes its pilot."""
    if not (title or "").strip():
        raise PlannerError(gettext("Geef het sjabloon een naam."), "title")
    if not (fits_when or "").strip():
        raise PlannerError(
            gettext("Beschrijf wanneer het sjabloon past: in welke wijk, bij welke opgave, onder welke voorwaarden."),
            "fits_when",
        )
    if not can(user, "edit", programme.area):
        raise PlannerError(gettext("U mag van dit programma geen sjabloon maken."))
    if db.session.scalar(select(TemplateProgramme.id).where(TemplateProgramme.programme_id == programme.id)):
        raise PlannerError(
            gettext(
                "Dit programma hoort al bij een sjabloon (als pilot of als volger). "
                "Een programma volgt één sjabloon, zodat de uitrol te vergelijken blijft."
            )
        )
    content, start = template_content(programme, goal_ids, action_ids)
    template = ProgrammeTemplate(
        area=municipality_of(programme.area),
        source_programme_id=programme.id,
        title=title.strip(),
        fits_when=fits_when.strip(),
        years=programme.end_year - programme.start_year,
        start_year=programme.start_year,
        reference_start=start,
        steps=list(steps if steps is not None else DEFAULT_STEPS),
        content=content,
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(template)
    db.session.flush()
    db.session.add(TemplateProgramme(template_id=template.id, programme_id=programme.id, role="pilot"))
    keys = {a["key"] for a in content["actions"]}
    db.session.add_all(
        ActionOrigin(action_id=a.id, template_id=template.id, key=a.number)
        for a in programme.actions
        if a.number in keys
    )
    db.session.flush()
    return template


def update_template(template: ProgrammeTemplate, expected_version, *, title: str, fits_when: str, steps: list[str]):
    from planner.programmes.services import check_not_stale

    check_not_stale(template, expected_version)
    if not (title or "").strip():
        raise PlannerError(gettext("Geef het sjabloon een naam."), "title")
    if not (fits_when or "").strip():
        raise PlannerError(gettext("Beschrijf wanneer het sjabloon past."), "fits_when")
    template.title, template.fits_when, template.steps = title.strip(), fits_when.strip(), list(steps)
    db.session.flush()
    return template


# ---- rolling out ---------------------------------------------------------------------------------


def shift_period(period: str, years: int) -> str:
    """'2028' → '2029', '2028-Q2' → '2029-Q2', '2028-05' → '2029-05'."""
    head, sep, tail = period.partition("-")
    return f"{int(head) + years}{sep}{tail}"


def rebase(baseline: Decimal, target: Decimal, new_baseline: Decimal, *, bounded: bool, decimals: int) -> Decimal:
    """The same improvement relative to the baseline: a target 20 % below the pilot's baseline stays 20 % below
    the ward's own. From a baseline of zero (no ratio exists) the same absolute change. A percentage stays
    within 0–100; the result is rounded to the indicator's decimals."""
    if baseline != 0:
        value = new_baseline * (target / baseline)
    else:
        value = new_baseline + (target - baseline)
    if bounded:
        value = min(max(value, Decimal(0)), Decimal(100))
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _ward_baselines(indicator_ids, area_ids) -> dict[tuple[int, int], list[tuple[str, str, Decimal]]]:
    """(indicator, area) → [(period, kind, value)] of nulmetingen and realisaties, one query."""
    out: dict = {}
    if not indicator_ids or not area_ids:
        return out
    for i, a, period, kind, value in db.session.execute(
        select(Measurement.indicator_id, Measurement.area_id, Measurement.period, Measurement.kind, Measurement.value)
        .where(
            Measurement.indicator_id.in_(list(indicator_ids)),
            Measurement.area_id.in_(list(area_ids)),
            Measurement.kind.in_(("nulmeting", "realisatie")),
            Measurement.value.is_not(None),
        )
        .order_by(Measurement.period)
    ):
        out.setdefault((i, a), []).append((period, kind, Decimal(value)))
    return out


def ward_baseline(measured: list[tuple[str, str, Decimal]], up_to: str) -> tuple[str, Decimal] | None:
    """The ward's most recent measurement up to period `up_to`; a nulmeting before a realisatie of one period."""
    best = None
    for period, kind, value in measured:
        if period > up_to:
            continue
        if best is None or period > best[0] or (period == best[0] and kind == "nulmeting"):
            best = (period, value)
    return best


@dataclass
class RolloutResult:
    programmes: list[Programme] = field(default_factory=list)
    rebased: int = 0
    skipped: list[str] = field(default_factory=list)  # targets without a baseline in the ward, in Dutch


def wards_for(user, template: ProgrammeTemplate) -> list[Area]:
    """The wards of the template's municipality the user may draft programmes in."""
    paths = grant_paths(user, "edit")
    wards = db.session.scalars(
        select(Area)
        .where(Area.level == "wijk", Area.path.startswith(template.area.path + "/", autoescape=True))
        .order_by(Area.name)
    ).all()
    return [w for w in wards if covers(paths, w.path)]


def roll_out(template: ProgrammeTemplate, user, wards: list[Area], start: date, title: str = "") -> RolloutResult:
    """A concept programme per ward, linked to the template: goals, targets re-based on the ward's own
    baseline, actions and milestones shifted to `start`, trekker and partners. Nothing without every ward."""
    if not wards:
        raise PlannerError(gettext("Kies minstens één wijk."), "ward_ids")
    if start is None:
        raise PlannerError(gettext("Vul de startdatum in, bijvoorbeeld 01-01-2027."), "start")
    for ward in wards:
        if not can(user, "edit", ward) or not ward.is_within(template.area):
            raise PlannerError(
                gettext(
                    "U mag geen programma maken in %(name)s (%(code)s): die wijk valt buiten uw rechten "
                    "of buiten de gemeente van het sjabloon. Er is niets aangemaakt.",
                    name=ward.name,
                    code=ward.code,
                ),
                "ward_ids",
            )
    content = template.content
    shift_years = start.year - template.start_year
    theme_ids = {g["theme_id"] for g in content["goals"] if g.get("theme_id")}
    themes = {t.id: t for t in db.session.scalars(select(Theme).where(Theme.id.in_(theme_ids)))} if theme_ids else {}
    org_ids = {a.get("owner_organisation_id") for a in content["actions"]} | {
        p for a in content["actions"] for p in a.get("partner_ids", ())
    }
    org_ids.discard(None)
    organisations = (
        {o.id: o for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))}
        if org_ids
        else {}
    )
    indicator_ids = {t["indicator_id"] for g in content["goals"] for t in g.get("targets", ())}
    indicators = (
        {i.id: i for i in db.session.scalars(select(Indicator).where(Indicator.id.in_(indicator_ids)))}
        if indicator_ids
        else {}
    )
    measured = _ward_baselines(indicators, [w.id for w in wards])
    result = RolloutResult()
    for ward in wards:
        programme = Programme(
            area=ward,
            title=(title or template.title).strip()[: 200 - len(ward.name) - 3] + f" – {ward.name}",
            ambition=content.get("ambition", ""),
            approach=content.get("approach", ""),
            start_year=start.year,
            end_year=start.year + template.years,
            status="concept",
        )
        db.session.add(programme)
        goals = {}
        for number, spec in enumerate(content["goals"], start=1):
            goals[spec["key"]] = Goal(
                programme=programme,
                number=number,
                title=spec["title"],
                description=spec.get("description", ""),
                theme=themes.get(spec.get("theme_id")),
            )
            db.session.add(goals[spec["key"]])
        actions = {}
        for number, spec in enumerate(content["actions"], start=1):
            action = Action(
                programme=programme,
                number=number,
                title=spec["title"],
                description=spec.get("description", ""),
                goal=goals.get(spec.get("goal")),
                owner_organisation=organisations.get(spec.get("owner_organisation_id")),
                partners=[organisations[p] for p in spec.get("partner_ids", ()) if p in organisations],
                start_date=_day(start, spec.get("start")),
                end_date=_day(start, spec.get("end")),
                status="idee",
                progress=0,
            )
            action.areas.append(ActionArea(area=ward, weight=Decimal(1)))
            for m in spec.get("milestones", ()):
                if m.get("offset") is not None:
                    action.milestones.append(Milestone(title=m["title"], due_date=_day(start, m["offset"])))
            db.session.add(action)
            actions[spec["key"]] = action
        for spec in content["actions"]:
            if spec.get("parent") in actions:
                actions[spec["key"]].parent = actions[spec["parent"]]
        db.session.flush()
        db.session.add(TemplateProgramme(template_id=template.id, programme_id=programme.id, role="volger"))
        db.session.add_all(ActionOrigin(action_id=a.id, template_id=template.id, key=key) for key, a in actions.items())
        for spec in content["goals"]:
            for t in spec.get("targets", ()):
                indicator = indicators.get(t["indicator_id"])
                if indicator is None:
                    continue
                baseline_period = shift_period(t["baseline_period"], shift_years)
                target_period = shift_period(t["target_period"], shift_years)
                found = ward_baseline(measured.get((indicator.id, ward.id), []), baseline_period)
                if found is None or found[0] >= target_period:
                    result.skipped.append(
                        gettext(
                            "%(ward)s: geen nulmeting of meting van '%(indicator)s' tot en met %(period)s; "
                            "leg die vast en stel de streefwaarde zelf in.",
                            ward=ward.name,
                            indicator=indicator.name,
                            period=baseline_period,
                        )
                    )
                    continue
                period, value = found
                db.session.add(
                    GoalTarget(
                        goal=goals[spec["key"]],
                        indicator_id=indicator.id,
                        area_id=ward.id,
                        baseline_period=period,
                        baseline_value=value,
                        target_period=target_period,
                        target_value=rebase(
                            Decimal(t["baseline_value"]),
                            Decimal(t["target_value"]),
                            value,
                            bounded=(indicator.unit or "").strip().lower() in BOUNDED_UNITS,
                            decimals=indicator.decimals or 0,
                        ),
                    )
                )
                result.rebased += 1
        result.programmes.append(programme)
    db.session.flush()
    return result


def _day(start: date, offset: int | None) -> date | None:
    return None if offset is None else start + timedelta(days=offset)


# ---- the roll-out view ---------------------------------------------------------------------------


def template_of(programme: Programme) -> TemplateProgramme | None:
    return db.session.scalar(select(TemplateProgramme).where(TemplateProgramme.programme_id == programme.id))


@dataclass
class Cell:
    action: Action
    money: Decimal
    late: bool
    corrections: int
    lessons: list[LessonRef] = field(default_factory=list)


@dataclass
class LessonRef:
    id: int
    reflection_id: int
    statement: str
    held_on: date


@dataclass
class RolloutView:
    links: list[TemplateProgramme]  # the pilot first, then the followers the user may see
    cells: dict[tuple[int, int], Cell]  # (template action key, programme id) → cell
    done: dict[tuple[int, str], date]  # (programme id, step) → date
    table: dict[int, TableCheck] = field(default_factory=dict)  # programme id → who still has to be seated


def rollout_view(user, template: ProgrammeTemplate, today: date) -> RolloutView:
    """The pilot and its followers side by side, only the programmes `user` may see: a few grouped queries."""
    from planner.programmes.access import programme_visibility
    from planner.tracking.delay import is_late

    visible = set(
        db.session.scalars(
            select(Programme.id)
            .join(Programme.area)
            .join(TemplateProgramme, TemplateProgramme.programme_id == Programme.id)
            .where(TemplateProgramme.template_id == template.id, programme_visibility(user))
        )
    )
    links = sorted(
        (link for link in template.links if link.programme_id in visible),
        key=lambda link: (link.role != "pilot", link.programme.area.name),
    )
    ids = [link.programme_id for link in links]
    cells: dict = {}
    if ids:
        rows = db.session.execute(
            select(ActionOrigin.key, Action)
            .join(Action, Action.id == ActionOrigin.action_id)
            .where(ActionOrigin.template_id == template.id, Action.programme_id.in_(ids))
        ).all()
        action_ids = [a.id for _, a in rows]
        from planner.budget.services import allocated_by_action_and_year

        money = allocated_by_action_and_year(action_ids)
        corrections = dict(
            db.session.execute(
                select(Correction.action_id, func.count())
                .where(Correction.action_id.in_(action_ids))
                .group_by(Correction.action_id)
            ).all()
        )
        for key, action in rows:
            cells[key, action.programme_id] = Cell(
                action=action,
                money=sum(money.get(action.id, {}).values(), Decimal(0)),
                late=is_late(action, today),
                corrections=corrections.get(action.id, 0),
            )
        by_action = {action.id: (key, action.programme_id) for key, action in rows}
        for action_id, lesson in lessons_of_actions(user, action_ids):
            cells[by_action[action_id]].lessons.append(lesson)
    done = (
        {
            (s.programme_id, s.step): s.done_on
            for s in db.session.scalars(
                select(StepDone).where(StepDone.template_id == template.id, StepDone.programme_id.in_(ids))
            )
        }
        if ids
        else {}
    )
    table: dict = {}
    if template.seats:
        opgave_ids = {link.programme.opgave_id for link in links} - {None}
        opgaven = (
            {
                o.id: o
                for o in db.session.scalars(
                    select(Opgave).where(Opgave.id.in_(opgave_ids)).options(selectinload(Opgave.seats))
                )
            }
            if opgave_ids
            else {}
        )
        table = {link.programme_id: seats_missing(template, opgaven.get(link.programme.opgave_id)) for link in links}
    return RolloutView(links=links, cells=cells, done=done, table=table)


def lessons_of_actions(user, action_ids: list[int]) -> list[tuple[int, LessonRef]]:
    """(action id, lesson) for the lessons linked to these actions, newest first, in one query: only lessons
    from reflections the user may see (the same scope as the lesson search), so a lesson in another ward's
    draft never shows, even when it is linked to an action the user does see."""
    if not action_ids:
        return []
    rows = db.session.execute(
        select(lesson_actions.c.action_id, Lesson.id, Lesson.reflection_id, Lesson.statement, Reflection.held_on)
        .join(Lesson, Lesson.id == lesson_actions.c.lesson_id)
        .join(Reflection, Reflection.id == Lesson.reflection_id)
        .where(lesson_actions.c.action_id.in_(action_ids), visible_reflection_condition(user))
        .order_by(Reflection.held_on.desc(), Lesson.id.desc())
    ).all()
    return [(a, LessonRef(id=i, reflection_id=r, statement=s, held_on=d)) for a, i, r, s, d in rows]


def tick_step(user, programme: Programme, step: str, done_on: date | None) -> StepDone | None:
    """Record (or with no date, undo) a step of the way of working for the programme's own ward."""
    link = template_of(programme)
    if link is None:
        raise PlannerError(gettext("Dit programma komt niet uit een sjabloon en heeft geen stappen."))
    if not can(user, "edit", programme.area):
        raise PlannerError(gettext("Alleen het team van deze wijk vinkt haar stappen af."))
    if step not in link.template.steps:
        raise PlannerError(gettext("Kies een stap uit de werkwijze van het sjabloon."), "step")
    existing = db.session.scalar(
        select(StepDone).where(
            StepDone.template_id == link.template_id, StepDone.programme_id == programme.id, StepDone.step == step
        )
    )
    if done_on is None:
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    if done_on > date.today() + timedelta(days=1):
        raise PlannerError(gettext("Een stap vinkt u af als hij gedaan is: de datum ligt in de toekomst."), "done_on")
    if existing is None:
        existing = StepDone(template_id=link.template_id, programme_id=programme.id, step=step, done_on=done_on)
        db.session.add(existing)
    existing.done_on, existing.by_id = done_on, getattr(user, "id", None)
    db.session.flush()
    return existing


# ---- revision in execution -------------------------------------------------------------------------

REVISION_ITEM_KINDS = ("besluit", "raadsvoorstel", "amendement", "motie")


def open_revision_of(programme: Programme) -> Revision | None:
    if programme.id is None:
        return None
    return db.session.scalar(
        select(Revision).where(Revision.programme_id == programme.id, Revision.closed_at.is_(None))
    )


def goals_open_for_revision(programme: Programme) -> bool:
    return programme.status == "uitvoering" and open_revision_of(programme) is not None


def revision_items(user) -> list:
    from planner.agenda.models import AgendaItem
    from planner.agenda.services import visible_items

    return db.session.scalars(
        visible_items(user)
        .where(AgendaItem.kind.in_(REVISION_ITEM_KINDS))
        .order_by(AgendaItem.date.desc().nulls_last(), AgendaItem.number)
    ).all()


def open_revision(programme: Programme, user, *, reason: str, agenda_item) -> Revision:
    """Open the goals of a programme in execution for change, covered by a decision and with a reason."""
    if programme.status != "uitvoering":
        raise WorkflowError(gettext("Alleen een programma in uitvoering kan worden herzien."))
    if not can(user, "adopt", programme.area):
        raise WorkflowError(gettext("Alleen een gebiedsmanager of beheerder mag een herziening openen."))
    if not (reason or "").strip():
        raise PlannerError(gettext("Schrijf waarom het programma wordt herzien."), "reason")
    if agenda_item is None:
        raise PlannerError(gettext("Kies het besluit op de politieke agenda dat de herziening dekt."), "agenda_item_id")
    if open_revision_of(programme) is not None:
        raise WorkflowError(gettext("Er loopt al een herziening van dit programma; rond die eerst af."))
    revision = Revision(
        programme_id=programme.id,
        reason=reason.strip(),
        agenda_item=agenda_item,
        agenda_item_id=agenda_item.id,
        opened_by_id=getattr(user, "id", None),
    )
    db.session.add(revision)
    db.session.flush()
    return revision


def close_revision(programme: Programme, user):
    """Store the revised programme as a new version that says why and under which decision."""
    from planner.programmes.services import store_version

    revision = open_revision_of(programme)
    if revision is None:
        raise WorkflowError(gettext("Er loopt geen herziening van dit programma."))
    if not can(user, "adopt", programme.area):
        raise WorkflowError(gettext("Alleen een gebiedsmanager of beheerder mag een herziening afronden."))
    item = revision.agenda_item
    note = gettext(
        "Herziening: %(reason)s (besluit %(number)s: %(title)s)",
        reason=revision.reason,
        number=item.number,
        title=item.title,
    )
    version = store_version(programme, user, note=note)
    revision.closed_at, revision.version_id = utcnow(), version.id
    db.session.flush()
    return version
