"""What can go wrong reading a file: refused files and row errors, in Dutch."""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.errors import PlannerError


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
