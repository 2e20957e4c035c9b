"""Pure money arithmetic: splits and roll-ups add up to the cent."""

from __future__ import annotations

from decimal import Decimal

from planner.budget.rollup import Figures, LineTotals, area_totals, attribute, deviates, roll_up, split_amount


def test_split_adds_up_to_the_cent_with_largest_remainder():
    parts = split_amount(Decimal("100.00"), {"a": 1, "b": 1, "c": 1})
    assert parts == {"a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
    assert sum(parts.values()) == Decimal("100.00")


def test_split_by_uneven_weights_is_exact_for_many_amounts():
    weights = {1: Decimal("0.7"), 2: Decimal("0.2"), 3: Decimal("0.1"), 4: Decimal("0.3333")}
    for cents in range(0, 100_000, 997):
        amount = Decimal(cents) / 100
        assert sum(split_amount(amount, weights).values()) == amount


def test_split_of_nothing_and_zero_weights():
    assert split_amount(Decimal("10"), {}) == {}
    assert split_amount(Decimal("10"), {"a": 0}) == {}
    assert split_amount(Decimal("0.01"), {"a": 1, "b": 1}) == {"a": Decimal("0.01"), "b": Decimal("0.00")}


def test_attribute_gives_each_ward_its_share_and_shares_add_up_to_the_line():
    line = LineTotals(
        "KPL1",
        "6.1",
        "Buurtwerk",
        Figures(begroot=Decimal("100000.00"), gewijzigd=Decimal("100000.01"), gerealiseerd=Decimal("33333.33")),
    )
    allocations = [("KPL1", 10, Decimal("30000.00")), ("KPL1", 11, Decimal("10000.00"))]
    weights = {10: {1: Decimal(1), 2: Decimal(2)}, 11: {2: Decimal(1)}}
    shares = attribute({"KPL1": line}, allocations, weights)
    by_ward, total = roll_up(shares, lambda s: s.area_id)
    assert by_ward[1].toegekend == Decimal("10000.00") and by_ward[2].toegekend == Decimal("30000.00")
    assert total.gewijzigd == Decimal("100000.01") and total.gerealiseerd == Decimal("33333.33")
    assert total.toegekend == Decimal("40000.00")
    assert by_ward[1].gewijzigd + by_ward[2].gewijzigd == Decimal("100000.01")
    assert by_ward[1].vrij + by_ward[2].vrij == Decimal("60000.01")


def test_roll_up_totals_are_sums_of_groups_to_the_cent():
    items = [LineTotals(str(i), f"{i % 3}.1", "", Figures(begroot=Decimal("0.01") * i)) for i in range(1, 1001)]
    groups, total = roll_up(items, lambda line: line.taakveld_code)
    assert total.begroot == Decimal("5005.00")
    assert sum((g.begroot for g in groups.values()), Decimal(0)) == total.begroot


def test_per_resident_and_deviation_threshold():
    assert Figures(toegekend=Decimal("1000.00")).per(3).toegekend == Decimal("333.33")
    assert Figures().per(None) is None
    assert deviates(Decimal("100000"), Decimal("126000"), Decimal("25000"), None)
    assert not deviates(Decimal("100000"), Decimal("109000"), Decimal("25000"), Decimal("10"))
    assert deviates(Decimal("100000"), Decimal("111000"), Decimal("25000"), Decimal("10"))
    assert not deviates(Decimal("0"), Decimal("100"), Decimal("25000"), Decimal("10"))


def test_area_totals_equal_rolled_up_shares_to_the_cent_including_ties():
    """The comparison sums shares per area in whole cents: the same figures as attribute + roll_up."""
    import random

    rng = random.Random(6)
    for _ in range(200):
        lines = {
            f"K{k}": LineTotals(
                f"K{k}",
                "6.1",
                "",
                Figures(
                    begroot=Decimal(rng.randrange(0, 10**8)) / 100,
                    gewijzigd=Decimal(rng.randrange(0, 10**8)) / 100,
                    gerealiseerd=Decimal(rng.randrange(-(10**5), 10**8)) / 100,
                ),
            )
            for k in range(4)
        }
        allocations = [
            (f"K{rng.randrange(5)}", rng.randrange(1, 12), Decimal(rng.choice((300, 900, rng.randrange(10**7)))) / 100)
            for _ in range(rng.randrange(1, 25))
        ]
        weights = {
            a: {w: rng.choice((Decimal(1), Decimal(2), Decimal("0.5"), Decimal(0))) for w in rng.sample(range(1, 6), 2)}
            for a in range(1, 12)
            if rng.random() < 0.8
        }
        by_ward, _ = roll_up(attribute(lines, allocations, weights), lambda s: s.area_id)
        assert area_totals(lines, allocations, weights) == by_ward


def test_equal_remainders_of_a_non_terminating_split_keep_their_previous_order():
    # 39,017.22 over 2 : 0.5 : 2 leaves three equal remainders (6/9 cent); the split stays as it was.
    parts = split_amount(Decimal("39017.22"), {7: Decimal(2), 1: Decimal("0.5"), 6: Decimal(2)})
    assert parts == {7: Decimal("17340.99"), 1: Decimal("4335.24"), 6: Decimal("17340.99")}
