"""Progress roll-up by weight: pure arithmetic and over real actions."""

from decimal import Decimal

from planner.actions.rollup import rolled_up_progress, weighted_progress
from planner.extensions import db


def test_weighted_progress_weighs_children():
    assert weighted_progress([(100, 3), (0, 1)]) == 75
    assert weighted_progress([(50, Decimal("0.5")), (100, Decimal("1.5"))]) == 88  # 87.5 rounds half up
    assert weighted_progress([]) is None
    assert weighted_progress([(40, 0)]) is None


def test_parent_progress_rolls_up_through_two_levels_and_skips_stopped(helmond, make_programme, make_action):
    _, ward, _ = helmond
    programme = make_programme(ward)
    parent = make_action(programme, "Wijkaanpak", progress=0)
    child_a = make_action(programme, "Deel A", parent=parent, progress=100, weight=Decimal(1), status="afgerond")
    child_b = make_action(programme, "Deel B", parent=parent, progress=0, weight=Decimal(1), status="loopt")
    make_action(programme, "B1", parent=child_b, progress=40, weight=Decimal(3), status="loopt")
    make_action(programme, "B2", parent=child_b, progress=80, weight=Decimal(1), status="loopt")
    make_action(programme, "Gestopt", parent=parent, progress=0, weight=Decimal(5), status="gestopt")
    db.session.refresh(parent)
    # B = (40*3 + 80*1) / 4 = 50; parent = (100 + 50) / 2 = 75; the stopped child does not count
    assert rolled_up_progress(child_b) == 50
    assert rolled_up_progress(parent) == 75
    assert rolled_up_progress(child_a) == 100
