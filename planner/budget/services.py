"""Budget rules: allocating lines to actions, scoped roll-ups per ward/programme/taakveld,
freezing figures when a P&C moment closes, and the deviation report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import BigInteger, String, and_, case, cast, delete, func, insert, literal, or_, select

from planner.actions.access import visible_actions
from planner.actions.models import Action, ActionArea
from planner.areas.models import Area
from planner.budget.models import (
    AMENDMENTS,
    Allocation,
    BudgetLine,
    BudgetMandate,
    DeviationNote,
    PcSnapshot,
    ProgrammeMandate,
)
from planner.budget.rollup import CENT, ZERO, Figures, LineTotals, area_totals, attribute, cents, deviates, roll_up
from planner.core import access, hooks
from planner.core.errors import PlannerError
from planner.core.limits import amount_in_range, parse_int
from planner.core.models import utcnow
from planner.core.sql import ids_in
from planner.extensions import db
from planner.opgaven.models import Opgave
from planner.programmes.access import programme_visibility
from planner.programmes.models import Programme

BASIS_KINDS = ("na_wijziging", "primitief")
NO_BUDGET_PROGRAMME = "Zonder begrotingsprogramma"
# Iv3 figures (CBS statistics, keyed on the taakveld alone, no kostenplaats) are for comparison
# only: such a line is never allocatable.
ALLOCATABLE = or_(BudgetLine.cost_centre != "", BudgetLine.line_key != BudgetLine.taakveld_code)


def is_iv3(line: BudgetLine) -> bool:
    return not line.cost_centre and line.line_key == line.taakveld_code


POPULATION_INDICATOR = "AantalInwoners_5"  # CBS kerncijfers: number of inhabitants
DEFAULT_THRESHOLD_AMOUNT = Decimal("25000")
DEFAULT_THRESHOLD_PERCENT = Decimal("10")


# ---- municipality and lines ------------------------------------------------------------------


def municipality_of(area: Area) -> Area | None:
    if area.level == "gemeente":
        return area
    code = area.path.split("/")[0]
    return db.session.scalar(select(Area).where(Area.code == code))


def _group(line: BudgetLine):
    return and_(
        BudgetLine.area_id == line.area_id,
        BudgetLine.fiscal_year == line.fiscal_year,
        BudgetLine.line_key == line.line_key,
        BudgetLine.direction == line.direction,
    )


def line_capacity(line: BudgetLine) -> tuple[Decimal, Decimal]:
    """(what the line holds: na wijziging, else primitief; what is allocated from it so far)."""
    amounts = dict(
        db.session.execute(
            select(BudgetLine.kind, BudgetLine.amount).where(_group(line), BudgetLine.kind.in_(BASIS_KINDS))
        ).all()
    )
    capacity = amounts.get("na_wijziging", amounts.get("primitief", ZERO))
    allocated = (
        db.session.scalar(
            select(func.coalesce(func.sum(Allocation.amount), 0)).join(Allocation.budget_line).where(_group(line))
        )
        or ZERO
    )
    if line.direction == "lasten":
        allocated += line_claims(line.area_id, line.fiscal_year, keys={line.line_key}).get(line.line_key, ZERO)
    return cents(capacity), cents(allocated)


def line_claims(gm_id: int, year: int, *, keys=None, user=None) -> dict[str, Decimal]:
    """line key → what other features commit on the municipality's lasten lines of `year` besides
    allocations (a subsidy's beschikking), from the `budget_line_claims` hook; with `user`, only what
    that user may see."""
    out: dict[str, Decimal] = {}
    for claims in hooks.functions("budget_line_claims"):
        for key, amount in claims(gm_id, year, keys=keys, user=user).items():
            out[key] = out.get(key, ZERO) + amount
    return out


# A form offers at most this many lines; a large municipality's budget has tens of thousands, which
# no one can pick from a list (and which made the action page megabytes long): beyond it, the user searches.
LINE_CHOICE_LIMIT = 300


@dataclass(frozen=True)
class LineChoices:
    lines: list[BudgetLine]
    partial: bool  # more lines match than are offered: the user narrows the search
    search: str = ""


def _allocatable(programme: Programme, gm: Area):
    return select(BudgetLine).where(
        BudgetLine.area_id == gm.id,
        BudgetLine.fiscal_year.between(programme.start_year, programme.end_year),
        BudgetLine.direction == "lasten",
        BudgetLine.kind.in_(BASIS_KINDS),
        ALLOCATABLE,
    )


def _one_per_line(rows) -> list[BudgetLine]:
    chosen: dict[tuple, BudgetLine] = {}
    for line in rows:  # "na_wijziging" sorts before "primitief"
        chosen.setdefault((line.fiscal_year, line.line_key), line)
    return list(chosen.values())


def line_choices(programme: Programme, search: str = "", chosen=None) -> LineChoices:
    """What a form offers of the lasten lines of the programme's municipality in its period, one per line
    (the amended budget where there is one, else the original): the first LINE_CHOICE_LIMIT that match
    `search` (taakveld, kostenplaats, kostensoort, line key, description or begrotingsprogramma, every
    word), and always the line `chosen` (the id a posted form names), so a valid choice stays valid.
    Ordered along the lines' unique key, so the database stops reading at the limit instead of sorting
    a large municipality's whole budget."""
    gm = municipality_of(programme.area)
    if gm is None:
        return LineChoices([], False, search)
    fields = (
        BudgetLine.taakveld_code,
        BudgetLine.cost_centre,
        BudgetLine.economic_category,
        BudgetLine.line_key,
        BudgetLine.description,
        BudgetLine.budget_programme,
    )
    found = [or_(*(f.icontains(word, autoescape=True) for f in fields)) for word in search.split()[:5]]
    order = (BudgetLine.fiscal_year, BudgetLine.line_key, BudgetLine.direction, BudgetLine.kind)
    # two rows a line at most (amended and original): one line more than offered says there are more
    rows = db.session.scalars(
        _allocatable(programme, gm).where(*found).order_by(*order).limit(2 * (LINE_CHOICE_LIMIT + 1))
    ).all()
    lines = _one_per_line(rows)
    partial = len(lines) > LINE_CHOICE_LIMIT or len(rows) == 2 * (LINE_CHOICE_LIMIT + 1)
    lines = lines[:LINE_CHOICE_LIMIT]
    try:  # an id as the database's integer holds it (PostgreSQL refuses a larger one outright)
        chosen_id = parse_int(chosen) if chosen not in (None, "") else None
    except ValueError:
        chosen_id = None
    if chosen_id is not None and all(line.id != chosen_id for line in lines):
        extra = db.session.scalar(_allocatable(programme, gm).where(BudgetLine.id == chosen_id))
        lines += [extra] if extra is not None else []
    return LineChoices(lines, partial, search)


# ---- allocations -------------------------------------------------------------------------


def allocate(
    action: Action,
    line: BudgetLine | None,
    *,
    year: int | None,
    amount: Decimal | None,
    user=None,
    override: bool = False,
    reason: str = "",
) -> Allocation:
    """Let `action` draw `amount` in `year` from `line` (replacing what it drew from it before)."""
    programme = action.programme
    if year is None or not programme.start_year <= year <= programme.end_year:
        raise PlannerError(
            f"Het jaar valt buiten de looptijd van het programma ({programme.period_label}). "
            "Kies een jaar binnen die periode.",
            "year",
        )
    if line is None:
        raise PlannerError("Kies een begrotingsregel.", "budget_line_id")
    gm = municipality_of(programme.area)
    if gm is None or line.area_id != gm.id or line.direction != "lasten" or line.kind not in BASIS_KINDS:
        raise PlannerError(
            "Deze begrotingsregel hoort niet bij de begroting (lasten) van de gemeente van dit "
            "programma. Kies een andere regel.",
            "budget_line_id",
        )
    if is_iv3(line):
        raise PlannerError(
            "Dit is een Iv3-regel (CBS-statistiek per taakveld): die dient alleen ter vergelijking en "
            "kan geen geld aan acties toekennen. Kies een regel uit de begroting van de gemeente (met kostenplaats).",
            "budget_line_id",
        )
    if line.fiscal_year != year:
        raise PlannerError(
            f"Deze begrotingsregel hoort bij {line.fiscal_year}, niet bij {year}. Kies een regel "
            f"uit de begroting {year}.",
            "budget_line_id",
        )
    if amount is None:
        raise PlannerError("Vul een bedrag in, bijvoorbeeld 12.500,00.", "amount")
    if not amount_in_range(amount):
        raise PlannerError("Vul een bedrag tussen € -10.000.000.000 en € 10.000.000.000 in.", "amount")
    if amount < 0:
        raise PlannerError(
            "Een toekenning kan niet negatief zijn. Verlaag een bestaande toekenning in plaats daarvan.", "amount"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise PlannerError("Vul een bedrag in hele centen in.", "amount")
    reason = (reason or "").strip()
    current = db.session.scalar(
        select(Allocation).where(
            Allocation.action_id == action.id, Allocation.budget_line_id == line.id, Allocation.year == year
        )
    )
    capacity, allocated = line_capacity(line)
    free = capacity - (allocated - (current.amount if current else ZERO))
    amendment, overshoot = "", ZERO
    if amount > free:
        from planner.core.i18n import money

        if not override:
            raise PlannerError(
                f"Deze begrotingsregel heeft nog {money(free)} vrij; u kent {money(amount)} toe. "
                "Verlaag het bedrag, of kies 'Overschrijding voorstellen' en geef de reden: dan wordt het "
                "een voorgestelde begrotingswijziging voor het volgende P&C-moment.",
                "amount",
            )
        if not reason:
            raise PlannerError("Geef de reden waarom deze begrotingsregel wordt overschreden.", "override_reason")
        overshoot = amount - max(free, ZERO)
        mandate = mandate_of(gm, line.budget_programme)
        amendment = "mandaat" if mandate is not None and overshoot <= mandate else "begrotingswijziging"
    else:
        override, reason = False, ""
    if current is None:
        current = Allocation(
            action=action,
            budget_line=line,
            year=year,
            amount=amount,
            override=override,
            override_reason=reason,
            created_by_id=getattr(user, "id", None),
        )
        db.session.add(current)
    else:
        current.amount, current.override, current.override_reason = amount, override, reason
    current.amendment, current.overshoot = amendment, overshoot
    db.session.flush()
    if amendment:
        flag_for_next_moment(current, gm)
    return current


# ---- beyond a line's room: begrotingswijziging or a shift within the mandate ------------------

AMENDMENT_MOMENTS = ("berap1", "berap2", "najaarsnota", "begrotingswijziging")


def mandate_of(gm: Area, budget_programme: str = "") -> Decimal | None:
    """Up to how much the college may shift without the raad (the financial regulation): the begrotingsprogramma's
    own amount where the regulation sets one, else the municipality's; None: no mandate."""
    if budget_programme:
        own = db.session.scalar(
            select(ProgrammeMandate.amount).where(
                ProgrammeMandate.area_id == gm.id, ProgrammeMandate.budget_programme == budget_programme
            )
        )
        if own is not None:
            return own
    return db.session.scalar(select(BudgetMandate.amount).where(BudgetMandate.area_id == gm.id))


def budget_programmes(gm: Area) -> list[str]:
    """The begrotingsprogramma's in the municipality's own budget lines (Iv3 lines have none)."""
    return db.session.scalars(
        select(BudgetLine.budget_programme)
        .where(BudgetLine.area_id == gm.id, BudgetLine.budget_programme != "")
        .distinct()
        .order_by(BudgetLine.budget_programme)
    ).all()


def programme_mandates(gm: Area) -> dict[str, Decimal]:
    """Begrotingsprogramma → its own mandate, for those the financial regulation gives one."""
    return dict(
        db.session.execute(
            select(ProgrammeMandate.budget_programme, ProgrammeMandate.amount).where(ProgrammeMandate.area_id == gm.id)
        ).all()
    )


def set_programme_mandate(gm: Area, budget_programme: str | None, amount: Decimal | None) -> None:
    """The mandate of one begrotingsprogramma; None: the programme follows the municipality's mandate again."""
    budget_programme = (budget_programme or "").strip()
    if budget_programme not in budget_programmes(gm):
        raise PlannerError("Kies een begrotingsprogramma uit de begroting van de gemeente.", "budget_programme")
    if amount is not None and (not amount_in_range(amount) or amount < 0):
        raise PlannerError("Vul een bedrag van € 0 of meer in.", "amount")
    if amount is not None and amount != amount.quantize(Decimal("0.01")):
        raise PlannerError("Vul een bedrag in hele centen in.", "amount")
    own = db.session.scalar(
        select(ProgrammeMandate).where(
            ProgrammeMandate.area_id == gm.id, ProgrammeMandate.budget_programme == budget_programme
        )
    )
    if amount is None:
        if own is not None:
            db.session.delete(own)
    elif own is None:
        db.session.add(ProgrammeMandate(area_id=gm.id, budget_programme=budget_programme, amount=amount))
    else:
        own.amount = amount
    db.session.flush()


def set_mandate(gm: Area, amount: Decimal | None) -> None:
    mandate = db.session.scalar(select(BudgetMandate).where(BudgetMandate.area_id == gm.id))
    if amount is None:
        if mandate is not None:
            db.session.delete(mandate)
    else:
        if not amount_in_range(amount) or amount < 0:
            raise PlannerError("Vul een bedrag van € 0 of meer in.", "amount")
        if mandate is None:
            db.session.add(BudgetMandate(area_id=gm.id, amount=amount))
        else:
            mandate.amount = amount
    db.session.flush()


def next_amendment_moment(gm: Area, year: int):
    """The open P&C moment that can amend the budget of `year`: its berap, najaarsnota or a
    begrotingswijziging, the one with the earliest input deadline; else the year's jaarstukken."""
    from planner.cycle.models import PcMoment

    # Once the year's last berap has closed, the jaarstukken account for it.
    for kinds in (AMENDMENT_MOMENTS, ("jaarrekening",)):
        moment = db.session.scalar(
            select(PcMoment)
            .where(PcMoment.area_id == gm.id, PcMoment.state == "open", PcMoment.year == year, PcMoment.kind.in_(kinds))
            .order_by(PcMoment.input_deadline.nulls_last(), PcMoment.id)
            .limit(1)
        )
        if moment is not None:
            return moment
    return None


def flag_for_next_moment(allocation: Allocation, gm: Area):
    """Put the action in the next P&C moment's input (bijsturing), saying what must be amended."""
    from planner.core.i18n import money
    from planner.cycle.models import ActionPcFlag

    moment = next_amendment_moment(gm, allocation.year)
    if moment is None:
        return None
    line = allocation.budget_line
    note = (
        f"{AMENDMENTS[allocation.amendment]}: {money(allocation.overshoot)} boven de ruimte van "
        f"{line.taakveld_code} {line.description or line.line_key}"
    )[:300]
    flag = db.session.scalar(
        select(ActionPcFlag).where(
            ActionPcFlag.action_id == allocation.action_id,
            ActionPcFlag.pc_moment_id == moment.id,
            ActionPcFlag.purpose == "bijsturing",
        )
    )
    if flag is None:
        flag = ActionPcFlag(action=allocation.action, moment=moment, purpose="bijsturing", note=note)
        db.session.add(flag)
    elif note not in flag.note:
        flag.note = note
    db.session.flush()
    return flag


@dataclass
class Amendment:
    """An allocation beyond its line's room, and whether the line still falls short (then it counts
    as a begrotingsonrechtmatigheid)."""

    allocation: Allocation
    open: bool

    @property
    def label(self) -> str:
        return AMENDMENTS.get(self.allocation.amendment, self.allocation.amendment)


def amendments(user, gm: Area, year: int) -> list[Amendment]:
    """The allocations beyond their line's room in `year` on actions `user` may see."""
    rows = db.session.scalars(
        select(Allocation)
        .join(Allocation.budget_line)
        .where(
            # "+ 0": start from the visible actions' allocations (their index), not from every line
            # of the municipality probed with every action (minutes at 200,000 lines)
            BudgetLine.area_id + 0 == gm.id,
            Allocation.year == year,
            Allocation.amendment != "",
            Allocation.action_id.in_(visible_actions(user).with_only_columns(Action.id)),
        )
        .order_by(Allocation.created_at, Allocation.id)
    ).all()
    out = []
    for allocation in rows:
        capacity, allocated = line_capacity(allocation.budget_line)
        out.append(Amendment(allocation, allocated > capacity))
    return out


def remove_allocation(allocation: Allocation) -> None:
    db.session.delete(allocation)
    db.session.flush()


def action_allocations(action: Action) -> list[Allocation]:
    return db.session.scalars(
        select(Allocation)
        .where(Allocation.action_id == action.id)
        .join(Allocation.budget_line)
        .order_by(Allocation.year, BudgetLine.taakveld_code, BudgetLine.line_key)
    ).all()


def allocated_by_action_and_year(action_ids) -> dict[int, dict[int, Decimal]]:
    """action → year → euros allocated to it from budget lines."""
    out: dict[int, dict[int, Decimal]] = {}
    if not action_ids:
        return out
    for action_id, year, amount in db.session.execute(
        select(Allocation.action_id, Allocation.year, func.sum(Allocation.amount))
        .where(Allocation.action_id.in_(list(action_ids)))
        .group_by(Allocation.action_id, Allocation.year)
    ):
        out.setdefault(action_id, {})[year] = Decimal(amount or 0).quantize(ZERO)
    return out


@dataclass
class ActionMoney:
    """What one action draws from the budget: per year, and the allocations (line and year) behind it."""

    action: Action
    by_year: dict[int, Decimal]
    allocations: list[Allocation]

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), ZERO)


