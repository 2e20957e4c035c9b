"""Progress roll-up: a parent action's progress is the weighted mean of its children's."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def weighted_progress(children: list[tuple[Decimal | int, Decimal | int]]) -> int | None:
    """`children` is a list of (progress 0–100, weight). None when there is nothing to weigh."""
    total_weight = sum((Decimal(w) for _, w in children), Decimal(0))
    if total_weight <= 0:
        return None
    value = sum((Decimal(p) * Decimal(w) for p, w in children), Decimal(0)) / total_weight
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rolled_up_progress(action) -> int:
    """Own progress for a leaf; for a parent the weighted roll-up of its (rolled-up) children."""
    children = [c for c in action.children if c.status != "gestopt"]
    if not children:
        return action.progress
    result = weighted_progress([(rolled_up_progress(c), c.weight) for c in children])
    return action.progress if result is None else result
