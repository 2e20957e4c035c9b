"""Iv3 for comparison: a municipality's lasten per inhabitant per taakveld against the median of the
municipalities of the same size class in the same province, where their Iv3 figures are loaded."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from planner.areas.models import Area
from planner.budget.models import BudgetLine, Iv3Profile
from planner.budget.rollup import cents
from planner.extensions import db

IV3_LINE = (BudgetLine.cost_centre == "", BudgetLine.line_key == BudgetLine.taakveld_code)


@dataclass
class BenchmarkRow:
    taakveld_code: str
    name: str
    mine: Decimal | None
    peers: Decimal | None  # median per inhabitant of the peers that have the taakveld
    count: int

    @property
    def difference(self) -> Decimal | None:
        return None if self.mine is None or self.peers is None else self.mine - self.peers


@dataclass
class Benchmark:
    year: int
    years: list[int]
    profile: Iv3Profile | None
    peers: list[Area] = field(default_factory=list)
    rows: list[BenchmarkRow] = field(default_factory=list)


def iv3_years(gm: Area) -> list[int]:
    return list(
        db.session.scalars(
            select(Iv3Profile.fiscal_year).where(Iv3Profile.area_id == gm.id).order_by(Iv3Profile.fiscal_year)
        )
    )


def benchmark(gm: Area, year: int) -> Benchmark:
    from planner.budget.services import _taakveld_names, _taakveld_order

    result = Benchmark(
        year, iv3_years(gm), db.session.scalar(select(Iv3Profile).filter_by(area_id=gm.id, fiscal_year=year))
    )
    profile = result.profile
    if profile is None or not profile.inhabitants:
        return result
    peers = db.session.execute(
        select(Iv3Profile.area_id, Iv3Profile.inhabitants).where(
            Iv3Profile.fiscal_year == year,
            Iv3Profile.size_class == profile.size_class,
            Iv3Profile.province == profile.province,
            Iv3Profile.area_id != gm.id,
            Iv3Profile.inhabitants > 0,
        )
    ).all()
    inhabitants = {gm.id: profile.inhabitants, **dict(peers)}
    amounts: dict[str, dict[int, Decimal]] = {}
    for area_id, code, amount in db.session.execute(
        select(BudgetLine.area_id, BudgetLine.taakveld_code, func.sum(BudgetLine.amount))
        .where(
            BudgetLine.area_id.in_(list(inhabitants)),
            BudgetLine.fiscal_year == year,
            BudgetLine.direction == "lasten",
            BudgetLine.kind == "primitief",
            *IV3_LINE,
        )
        .group_by(BudgetLine.area_id, BudgetLine.taakveld_code)
    ):
        amounts.setdefault(code, {})[area_id] = cents(Decimal(amount) / inhabitants[area_id])
    names = _taakveld_names(amounts)
    for code, per_area in sorted(amounts.items(), key=_taakveld_order):
        others = [v for a, v in per_area.items() if a != gm.id]
        result.rows.append(
            BenchmarkRow(
                code,
                names.get(code, ""),
                per_area.get(gm.id),
                cents(statistics.median(others)) if others else None,
                len(others),
            )
        )
    result.peers = db.session.scalars(select(Area).where(Area.id.in_([a for a, _ in peers])).order_by(Area.name)).all()
    return result