@dataclass
class ProgrammeMoney:
    """The money allocated to a programme's actions: per year, per action, in total."""

    years: list[int]
    by_year: dict[int, Decimal]
    actions: list[ActionMoney]

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), ZERO)


def programme_money(user, programme: Programme) -> ProgrammeMoney:
    """The allocations to the actions of `programme` that `user` may see, with the budget lines they draw from;
    no other budget line or programme (what a partner at the table may read, as on an action's page)."""
    action_ids = (
        select(Action.id)
        .join(Action.programme)
        .join(Programme.area)
        .where(programme_visibility(user), Action.programme_id == programme.id)
    )
    allocations = db.session.scalars(
        select(Allocation)
        .where(Allocation.action_id.in_(action_ids))
        .join(Allocation.budget_line)
        .order_by(Allocation.year, BudgetLine.taakveld_code, BudgetLine.line_key)
    ).all()
    per_action: dict[int, list[Allocation]] = {}
    for allocation in allocations:
        per_action.setdefault(allocation.action_id, []).append(allocation)
    amounts = allocated_by_action_and_year(per_action)
    actions = sorted((a.action for a in allocations), key=lambda a: a.number)
    rows = [ActionMoney(a, amounts[a.id], per_action[a.id]) for a in dict.fromkeys(actions)]
    by_year: dict[int, Decimal] = {}
    for row in rows:
        for year, amount in row.by_year.items():
            by_year[year] = by_year.get(year, ZERO) + amount
    return ProgrammeMoney(sorted(by_year), dict(sorted(by_year.items())), rows)


