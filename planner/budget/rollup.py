"""Pure money arithmetic for the budget views: cent-exact splits and roll-ups in Decimal."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value) -> Decimal:
    if value.__class__ is Decimal:  # the common case, thousands of times per report
        return value.quantize(CENT)
    return Decimal(value or 0).quantize(CENT)


def _units(amount) -> int:
    """A money amount as a whole number of cents."""
    return int(cents(amount).scaleb(2))  # exact: a quantized amount has two decimals


def _integer_weights(weights: dict) -> dict | None:
    """The non-zero weights as whole numbers in exactly the same proportions (None: a negative one)."""
    values = weights.values()
    if all(w.__class__ is int for w in values):  # ten-thousandths from the database (ward_figure_rows)
        return None if any(w < 0 for w in values) else {k: w for k, w in weights.items() if w}
    ratios = {}
    for k, w in weights.items():
        if not w:
            continue
        n, d = Decimal(w).as_integer_ratio()
        if n < 0:
            return None
        ratios[k] = (n, d)
    if len(ratios) == 1 or all(d == 1 for _, d in ratios.values()):
        return {k: n for k, (n, _) in ratios.items()}
    common = math.lcm(*(d for _, d in ratios.values()))
    return {k: n * (common // d) for k, (n, d) in ratios.items()}


def _split_units(units: int, weights: dict) -> dict:
    """Largest-remainder split of `units` over positive integer weights, in integer arithmetic.

    Gives the same parts as the Decimal computation (28 digits) it replaces: for amounts in euros
    the remainders differ far above that precision, except exact ties, which a Decimal quotient
    such as 2/3 does not keep tied; those are ordered by the Decimal quotients as before."""
    if len(weights) == 1:
        return dict.fromkeys(weights, units)
    keys = list(weights)
    values = list(weights.values())
    return dict(zip(keys, _split_list(units, values, sum(values), keys)))


def _split_list(units: int, weights: list[int], total: int, keys: list) -> list[int]:
    """_split_units over a list of positive weights (summing to `total`), the parts in the same
    order; `keys` (in the same order) only to order an exact tie."""
    if len(weights) == 2:  # the common case of an action serving two areas: the same result, sooner
        (p0, r0), (p1, r1) = divmod(units * weights[0], total), divmod(units * weights[1], total)
        left = units - p0 - p1
        if not left:
            return [p0, p1]
        if left == 1 and r0 != r1:
            return [p0 + 1, p1] if r0 > r1 else [p0, p1 + 1]
    parts, remainders = [], []
    for w in weights:
        part, remainder = divmod(units * w, total)
        parts.append(part)
        remainders.append(remainder)
    left = units - sum(parts)
    if left:
        nonzero = [i for i, r in enumerate(remainders) if r]
        if len({remainders[i] for i in nonzero}) == len(nonzero):
            # `left` is less than the number of non-zero remainders, and these differ: no tie to break.
            chosen = sorted(nonzero, key=remainders.__getitem__, reverse=True)[:left]
        else:
            raw = [Decimal(units) * Decimal(w) / Decimal(total) for w in weights]
            chosen = sorted(range(len(weights)), key=lambda i: (-(raw[i] - parts[i]), str(keys[i])))[:left]
        for i in chosen:
            parts[i] += 1
    return parts


def split_amount(amount: Decimal, weights: dict) -> dict:
    """Split `amount` over `weights` so that the parts add up to the cent (largest remainder).

    Ties go to the key that sorts first, so the same input always gives the same split.
    """
    whole = _integer_weights(weights)
    if whole is None:
        return _split_decimal(amount, weights)
    if not whole:
        return {}
    return {k: Decimal(v) * CENT for k, v in _split_units(_units(amount), whole).items()}


def _split_decimal(amount: Decimal, weights: dict) -> dict:
    """split_amount in Decimal arithmetic, for weights that are not all positive."""
    weights = {k: Decimal(w) for k, w in weights.items() if w}
    total = sum(weights.values(), Decimal(0))
    if not weights or total == 0:
        return {}
    units = _units(amount)
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
    budget_programme: str = ""  # the raad's begrotingsprogramma of the line


@dataclass
class LineTotals:
    line_key: str
    taakveld_code: str
    description: str
    figures: Figures = field(default_factory=Figures)
    kinds: set = field(default_factory=set)  # which kinds the municipality has for this line
    budget_programme: str = ""  # begrotingsprogramma (the raad's level), "" when the source has none


SPLIT = ("begroot", "gewijzigd", "gerealiseerd", "prognose")


def _holders(allocations, area_weights, in_cents: bool) -> dict[str, dict[tuple[int, int], int]]:
    """{line key: {(action, area): allocated cents}}: each allocation split over its action's areas
    by weight, cent-exact. `in_cents`: the allocation amounts are already whole cents (int)."""
    holders: dict[str, dict[tuple[int, int], int]] = {}
    whole_weights: dict[int, tuple | dict | int | None] = {}
    for line_key, action_id, amount in allocations:
        whole = whole_weights.get(action_id, ())
        if whole == ():
            whole = _integer_weights(area_weights.get(action_id) or {0: Decimal(1)})
            if whole is not None and len(whole) == 1:  # most actions serve one area: its id
                whole = next(iter(whole))
            elif whole:  # several areas: their ids, weights and the weights' total, for _split_list
                whole = (list(whole), list(whole.values()), sum(whole.values()))
            whole = whole_weights[action_id] = whole
        if whole.__class__ is int:
            bucket = holders.get(line_key)
            if bucket is None:
                bucket = holders[line_key] = {}
            holder = (action_id, whole)
            bucket[holder] = bucket.get(holder, 0) + (amount if in_cents else _units(amount))
            continue
        if whole is None:  # a negative weight: the Decimal split
            euros = Decimal(amount) * CENT if in_cents else amount
            parts = [(k, _units(v)) for k, v in split_amount(euros, area_weights[action_id]).items()]
            if not parts:
                continue
        elif whole:
            keys, weights, total = whole
            parts = zip(keys, _split_list(amount if in_cents else _units(amount), weights, total, keys))
        else:  # no area with a weight
            continue
        bucket = holders.get(line_key)
        if bucket is None:
            bucket = holders[line_key] = {}
        for area_id, part in parts:
            holder = (action_id, area_id)
            bucket[holder] = bucket.get(holder, 0) + part
    return holders


def _line_splits(lines: dict, allocations, area_weights, in_cents: bool, figures_in_cents: bool = False):
    """The cent-exact attribution behind `attribute` and `area_totals`, in whole cents: yields per
    line with holders (line, holders [(action, area)], their allocated cents, [(figure's index in
    SPLIT, its cents per holder in the same order)] for the line's non-zero figures). Lists in the
    holders' order (_split_list), not a dict per figure: a large municipality has thousands of
    holders. `in_cents`: the allocation amounts are already whole cents (int); `figures_in_cents`:
    `lines` maps a key to its four SPLIT figures as whole cents instead of a LineTotals."""
    for line_key, bucket in _holders(allocations, area_weights, in_cents).items():
        line = lines.get(line_key)
        if line is None:
            continue
        if figures_in_cents:
            values = [(i, c) for i, c in enumerate(line) if c]
        else:
            figures = line.figures
            values = [
                (i, _units(v))
                for i, v in enumerate((figures.begroot, figures.gewijzigd, figures.gerealiseerd, figures.prognose))
                if v
            ]
        keys, allocated = list(bucket), list(bucket.values())
        if len(allocated) == 1 and allocated[0] > 0:  # one holder: it gets the whole line
            columns = [(i, [c]) for i, c in values]
        elif all(v > 0 for v in allocated):
            total = sum(allocated)
            columns = [(i, _split_list(c, allocated, total, keys)) for i, c in values]
        else:  # zero or negative allocations among them: as split_amount does it
            columns = []
            for i, c in values:
                split = split_amount(Decimal(c) * CENT, bucket)
                columns.append((i, [_units(split[k]) if k in split else 0 for k in keys]))
        yield line, keys, allocated, columns


def attribute(
    lines: dict[str, LineTotals],
    allocations: list[tuple[str, int, Decimal]],
    area_weights: dict[int, dict[int, Decimal]],
) -> list[Share]:
    """Give every (action, area) that draws from a line its part of that line's figures.

    An allocation is split over the action's areas by weight; a line's begroot/gewijzigd/
    gerealiseerd/prognose are split over its holders in proportion to what they were allocated.
    Every split is cent-exact, so the shares of a line add up to the line.
    """
    shares = []
    for line, keys, allocated, columns in _line_splits(lines, allocations, area_weights, False):
        for j, (action_id, area_id) in enumerate(keys):
            split = [0] * len(SPLIT)
            for i, parts in columns:
                split[i] = parts[j]
            figures = Figures(*(Decimal(c) * CENT for c in split), toegekend=Decimal(allocated[j]) * CENT)
            shares.append(Share(line.line_key, line.taakveld_code, action_id, area_id, figures, line.budget_programme))
    return shares


def area_totals(
    lines: dict,
    allocations: list[tuple[str, int, Decimal]],
    area_weights: dict[int, dict[int, Decimal]],
    in_cents: bool = False,
    figures_in_cents: bool = False,
) -> dict[int, Figures]:
    """`roll_up(attribute(...), area)` without a Share per holder: the same cents, summed per area
    as whole numbers. `in_cents`: the allocation amounts are given as whole cents (int);
    `figures_in_cents`: `lines` maps a key to its four SPLIT figures in whole cents (_line_splits)."""
    sums: dict[int, list[int]] = {}
    for _, keys, allocated, columns in _line_splits(lines, allocations, area_weights, in_cents, figures_in_cents):
        totals = []
        for _, area_id in keys:
            total_of_area = sums.get(area_id)
            if total_of_area is None:
                total_of_area = sums[area_id] = [0, 0, 0, 0, 0]
            totals.append(total_of_area)
        for i, parts in columns:
            for total_of_area, part in zip(totals, parts):
                total_of_area[i] += part
        for total_of_area, part in zip(totals, allocated):
            total_of_area[4] += part
    return {area: Figures(*(Decimal(v) * CENT for v in (t[0], t[1], t[2], t[3], t[4]))) for area, t in sums.items()}


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
