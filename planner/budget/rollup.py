"""Pure money arithmetic for the budget views: cent-exact splits and roll-ups in Decimal."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value) -> Decimal:
    if value.__class__ is Decimal:  # the common case, thousands of times per report
        return value.quantize(CENT)
    return Decimal(value or 0).quantize(CENT)


def split_amount(amount: Decimal, weights: dict) -> dict:
    """Split `amount` over `weights` so that the parts add up to the cent (largest remainder).

    Ties go to the key that sorts first, so the same input always gives the same split.
    """
    weights = {k: Decimal(w) for k, w in weights.items() if w}
    total = sum(weights.values(), Decimal(0))
    if not weights or total == 0:
        return {}
    units = int((cents(amount) / CENT).to_integral_value())
    raw = {k: Decimal(units) * w / total for k, w in weights.items()}
    parts = {k: int(v.to_integral_value(rounding=ROUND_FLOOR)) for k, v in raw.items()}
    left = units - sum(parts.values())
    for k in sorted(weights, key=lambda k: (-(raw[k] - parts[k]), str(k)))[:left]:
        parts[k] += 1
    return {k: Decimal(v) * CENT for k, v in parts.items()}


@dataclass
class Figures:
    """begroot (primitief), gewijzigd (na wijziging, else primitief), gerealiseerd, toegekend aan acties."""

    begroot: Decimal = ZERO
    gewijzigd: Decimal = ZERO
    gerealiseerd: Decimal = ZERO
    prognose: Decimal = ZERO
    toegekend: Decimal = ZERO

    NAMES = ("begroot", "gewijzigd", "gerealiseerd", "prognose", "toegekend")

    @property
    def vrij(self) -> Decimal:
        return self.gewijzigd - self.toegekend

    def add(self, other: Figures) -> Figures:
        for name in self.NAMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def per(self, population) -> Figures | None:
        """Per resident, rounded to the cent; None without a population."""
        if not population:
            return None
        return Figures(**{n: cents(getattr(self, n) / Decimal(population)) for n in self.NAMES})


@dataclass
class Share:
    """The part of one budget line (and of one action's allocation on it) that serves one area."""

    line_key: str
    taakveld_code: str
    action_id: int
    area_id: int
    figures: Figures


@dataclass
class LineTotals:
    line_key: str
    taakveld_code: str
    description: str
    figures: Figures = field(default_factory=Figures)
    kinds: set = field(default_factory=set)  # which kinds the municipality has for this line


def attribute(lines: dict[str, LineTotals], allocations: list[tuple[str, int, Decimal]],
              area_weights: dict[int, dict[int, Decimal]]) -> list[Share]:
    """Give every (action, area) that draws from a line its part of that line's figures.

    An allocation is split over the action's areas by weight; a line's begroot/gewijzigd/
    gerealiseerd/prognose are split over its holders in proportion to what they were allocated.
    Every split is cent-exact, so the shares of a line add up to the line.
    """
    holders: dict[str, dict[tuple[int, int], Decimal]] = {}
    for line_key, action_id, amount in allocations:
        weights = area_weights.get(action_id) or {0: Decimal(1)}
        for area_id, part in split_amount(amount, weights).items():
            bucket = holders.setdefault(line_key, {})
            bucket[(action_id, area_id)] = bucket.get((action_id, area_id), ZERO) + part
    shares = []
    for line_key, bucket in holders.items():
        line = lines.get(line_key)
        if line is None:
            continue
        splits = {n: split_amount(getattr(line.figures, n), bucket) if getattr(line.figures, n) else {}
                  for n in ("begroot", "gewijzigd", "gerealiseerd", "prognose")}
        for holder, allocated in bucket.items():
            figures = Figures(toegekend=allocated, **{n: s.get(holder, ZERO) for n, s in splits.items()})
            shares.append(Share(line_key, line.taakveld_code, holder[0], holder[1], figures))
    return shares


def roll_up(items, key) -> tuple[dict, Figures]:
    """Sum figures by `key(item)`; returns the groups (in first-seen order) and the grand total."""
    groups: dict = {}
    total = Figures()
    for item in items:
        figures = item.figures
        groups.setdefault(key(item), Figures()).add(figures)
        total.add(figures)
    return groups, total


def deviates(reference: Decimal, actual: Decimal, amount: Decimal, percent: Decimal | None) -> bool:
    """More than `amount` euros or more than `percent` % away from the reference."""
    difference = abs(actual - reference)
    if amount is not None and difference > amount:
        return True
    if percent is not None and reference:
        return difference * 100 > abs(reference) * percent
    return False
