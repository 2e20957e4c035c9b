"""The ward comparison: a municipality's wards (those the user may see) side by side.

Everything is counted in SQL with GROUP BY on the served area; Python only folds the grouped rows
(a handful per ward) into wards, so the query count does not grow with the number of actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import case, func, or_, select

from planner.actions.access import visible_actions
from planner.actions.models import ACTION_STATUS_LABELS, Action, ActionArea, Correction
from planner.areas.access import visible_areas
from planner.areas.models import Area
from planner.core import access
from planner.core.i18n import N_
from planner.core.sql import ids_in
from planner.extensions import db
from planner.indicators import services as indicators
from planner.opgaven.access import partner_cache_key
from planner.opgaven.models import Opgave, Theme
from planner.programmes.access import programme_visibility
from planner.programmes.models import Goal, Programme
from planner.tracking.delay import late_condition

SORT_KEYS = ("naam", "acties", "vertraagd", "bijgestuurd", "opschema", "voortgang", "inwoners", "perinwoner")
MAX_INDICATORS = 4
LATE_LIMIT = 10  # late actions named on the comparison; the ward page lists a ward's own


@dataclass
class WardRow:
    area_id: int
    code: str
    name: str
    by_status: dict = field(default_factory=dict)
    total: int = 0
    late: int = 0
    corrected: int = 0  # actions the team corrected (bijgestuurd) in the year
    progress_sum: int = 0
    population: Decimal | None = None
    budget: object | None = None  # budget Figures where present
    indicators: dict = field(default_factory=dict)  # indicator id -> {value, period, target, ...}

    @property
    def active(self) -> int:
        return self.total - self.by_status.get("gestopt", 0)

    @property
    def on_schedule(self) -> int:
        return self.active - self.late

    @property
    def on_schedule_pct(self) -> int | None:
        return _pct(self.on_schedule, self.active)

    @property
    def avg_progress(self) -> int | None:
        return _pct(self.progress_sum, self.active * 100) if self.active else None

    def _per(self, name):
        if self.budget is None or not self.population:
            return None
        return (getattr(self.budget, name) / self.population).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def allocated_per_resident(self):
        return self._per("toegekend")

    @property
    def realised_per_resident(self):
        return self._per("gerealiseerd")


@dataclass
class IndicatorColumn:
    id: int
    code: str
    name: str
    unit: str
    higher_is_better: bool | None
    average: Decimal | None = None
    average_source: str = ""  # "gemeente" (CBS figure for the municipality) or "wijken" (mean of the wards)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


@dataclass
class Comparison:
    gm: Area
    year: int
    today: date
    rows: list[WardRow]
    total: WardRow
    indicators: list[IndicatorColumn]
    themes: list
    opgaven: list
    theme_id: int | None = None
    opgave_id: int | None = None
    sort: str = "naam"
    descending: bool = False
    has_budget: bool = False
    statuses: dict = field(default_factory=lambda: dict(ACTION_STATUS_LABELS))
    late: list = field(default_factory=list)  # LateWard: the first LATE_LIMIT late actions, with their wards
    late_total: int = 0  # late actions (each counted once, however many wards it serves)
    scope: Area | None = None  # a stadsdeel whose wards are compared (None: the whole municipality)
    hours: dict = field(default_factory=dict)  # ward id -> planned and actual hours (planner.subsidies.capacity)

    @property
    def area(self) -> Area:
        """What is compared: the municipality, or one of its stadsdelen."""
        return self.scope or self.gm

    @property
    def theme_name(self) -> str | None:
        return next((name for id_, name in self.themes if id_ == self.theme_id), None)

    @property
    def opgave_title(self) -> str | None:
        return next((title for id_, title in self.opgaven if id_ == self.opgave_id), None)


@dataclass
class ProgrammeRef:
    id: int
    title: str


@dataclass
class LateActionRow:
    """What the late table and the workbook show of a late action, read as plain rows: as ORM
    objects with three relationships loaded, the workbook's few hundred cost several times more."""

    id: int
    number: int
    title: str
    status: str
    progress: int
    end_date: date | None
    programme: ProgrammeRef
    milestones: list = field(default_factory=list)  # rows with title, due_date, done_on (for delay_reasons)

    @property
    def status_label(self) -> str:
        return ACTION_STATUS_LABELS[self.status]


@dataclass
class LateWard:
    action: LateActionRow
    reasons: list
    wards: list  # names of the shown wards the action serves


