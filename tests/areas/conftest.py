"""A municipality with buurten, and a second municipality, for the division tests."""

from __future__ import annotations

import pytest

from planner.extensions import db


@pytest.fixture
def divided(helmond, make_area):
    """Helmond with two wijken and their buurten, and Groningen with one wijk."""
    gm, binnenstad, oost = helmond
    buurten = {
        "centrum": make_area("BU07941001", "Centrum", binnenstad),
        "kanaal": make_area("BU07941002", "Kanaaldijk", binnenstad),
        "oost": make_area("BU07941101", "Oost-Centrum", oost),
    }
    groningen = make_area("GM0014", "Groningen")
    make_area("WK001400", "Groningen-Centrum", groningen)
    db.session.commit()
    return gm, binnenstad, oost, buurten
