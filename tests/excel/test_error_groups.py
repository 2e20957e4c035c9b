"""The grouped error summary: one line per reason and column, values that differ left out."""

from __future__ import annotations

from planner.excel.errors import RowError, group_errors, row_error


def test_the_same_reason_in_a_column_is_one_line_with_its_first_rows():
    names = ["'s-Gravenhage", "Aa en Hunze", "Almere", "Amersfoort", "Arnhem", "Assen"]
    errors = [
        row_error(None, row, "Gemeenten", f"De gemeente '{name}' is niet bekend.")
        for row, name in enumerate(names, start=2)
    ]
    errors += [row_error("Blad1", 9, "Bedrag", "'abc' is geen getal. Vul een getal in, bijvoorbeeld 12,5.")]
    errors += [row_error(None, r, "Gemeentecode", f"De gemeente GM{r:04d} is niet bekend.") for r in (10, 11)]
    errors += [RowError(None, None, None, "Het werkblad is leeg.")]
    shown = [(g.column, g.reason, g.count, g.rows, g.more) for g in group_errors(errors)]
    assert shown == [
        ("Gemeenten", "De gemeente '…' is niet bekend.", 6, [2, 3, 4, 5, 6], True),
        ("Bedrag", "'abc' is geen getal. Vul een getal in, bijvoorbeeld 12,5.", 1, [9], False),
        ("Gemeentecode", "De gemeente … is niet bekend.", 2, [10, 11], False),
        (None, "Het werkblad is leeg.", 1, [], False),
    ]
