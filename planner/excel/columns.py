"""Typing cells a column at a time: the engine's hot loop.

A chunk of rows is turned into one list per mapped column, and each column is typed by a single
comprehension whose common case (a number cell in a number column, a code seen before) is inline;
every other cell goes through `Step.cell`, which applies the full rules (markers, Excel error
values, required, the column's converter) and records what is wrong. Per cell this is about a
third of what one generic loop over rows and columns cost, and it gives the same values, the
same errors in the same order (row by row, left to right) and the same "geheim" flags."""

from __future__ import annotations

from itertools import count
from operator import itemgetter

from planner.core.limits import MAX_INT
from planner.core.text import suspect
from planner.excel.errors import row_error
from planner.excel.reader import cell
from planner.excel.values import ERROR_VALUES, FLOAT_LIMIT, Invalid, whole_cents

ROWS_PER_CHUNK = 4096
# At most this many distinct code or enum cells are remembered per column (a kostenplaats on every
# one of its rows, a taakveld on thousands; a column of unique texts does not fill memory).
MEMO_SIZE = 20_000
_MISS = object()


class _Flagged:
    """A formula or error cell the zip inspection found: the cell's value is not used."""

    __slots__ = ("kind", "text")

    def __init__(self, kind: str, text: str):
        self.kind, self.text = kind, text


class Step:
    """One mapped column: where it is in the row and how its cells are typed."""

    __slots__ = ("field", "index", "column", "label", "convert", "fast", "memo", "float_memo", "cents")

    def __init__(self, column, index: int, label: str, *, cents: bool = False):
        self.field, self.index, self.column, self.label = column.field, index, column, label
        self.convert = column.convert
        # A number cell goes straight to the converter (which never refuses a float in a money or
        # decimal column); codes and enum values repeat, so each distinct cell is typed once per import.
        scaled = column.spec.get("scale") or column.spec.get("negate")  # an int × 0,5 can be refused
        self.fast = (
            "number"
            if column.type in ("money", "decimal")
            else "memo"
            if column.type in ("code", "enum")
            else "slow"
            if column.type == "int" and scaled
            else column.type
        )
        self.memo: dict = {}
        self.float_memo: dict = {}
        # A plain money column (no scale or sign flip) typed as an int of cents instead of a
        # Decimal, for a bulk target that asked for it (planner.excel.engine.parse, cents=True).
        self.cents = cents and self.fast == "number" and hasattr(self.convert, "for_float")

    def values(self, raw: list, slow) -> list:
        """The column's cells typed; `slow(k, value)` for every cell the inline case does not cover."""
        fast, convert = self.fast, self.convert
        # A float beyond ± FLOAT_LIMIT (or NaN, infinity) goes the full way, which refuses it.
        low, high = -FLOAT_LIMIT, FLOAT_LIMIT
        if self.cents:
            return [
                whole_cents(v) if type(v) is float and low <= v <= high else slow(k, v) for k, v in zip(count(), raw)
            ]
        if fast == "number":
            convert = getattr(convert, "for_float", convert)  # a plain money column's float rule itself
            return [convert(v) if type(v) is float and low <= v <= high else slow(k, v) for k, v in zip(count(), raw)]
        if fast == "int":  # a whole float is the int Excel shows; any other goes the full way (refused)
            return [
                int(v) if type(v) is float and v.is_integer() and -MAX_INT <= v <= MAX_INT else slow(k, v)
                for k, v in zip(count(), raw)
            ]
        if fast == "memo":
            get, float_get = self.memo.get, self.float_memo.get
            return [
                r
                if (r := get(v, _MISS) if type(v) is str else float_get(v, _MISS) if type(v) is float else _MISS)
                is not _MISS
                else slow(k, v)
                for k, v in zip(count(), raw)
            ]
        if fast == "text":
            markers, longest = self.column.markers, self.column.spec.get("max_length") or 1 << 62
            return [
                s
                if type(v) is str
                and (s := v.strip())
                and s[0] != "#"
                and s not in markers
                and len(s) <= longest
                and not suspect(s)
                else slow(k, v)
                for k, v in zip(count(), raw)
            ]
        return [slow(k, v) for k, v in zip(count(), raw)]

    def cell(self, value, sheet_name, row_no, problems: list, secrets: list):
        """One cell by the full rules; a problem is appended to `problems`, a "geheim" cell's
        field to `secrets`. Returns the typed value (None for an empty or refused cell)."""
        col, raw = self.column, value
        t = type(value)
        if t is _Flagged:
            problems.append(row_error(sheet_name, row_no, self.label, flag_reason(value.kind, value.text)))
            return None
        if t is str:
            value = value.strip() or None
            if value is not None and (value[0] == "#" or value in col.markers):
                if value in col.secret:
                    secrets.append(self.field)
                    return None
                if value in col.null:
                    value = None
                elif value.upper() in ERROR_VALUES:
                    problems.append(row_error(sheet_name, row_no, self.label, flag_reason("error", value)))
                    return None
        elif t is float:
            if value.is_integer():
                value = int(value)
        elif t is not int and value is not None:
            value = cell(value)
        if value is None:
            if col.required:
                problems.append(
                    row_error(sheet_name, row_no, self.label, f"deze cel is leeg. Vul {col.label.lower()} in.")
                )
            return None
        try:
            typed = self.convert(value)
        except Invalid as exc:
            problems.append(row_error(sheet_name, row_no, self.label, str(exc)))
            return None
        if self.cents:
            return int(typed * 100)  # a Decimal of whole cents
        if self.fast == "memo" and len(self.memo) + len(self.float_memo) < MEMO_SIZE:
            if type(raw) is str:
                self.memo[raw] = typed
            elif type(raw) is float:
                self.float_memo[raw] = typed
        return typed


