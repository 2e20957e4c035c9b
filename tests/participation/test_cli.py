"""`flask --app wsgi participation purge` through the CLI runner."""

import os
from datetime import datetime

from planner.extensions import db
from planner.participation.models import Contribution


def test_purge_command_prints_counts_and_keeps_the_contribution(app, world, react, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path))
    old, new = tmp_path / "old.eml", tmp_path / "new.eml"
    old.write_bytes(b"To: jan@example.nl\n\nAntwoord")
    new.write_bytes(b"To: piet@example.nl\n\nAntwoord")
    year_ago = datetime(2024, 1, 1).timestamp()
    os.utime(old, (year_ago, year_ago))
    c = react(
        world["prog_a"],
        text="Anoniem blijft staan",
        name="Jan",
        email="jan@example.nl",
        consent=True,
        now=datetime(2026, 1, 1),
        retention_days=30,
    )
    result = app.test_cli_runner().invoke(args=["participation", "purge", "--today", "2026-03-01"])
    assert result.exit_code == 0, result.output
    assert "Van 1 inspreker naam en e-mailadres gewist" in result.output and "01-03-2026" in result.output
    assert "1 oud bericht uit de map voor uitgaande mail" in result.output
    assert not old.exists() and new.exists()
    db.session.expire_all()
    kept = db.session.get(Contribution, c.id)
    assert kept.contact is None and kept.text == "Anoniem blijft staan"
    result = app.test_cli_runner().invoke(args=["participation", "purge", "--today", "2026-03-01"])
    assert "Van 0 insprekers naam en e-mailadres gewist" in result.output