# ---- roll-ups ----------------------------------------------------------------------------


def line_totals(gm: Area | int, year: int, direction: str = "lasten", keys=None) -> dict[str, LineTotals]:
    """The municipality's (or municipality id's) budget lines for one year (or only `keys`), kinds
    side by side (one query)."""
    return {key: line for (d, key), line in all_line_totals(gm, year, direction, keys).items()}


def all_line_totals(
    gm: Area | int, year: int, direction: str | None = None, keys=None
) -> dict[tuple[str, str], LineTotals]:
    """Lines by (lasten/baten, line key); one grouped query, read as plain rows."""
    query = (
        select(
            BudgetLine.direction,
            BudgetLine.line_key,
            BudgetLine.taakveld_code,
            func.max(BudgetLine.description),
            BudgetLine.kind,
            func.sum(BudgetLine.amount),
            func.max(BudgetLine.budget_programme),
        )
        .where(BudgetLine.area_id == (gm if isinstance(gm, int) else gm.id), BudgetLine.fiscal_year == year)
        .group_by(BudgetLine.direction, BudgetLine.line_key, BudgetLine.taakveld_code, BudgetLine.kind)
    )
    if direction:
        query = query.where(BudgetLine.direction == direction)
    if keys is not None:
        # (on PostgreSQL one array: a parameter per key costs more to render and send)
        query = query.where(ids_in(BudgetLine.line_key, sorted(keys), String))
    lines: dict[tuple[str, str], LineTotals] = {}
    amended: set = set()
    for d, key, code, description, kind, amount, budget_programme in db.session.connection().execute(query).all():
        line = lines.get((d, key))
        if line is None:
            line = lines[(d, key)] = LineTotals(key, code, description or "", budget_programme=budget_programme or "")
        f = line.figures
        amount = cents(amount)
        line.kinds.add(kind)
        if kind == "primitief":
            f.begroot = amount
            if (d, key) not in amended:
                f.gewijzigd = amount
        elif kind == "na_wijziging":
            f.gewijzigd = amount
            amended.add((d, key))
        elif kind == "realisatie":
            f.gerealiseerd = amount
        elif kind == "prognose":
            f.prognose = amount
    return lines


