"""Domain objects as API documents: the pydantic models of schemas.py, filled from the domain
objects. Views dump them to JSON; the same models generate the OpenAPI document, so an answer is
always what the document says (dates ISO 8601, times UTC with Z, money and weights exact decimals)."""

from __future__ import annotations

from planner.api import schemas as s
from planner.budget.rollup import ZERO
from planner.budget.services import action_allocations, allocated_by_action_and_year
from planner.budget.spending import spent_by_action_and_year


def area_doc(area) -> s.Area:
    return s.Area(
        code=area.code,
        name=area.name,
        level=area.level,
        parent=area.parent.code if area.parent else None,
        valid_from=area.valid_from,
        valid_to=area.valid_to,
        updated_at=area.updated_at,
    )


def _programme_fields(programme) -> dict:
    return dict(
        id=programme.id,
        title=programme.title,
        area=programme.area.code,
        status=programme.status,
        start_year=programme.start_year,
        end_year=programme.end_year,
        summary=programme.summary or "",
        ambition=programme.ambition or "",
        approach=programme.approach or "",
        cost_notes=programme.cost_notes or "",
        decision_reference=programme.decision_reference or None,
        opgave=programme.opgave.title if programme.opgave else None,
        updated_at=programme.updated_at,
    )


def programme_doc(programme) -> s.Programme:
    return s.Programme(**_programme_fields(programme))


def programme_detail(programme, actions_url: str, targets, money) -> s.ProgrammeDetail:
    return s.ProgrammeDetail(
        **_programme_fields(programme),
        goals=[goal_doc(goal) for goal in programme.goals],
        allocated=s.ProgrammeMoney(
            by_year=[s.YearAmount(year=year, amount=amount) for year, amount in money.by_year.items()],
            total=money.total,
        ),
        targets=[target_doc(t) for t in targets],
        actions=actions_url,
    )


def target_doc(t) -> s.GoalTarget:
    return s.GoalTarget(
        goal_id=t.goal_id,
        indicator=t.indicator.code,
        indicator_name=t.indicator.name,
        unit=t.indicator.unit or "",
        area=t.area.code,
        baseline_period=t.baseline_period,
        baseline_value=t.baseline_value,
        target_period=t.target_period,
        target_value=t.target_value,
    )


def goal_doc(goal) -> s.Goal:
    return s.Goal(
        id=goal.id,
        number=goal.number,
        title=goal.title,
        description=goal.description or "",
        theme=goal.theme.name if goal.theme else None,
    )


def allocation_doc(allocation, line) -> s.Allocation:
    return s.Allocation(
        id=allocation.id,
        year=allocation.year,
        amount=allocation.amount,
        budget_line_id=line.id,
        line_key=line.line_key,
        budget_programme=line.budget_programme or "",
        taakveld=line.taakveld_code,
        line_description=line.description or "",
    )


def realisation_docs(action_ids) -> dict[int, list[s.Realisation]]:
    """action → per year what was allocated beside what was spent (two grouped queries for any number)."""
    allocated = allocated_by_action_and_year(action_ids)
    spent = spent_by_action_and_year(action_ids)
    out = {}
    for action_id in action_ids:
        a, b = allocated.get(action_id, {}), spent.get(action_id, {})
        out[action_id] = [
            s.Realisation(year=y, allocated=a.get(y, ZERO), spent=b.get(y, ZERO)) for y in sorted(set(a) | set(b))
        ]
    return out


def _action_fields(action) -> dict:
    return dict(
        id=action.id,
        programme_id=action.programme_id,
        number=action.number,
        title=action.title,
        description=action.description or "",
        goal_id=action.goal_id,
        parent_id=action.parent_id,
        owner=action.owner or None,
        owner_organisation=(
            s.NamedRef(id=action.owner_organisation.id, name=action.owner_organisation.name)
            if action.owner_organisation
            else None
        ),
        owner_person=action.owner_person or None,
        status=action.status,
        progress=action.progress,
        start_date=action.start_date,
        end_date=action.end_date,
        partners=[p.name for p in action.partners],
        areas=[s.ActionArea(code=aa.area.code, weight=aa.weight) for aa in action.areas],
        milestones=[s.Milestone(title=m.title, due_date=m.due_date, done_on=m.done_on) for m in action.milestones],
        commitments=[commitment_doc(c) for c in action.commitments],
        allocations=[allocation_doc(a, a.budget_line) for a in action_allocations(action)],
        realisation=realisation_docs([action.id])[action.id],
        updated_at=action.updated_at,
    )


