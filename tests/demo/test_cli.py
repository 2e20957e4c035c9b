"""`flask demo load` and `demo logins`: Helmond with its real wards, the refusals, nothing written on failure."""

import csv
import re

from sqlalchemy import func, select

from planner.actions.models import Action, ActionArea, Milestone
from planner.areas.models import Area
from planner.config import ROOT
from planner.core.models import AuditEvent, User
from planner.core.security import verify_password
from planner.demo import content
from planner.extensions import db
from planner.programmes.models import Programme, ProgrammeVersion
from planner.rollout.demo import FOLLOWERS


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def helmond_ward_codes() -> set[str]:
    """Read independently of planner.demo.wards, the way a person would check the file."""
    path = ROOT / "imports/samples/cbs/wijken-autobezit-2023.csv"
    with path.open(encoding="utf-8-sig") as f:
        return {row[1].strip() for row in csv.reader(f, delimiter=";") if len(row) > 3 and row[3].strip() == "GM0794"}


def test_demo_load_builds_helmond_with_its_real_wards_programmes_versions_and_audit(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert f"wachtwoord voor allemaal: {content.PASSWORD}" in result.output
    assert "team.binnenstad@wijkplanner.demo" in result.output
    assert re.search(
        r"partners, [1-9]\d* agendapunten, [1-9]\d* bijdragen van bewoners, [1-9]\d* indicatoren, "
        r"[1-9]\d* begrotingsregels\.",
        result.output,
    ), result.output

    with app.app_context():
        gemeente = db.session.scalar(select(Area).where(Area.code == "GM0794"))
        assert gemeente.name == "Helmond" and gemeente.level == "gemeente"
        wards = {a.code for a in gemeente.children}
        assert wards == helmond_ward_codes() and len(wards) == 12
        assert all(a.level == "wijk" and a.path == f"GM0794/{a.code}" for a in gemeente.children)

        programmes = db.session.scalars(select(Programme)).all()
        assert {p.status for p in programmes} >= {"concept", "consultatie", "vastgesteld", "uitvoering"}
        for p in programmes:
            assert len(p.versions) == sum(1 for e in _transitions(p)), p.title
            assert p.goals and p.actions
        adopted = [p for p in programmes if p.status in ("vastgesteld", "uitvoering")]
        assert all(p.decision_item and p.competent_body for p in adopted)

        assert db.session.scalar(select(func.count()).select_from(ProgrammeVersion)) >= 8
        # Only the accounts themselves are made by the installation (no one exists yet to make them).
        actors = set(
            db.session.scalars(
                select(AuditEvent.user_label)
                .distinct()
                .where(AuditEvent.entity_type.not_in(("User", "RoleAssignment")))
            )
        )
        assert {"team.binnenstad@wijkplanner.demo", "gebiedsmanager@wijkplanner.demo"} <= actors
        assert "systeem" not in actors

        actions = db.session.scalars(select(Action)).all()
        assert any(a.children for a in actions)
        assert {a.status for a in actions} >= {"idee", "gepland", "loopt", "vertraagd", "afgerond"}
        shared = db.session.execute(
            select(ActionArea.action_id).group_by(ActionArea.action_id).having(func.count() == 2)
        ).all()
        assert len(shared) >= 2
        overdue = db.session.scalar(
            select(func.count())
            .select_from(Milestone)
            .where(Milestone.done_on.is_(None), Milestone.due_date < func.current_date())
        )
        assert overdue >= 3

        users = {u.email: u for u in db.session.scalars(select(User))}
        assert len(users) == 8  # with the Helmond-West team member who reads along (learning demo)
        binnenstad = users["team.binnenstad@wijkplanner.demo"]
        assert [(g.role, g.area.code) for g in binnenstad.roles] == [("team_member", "WK079410")]
        assert verify_password(binnenstad.password_hash, content.PASSWORD)


def _transitions(programme):
    return db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.programme_id == programme.id,
            AuditEvent.entity_type == "Programme",
            AuditEvent.event == "transition",
        )
    )


def test_demo_load_refuses_a_database_with_data_and_changes_nothing(app, runner, demo):
    before = count(app, AuditEvent), count(app, Programme)

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert "Fout: De database bevat al gegevens." in result.output and "--reset" in result.output
    assert (count(app, AuditEvent), count(app, Programme)) == before

    result = runner.invoke(args=["demo", "load", "--if-empty"])
    assert result.exit_code == 0 and "niet opnieuw geladen" in result.output


def test_demo_load_refuses_when_only_users_exist(app, runner, make_user):
    make_user("iemand@helmond.nl")
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 1
    assert count(app, Area) == 0


def test_demo_load_reset_replaces_existing_data(app, runner, helmond, make_programme):
    make_programme(helmond[1], title="Oud programma")
    result = runner.invoke(args=["demo", "load", "--reset"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        titles = set(db.session.scalars(select(Programme.title)))
        assert "Oud programma" not in titles and len(titles) == len(content.PROGRAMMES) + len(FOLLOWERS)


def test_demo_logins_lists_the_demo_users(runner, load_demo):
    assert "Er zijn geen demogebruikers" in runner.invoke(args=["demo", "logins"]).output
    load_demo()
    output = runner.invoke(args=["demo", "logins"]).output
    assert "raadslid@wijkplanner.demo" in output and "Lezer op Helmond (GM0794)" in output
    # a user a feature's demo adds is listed with each of its roles
    west = [line.split(None, 1)[1] for line in output.splitlines() if "team.west@" in line]
    assert west == ["Opgaveteamlid op Wijk 15 Helmond-West (WK079415)", "Lezer op Helmond (GM0794)"]