def _allocations(gm: Area, year: int, condition=None, keys=None) -> list[tuple[str, int, Decimal]]:
    """(line key, action id, amount) of the municipality's allocations in `year`.

    With a `condition` on the action the query starts from those actions' allocations; otherwise
    from the municipality's lines of the year (or only `keys`), each probing the allocation index:
    a plain join would have SQLite scan every allocation of every municipality.
    """
    query = (
        select(BudgetLine.line_key, Allocation.action_id, func.sum(Allocation.amount))
        .join(Allocation.budget_line)
        .where(Allocation.year == year)
        .group_by(BudgetLine.line_key, Allocation.action_id)
    )
    if condition is not None:
        # "+ 0": no index on the line's municipality and year, so that the database starts from the
        # actions' allocations and looks their lines up by id. Otherwise SQLite (without statistics)
        # walked all the year's lines and probed each with every action: 4 s for a ward at 40,000
        # lines a year, 15 ms this way.
        query = query.where(condition, BudgetLine.area_id + 0 == gm.id, BudgetLine.fiscal_year + 0 == year)
    else:
        lines = select(BudgetLine.id).where(BudgetLine.area_id == gm.id, BudgetLine.fiscal_year == year)
        if keys is not None:
            lines = lines.where(BudgetLine.line_key.in_(sorted(keys)))
        query = query.where(Allocation.budget_line_id.in_(lines))
    return [(k, a, cents(s)) for k, a, s in db.session.execute(query)]


def _area_weights(action_ids) -> dict[int, dict[int, Decimal]]:
    weights: dict[int, dict[int, Decimal]] = {}
    if not action_ids:
        return weights
    for action_id, area_id, weight in db.session.execute(
        select(ActionArea.action_id, ActionArea.area_id, ActionArea.weight).where(ActionArea.action_id.in_(action_ids))
    ):
        weights.setdefault(action_id, {})[area_id] = Decimal(weight)
    return weights


@dataclass
class ActionInfo:
    id: int
    number: int
    title: str
    programme_id: int
    programme_title: str
    opgave: str


def _visible_action_info(user, action_ids) -> dict[int, ActionInfo]:
    if not action_ids:
        return {}
    rows = db.session.execute(
        select(Action.id, Action.number, Action.title, Programme.id, Programme.title, func.coalesce(Opgave.title, ""))
        .join(Action.programme)
        .join(Programme.area)
        .outerjoin(Opgave, Opgave.id == func.coalesce(Action.opgave_id, Programme.opgave_id))
        .where(programme_visibility(user), Action.id.in_(action_ids))
    )
    return {r[0]: ActionInfo(*r[:5], r[5] or "Zonder opgave") for r in rows}


@dataclass
class Overview:
    """What one ward, programme or municipality costs in one fiscal year, from several angles."""

    year: int
    years: list[int]
    total: Figures
    by_taakveld: dict
    by_programme: dict = field(default_factory=dict)  # per wijkontwikkelprogramma
    by_budget_programme: dict = field(default_factory=dict)  # per begrotingsprogramma (raad)
    baten: Figures | None = None  # the municipality's baten (lasten are the figures above)
    baten_by_budget_programme: dict = field(default_factory=dict)
    by_opgave: dict = field(default_factory=dict)
    by_ward: dict = field(default_factory=dict)
    by_action: dict = field(default_factory=dict)
    taakveld_names: dict = field(default_factory=dict)
    population: Decimal | None = None
    per_resident: Figures | None = None
    actions: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)
    ward_total: Figures = field(default_factory=Figures)

    @property
    def taakveld_labels(self) -> dict:
        return {code: f"{code} {self.taakveld_names.get(code, '')}".strip() for code in self.by_taakveld}

    @property
    def ward_labels(self) -> dict:
        return {k: (self.areas[k].name if k in self.areas else "Zonder gebied") for k in self.by_ward}

    @property
    def action_labels(self) -> dict:
        return {k: f"{a.number}. {a.title}" for k, a in self.actions.items()}


