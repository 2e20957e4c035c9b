"""Builder fixtures shared by every test folder, loaded as a plugin by tests/conftest.py.

Each builder makes a few rows through the same services the UI uses and commits them. A fixture
that only one folder needs stays in that folder's conftest.py; one that several folders need lives
here, so that no conftest imports another.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.extensions import db
from tests.helpers import PASSWORD, adoption

# ---- areas, users, programmes, actions --------------------------------------------------------


@pytest.fixture
def make_area(ctx):
    from planner.areas.services import add_area

    def make(code, name=None, parent=None):
        return add_area(code=code, name=name or code, parent=parent)

    return make


@pytest.fixture
def helmond(make_area):
    """A municipality with two wards: the smallest world in which scoping can leak."""
    gm = make_area("GM0794", "Helmond")
    wards = [make_area("WK079410", "Binnenstad", gm), make_area("WK079411", "Helmond-Oost", gm)]
    db.session.commit()
    return gm, wards[0], wards[1]


@pytest.fixture
def make_user(ctx):
    from planner.core.users import create_user

    def make(email, role=None, area=None, password=PASSWORD, name=None):
        user = create_user(email=email, name=name or email.split("@")[0], password=password)
        if role:
            from planner.core.users import grant_role

            grant_role(user, role, area)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_programme(ctx):
    from planner.programmes.services import add_goal, create_programme

    def make(area, title="Wijkontwikkelprogramma", goals=("Meer ontmoeting",), start_year=2026, end_year=2029):
        programme = create_programme(area=area, title=title, start_year=start_year, end_year=end_year)
        for goal in goals:
            add_goal(programme, goal)
        db.session.commit()
        return programme

    return make


@pytest.fixture
def make_action(ctx):
    from planner.actions.services import create_action

    def make(programme, title="Buurtkamer openen", **fields):
        fields.setdefault("start_date", date(2026, 3, 1))
        fields.setdefault("end_date", date(2026, 12, 31))
        action = create_action(programme, title=title, **fields)
        db.session.commit()
        return action

    return make


ADOPTION_STEPS = ("consultatie", "besluitvorming", "vastgesteld")


@pytest.fixture
def adopt(make_user):
    """Take a programme from where it is through the workflow to vastgesteld, as its gebiedsmanager would."""
    from planner.programmes.services import transition

    def run(programme):
        manager = make_user(f"gm-{programme.id}@helmond.nl", "area_manager", programme.area)
        done = ADOPTION_STEPS.index(programme.status) + 1 if programme.status in ADOPTION_STEPS else 0
        for status in ADOPTION_STEPS[done:]:
            transition(programme, status, manager, **(adoption(programme) if status == "vastgesteld" else {}))
        db.session.commit()
        return programme

    return run


# ---- agenda and P&C cycle -----------------------------------------------------------------------


@pytest.fixture
def make_item(ctx):
    from planner.agenda.services import create_item

    def make(area, number="M2026-001", kind="motie", title="Meer groen in de wijk", **values):
        values.setdefault("date", date(2026, 1, 29))
        item = create_item(area, number=number, kind=kind, title=title, **values)
        db.session.commit()
        return item

    return make


@pytest.fixture
def two_wards(helmond, make_user, make_programme, make_action):
    """Ward A and ward B, each with a team member and a draft programme with one action."""
    gm, ward_a, ward_b = helmond
    user_a = make_user("a@helmond.nl", "team_member", ward_a)
    user_b = make_user("b@helmond.nl", "team_member", ward_b)
    action_a = make_action(make_programme(ward_a, title="Programma Binnenstad"), title="Buurtkamer Binnenstad")
    action_b = make_action(make_programme(ward_b, title="Programma Helmond-Oost"), title="Geheime sloopplannen Oost")
    return {
        "gm": gm,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "user_a": user_a,
        "user_b": user_b,
        "action_a": action_a,
        "action_b": action_b,
    }


# ---- budget -------------------------------------------------------------------------------------


@pytest.fixture
def make_line(ctx):
    from planner.budget.models import BudgetLine

    def make(
        gm,
        amount,
        *,
        year=2026,
        key="KPL1/4300/6.1",
        kind="na_wijziging",
        taakveld="6.1",
        description="Buurtwerk",
        direction="lasten",
    ):
        line = BudgetLine(
            area_id=gm.id,
            fiscal_year=year,
            line_key=key,
            taakveld_code=taakveld,
            description=description,
            direction=direction,
            kind=kind,
            amount=Decimal(amount),
        )
        db.session.add(line)
        db.session.commit()
        return line

    return make


@pytest.fixture
def ward_world(helmond, make_programme, make_action, make_line, make_user):
    """Helmond with a programme per ward, one action each, and one shared budget line in 2026."""
    gm, binnenstad, oost = helmond
    p_a = make_programme(binnenstad, title="WOP Binnenstad")
    p_b = make_programme(oost, title="WOP Helmond-Oost")
    a = make_action(p_a, "Buurtkamer Binnenstad")
    b = make_action(p_b, "Speeltuin Oost")
    line = make_line(gm, "100000.00")
    return {"gm": gm, "a": binnenstad, "b": oost, "p_a": p_a, "p_b": p_b, "action_a": a, "action_b": b, "line": line}


# ---- participation ------------------------------------------------------------------------------
# (tests/api and tests/tracking/test_comparison.py define a `world` of their own, which wins there)


@pytest.fixture
def world(helmond, make_user, make_programme, make_action):
    """Ward A with a programme in consultation (goal + action); ward B with its own consultation."""
    from planner.programmes.services import transition

    gm, ward_a, ward_b = helmond
    team_a = make_user("a@helmond.nl", "team_member", ward_a)
    team_b = make_user("b@helmond.nl", "team_member", ward_b)
    reader = make_user("raad@helmond.nl", "reader", gm)
    prog_a = make_programme(ward_a, title="Programma Binnenstad", goals=("Meer ontmoeting", "Veilige straten"))
    action_a = make_action(prog_a, title="Buurtkamer openen", goal=prog_a.goals[0])
    prog_b = make_programme(ward_b, title="Programma Helmond-Oost")
    for programme, user in ((prog_a, team_a), (prog_b, team_b)):
        transition(programme, "consultatie", user)
    db.session.commit()
    return {
        "gm": gm,
        "ward_a": ward_a,
        "ward_b": ward_b,
        "team_a": team_a,
        "team_b": team_b,
        "reader": reader,
        "prog_a": prog_a,
        "prog_b": prog_b,
        "goal_a": prog_a.goals[0],
        "action_a": action_a,
    }


@pytest.fixture
def react():
    """A public reaction through the service, as the public page would submit it."""
    from planner.participation.services import submit_public_reaction

    def run(programme, text="Graag meer bankjes op het plein.", ip_hash="h1", **kw):
        contribution = submit_public_reaction(programme, text=text, ip_hash=ip_hash, **kw)
        db.session.commit()
        return contribution

    return run