def action_doc(action) -> s.Action:
    return s.Action(**_action_fields(action))


def action_detail(action, links, updates) -> s.ActionDetail:
    return s.ActionDetail(
        **_action_fields(action),
        agenda_items=[s.Link(id=link.agenda_item_id, meaning=link.meaning) for link in links],
        progress_updates=[
            s.ProgressUpdate(period=u.period, progress=u.progress, status=u.status, text=u.text or "", at=u.created_at)
            for u in updates
        ],
    )


def commitment_doc(commitment) -> s.Commitment:
    """What a party puts into an action: euros for geld and in natura (its value), hours for uren."""
    return s.Commitment(
        id=commitment.id,
        party=s.NamedRef(id=commitment.organisation_id, name=commitment.organisation.name),
        kind=commitment.kind,
        amount=commitment.amount,
        unit="uur" if commitment.kind == "uren" else "euro",
        description=commitment.description or None,
    )


def _agenda_item_fields(item) -> dict:
    return dict(
        id=item.id,
        area=item.area.code,
        kind=item.kind,
        number=item.number,
        title=item.title,
        date=item.date,
        body=item.body or "",
        submitters=item.submitters or None,
        portfolio_holder=item.portfolio_holder or None,
        status=item.status,
        deadline=item.deadline,
        url=item.url or None,
        updated_at=item.updated_at,
    )


def agenda_item_doc(item) -> s.AgendaItem:
    return s.AgendaItem(**_agenda_item_fields(item))


def agenda_item_detail(item, links) -> s.AgendaItemDetail:
    return s.AgendaItemDetail(
        **_agenda_item_fields(item), actions=[s.Link(id=link.action_id, meaning=link.meaning) for link in links]
    )


def _party_fields(organisation) -> dict:
    return dict(
        id=organisation.id,
        name=organisation.name,
        kind=organisation.kind,
        active=organisation.active,
        merged_into=organisation.merged_into_id,
        updated_at=organisation.updated_at,
    )


def party_doc(organisation) -> s.Party:
    return s.Party(**_party_fields(organisation))


def party_detail(organisation, seats) -> s.PartyDetail:
    return s.PartyDetail(**_party_fields(organisation), seats=seats)


def _opgave_fields(opgave) -> dict:
    return dict(
        id=opgave.id,
        title=opgave.title,
        statement=opgave.statement or "",
        kind=opgave.kind,
        area=opgave.area.code,
        concerned_areas=[a.code for a in opgave.concerned_areas],
        status=opgave.status,
        priority=opgave.priority,
        themes=[theme.name for theme in opgave.themes],
        owners=s.Owners(
            portfolio_holder=opgave.portfolio_holder or None,
            official_sponsor=opgave.official_sponsor or None,
            director=opgave.director or None,
        ),
        updated_at=opgave.updated_at,
    )


def opgave_doc(opgave) -> s.Opgave:
    return s.Opgave(**_opgave_fields(opgave))


def opgave_detail(opgave, **parts) -> s.OpgaveDetail:
    return s.OpgaveDetail(**_opgave_fields(opgave), **parts)


def step_doc(step) -> s.Step:
    return s.Step(at=step.at, by=step.who, from_=step.frm, to=step.to, reason=step.reason or "")


