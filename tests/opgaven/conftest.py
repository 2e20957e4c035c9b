"""Builders for opgaven: an opgave in an area, organisations, a seat at the table, a budget line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from planner.extensions import db


@pytest.fixture
def theme(ctx):
    """A default theme by name, optionally with the kinds of party that serve it."""
    from planner.opgaven.models import Theme

    def get(name, kinds=None):
        t = db.session.scalar(select(Theme).where(Theme.name == name))
        if kinds is not None:
            t.party_kinds = list(kinds)
            db.session.commit()
        return t

    return get


@pytest.fixture
def make_opgave(ctx):
    from planner.opgaven.services import create_opgave

    def make(area, title="Gezond opgroeien", statement="Kinderen groeien hier minder gezond op dan elders.", **fields):
        opgave = create_opgave(area=area, title=title, statement=statement, **fields)
        db.session.commit()
        return opgave

    return make


@pytest.fixture
def make_organisation(ctx):
    from planner.opgaven.services import save_organisation

    def make(name="Woonbedrijf", kind="woningcorporatie"):
        organisation = save_organisation(None, name=name, kind=kind)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def seat(ctx):
    from planner.opgaven.services import seat_party

    def make(opgave, organisation, role="mede_eigenaar", **fields):
        s = seat_party(opgave, organisation, role=role, **fields)
        db.session.commit()
        return s

    return make


@pytest.fixture
def allocate(ctx):
    """Give `action` `amount` euros in `year` from a fresh budget line of its municipality."""
    from planner.budget.models import Allocation, BudgetLine

    def give(action, amount, year=2026):
        gm = action.programme.area if action.programme.area.level == "gemeente" else action.programme.area.parent
        line = BudgetLine(
            area_id=gm.id,
            fiscal_year=year,
            line_key=f"K{action.id}/{year}",
            taakveld_code="6.1",
            description="Buurtwerk",
            direction="lasten",
            kind="primitief",
            amount=Decimal(amount),
        )
        db.session.add_all([line, Allocation(action=action, budget_line=line, year=year, amount=Decimal(amount))])
        db.session.commit()

    return give