def _pct(part, whole) -> int | None:
    if not whole:
        return None
    return int((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


# ---- which municipality, which wards ----------------------------------------------------------


def municipalities(user) -> list[Area]:
    """Municipalities in which the user may see at least one ward (their own grant, or above it)."""
    paths = access.grant_paths(user, "view")
    codes = sorted({p.split("/")[0] for p in paths})
    if not codes:
        return []
    return list(
        db.session.scalars(select(Area).where(Area.code.in_(codes), Area.level == "gemeente").order_by(Area.name))
    )


def visible_wards(user, gm: Area, within: Area | None = None) -> list[Area]:
    """The wards of `gm` the user may see; with `within` (a stadsdeel), only the wards in it."""
    return list(
        db.session.scalars(
            visible_areas(user)
            .where(Area.level == "wijk", Area.path.startswith((within or gm).path + "/", autoescape=True))
            .order_by(Area.code)
        )
    )


def districts(user, gms: list[Area]) -> list[Area]:
    """The stadsdelen of `gms` the user may see: each can be compared on its own wards."""
    if not gms:
        return []
    return list(
        db.session.scalars(
            visible_areas(user)
            .where(Area.level == "stadsdeel", access.path_condition(Area.path, [gm.path for gm in gms]))
            .order_by(Area.path)
        )
    )


def _areas_by_ward(gm: Area, wards: list[Area]) -> dict[int, int]:
    """Every area id inside one of `wards` (the ward itself and its buurten) → the ward's id."""
    by_path = {w.path: w.id for w in wards}
    out = {w.id: w.id for w in wards}
    if len(wards) == 1:
        rows = db.session.execute(
            select(Area.id, Area.path).where(Area.path.startswith(wards[0].path + "/", autoescape=True))
        )
    else:
        rows = db.session.execute(
            select(Area.id, Area.path).where(Area.path.startswith(gm.path + "/", autoescape=True), Area.level != "wijk")
        )
    for area_id, path in rows:
        parts = path.split("/")
        for n in range(len(parts) - 1, 0, -1):
            ward_id = by_path.get("/".join(parts[:n]))
            if ward_id is not None:
                out[area_id] = ward_id
                break
    return out


# ---- filters --------------------------------------------------------------------------------


def action_filters(gm: Area, *, year: int | None, theme_id: int | None, opgave_id: int | None) -> list:
    conditions = [access.path_condition(Area.path, [gm.path])]
    if year:
        conditions += [
            Programme.start_year <= year,
            Programme.end_year >= year,
            or_(Action.start_date.is_(None), Action.start_date <= date(year, 12, 31)),
        ]
    return conditions + selection_filters(theme_id=theme_id, opgave_id=opgave_id)


def selection_filters(*, theme_id: int | None, opgave_id: int | None) -> list:
    """The user's theme and opgave choice as conditions on an action (with its programme joined):
    the same choice narrows the counts, the late actions and the money columns.

    A theme is the theme of the action's goal (what the action is meant to achieve); an opgave's
    themes are broader and would pull in every action of a many-themed opgave."""
    conditions = []
    if theme_id:
        conditions.append(Action.goal_id.in_(select(Goal.id).where(Goal.theme_id == theme_id)))
    if opgave_id:
        conditions.append(func.coalesce(Action.opgave_id, Programme.opgave_id) == opgave_id)
    return conditions


# ---- the comparison --------------------------------------------------------------------------


def compare(
    user,
    gm: Area,
    *,
    year: int,
    theme_id: int | None = None,
    opgave_id: int | None = None,
    today: date | None = None,
    wards: list[Area] | None = None,
    sort: str = "naam",
    descending: bool = False,
    with_budget: bool = True,
    with_late: bool = True,
    late_limit: int | None = LATE_LIMIT,
    budget_fingerprint: tuple | None = None,
    scope: Area | None = None,
) -> Comparison | None:
    """None when the user may see no ward of `gm` (the municipality stays invisible).
    `late_limit`: how many late actions to name (None: all, for the workbook)."""
    today = today or date.today()
    wards = visible_wards(user, gm, scope) if wards is None else wards
    if not wards:
        return None
    rows = {w.id: WardRow(w.id, w.code, w.name) for w in wards}
    ward_of = _areas_by_ward(gm, wards)
    _count_actions(user, gm, rows, ward_of, year=year, theme_id=theme_id, opgave_id=opgave_id, today=today)
    _count_corrected(user, gm, rows, ward_of, year=year, theme_id=theme_id, opgave_id=opgave_id)
    choices = _filter_choices(user, gm)
    late = (
        _late_actions(
            user, gm, rows, ward_of, year=year, theme_id=theme_id, opgave_id=opgave_id, today=today, limit=late_limit
        )
        if with_late
        else ([], 0)
    )
    has_budget = _add_budget(
        rows,
        ward_of,
        _budget_by_ward(user, gm, year, budget_fingerprint, theme_id=theme_id, opgave_id=opgave_id)
        if with_budget
        else None,
    )
    reads = _indicator_reads(_visible_goals(user, gm), list(rows), gm.id)
    columns = _add_indicators(gm, rows, reads)  # and each ward's population
    result = Comparison(
        gm,
        year,
        today,
        list(rows.values()),
        _total(scope or gm, rows.values()),
        columns,
        *choices,
        theme_id=theme_id,
        opgave_id=opgave_id,
        has_budget=has_budget,
        scope=scope,
    )
    result.late, result.late_total = late
    result.hours = _hours_by_ward(user, gm, year, ward_of, opgave_id)
    sort_rows(result, sort, descending)
    return result


def _count_actions(user, gm, rows, ward_of, *, year, theme_id, opgave_id, today) -> None:
    late = case((late_condition(today), 1), else_=0)
    query = (
        select(ActionArea.area_id, Action.status, late.label("late"), func.count(), func.sum(Action.progress))
        .select_from(Action)
        .join(Action.programme)
        .join(Programme.area)
        .join(ActionArea, ActionArea.action_id == Action.id)
        .where(
            programme_visibility(user),
            ids_in(ActionArea.area_id, sorted(ward_of)),
            *action_filters(gm, year=year, theme_id=theme_id, opgave_id=opgave_id),
        )
        .group_by(ActionArea.area_id, Action.status, late)
    )
    for area_id, status, is_late, count, progress in db.session.execute(query):
        row = rows[ward_of[area_id]]
        row.by_status[status] = row.by_status.get(status, 0) + count
        row.total += count
        if status != "gestopt":
            row.progress_sum += int(progress or 0)
        if is_late:
            row.late += count


def _count_corrected(user, gm, rows, ward_of, *, year, theme_id, opgave_id) -> None:
    """Per ward, the actions counted above that were corrected (bijgestuurd) in `year`: a team that
    adjusts course in time shows as such, beside the late ones."""
    corrected = select(Correction.action_id).where(
        Correction.corrected_on >= date(year, 1, 1), Correction.corrected_on <= date(year, 12, 31)
    )
    query = (
        select(ActionArea.area_id, func.count(Action.id))
        .select_from(Action)
        .join(Action.programme)
        .join(Programme.area)
        .join(ActionArea, ActionArea.action_id == Action.id)
        .where(
            programme_visibility(user),
            ids_in(ActionArea.area_id, sorted(ward_of)),
            Action.id.in_(corrected),
            *action_filters(gm, year=year, theme_id=theme_id, opgave_id=opgave_id),
        )
        .group_by(ActionArea.area_id)
    )
    for area_id, count in db.session.execute(query):
        rows[ward_of[area_id]].corrected += count


def _late_actions(user, gm, rows, ward_of, *, year, theme_id, opgave_id, today, limit) -> tuple[list, int]:
    """The same actions the late counts cover, named, earliest end date first; their number comes with
    them (a window count), so this is one query plus two small loads however many are late."""
    from planner.actions.models import Milestone
    from planner.tracking.delay import delay_reasons

    served = Action.id.in_(select(ActionArea.action_id).where(ids_in(ActionArea.area_id, sorted(ward_of))))
    query = (
        visible_actions(user)
        .with_only_columns(
            Action.id,
            Action.number,
            Action.title,
            Action.status,
            Action.progress,
            Action.end_date,
            Programme.id,
            Programme.title,
            func.count().over(),
        )
        .where(served, late_condition(today), *action_filters(gm, year=year, theme_id=theme_id, opgave_id=opgave_id))
        .order_by(Action.end_date.is_(None), Action.end_date, Action.id)
    )
    found = db.session.execute(query.limit(limit) if limit else query).all()
    if not found:
        return [], 0
    actions = {r[0]: LateActionRow(*r[:6], ProgrammeRef(r[6], r[7])) for r in found}
    milestones = (
        select(Milestone.action_id, Milestone.title, Milestone.due_date, Milestone.done_on)
        .where(ids_in(Milestone.action_id, actions))
        .order_by(Milestone.due_date, Milestone.id)
    )
    for m in db.session.execute(milestones):
        actions[m.action_id].milestones.append(m)
    wards: dict[int, dict] = {}
    for action_id, area_id in db.session.execute(
        select(ActionArea.action_id, ActionArea.area_id)
        .where(ids_in(ActionArea.action_id, actions))
        .order_by(ActionArea.id)
    ):
        if area_id in ward_of:
            wards.setdefault(action_id, {})[rows[ward_of[area_id]].name] = None
    out = [LateWard(a, delay_reasons(a, today), list(wards.get(a.id, ()))) for a in actions.values()]
    return out, found[0][-1]


def _budget_by_ward(
    user, gm: Area, year: int, fingerprint: tuple | None, *, theme_id: int | None = None, opgave_id: int | None = None
) -> dict | None:
    """The budget Figures by served area id (None: no budget for the year), through the budget
    service. Its cent-exact splits are the costliest part of a large municipality's comparison:
    kept per municipality, year and grants while their fingerprint holds (planner.tracking.cache)."""
    from planner.budget import services as budget
    from planner.tracking import cache

    if not budget.has_budget_year(gm, year):
        return None
    key = (
        gm.id,
        year,
        tuple(access.grant_paths(user, "view")),
        tuple(access.grant_paths(user, "view_draft")),
        partner_cache_key(user),
        theme_id,
        opgave_id,
    )
    fingerprint = fingerprint or cache.budget_fingerprint(gm, year)
    by_ward = cache.BUDGET.get(key, fingerprint)
    if by_ward is None:
        by_ward = budget.ward_figures(user, gm, year, where=selection_filters(theme_id=theme_id, opgave_id=opgave_id))
        cache.BUDGET.put(key, fingerprint, by_ward)
    return by_ward


def _hours_by_ward(user, gm: Area, year: int, ward_of: dict, opgave_id: int | None) -> dict:
    """Capacity beside the money: hours on the opgaven the user may see, by the ward that owns the opgave."""
    from planner.subsidies.capacity import Hours, hours_by_area

    out: dict = {}
    for area_id, hours in hours_by_area(user, gm, year, opgave_id=opgave_id).items():
        ward_id = ward_of.get(area_id)
        if ward_id is not None:
            out.setdefault(ward_id, Hours()).add(hours.planned, hours.actual)
    return out


def _add_budget(rows, ward_of, by_ward: dict | None) -> bool:
    """Budget figures per ward where the budget feature has any for the year."""
    from planner.budget.rollup import Figures

    if by_ward is None:
        return False
    for area_id, figures in by_ward.items():
        ward_id = ward_of.get(area_id)
        if ward_id is None:
            continue
        row = rows[ward_id]
        row.budget = (row.budget or Figures()).add(figures)
    for row in rows.values():
        if row.budget is None:
            row.budget = Figures()
    return True


def _visible_goals(user, gm: Area):
    """The condition on a goal target that its goal is one the user may see."""
    # A target's area lies within its goal's programme area (set_goal_target), so the goals that
    # can target these wards are those of the municipality's programmes: an indexed read.
    return indicators.GoalTarget.goal_id.in_(
        select(Goal.id)
        .join(Goal.programme)
        .join(Programme.area)
        .where(programme_visibility(user), access.path_condition(Area.path, [gm.path]))
    )


def _indicator_reads(visible_goals, ward_ids: list[int], gm_id: int) -> tuple:
    """The four reads behind the indicator columns: definitions, targets (of goals matching
    `visible_goals`), which indicators, their latest values in the wards and the municipality."""
    defs = indicators.definitions()
    pop = next((i for i, d in defs.items() if d.code == indicators.POPULATION), None)
    targets = indicators.targets_for_areas(ward_ids, visible_goals)
    chosen = list(dict.fromkeys(i for i, _ in targets))[:MAX_INDICATORS]
    if len(chosen) < MAX_INDICATORS:
        chosen += indicators.indicators_measured(
            ward_ids, MAX_INDICATORS - len(chosen), exclude=chosen + ([pop] if pop else [])
        )
    latest = indicators.latest_values(chosen + ([pop] if pop and pop not in chosen else []), ward_ids + [gm_id])
    return defs, pop, targets, chosen, latest


def _add_indicators(gm, rows, reads: tuple) -> list[IndicatorColumn]:
    """The indicator columns from _indicator_reads, and each ward's population (its latest head count)."""
    defs, pop, targets, chosen, latest = reads
    ward_ids = list(rows)
    if pop is not None:
        for ward_id, row in rows.items():
            if (pop, ward_id) in latest:
                row.population = latest[(pop, ward_id)][1]
    columns = []
    for ind_id in chosen:
        ind = defs[ind_id]
        column = IndicatorColumn(ind.id, ind.code, ind.name, ind.unit, ind.higher_is_better)
        gm_value = latest.get((ind_id, gm.id))
        ward_values = [latest[(ind_id, w)][1] for w in ward_ids if (ind_id, w) in latest]
        if gm_value is not None:
            column.average, column.average_source = gm_value[1], "gemeente"
        elif ward_values:
            column.average = (sum(ward_values) / len(ward_values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            column.average_source = "wijken"
        columns.append(column)
        for ward_id, row in rows.items():
            cell = {}
            if (ind_id, ward_id) in latest:
                cell["period"], cell["value"] = latest[(ind_id, ward_id)]
            target = targets.get((ind_id, ward_id))
            if target is not None:
                cell.update(
                    target=target.target_value,
                    target_period=target.target_period,
                    baseline=target.baseline_value,
                    baseline_period=target.baseline_period,
                )
            if "value" in cell:
                cell["verdict"] = _verdict(cell["value"], column, cell.get("target"))
            row.indicators[ind_id] = cell
    return columns


def _verdict(value: Decimal, column: IndicatorColumn, target: Decimal | None) -> str:
    """In words, for the table: against the target if there is one, else against the average."""
    better = column.higher_is_better
    if target is not None:
        if better is None:
            return N_("streefwaarde gehaald") if value == target else N_("nog niet op streefwaarde")
        reached = value >= target if better else value <= target
        return N_("streefwaarde gehaald") if reached else N_("nog niet op streefwaarde")
    if column.average is None or better is None or value == column.average:
        return ""
    # Dutch here, as in the workbook; the page translates it (`|tr`).
    return N_("beter dan gemiddeld") if (value > column.average) == better else N_("slechter dan gemiddeld")


def _total(gm: Area, rows) -> WardRow:
    total = WardRow(gm.id, gm.code, gm.name)
    for row in rows:
        for status, count in row.by_status.items():
            total.by_status[status] = total.by_status.get(status, 0) + count
        total.total += row.total
        total.late += row.late
        total.corrected += row.corrected
        total.progress_sum += row.progress_sum
        if row.population is not None:
            total.population = (total.population or Decimal(0)) + row.population
        if row.budget is not None:
            from planner.budget.rollup import Figures

            total.budget = (total.budget or Figures()).add(row.budget)
    return total


def _filter_choices(user, gm: Area) -> tuple[list, list]:
    themes = list(
        db.session.execute(
            select(Theme.id, Theme.name)
            .where(Theme.area_id.is_(None) | (Theme.area_id == gm.id))  # the shared themes and this municipality's
            .order_by(Theme.position, Theme.name)
        )
    )
    opgaven = list(
        db.session.execute(
            select(Opgave.id, Opgave.title)
            .join(Opgave.area)
            .where(
                access.path_condition(Area.path, access.grant_paths(user, "view")),
                access.path_condition(Area.path, [gm.path]),
            )
            .order_by(Opgave.title)
        )
    )
    return themes, opgaven


def sort_rows(result: Comparison, sort: str, descending: bool) -> None:
    if sort.startswith("ind-") and sort[4:].isdigit():
        ind = int(sort[4:])

        def key(r):
            return r.indicators.get(ind, {}).get("value")

    else:
        sort = sort if sort in SORT_KEYS else "naam"
        key = {
            "naam": lambda r: r.name.casefold(),
            "acties": lambda r: r.total,
            "vertraagd": lambda r: r.late,
            "bijgestuurd": lambda r: r.corrected,
            "opschema": lambda r: r.on_schedule_pct,
            "voortgang": lambda r: r.avg_progress,
            "inwoners": lambda r: r.population,
            "perinwoner": lambda r: r.allocated_per_resident,
        }[sort]
    present = [r for r in result.rows if key(r) is not None]
    missing = [r for r in result.rows if key(r) is None]  # no figure: always last
    present.sort(key=lambda r: (key(r), r.name.casefold()), reverse=descending)
    result.rows = present + sorted(missing, key=lambda r: r.name.casefold())
    result.sort, result.descending = sort, descending
