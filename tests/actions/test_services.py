"""Rules for actions: dates, progress, areas with weights, parents."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from planner.actions import services
from planner.actions.models import Action
from planner.core.errors import PlannerError
from planner.extensions import db


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"start_date": date(2026, 5, 1), "end_date": date(2026, 4, 1)}, "end_date", "vóór de startdatum"),
        ({"progress": 101}, "progress", "0 tot en met 100"),
        ({"progress": -1}, "progress", "0 tot en met 100"),
        ({"status": "bijna klaar"}, "status", "Onbekende status"),
        ({"status": "afgerond", "progress": 60}, "progress", "100%"),
    ],
)
def test_bad_action_values_are_refused_beside_their_field(helmond, make_programme, fields, field, message):
    _, ward, _ = helmond
    programme = make_programme(ward)
    with pytest.raises(PlannerError, match=message) as err:
        services.create_action(programme, title="Actie", **fields)
    assert err.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_action_serves_several_wards_with_weights_within_the_programme_area(helmond, make_programme):
    gm, ward_a, ward_b = helmond
    programme = make_programme(gm)
    action = services.create_action(
        programme, title="Jongerenwerk", area_weights={ward_a: Decimal(2), ward_b: Decimal(1)}
    )
    assert {(aa.area.code, aa.weight) for aa in action.areas} == {("WK079410", 2), ("WK079411", 1)}
    assert [a.number for a in programme.actions] == [1]


def test_action_cannot_serve_an_area_outside_its_programme(helmond, make_programme):
    gm, ward_a, ward_b = helmond
    programme = make_programme(ward_a)
    with pytest.raises(PlannerError, match="valt buiten het gebied"):
        services.create_action(programme, title="Actie", area_weights={ward_b: Decimal(1)})


def test_action_cannot_become_its_own_ancestor(helmond, make_programme, make_action):
    _, ward, _ = helmond
    programme = make_programme(ward)
    parent = make_action(programme, "Ouder")
    child = make_action(programme, "Kind", parent=parent)
    with pytest.raises(PlannerError, match="onder zichzelf"):
        services.update_action(parent, parent.lock_version, parent=child)
