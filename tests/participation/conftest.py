"""Builders for participation: two wards, each with a team and a programme open for consultation."""
from __future__ import annotations

import pytest
from flask import g

from planner.extensions import db
from tests.conftest import login


def login_as(client, user):
    """A fresh client logged in as `user`, for tests that switch users. The tests share one app context,
    so Flask-Login's cached user in `g` would survive a second login on the same client: drop it first."""
    g.pop("_login_user", None)
    fresh = client.application.test_client()
    login(fresh, user)
    return fresh


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
    return {"gm": gm, "ward_a": ward_a, "ward_b": ward_b, "team_a": team_a, "team_b": team_b, "reader": reader,
            "prog_a": prog_a, "prog_b": prog_b, "goal_a": prog_a.goals[0], "action_a": action_a}


@pytest.fixture
def react():
    """A public reaction through the service, as the public page would submit it."""
    from planner.participation.services import submit_public_reaction

    def run(programme, text="Graag meer bankjes op het plein.", ip_hash="h1", **kw):
        contribution = submit_public_reaction(programme, text=text, ip_hash=ip_hash, **kw)
        db.session.commit()
        return contribution

    return run


@pytest.fixture
def adopt(make_user):
    from planner.programmes.services import transition

    def run(programme):
        manager = make_user(f"gm-{programme.id}@helmond.nl", "area_manager", programme.area)
        for status in ("besluitvorming", "vastgesteld"):
            transition(programme, status, manager, decision_reference="RB 2026-1" if status == "vastgesteld" else "")
        db.session.commit()
        return programme

    return run