def seat_doc(seat, with_contacts: bool) -> s.Seat:
    """Contact persons only for whoever may see drafts on the opgave's area, as on the table page."""
    doc = s.Seat(
        opgave_id=seat.opgave_id,
        opgave=seat.opgave.title,
        party_id=seat.organisation_id,
        party=seat.organisation.name,
        role=seat.role,
        brings=list(seat.brings or []),
        offer=seat.offer or "",
        wants=seat.wants or "",
    )
    if with_contacts:
        doc.contacts = seat.contacts or ""
    return doc


def agreement_doc(agreement, action_ids: list[int]) -> s.Agreement:
    return s.Agreement(
        id=agreement.id,
        party_id=agreement.organisation_id,
        made_on=agreement.made_on,
        text=agreement.text,
        due_date=agreement.due_date,
        status=agreement.status,
        meeting_id=agreement.meeting_id,
        action_ids=action_ids,
    )


def meeting_doc(meeting) -> s.Meeting:
    return s.Meeting(
        id=meeting.id,
        held_on=meeting.held_on,
        title=meeting.title,
        notes=meeting.notes or "",
        attendee_ids=[o.id for o in meeting.attendees],
    )


def action_docs(ids: list[int]) -> list[s.Action]:
    """The documents of many actions at once, in the order of `ids`: six plain queries for a page
    of any size, without loading ORM objects (a dashboard's first sync reads every action)."""
    from sqlalchemy import select

    from planner.actions.models import Action, ActionArea, Commitment, Milestone, action_partners
    from planner.areas.models import Area
    from planner.budget.models import Allocation, BudgetLine
    from planner.extensions import db
    from planner.opgaven.models import Organisation

    if not ids:
        return []
    owner = Organisation.__table__.alias("owner")
    a = Action.__table__
    rows = db.session.execute(
        select(a, owner.c.name.label("owner_name"))
        .outerjoin(owner, owner.c.id == a.c.owner_organisation_id)
        .where(a.c.id.in_(ids))
    ).mappings()
    by_id = {row["id"]: row for row in rows}
    parts: dict[str, dict[int, list]] = {
        k: {} for k in ("partners", "areas", "milestones", "commitments", "allocations")
    }
    for action_id, name in db.session.execute(
        select(action_partners.c.action_id, Organisation.name)
        .join(Organisation, Organisation.id == action_partners.c.partner_id)
        .where(action_partners.c.action_id.in_(ids))
        .order_by(Organisation.name)
    ):
        parts["partners"].setdefault(action_id, []).append(name)
    for action_id, code, weight in db.session.execute(
        select(ActionArea.action_id, Area.code, ActionArea.weight)
        .join(Area, Area.id == ActionArea.area_id)
        .where(ActionArea.action_id.in_(ids))
        .order_by(ActionArea.id)
    ):
        parts["areas"].setdefault(action_id, []).append(s.ActionArea(code=code, weight=weight))
    for action_id, title, due, done in db.session.execute(
        select(Milestone.action_id, Milestone.title, Milestone.due_date, Milestone.done_on)
        .where(Milestone.action_id.in_(ids))
        .order_by(Milestone.due_date, Milestone.id)
    ):
        parts["milestones"].setdefault(action_id, []).append(s.Milestone(title=title, due_date=due, done_on=done))
    for c in db.session.execute(
        select(Commitment.__table__, Organisation.name.label("party"))
        .join(Organisation, Organisation.id == Commitment.organisation_id)
        .where(Commitment.action_id.in_(ids))
        .order_by(Commitment.id)
    ).mappings():
        parts["commitments"].setdefault(c["action_id"], []).append(
            s.Commitment(
                id=c["id"],
                party=s.NamedRef(id=c["organisation_id"], name=c["party"]),
                kind=c["kind"],
                amount=c["amount"],
                unit="uur" if c["kind"] == "uren" else "euro",
                description=c["description"] or None,
            )
        )
    line = BudgetLine.__table__
    for row in db.session.execute(
        select(
            Allocation.__table__,
            line.c.line_key,
            line.c.budget_programme,
            line.c.taakveld_code,
            line.c.description.label("line_description"),
        )
        .join(line, line.c.id == Allocation.budget_line_id)
        .where(Allocation.action_id.in_(ids))
        .order_by(Allocation.year, line.c.taakveld_code, line.c.line_key)
    ).mappings():
        parts["allocations"].setdefault(row["action_id"], []).append(
            s.Allocation(
                id=row["id"],
                year=row["year"],
                amount=row["amount"],
                budget_line_id=row["budget_line_id"],
                line_key=row["line_key"],
                budget_programme=row["budget_programme"] or "",
                taakveld=row["taakveld_code"],
                line_description=row["line_description"] or "",
            )
        )
    realisation = realisation_docs(ids)
    docs = []
    for action_id in ids:
        row = by_id[action_id]
        name, person = row["owner_name"] or "", row["owner_person"] or ""
        docs.append(
            s.Action(
                id=row["id"],
                programme_id=row["programme_id"],
                number=row["number"],
                title=row["title"],
                description=row["description"] or "",
                goal_id=row["goal_id"],
                parent_id=row["parent_id"],
                owner=(f"{name} ({person})" if name and person else name or person) or None,
                owner_organisation=(
                    s.NamedRef(id=row["owner_organisation_id"], name=name) if row["owner_organisation_id"] else None
                ),
                owner_person=person or None,
                status=row["status"],
                progress=row["progress"],
                start_date=row["start_date"],
                end_date=row["end_date"],
                **{k: parts[k].get(action_id, []) for k in parts},
                realisation=realisation[action_id],
                updated_at=row["updated_at"],
            )
        )
    return docs


