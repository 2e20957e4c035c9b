"""The command line's `users create`: the role on an area, Dutch refusals, and nothing written on failure."""

import pytest
from sqlalchemy import func, select

from planner.core.models import User
from planner.core.security import verify_password
from planner.extensions import db

PASSWORD = "een-lang-wachtwoord"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_users_create_with_prompted_password_grants_the_role(app, runner, helmond):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Noor@Helmond.nl",
            "--role",
            "team_member",
            "--area",
            " WK079410 ",
            "--name",
            "Noor Bakker",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Gebruiker noor@helmond.nl aangemaakt met rol team_member op Binnenstad (WK079410)" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "noor@helmond.nl"))
        assert user.name == "Noor Bakker"
        assert [(g.role, g.area.code) for g in user.roles] == [("team_member", "WK079410")]
        assert verify_password(user.password_hash, PASSWORD)


def test_users_create_reads_one_line_from_stdin(app, runner, helmond):
    result = runner.invoke(
        args=["users", "create", "ctrl@helmond.nl", "--role", "controller", "--area", "GM0794", "--password-stdin"],
        input=f"{PASSWORD}\nrest is ignored\n",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "ctrl@helmond.nl"))
        assert user.name == "ctrl" and verify_password(user.password_hash, PASSWORD)


def test_users_create_asks_again_when_the_repeated_password_differs(runner, helmond):
    result = runner.invoke(
        args=["users", "create", "a@helmond.nl", "--role", "reader", "--area", "GM0794"],
        input=f"{PASSWORD}\nandere-tekst-123\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "De twee wachtwoorden zijn niet gelijk" in result.output


@pytest.mark.parametrize(
    "args, stdin, exit_code, message",
    [
        (["--role", "team_member", "--area", "WK999999"], PASSWORD, 1, "Onbekende gebiedscode 'WK999999'"),
        (
            ["--role", "burgemeester", "--area", "GM0794"],
            PASSWORD,
            2,
            "Onbekende rol 'burgemeester'. Kies uit: admin, area_manager, team_member, controller, reader, partner.",
        ),
        (["--role", "reader", "--area", "GM0794"], "kort", 1, "Een wachtwoord heeft minstens 12 tekens."),
        (["--role", "reader", "--area", "GM0794"], "", 1, "Geen wachtwoord ontvangen op standaardinvoer."),
    ],
    ids=["unknown-area", "unknown-role", "short-password", "empty-stdin"],
)
def test_users_create_refuses_bad_input_in_dutch_and_writes_nothing(
    app, runner, helmond, args, stdin, exit_code, message
):
    result = runner.invoke(args=["users", "create", "nieuw@helmond.nl", *args, "--password-stdin"], input=stdin)
    assert result.exit_code == exit_code
    assert f"Fout: {message}" in result.output
    assert "Traceback" not in result.output and "Error" not in result.output
    assert count(app, User) == 0


def test_users_create_refuses_a_duplicate_email_and_keeps_the_existing_user(app, runner, helmond, make_user):
    gm, ward, _ = helmond
    make_user("noor@helmond.nl", "team_member", ward)
    result = runner.invoke(
        args=["users", "create", "NOOR@helmond.nl", "--role", "admin", "--area", "GM0794", "--password-stdin"],
        input=PASSWORD,
    )
    assert result.exit_code == 1
    assert "Fout: Er bestaat al een gebruiker met e-mailadres noor@helmond.nl." in result.output
    with app.app_context():
        (user,) = db.session.scalars(select(User)).all()
        assert [g.role for g in user.roles] == ["team_member"]


def test_users_create_without_role_is_a_usage_error(runner):
    result = runner.invoke(args=["users", "create", "x@helmond.nl", "--area", "GM0794"])
    assert result.exit_code == 2
