"""CSV of any table view, the way Dutch Excel opens it: `;` separated, UTF-8 with BOM, decimal comma.

A CSV cell has no type: Excel and LibreOffice run a cell starting with `=`, `+`, `-`, `@`, a tab
or a carriage return as a formula. User text that starts so gets a leading `'` (OWASP's advice),
which spreadsheets show as text; numbers and dates we format ourselves never need it.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from flask import Response

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """User text made safe for a CSV cell."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value) -> str:
    """One value as Dutch Excel reads it: 1234,5 and 31-12-2026; text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (int, float, Decimal)):
        return str(value).replace(".", ",")  # no thousands separator: Excel would read 1.234 as 1,234
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return neutralise(str(value))


def csv_text(headers, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(h)) for h in headers])
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return BOM + out.getvalue()


def csv_response(filename: str, headers, rows) -> Response:
    """A download response; `rows` is any iterable of sequences (values, not formatted strings)."""
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        csv_text(headers, rows).encode("utf-8"),
        mimetype="text/csv",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