def measurement_doc(m) -> s.Measurement:
    return s.Measurement(
        id=m.id,
        indicator=m.indicator.code,
        indicator_name=m.indicator.name,
        unit=m.indicator.unit or "",
        area=m.area.code,
        period=m.period,
        kind=m.kind,
        value=None if m.is_secret else m.value,
        secret=m.is_secret,
        updated_at=m.updated_at,
    )


def pc_moment_doc(m) -> s.PcMoment:
    return s.PcMoment(
        id=m.id,
        area=m.area.code,
        kind=m.kind,
        year=m.year,
        sequence=m.sequence,
        label=m.label,
        input_deadline=m.input_deadline,
        college_date=m.college_date,
        council_date=m.council_date,
        state=m.state,
        updated_at=m.updated_at,
    )


def lesson_doc(lesson, visible_action_ids: set[int]) -> s.Lesson:
    reflection = lesson.reflection
    subject = reflection.programme or reflection.opgave
    return s.Lesson(
        id=lesson.id,
        statement=lesson.statement,
        account=lesson.account or "",
        reflection_id=reflection.id,
        held_on=reflection.held_on,
        programme_id=reflection.programme_id,
        opgave_id=reflection.opgave_id,
        area=subject.area.code,
        themes=[t.name for t in lesson.themes],
        goal_ids=[goal.id for goal in lesson.goals],
        action_ids=[a.id for a in lesson.actions if a.id in visible_action_ids],
        created_at=lesson.created_at,
    )


def budget_total(row: dict, group: str, key: str, name: str, figures) -> s.BudgetTotal:
    return s.BudgetTotal(
        **row,
        group=group,
        key=key,
        name=name,
        **{n: getattr(figures, n) for n in ("begroot", "gewijzigd", "gerealiseerd", "prognose", "toegekend")},
    )


def goal_docs(ids: list[int]) -> list[s.ProgrammeGoal]:
    """Goals with their targets, in the order of `ids`: three queries for a page of any size."""
    from sqlalchemy import select
    from sqlalchemy.orm import joinedload

    from planner.extensions import db
    from planner.indicators.models import GoalTarget
    from planner.programmes.models import Goal

    goals = {
        goal.id: goal
        for goal in db.session.scalars(
            select(Goal).where(Goal.id.in_(ids)).options(joinedload(Goal.programme), joinedload(Goal.theme))
        )
    }
    targets: dict[int, list] = {}
    query = (
        select(GoalTarget)
        .where(GoalTarget.goal_id.in_(ids))
        .options(joinedload(GoalTarget.indicator), joinedload(GoalTarget.area))
        .order_by(GoalTarget.id)
    )
    for target in db.session.scalars(query):
        targets.setdefault(target.goal_id, []).append(target_doc(target))
    return [
        s.ProgrammeGoal(
            **goal_doc(goals[i]).model_dump(),
            programme_id=goals[i].programme_id,
            targets=targets.get(i, []),
            updated_at=goals[i].programme.updated_at,
        )
        for i in ids
    ]