def budget_years(gm: Area) -> list[int]:
    """The years with budget lines of the municipality. One index seek per year (the next year after
    the previous one, recursively) instead of reading every line of every year: a DISTINCT reads all of
    them on PostgreSQL, and on SQLite without ANALYZE statistics."""
    in_gm = BudgetLine.area_id == gm.id
    years = select(func.min(BudgetLine.fiscal_year).label("year")).where(in_gm).cte("years", recursive=True)
    years = years.union_all(
        select(
            select(func.min(BudgetLine.fiscal_year))
            .where(in_gm, BudgetLine.fiscal_year > years.c.year)
            .scalar_subquery()
        ).where(years.c.year.is_not(None))
    )
    return list(db.session.scalars(select(years.c.year).where(years.c.year.is_not(None)).order_by(years.c.year)))


def has_budget_year(gm: Area, year: int) -> bool:
    """Whether the municipality has budget lines of `year` (one index seek)."""
    return db.session.scalar(
        select(select(BudgetLine.id).where(BudgetLine.area_id == gm.id, BudgetLine.fiscal_year == year).exists())
    )


def _taakveld_names(codes) -> dict[str, str]:
    from planner.budget.models import Taakveld

    names = {}
    for t in db.session.scalars(select(Taakveld).where(Taakveld.code.in_(set(codes))).order_by(Taakveld.valid_from)):
        names[t.code] = t.name
    return names


def _shares(user, gm: Area, year: int, holder_condition):
    """Shares of the lines that visible actions matching `holder_condition` draw from."""
    wanted = _allocations(gm, year, holder_condition)
    keys = {k for k, _, _ in wanted}
    allocations = _allocations(gm, year, keys=keys) if keys else []
    action_ids = {a for _, a, _ in allocations}
    shares = attribute(line_totals(gm, year, keys=keys), allocations, _area_weights(action_ids))
    info = _visible_action_info(user, {a for _, a, _ in wanted})
    return shares, info


def ward_overview(user, ward: Area, year: int) -> Overview:
    gm = municipality_of(ward)
    ward_actions = (
        select(ActionArea.action_id).join(ActionArea.area).where(access.path_condition(Area.path, [ward.path]))
    )
    shares, info = _shares(user, gm, year, Allocation.action_id.in_(ward_actions))
    inside = set(db.session.scalars(select(Area.id).where(access.path_condition(Area.path, [ward.path]))))
    mine = [s for s in shares if s.area_id in inside and s.action_id in info]
    overview = _overview(gm, year, mine, info)
    overview.population = population(ward)
    overview.per_resident = overview.total.per(overview.population)
    return overview


def programme_overview(user, programme: Programme, year: int) -> Overview:
    gm = municipality_of(programme.area)
    in_programme = Allocation.action_id.in_(select(Action.id).where(Action.programme_id == programme.id))
    shares, info = _shares(user, gm, year, in_programme)
    mine = [s for s in shares if s.action_id in info]
    overview = _overview(gm, year, mine, info)
    overview.by_ward, overview.ward_total = roll_up(mine, lambda s: s.area_id)
    overview.areas = {a.id: a for a in db.session.scalars(select(Area).where(Area.id.in_(overview.by_ward)))}
    overview.population = population(programme.area)
    overview.per_resident = overview.total.per(overview.population)
    return overview


def municipality_overview(user, gm: Area, year: int) -> Overview:
    """The whole budget per taakveld; toegekend counts the allocations to actions the user may see and what
    other features commit on the lines (granted subsidies in the areas the user works in).

    Summed in whole cents from one row per line (its kinds side by side, grouped along the unique
    key's index) rather than a LineTotals per line: a large city has tens of thousands of lines a year."""
    conn = db.session.connection()
    allocations: dict[tuple[str, int], int] = {}  # (line key, visible action) → cents
    granted: dict[str, int] = {}  # line key → cents allocated to visible actions or claimed
    for key, action_id, amount in conn.execute(_allocation_cents_query(programme_visibility(user), gm.id, year)).all():
        allocations[(key, action_id)] = allocations.get((key, action_id), 0) + amount
        granted[key] = granted.get(key, 0) + amount
    for key, amount in line_claims(gm.id, year, user=user).items():
        granted[key] = granted.get(key, 0) + int(amount.scaleb(2))
    pairs: dict[tuple[str, str], list[int]] = {}  # (taakveld, begrotingsprogramma) → 5 figures in cents
    baten: dict[str, list[int]] = {}  # begrotingsprogramma → 4 figures in cents
    split: dict[str, tuple] = {}  # line key → its 4 SPLIT figures in cents, for the lines with allocations
    for direction, key, code, budget_programme, begroot, amended, realised, forecast in conn.execute(
        _line_cents_query(gm.id, year)
    ).all():
        begroot = begroot or 0
        if amended is None:  # no na_wijziging: the primitief budget stands
            amended = begroot
        realised, forecast = realised or 0, forecast or 0
        if direction == "lasten":
            sums = pairs.get((code, budget_programme))
            if sums is None:
                sums = pairs[(code, budget_programme)] = [0, 0, 0, 0, 0]
            sums[0] += begroot
            sums[1] += amended
            sums[2] += realised
            sums[3] += forecast
            sums[4] += granted.get(key, 0)
            if key in granted:
                split[key] = (begroot, amended, realised, forecast)
        elif direction == "baten":
            _add_cents(baten, budget_programme or NO_BUDGET_PROGRAMME, (begroot, amended, realised, forecast))
    by_taakveld: dict[str, list[int]] = {}
    by_budget_programme: dict[str, list[int]] = {}
    total = [0, 0, 0, 0, 0]
    for (code, budget_programme), sums in pairs.items():
        _add_cents(by_taakveld, code, sums)
        _add_cents(by_budget_programme, budget_programme or NO_BUDGET_PROGRAMME, sums)
        for i, c in enumerate(sums):
            total[i] += c
    by_taakveld_figures = {code: _figures(c) for code, c in sorted(by_taakveld.items(), key=_taakveld_order)}
    total_figures = _figures(total)
    overview = Overview(
        year,
        budget_years(gm),
        total_figures,
        by_taakveld_figures,
        taakveld_names=_taakveld_names(by_taakveld),
        by_budget_programme={name: _figures(c) for name, c in sorted(by_budget_programme.items())},
        baten=_figures([sum(c[i] for c in baten.values()) for i in range(4)]) if baten else None,
        baten_by_budget_programme={name: _figures(c) for name, c in sorted(baten.items())},
    )
    weights = _weight_units(sorted({a for _, a in allocations}), conn) if allocations else {}
    overview.by_ward = area_totals(
        split,
        [(k, a, c) for (k, a), c in allocations.items()],
        weights,
        in_cents=True,
        figures_in_cents=True,
    )
    for figures in overview.by_ward.values():
        overview.ward_total.add(figures)
    overview.areas = {a.id: a for a in db.session.scalars(select(Area).where(Area.id.in_(overview.by_ward)))}
    overview.population = population(gm)
    overview.per_resident = total_figures.per(overview.population)
    return overview


