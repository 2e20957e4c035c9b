"""Iv3 for comparison: Helmond's lasten per inhabitant against the Brabant municipalities of its size."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from planner.areas.models import Area
from planner.budget.benchmark import benchmark
from planner.config import ROOT
from planner.extensions import db
from tests.helpers import login

IV3_FILE = ROOT / "imports" / "samples" / "iv3" / "iv3-begroting-2024.csv"


def test_helmond_is_compared_per_inhabitant_with_its_size_class_in_its_province(
    municipalities, run_import, make_user, client
):
    assert run_import(IV3_FILE, "iv3-taakvelden").errors == []
    db.session.commit()
    helmond = db.session.scalar(select(Area).where(Area.code == "GM0794"))
    bench = benchmark(helmond, 2024)
    assert (bench.profile.province, bench.profile.inhabitants) == ("Noord-Brabant", 95874)
    names = {a.name for a in bench.peers}
    assert "Oss" in names and "Eindhoven" not in names and "Helmond" not in names
    bestuur = next(r for r in bench.rows if r.taakveld_code == "0.1")
    assert bestuur.mine == Decimal("88.49")  # € 8.484.000 / 95.874 inhabitants
    assert bestuur.count == len(bench.peers) and bestuur.peers is not None
    login(client, make_user("c@helmond.nl", "controller", helmond))
    html = client.get("/begroting/GM0794/vergelijking").get_data(as_text=True)
    assert "Mediaan vergelijkbare gemeenten" in html and "€\xa088,49" in html and "Oss" in html


def test_without_iv3_figures_the_page_says_what_to_import(helmond, make_user, client):
    login(client, make_user("c@helmond.nl", "controller", helmond[0]))
    html = client.get("/begroting/GM0794/vergelijking").get_data(as_text=True)
    assert 'id="geen-iv3"' in html
