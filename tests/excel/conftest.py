"""Fixtures for the pure Excel engine tests."""
from __future__ import annotations

import pytest

from planner.excel import load_profile


@pytest.fixture(autouse=True)
def _clean_database():
    """These tests touch no database: override the suite-wide cleanup so no app is built."""
    yield


@pytest.fixture(scope="session")
def profile():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = load_profile(name)
        return cache[name]
    return get