def _cents_of(kind: str):
    return func.sum(case((BudgetLine.kind == kind, cast(func.round(BudgetLine.amount * 100), BigInteger))))


def _line_cents_query(gm_id: int, year: int):
    """One row per line of the municipality's year: direction, key, taakveld, begrotingsprogramma and
    primitief, na wijziging, realisatie and prognose in whole cents. Grouped by
    (key, direction), the order of the unique key's index, so the database needs no sort."""
    return (
        select(
            BudgetLine.direction,
            BudgetLine.line_key,
            func.min(BudgetLine.taakveld_code),
            func.max(BudgetLine.budget_programme),
            cast(_cents_of("primitief"), BigInteger),
            cast(_cents_of("na_wijziging"), BigInteger),  # NULL when the line has none
            cast(_cents_of("realisatie"), BigInteger),
            cast(_cents_of("prognose"), BigInteger),
        )
        .where(BudgetLine.area_id == gm_id, BudgetLine.fiscal_year == year)
        .group_by(BudgetLine.line_key, BudgetLine.direction)
    )


def _allocation_cents_query(visible, gm_id: int, year: int):
    """(line key, action, whole cents) of the allocations in `year` on the municipality's lines to
    actions in programmes matching `visible`. A plain join: both SQLite (with or without ANALYZE
    statistics) and PostgreSQL walk the year's lines in the unique key's index and probe the
    allocation index with each, which took a third of the time of the list-probe form (`IN (SELECT
    ...)`) at 40,000 lines a year."""
    return (
        select(BudgetLine.line_key, Allocation.action_id, cast(func.round(Allocation.amount * 100), BigInteger))
        .join(Allocation.budget_line)
        .join(Action, Action.id == Allocation.action_id)
        .join(Action.programme)
        .join(Programme.area)
        .where(BudgetLine.area_id == gm_id, BudgetLine.fiscal_year == year, Allocation.year == year, visible)
    )


def _weight_units(action_ids: list[int], conn) -> dict[int, dict[int, int]]:
    """action → area → weight in ten-thousandths (the column's scale)."""
    weights: dict[int, dict[int, int]] = {}
    # (on PostgreSQL one array: an index probe per action, not a scan of action_areas)
    for action_id, area_id, weight in conn.execute(
        select(ActionArea.action_id, ActionArea.area_id, cast(func.round(ActionArea.weight * 10000), BigInteger)).where(
            ids_in(ActionArea.action_id, action_ids)
        )
    ).all():
        weights.setdefault(action_id, {})[area_id] = weight
    return weights


def _add_cents(groups: dict, name, figures) -> None:
    sums = groups.get(name)
    if sums is None:
        groups[name] = list(figures)
    else:
        for i, c in enumerate(figures):
            sums[i] += c


def _figures(c) -> Figures:
    return Figures(*(Decimal(v) * CENT for v in c))


def ward_figures(user, gm: Area, year: int, *, where: list | tuple = ()) -> dict[int, Figures]:
    """`municipality_overview(user, gm, year).by_ward` alone (the ward comparison's money columns):
    the same cent-exact shares of the allocations to actions the user may see, summed per area.
    `where`: further conditions on the action and its programme (the comparison's theme or opgave)."""
    visible = programme_visibility(user)
    return ward_totals(ward_figure_rows(and_(visible, *where) if where else visible, gm.id, year))


def ward_figure_rows(visible, gm_id: int, year: int) -> tuple:
    """The reads behind ward_figures, for actions in programmes matching `visible` (the user's
    programme_visibility, built by the caller): (lines, allocations, area weights) for
    ward_totals.

    Amounts come as whole cents and weights in ten-thousandths (the columns' scales), so no row
    needs a Decimal; allocations are summed per line and action here rather than sorted and
    grouped by the database. Three plain queries; no taakveld, action or area details."""
    conn = db.session.connection()
    of_year = (BudgetLine.area_id == gm_id, BudgetLine.fiscal_year == year)
    if conn.dialect.name == "postgresql":
        lines_of_year = of_year  # a plain join: PostgreSQL runs it faster than the IN form
    else:
        # The municipality's lines of the year as a list to probe the allocation index with (a plain
        # join makes SQLite scan every allocation of every municipality).
        lines_of_year = (Allocation.budget_line_id.in_(select(BudgetLine.id).where(*of_year)),)
    allocations: dict[tuple[str, int], int] = {}
    for key, action_id, amount in conn.execute(
        select(BudgetLine.line_key, Allocation.action_id, cast(func.round(Allocation.amount * 100), BigInteger))
        .join(Allocation.budget_line)
        .join(Action, Action.id == Allocation.action_id)
        .join(Action.programme)
        .join(Programme.area)
        .where(*lines_of_year, Allocation.year == year, visible)
    ).all():  # all: one fetch, not a fetchone per row
        allocations[(key, action_id)] = allocations.get((key, action_id), 0) + amount
    if not allocations:
        return {}, [], {}
    action_ids = sorted({a for _, a in allocations})
    # (on PostgreSQL one array: an index probe per action, not a scan of action_areas)
    of_actions = ids_in(ActionArea.action_id, action_ids)
    weights: dict[int, dict[int, int]] = {}
    for action_id, area_id, weight in conn.execute(
        select(ActionArea.action_id, ActionArea.area_id, cast(func.round(ActionArea.weight * 10000), BigInteger)).where(
            of_actions
        )
    ).all():
        weights.setdefault(action_id, {})[area_id] = weight
    lines = line_totals(gm_id, year, keys={k for k, _ in allocations})
    return lines, [(k, a, c) for (k, a), c in allocations.items()], weights


def ward_totals(rows: tuple) -> dict[int, Figures]:
    """Budget Figures per area from ward_figure_rows: the cent-exact splits (no query)."""
    lines, allocations, weights = rows
    return area_totals(lines, allocations, weights, in_cents=True)


def _taakveld_order(item):
    code = item[0]
    head, _, tail = code.partition(".")
    digits = "".join(c for c in tail if c.isdigit())
    return (int(head) if head.isdigit() else 99, int(digits) if digits else 0, tail)


