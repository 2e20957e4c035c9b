"""Excel, CSV and JSON imports: a reader, declarative profiles and the engine that applies them."""

from planner.excel.engine import Indicator, ParseResult, Record, TableResult, parse
from planner.excel.errors import FileRejected, ProfileError, RowError
from planner.excel.profiles import Profile, list_profiles, load_profile, profile_from_dict
from planner.excel.reader import Sheet, read_workbook

__all__ = [
    "FileRejected",
    "Indicator",
    "ParseResult",
    "Profile",
    "ProfileError",
    "Record",
    "RowError",
    "Sheet",
    "TableResult",
    "list_profiles",
    "load_profile",
    "parse",
    "profile_from_dict",
    "read_workbook",
]


def init_app(app) -> None:
    from flask_login import current_user

    from planner.core import hooks
    from planner.excel import cli, jobs, runner, targets, views, worklist

    app.register_blueprint(views.bp)
    app.add_template_global(lambda: runner.may_import(current_user), "may_import")
    hooks.add(app, "worklist", worklist.failed_imports)
    hooks.add(app, "worklist", worklist.stale_imports)
    app.cli.add_command(cli.cli)
    jobs.init_app(app)
    targets.register_table_label(app, "role_assignments", "rollen")
