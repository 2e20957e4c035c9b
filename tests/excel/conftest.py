"""Fixtures for the Excel tests: profiles, xlsx copies of the CBS files, the municipalities imported;
for the programme workbook a programme with goals, actions and partners, its export to a file, and a
re-import as the import runner does it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.excel import load_profile
from planner.extensions import db
from tests.excel.helpers import GEMEENTEN, csv_to_xlsx


@pytest.fixture(scope="session")
def profile():
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = load_profile(name)
        return cache[name]

    return get


# ---- the import runner ------------------------------------------------------------------------


@pytest.fixture
def cbs_xlsx(tmp_path):
    """The CBS csv files saved as xlsx, as a user opening them in Excel would."""

    def convert(source: Path, delimiter: str) -> Path:
        return csv_to_xlsx(source, tmp_path / (source.stem + ".xlsx"), delimiter)

    return convert


@pytest.fixture
def gemeenten(ctx):
    """The 342 municipalities of 2023, imported as the command line would."""
    from planner.excel.runner import run_import

    report = run_import(GEMEENTEN, GEMEENTEN.name, "cbs-gebieden")
    assert report.errors == [] and report.created == 342
    return report


# ---- the programme workbook -------------------------------------------------------------------


@pytest.fixture
def programme_world(helmond, make_user, make_programme, make_action):
    """Helmond's Binnenstad programme with three actions; a team member and an outsider."""
    from planner.opgaven.models import Organisation

    gm, binnenstad, oost = helmond
    partner = Organisation(name="Woonbedrijf", kind="woningcorporatie")
    db.session.add_all([partner, Organisation(name="Lavans", kind="zorg_welzijn")])
    db.session.commit()
    programme = make_programme(binnenstad, title="Binnenstad 2026–2029", goals=("Meer ontmoeting", "Schoon en heel"))
    actions = [
        make_action(
            programme,
            "Buurtkamer openen",
            owner_organisation=partner,
            owner_person="Fatima",
            status="loopt",
            progress=40,
            goal=programme.goals[0],
            partners=[partner],
        ),
        make_action(programme, "Bankjes plaatsen", status="gepland"),
        make_action(programme, "Zwerfafval opruimen", status="idee", goal=programme.goals[1]),
    ]
    other = make_programme(oost, title="Oost concept")
    hidden = make_action(other, "Geheime actie in Oost")
    team = make_user("team@helmond.nl", "team_member", binnenstad)
    outsider = make_user("oost@helmond.nl", "team_member", oost)
    reader = make_user("raad@helmond.nl", "reader", gm)
    return {
        "programme": programme,
        "actions": actions,
        "other": other,
        "hidden": hidden,
        "team": team,
        "outsider": outsider,
        "reader": reader,
        "areas": (gm, binnenstad, oost),
    }


@pytest.fixture
def export_to(ctx):
    from planner.programmes.workbook import write_programme_workbook

    def export(programme, path: Path, **kwargs) -> Path:
        write_programme_workbook(programme, str(path), **kwargs)
        return path

    return export


@pytest.fixture
def reimport(ctx):
    """Parse with the wijkprogramma profile and apply it as the import runner does (flush, no commit)."""
    from planner.excel import load_profile, parse
    from planner.excel.targets import ImportContext, get_applier

    def run(path, user=None, **options):
        profile = load_profile("wijkprogramma")
        parsed = parse(path, profile)
        if parsed.errors:
            return parsed, None
        context = ImportContext(profile=profile, result=parsed, user=user, options=options)
        result = get_applier(profile.tables[0].target)(context)
        if result.errors:
            db.session.rollback()
        else:
            db.session.commit()
        return parsed, result

    return run