def _overview(gm: Area, year: int, shares, info: dict[int, ActionInfo]) -> Overview:
    by_taakveld, total = roll_up(shares, lambda s: s.taakveld_code)
    by_programme, _ = roll_up(shares, lambda s: info[s.action_id].programme_title)
    by_budget_programme, _ = roll_up(shares, lambda s: s.budget_programme or NO_BUDGET_PROGRAMME)
    by_opgave, _ = roll_up(shares, lambda s: info[s.action_id].opgave)
    by_action, _ = roll_up(shares, lambda s: s.action_id)
    # Actions in programme order, then by number (a ward sees actions of several programmes).
    by_action = dict(sorted(by_action.items(), key=lambda kv: (info[kv[0]].programme_title, info[kv[0]].number)))
    return Overview(
        year,
        budget_years(gm),
        total,
        dict(sorted(by_taakveld.items(), key=_taakveld_order)),
        by_programme=by_programme,
        by_budget_programme=dict(sorted(by_budget_programme.items())),
        by_opgave=by_opgave,
        by_action=by_action,
        taakveld_names=_taakveld_names(by_taakveld),
        actions=info,
    )


def population(area: Area) -> Decimal | None:
    """Inhabitants from the latest CBS measurement of the area, if loaded. The CBS knows no stadsdeel
    (the municipality's own division): its head count is the sum of its wards', if every ward has one."""
    from planner.indicators.models import Indicator, Measurement

    def latest(area_id: int) -> Decimal | None:
        # A target ("streef") is no head count.
        return db.session.scalar(
            select(Measurement.value)
            .join(Measurement.indicator)
            .where(
                Indicator.code == POPULATION_INDICATOR,
                Measurement.area_id == area_id,
                Measurement.value.is_not(None),
                Measurement.kind != "streef",
            )
            .order_by(Measurement.period.desc())
            .limit(1)
        )

    value = latest(area.id)
    if value is None and area.level == "stadsdeel":
        wards = db.session.scalars(
            select(Area.id).where(Area.level == "wijk", Area.path.startswith(area.path + "/", autoescape=True))
        ).all()
        counts = [latest(w) for w in wards]
        if counts and None not in counts:
            return sum(counts, Decimal(0))
    return value


def default_year(years: list[int], programme: Programme | None = None) -> int:
    from datetime import date

    today = date.today().year
    if programme is not None:
        inside = [y for y in years if programme.start_year <= y <= programme.end_year]
        years = inside or list(range(programme.start_year, programme.end_year + 1))
    if today in years or not years:
        return today
    return max(y for y in years if y <= today) if any(y <= today for y in years) else years[0]


# ---- frozen P&C figures --------------------------------------------------------------------


def freeze_figures(moment) -> int:
    """Copy the municipality's budget lines of the moment's year, and each action's allocated
    total and progress, into pc_snapshots. Idempotent: closing again re-freezes."""
    db.session.flush()
    db.session.execute(delete(PcSnapshot).where(PcSnapshot.moment_id == moment.id))
    now = utcnow()
    lines = select(
        literal(moment.id),
        literal("line"),
        BudgetLine.id,
        BudgetLine.fiscal_year,
        BudgetLine.line_key,
        BudgetLine.taakveld_code,
        BudgetLine.description,
        BudgetLine.direction,
        BudgetLine.kind,
        BudgetLine.amount,
        literal(now),
    ).where(BudgetLine.area_id == moment.area_id, BudgetLine.fiscal_year == moment.year)
    columns = [
        "moment_id",
        "subject",
        "budget_line_id",
        "fiscal_year",
        "line_key",
        "taakveld_code",
        "description",
        "direction",
        "kind",
        "amount",
        "frozen_at",
    ]
    db.session.execute(insert(PcSnapshot).from_select(columns, lines))
    actions = (
        select(
            literal(moment.id),
            literal("action"),
            Action.id,
            literal(moment.year),
            literal("toegekend"),
            func.coalesce(func.sum(Allocation.amount), 0),
            Action.progress,
            literal(now),
        )
        .join(Allocation, Allocation.action_id == Action.id)
        .join(Allocation.budget_line)
        .where(
            BudgetLine.area_id == moment.area_id,
            Allocation.year == moment.year,
        )
        .group_by(Action.id, Action.progress)
    )
    db.session.execute(
        insert(PcSnapshot).from_select(
            ["moment_id", "subject", "action_id", "fiscal_year", "kind", "amount", "progress", "frozen_at"], actions
        )
    )
    return db.session.scalar(select(func.count(PcSnapshot.id)).where(PcSnapshot.moment_id == moment.id))


def on_moment_closed(moment, **_):
    """Receiver of the P&C calendar's `moment_closed` signal: freeze the figures."""
    freeze_figures(moment)


def is_frozen(moment) -> bool:
    return db.session.scalar(select(func.count(PcSnapshot.id)).where(PcSnapshot.moment_id == moment.id)) > 0


# ---- deviation report ----------------------------------------------------------------------


@dataclass
class Deviation:
    subject: str  # "line" or "action"
    key: str
    label: str
    taakveld_code: str
    direction: str
    frozen: Decimal  # the budget as frozen (na wijziging, else primitief), or the allocation as frozen
    realised: Decimal
    forecast: Decimal | None
    progress_then: int | None = None
    progress_now: int | None = None
    note: str = ""
    action_id: int | None = None
    programme_id: int | None = None
    programme_title: str = ""

    @property
    def expected(self) -> Decimal:
        return self.forecast if self.forecast is not None else self.realised

    @property
    def difference(self) -> Decimal:
        return self.expected - self.frozen

    @property
    def percent(self) -> Decimal | None:
        return (self.difference * 100 / abs(self.frozen)).quantize(Decimal("0.1")) if self.frozen else None


@dataclass
class DeviationReport:
    moment: object
    amount: Decimal
    percent: Decimal | None
    lines: list[Deviation]
    actions: list[Deviation]
    show_lines: bool
    frozen: bool
    amendments: list = field(default_factory=list)

    @property
    def unlawful(self) -> Decimal:
        """The begrotingsonrechtmatigheid still open: overshoots not yet covered by a begrotingswijziging."""
        return sum((a.allocation.overshoot for a in self.amendments if a.open), ZERO)

    @property
    def line_total(self) -> tuple[Decimal, Decimal, Decimal]:
        return _totals(self.lines)

    @property
    def action_total(self) -> tuple[Decimal, Decimal, Decimal]:
        return _totals(self.actions)


