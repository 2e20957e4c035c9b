"""What every CLI command shares: the `export` group features add to, Dutch refusals, one commit point."""

from __future__ import annotations

from contextlib import contextmanager

import click

from planner.core.errors import PlannerError
from planner.core.limits import MAX_INT, parse_int
from planner.extensions import db

export_group = click.Group("export", help="Exporteer naar Excel")


class CommandError(click.ClickException):
    """A refusal in Dutch; click's own "Error:" prefix is English, so we print our own."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True)


class WholeNumber(click.ParamType):
    """An option's whole number in ASCII digits between `low` and `high`, refused in Dutch (click's
    own int takes any digits and any size, which the database then refuses with a traceback)."""

    name = "integer"

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def convert(self, value, param, ctx):
        try:
            number = parse_int(value)
        except ValueError:
            number = None
        if number is None or not self.low <= number <= self.high:
            self.fail(f"'{value}' is geen geheel getal van {self.low} tot en met {self.high}.", param, ctx)
        return number


ID = WholeNumber(1, MAX_INT)
YEAR = WholeNumber(1900, 2100)


def fail(message: str, exit_code: int = 1):
    """Roll back whatever the command did so far and stop with a Dutch message."""
    db.session.rollback()
    raise CommandError(message, exit_code)


@contextmanager
def committing():
    """The one commit point of a CLI command: what the block did is committed when it ends, rolled
    back when it raises; a PlannerError stops the command with its Dutch message. Print the outcome
    after the block, so nothing says "done" before the commit has succeeded."""
    try:
        yield
    except PlannerError as error:
        db.session.rollback()
        raise CommandError(error.message) from None
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
