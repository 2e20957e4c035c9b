"""The measurements import target with the cbs-kerncijfers profile: upsert all-or-nothing, places named."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from planner.extensions import db
from planner.indicators.importers import import_kerncijfers
from planner.indicators.models import Indicator, Measurement

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples" / "cbs"
META = SAMPLES / "kwb-2024-dataproperties.json"


def _write(tmp_path, data, name="kwb-2024-kerncijfers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


def test_kerncijfers_become_indicators_and_measurements_idempotently(helmond, tmp_path):
    data = {
        "GM0794": {"AantalInwoners_5": 92000, "Koopwoningen_47": 55},
        "WK079410": {"AantalInwoners_5": ".", "Koopwoningen_47": 30},
        "WK079411": {"AantalInwoners_5": 8000, "Koopwoningen_47": 61},
    }
    path = _write(tmp_path, data)
    result = import_kerncijfers(path, metadata=META)
    assert result.errors == [] and result.created == 2 + 6
    db.session.commit()
    inwoners = db.session.scalar(select(Indicator).where(Indicator.code == "AantalInwoners_5"))
    koop = db.session.scalar(select(Indicator).where(Indicator.code == "Koopwoningen_47"))
    assert (inwoners.name, inwoners.unit) == ("Aantal inwoners", "aantal")
    assert koop.unit == "%" and koop.source == "CBS Kerncijfers wijken en buurten"
    secret = db.session.scalar(
        select(Measurement).where(Measurement.indicator_id == inwoners.id, Measurement.area_id == helmond[1].id)
    )
    assert secret.value is None and secret.is_secret and secret.period == "2024" and secret.kind == "realisatie"
    again = import_kerncijfers(path, metadata=META)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    data["WK079411"]["AantalInwoners_5"] = 8100
    changed = import_kerncijfers(_write(tmp_path, data), metadata=META)
    assert changed.updated == 1 and _count(Measurement) == 6


def test_unknown_area_and_percentage_over_100_are_refused_with_place_and_nothing_stored(helmond, tmp_path):
    data = {"WK079410": {"AantalInwoners_5": 12000, "Koopwoningen_47": 140}, "WK999901": {"AantalInwoners_5": 10}}
    result = import_kerncijfers(_write(tmp_path, data), metadata=META)
    messages = [e.message for e in result.errors]
    assert any(m.startswith("Rij 2, kolom 'Koopwoningen_47'") and "tussen 0 en 100" in m for m in messages)
    assert any(m.startswith("Rij 3, kolom 'code'") and "onbekend gebied 'WK999901'" in m for m in messages)
    db.session.rollback()
    assert _count(Measurement) == 0 and _count(Indicator) == 0


def test_file_without_a_year_needs_a_period(helmond, tmp_path):
    result = import_kerncijfers(
        _write(tmp_path, {"WK079410": {"AantalInwoners_5": 1}}, "kerncijfers.json"), metadata=META
    )
    assert result.errors and "Geef de periode" in result.errors[0].message
    good = import_kerncijfers(
        _write(tmp_path, {"WK079410": {"AantalInwoners_5": 1}}, "kerncijfers.json"), metadata=META, period="2023"
    )
    assert good.errors == [] and db.session.scalar(select(Measurement.period)) == "2023"
    assert db.session.scalar(select(Measurement.value)) == Decimal(1)