def progress_update_doc(u) -> s.ActionProgressUpdate:
    return s.ActionProgressUpdate(
        id=u.id,
        action_id=u.action_id,
        period=u.period,
        progress=u.progress,
        status=u.status,
        text=u.text or "",
        at=u.created_at,
    )


def funding_source_doc(f) -> s.FundingSource:
    return s.FundingSource(
        id=f.id,
        action_id=f.action_id,
        kind=f.kind,
        year=f.year,
        amount=f.amount,
        status=f.status,
        description=f.description or "",
        budget_line_id=f.budget_line_id,
        depreciation_years=f.depreciation_years,
        interest_percent=f.interest_percent,
        capital_charges=f.capital_charges,
        grant_reference=f.grant_reference or "",
        grant_ceiling=f.grant_ceiling,
        conditions=f.conditions or "",
        accountability_date=f.accountability_date,
        party=s.NamedRef(id=f.organisation.id, name=f.organisation.name) if f.organisation else None,
        updated_at=f.action.updated_at,
    )


def scheme_doc(scheme, granted) -> s.SubsidyScheme:
    return s.SubsidyScheme(
        id=scheme.id,
        municipality=scheme.area.path.split("/")[0],
        area=scheme.area.code,
        opgave_id=scheme.opgave_id,
        name=scheme.name,
        criteria=scheme.criteria or "",
        ceiling=scheme.ceiling,
        granted=granted if granted is not None else ZERO,
        wijkbudget=scheme.wijkbudget,
        goal_ids=[goal.id for goal in scheme.goals],
        updated_at=scheme.updated_at,
    )


def _subsidy_fields(a) -> dict:
    """An application without its applicant's personal data: a party by name, a resident never."""
    return dict(
        id=a.id,
        scheme_id=a.scheme_id,
        area=a.area.code,
        opgave_id=a.scheme.opgave_id,
        goal_id=a.goal_id,
        party=s.NamedRef(id=a.organisation.id, name=a.organisation.name) if a.organisation else None,
        initiative=a.initiative,
        title=a.title,
        status=a.status,
        submitted_on=a.submitted_on,
        amount=a.amount,
        granted_amount=a.granted_amount,
        budget_line_id=a.budget_line_id,
        decided_on=a.decided_on,
        account_by=a.account_by,
        settled_amount=a.settled_amount,
        settled_on=a.settled_on,
        payments=[
            s.SubsidyPayment(due_on=p.due_on, amount=p.amount, paid_on=p.paid_on, paid_amount=p.paid_amount)
            for p in a.payments
        ],
        updated_at=a.updated_at,
    )


def subsidy_doc(a) -> s.Subsidy:
    return s.Subsidy(**_subsidy_fields(a))


def subsidy_detail(a) -> s.SubsidyDetail:
    return s.SubsidyDetail(**_subsidy_fields(a), conditions=a.conditions or "", reasons=a.reasons or "")


def capacity_doc(e) -> s.Capacity:
    return s.Capacity(
        id=e.id,
        opgave_id=e.opgave_id,
        action_id=e.action_id,
        year=e.year,
        who=e.who,
        planned_hours=e.planned_hours,
        actual_hours=e.actual_hours,
        updated_at=e.updated_at,
    )


def opgave_agreement_doc(agreement, visible_action_ids: set[int]) -> s.OpgaveAgreement:
    return s.OpgaveAgreement(
        **agreement_doc(agreement, [a.id for a in agreement.actions if a.id in visible_action_ids]).model_dump(),
        opgave_id=agreement.opgave_id,
        updated_at=agreement.opgave.updated_at,
    )
