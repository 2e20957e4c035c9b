"""What can go wrong reading a file: refused files and row errors, in Dutch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planner.core.errors import PlannerError
from planner.excel.spool import Spool


class FileRejected(PlannerError):
    """The file as a whole cannot be read (wrong type, corrupt, unsafe, empty)."""


class ProfileError(Exception):
    """A profile file is malformed: a mistake by whoever wrote the profile, not by the user."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem at one place. `row` is the 1-based Excel/CSV line; `column` the header label
    as written in the file (or the column letter). `message` is the full Dutch sentence,
    place included, so it can be shown on its own."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


# The first errors are held in memory (the run stores as many); the rest of a file with an error on
# every one of its million rows waits in a temporary file until it is counted, grouped and written out.
KEPT_ERRORS = 1000


class ErrorLog(Spool):
    """RowErrors as a list holds them, the first KEPT_ERRORS in memory (see Spool)."""

    __slots__ = ()

    def __init__(self, items=()):
        super().__init__(items, KEPT_ERRORS)

    @staticmethod
    def pack(error: RowError) -> tuple:
        return error.sheet, error.row, error.column, error.message

    @staticmethod
    def unpack(packed: tuple) -> RowError:
        return RowError(*packed)


def place(sheet: str | None, row: int | None, column: str | None) -> str:
    """'Werkblad 'Acties', rij 14, kolom 'Bedrag'' — the prefix every row message starts with."""
    parts = []
    if sheet:
        parts.append(f"werkblad '{sheet}'")
    if row:
        parts.append(f"rij {row}")
    if column:
        parts.append(f"kolom '{column}'")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def row_error(sheet: str | None, row: int | None, column: str | None, reason: str) -> RowError:
    prefix = place(sheet, row, column)
    return RowError(sheet, row, column, f"{prefix}: {reason}" if prefix else reason)


# Values in a message ('Nergens', '6.99', ''s-Gravenhage', GM9999): left out when grouping, so the
# same mistake with different values is one line. An apostrophe followed by a letter is part of a
# quoted value; a word with a digit in it is a value (a code, an amount, a date).
_QUOTED = re.compile(r"'(?:[^']|'(?=\w))*'")
_WITH_DIGIT = re.compile(r"[^\s']*\d[^\s']*?(?=[.,;:]?(?:\s|$))")
_LINE = re.compile(r" \(regel \d+ in het bestand\)")
SHOWN_ROWS = 5


@dataclass(slots=True)
class ErrorGroup:
    """Errors with the same reason in the same column: one line of the summary."""

    sheet: str | None
    column: str | None
    reason: str  # the message without its place; the values that differ within the group as '…'
    count: int = 0
    rows: list[int] = field(default_factory=list)  # the first SHOWN_ROWS rows
    quoted: str = ""  # the reason with its quoted values as '…' (shown when only those differ)
    masked: str = ""  # also every value with a digit as … (the group's key)

    @property
    def more(self) -> bool:
        return bool(self.rows) and self.count > len(self.rows)


def reason_of(error: RowError | dict) -> str:
    """The message without the place it starts with."""
    e = error if isinstance(error, dict) else error.as_dict()
    message = _LINE.sub("", e["message"], count=1)
    prefix = place(e["sheet"], e["row"], e["column"])
    if prefix and message.startswith(prefix + ": "):
        message = message[len(prefix) + 2 :]
    return message[:1].upper() + message[1:]


def group_errors(errors) -> list[ErrorGroup]:
    """RowErrors (or their dicts, as a run stores them) grouped by sheet, column and reason, in the
    order the first of each group appears. An error without a row is a group of its own."""
    groups: dict[tuple, ErrorGroup] = {}
    for error in errors:
        e = error if isinstance(error, dict) else error.as_dict()
        reason = reason_of(e)
        if not e["row"]:
            groups[len(groups), None] = ErrorGroup(e["sheet"], e["column"], reason, 1)
            continue
        quoted = _QUOTED.sub("'…'", reason)
        masked = _WITH_DIGIT.sub("…", quoted)
        key = (e["sheet"], e["column"], masked)
        group = groups.get(key)
        if group is None:
            group = groups[key] = ErrorGroup(e["sheet"], e["column"], reason, quoted=quoted, masked=masked)
        elif group.reason != reason:
            # the shown text keeps what all rows of the group have in common
            group.reason = group.quoted if group.quoted == quoted else group.masked
        group.count += 1
        if len(group.rows) < SHOWN_ROWS:
            group.rows.append(e["row"])
    return list(groups.values())
