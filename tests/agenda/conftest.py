"""Builders for agenda items and the two-ward world in which links could leak."""
from __future__ import annotations

from datetime import date

import pytest

from planner.extensions import db


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
    return {"gm": gm, "ward_a": ward_a, "ward_b": ward_b, "user_a": user_a, "user_b": user_b,
            "action_a": action_a, "action_b": action_b}


@pytest.fixture
def adopt(make_user):
    """Take a programme through the workflow to vastgesteld, as its gebiedsmanager would."""
    from planner.programmes.services import transition

    def run(programme):
        manager = make_user(f"gm-{programme.id}@helmond.nl", "area_manager", programme.area)
        for status in ("consultatie", "besluitvorming", "vastgesteld"):
            transition(programme, status, manager, decision_reference="RB 2026-1" if status == "vastgesteld" else "")
        db.session.commit()
        return programme

    return run


@pytest.fixture
def demo(app, ctx):
    """The demo municipality (Helmond) as `flask demo load` builds it, committed: what a new user sees."""
    from planner.demo.builder import build_demo

    world = build_demo(app.config["SAMPLES_DIR"])
    db.session.commit()
    return world


def demo_email(key: str) -> str:
    """The e-mail address of a demo user by its key in planner.demo.content.USERS (manager, oost …)."""
    from planner.demo import content

    return next(email for k, email, *_ in content.USERS if k == key)