def flag_reason(kind: str, text: str) -> str:
    if kind == "formula":
        return (
            f"deze cel bevat een formule ({text}). Vervang de formule door de waarde "
            "(kopiëren en Plakken speciaal → Waarden)."
        )
    return f"deze cel bevat de foutwaarde {text}. Herstel de formule of vul de juiste waarde in."


def typed_rows(sheet_name, chunk: list[tuple[int, list]], steps: list[Step], flagged: dict):
    """`chunk`: (0-based row index, raw row) pairs. Returns the rows' Excel row numbers, their
    typed values (an iterator of a tuple per row, in the order of `steps`: a consumer that does
    not keep the tuple lets zip reuse it), and by position in the chunk the problems (left to
    right; a row with any is refused) and the "geheim" fields of each row."""
    rows = [row for _, row in chunk]
    width = max(step.index for step in steps) + 1
    if min(map(len, rows)) < width:  # a CSV line can stop early: its missing cells are empty
        rows = [row if len(row) >= width else [*row, *[None] * (width - len(row))] for row in rows]
    if flagged:
        rows = _with_flags(chunk, rows, flagged)
    columns = (
        list(zip(*map(itemgetter(*[s.index for s in steps]), rows)))
        if len(steps) > 1
        else [[row[steps[0].index] for row in rows]]
    )
    row_nos = [i + 1 for i, _ in chunk]
    problems: dict[int, list] = {}
    secrets: dict[int, list] = {}

    typed = []
    for step, raw in zip(steps, columns):

        def slow(k, value, step=step):
            return step.cell(value, sheet_name, row_nos[k], problems.setdefault(k, []), secrets.setdefault(k, []))

        # (an empty list is left for a cell that had nothing wrong: the caller tests truthiness)
        typed.append(step.values(raw, slow))
    return row_nos, zip(*typed), problems, secrets


def _with_flags(chunk, rows, flagged) -> list:
    """Formula and error cells replaced by a marker the slow path reports."""
    out = rows
    for k, (i, _) in enumerate(chunk):
        flags = flagged.get(i)
        if flags:
            if out is rows:
                out = list(rows)
            row = out[k] = list(out[k])
            for idx, (kind, text) in flags.items():
                if idx < len(row):
                    row[idx] = _Flagged(kind, text)
    return out
