"""The trekker revisions carry free-text owners over to organisations and back: a database at the head before
them, with actions whose trekker is text, upgrades to head and downgrades again."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from planner import create_app
from planner.extensions import db
from tests.opgaven.test_migrations import _fresh_database, _rows

BEFORE = "e5b7a9c1d345"  # the head before the trekker became an organisation


def test_free_text_trekkers_become_organisations_and_come_back_as_text(database_url, tmp_path):
    with _fresh_database(database_url, tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
        with app.app_context():
            upgrade(revision=BEFORE)
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO areas (id, code, name, level, path) VALUES (1, 'WK079410', "
                        "'Binnenstad', 'wijk', 'WK079410')"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO programmes (id, area_id, title, status, start_year, end_year, "
                        "lock_version, summary, ambition, approach, cost_notes, decision_reference, "
                        "created_at, updated_at) VALUES (1, 1, 'Binnenstad', 'concept', 2026, 2029, 1, "
                        "'', '', '', '', '', '2026-01-01', '2026-01-01')"
                    )
                )
                # No explicit ids: PostgreSQL's sequence must hand out the next one to the migration.
                conn.execute(
                    text(
                        "INSERT INTO partners (name, kind, active) VALUES "
                        "('LEV-groep', 'zorg_welzijn', true), ('Woonpartners Helmond', 'woningcorporatie', "
                        "true)"
                    )
                )
                conn.execute(
                    text(
                        "INSERT INTO partners (name, kind, active, merged_into_id) SELECT 'Woon Partners', "
                        "'woningcorporatie', false, id FROM partners WHERE name = 'Woonpartners Helmond'"
                    )
                )
                owners = [
                    "lev groep",
                    "  LEV-Groep. ",
                    "Woon-partners",
                    "Gemeente Helmond – Sport",
                    "gemeente helmond - sport",
                    "",
                ]
                for number, owner in enumerate(owners, start=1):
                    conn.execute(
                        text(
                            "INSERT INTO actions (id, programme_id, number, title, description, owner, status, progress, "
                            "weight, lock_version, created_at, updated_at) VALUES (:n, 1, :n, :t, '', :o, 'idee', 0, 1, "
                            "1, '2026-01-01', '2026-01-01')"
                        ),
                        {"n": number, "t": f"Actie {number}", "o": owner},
                    )

            upgrade()
            # Case and punctuation do not matter; a merged organisation leads to where it went; a name that
            # matches none becomes one new organisation of kind 'overig'; an empty trekker stays empty.
            assert _rows(
                "SELECT a.id, p.name, a.owner_person FROM actions a LEFT JOIN partners p "
                "ON p.id = a.owner_organisation_id ORDER BY a.id"
            ) == [
                (1, "LEV-groep", ""),
                (2, "LEV-groep", ""),
                (3, "Woonpartners Helmond", ""),
                (4, "Gemeente Helmond – Sport", ""),
                (5, "Gemeente Helmond – Sport", ""),
                (6, None, ""),
            ]
            assert _rows("SELECT name, kind, active FROM partners WHERE name LIKE 'Gemeente%'") == [
                ("Gemeente Helmond – Sport", "overig", True)
            ]
            assert "owner" not in {c["name"] for c in inspect(db.engine).get_columns("actions")}
            assert "commitments" in inspect(db.engine).get_table_names()
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE actions SET owner_person = 'Fatima' WHERE id = 1"))

            downgrade(revision=BEFORE)
            assert _rows("SELECT id, owner FROM actions ORDER BY id") == [
                (1, "LEV-groep (Fatima)"),
                (2, "LEV-groep"),
                (3, "Woonpartners Helmond"),
                (4, "Gemeente Helmond – Sport"),
                (5, "Gemeente Helmond – Sport"),
                (6, ""),
            ]
            assert "owner_organisation_id" not in {c["name"] for c in inspect(db.engine).get_columns("actions")}
            assert "commitments" not in inspect(db.engine).get_table_names()
            db.engine.dispose()


def test_the_demo_trekkers_survive_the_trip_to_free_text_and_back(database_url, tmp_path):
    """On the demo data: every action's trekker (organisation and person) becomes the text the old schema held,
    and upgrading again gives each action the same organisation and contact person back."""
    with _fresh_database(database_url, tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
        with app.app_context():
            upgrade()
            result = app.test_cli_runner().invoke(args=["demo", "load"])
            assert result.exit_code == 0, result.output
            db.session.remove()  # the loader's session holds locks a downgrade's DROP TABLE would wait for
            trekkers = (
                "SELECT a.id, p.name, a.owner_person FROM actions a LEFT JOIN partners p "
                "ON p.id = a.owner_organisation_id ORDER BY a.id"
            )
            before = _rows(trekkers)
            assert sum(name is not None for _, name, _ in before) >= 10  # the demo has trekkers to carry over

            downgrade(revision=BEFORE)
            as_text = dict(_rows("SELECT id, owner FROM actions"))
            for action_id, name, person in before:
                expected = "" if name is None else f"{name} ({person})" if person else name
                assert as_text[action_id] == expected, action_id

            upgrade()
            assert _rows(trekkers) == before  # "Woonpartners (Ruud Hendriks)": the organisation and its contact again
            db.engine.dispose()