def _totals(deviations: list[Deviation]) -> tuple[Decimal, Decimal, Decimal]:
    return (
        sum((d.frozen for d in deviations), ZERO),
        sum((d.expected for d in deviations), ZERO),
        sum((d.difference for d in deviations), ZERO),
    )


def _frozen_lines(moment) -> dict[tuple[str, str], dict]:
    out: dict[tuple[str, str], dict] = {}
    for key, direction, code, description, kind, amount in db.session.connection().execute(
        select(
            PcSnapshot.line_key,
            PcSnapshot.direction,
            PcSnapshot.taakveld_code,
            PcSnapshot.description,
            PcSnapshot.kind,
            PcSnapshot.amount,
        ).where(PcSnapshot.moment_id == moment.id, PcSnapshot.subject == "line")
    ):
        entry = out.setdefault((direction, key), {"taakveld": code, "description": description})
        entry[kind] = cents(amount)
    return out


def deviation_report(
    user, moment, amount: Decimal | None = None, percent: Decimal | None = DEFAULT_THRESHOLD_PERCENT
) -> DeviationReport:
    """Lines and actions whose prognosis (or, without one, realisation) now differs from the
    figures frozen when the moment closed by more than `amount` euros or `percent` %."""
    amount = DEFAULT_THRESHOLD_AMOUNT if amount is None else amount
    gm = moment.area
    frozen = is_frozen(moment)
    show_lines = access.can(user, "budget", gm) or access.can(user, "adopt", gm)
    notes = {
        (n.subject, n.subject_key): n.text
        for n in db.session.scalars(select(DeviationNote).where(DeviationNote.moment_id == moment.id))
    }
    lines: list[Deviation] = []
    now_all = all_line_totals(gm, moment.year) if frozen else {}
    if show_lines and frozen:
        then = _frozen_lines(moment)
        for direction, key in sorted(set(now_all) | set(then)):
            old = then.get((direction, key), {})
            cur = now_all.get((direction, key))
            reference = old.get("na_wijziging", old.get("primitief", ZERO))
            realised = cur.figures.gerealiseerd if cur else ZERO
            forecast = cur.figures.prognose if cur and cur.figures.prognose else None
            if cur is not None and not cur.kinds & {"realisatie", "prognose"}:
                continue  # nothing realised or forecast yet: nothing to compare
            if not deviates(reference, realised if forecast is None else forecast, amount, percent):
                continue  # most lines: no object for them (a municipality has thousands)
            subject_key = f"{direction}|{key}"
            lines.append(
                Deviation(
                    "line",
                    subject_key,
                    (cur.description if cur else old.get("description")) or key,
                    cur.taakveld_code if cur else old.get("taakveld", ""),
                    direction,
                    reference,
                    realised,
                    forecast,
                    note=notes.get(("line", subject_key), ""),
                )
            )
        lines.sort(key=lambda d: (d.direction != "lasten", -abs(d.difference)))
    lasten = {key: line for (d, key), line in now_all.items() if d == "lasten"}
    actions = _action_deviations(user, moment, notes, amount, percent, lasten) if frozen else []
    return DeviationReport(
        moment, amount, percent, lines, actions, show_lines, frozen, amendments(user, gm, moment.year)
    )


def _action_deviations(user, moment, notes, amount, percent, lines: dict[str, LineTotals]) -> list[Deviation]:
    gm = moment.area
    snapshots = {
        a: (cents(v), p)
        for a, v, p in db.session.execute(
            select(PcSnapshot.action_id, PcSnapshot.amount, PcSnapshot.progress).where(
                PcSnapshot.moment_id == moment.id, PcSnapshot.subject == "action", PcSnapshot.action_id.is_not(None)
            )
        )
    }
    allocations = _allocations(gm, moment.year)
    info = _visible_action_info(user, set(snapshots) | {a for _, a, _ in allocations})
    expected: dict[int, Decimal] = {}
    for key, action_id, allocated in allocations:
        line = lines.get(key)
        basis = line.figures.gewijzigd if line else ZERO
        outcome = (line.figures.prognose or line.figures.gerealiseerd) if line else ZERO
        # The action's prognosis: its allocation, scaled by how its line is running.
        share = cents(allocated * outcome / basis) if basis else allocated
        expected[action_id] = expected.get(action_id, ZERO) + share
    progress = (
        dict(db.session.execute(select(Action.id, Action.progress).where(Action.id.in_(info))).all()) if info else {}
    )
    out = []
    for action_id, action in sorted(info.items(), key=lambda kv: (kv[1].programme_title, kv[1].number)):
        then, progress_then = snapshots.get(action_id, (ZERO, None))
        d = Deviation(
            "action",
            str(action_id),
            f"{action.number}. {action.title}",
            "",
            "",
            then,
            expected.get(action_id, ZERO),
            None,
            progress_then,
            progress.get(action_id),
            notes.get(("action", str(action_id)), ""),
            action_id,
            action.programme_id,
            action.programme_title,
        )
        if deviates(d.frozen, d.expected, amount, percent):
            out.append(d)
    return out


def save_note(user, moment, subject: str, key: str, text: str) -> DeviationNote:
    """The team's explanation of one deviation: lines by controllers/area managers, actions by
    whoever may edit the action."""
    text = (text or "").strip()
    if subject == "line":
        if not (access.can(user, "budget", moment.area) or access.can(user, "adopt", moment.area)):
            raise PermissionError
    elif subject == "action":
        action = (
            db.session.execute(visible_actions(user).where(Action.id == int(key))).scalar_one_or_none()
            if key.isdigit()
            else None
        )
        if action is None:
            raise LookupError
        if not (access.can(user, "edit", action.programme.area) or access.can(user, "budget", action.programme.area)):
            raise PermissionError
    else:
        raise LookupError
    if len(text) > 4000:
        raise PlannerError("Een toelichting is hoogstens 4000 tekens. Maak hem korter.", "text")
    note = db.session.scalar(select(DeviationNote).filter_by(moment_id=moment.id, subject=subject, subject_key=key))
    if note is None:
        note = DeviationNote(
            moment_id=moment.id, subject=subject, subject_key=key, text=text, updated_by_id=getattr(user, "id", None)
        )
        db.session.add(note)
    else:
        note.text, note.updated_by_id = text, getattr(user, "id", None)
    db.session.flush()
    return note
