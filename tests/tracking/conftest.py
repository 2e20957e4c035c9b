"""Builders for tracking tests: milestones and progress updates on top of the shared builders."""

from __future__ import annotations

from datetime import date

import pytest

from planner.extensions import db


@pytest.fixture
def make_milestone(ctx):
    from planner.actions.services import add_milestone

    def make(action, title="Vergunning rond", due_date=date(2026, 6, 1), done_on=None):
        milestone = add_milestone(action, title, due_date, done_on)
        db.session.commit()
        return milestone

    return make


@pytest.fixture
def manager(helmond, make_user):
    gm, _, _ = helmond
    return make_user("gm@helmond.nl", "area_manager", gm)


@pytest.fixture
def ward_team(helmond, make_user):
    _, binnenstad, _ = helmond
    return make_user("team@binnenstad.nl", "team_member", binnenstad)


@pytest.fixture(autouse=True)
def _fresh_comparison_cache(app):
    """Every test starts without cached comparisons and revalidates on every request."""
    from planner.tracking import cache

    cache.PAGES.clear()
    cache.BUDGET.clear()
    previous = app.config.get("COMPARISON_REVALIDATE_SECONDS")
    app.config["COMPARISON_REVALIDATE_SECONDS"] = 0
    yield
    app.config["COMPARISON_REVALIDATE_SECONDS"] = previous if previous is not None else 2
