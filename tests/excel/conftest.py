"""Fixtures for the pure Excel engine tests."""
from __future__ import annotations

import pytest

from planner.excel import load_profile


@pytest.fixture(scope="session")
def profile():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = load_profile(name)
        return cache[name]
    return get
