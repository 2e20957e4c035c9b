"""The ranges input must stay within, and the parsing that holds every form, import, URL and query
parameter to them: what a municipality can have, what both databases store exactly."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, ValidationError

# The largest budget of a Dutch municipality is a few billion euros: ± € 10 billion holds every
# amount and every total of a year, and stays exact in a Numeric(14, 2) column on PostgreSQL and
# as SQLite's float (15 significant digits round-trip; € 9.999.999.999,99 has 12).
MAX_AMOUNT = Decimal("10000000000")
# Dates of plans, meetings and measurements: far enough back for CBS series, far enough ahead for a
# long programme. A year 9999 or 0001 is a typing error, and breaks every timeline it is drawn on.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
# Integer columns (counts, progress, years) and ids: what PostgreSQL's integer holds (its driver
# casts every bound id to it, so a larger one is an error there, not an empty result).
MAX_INT = 2**31 - 1

_ASCII_INT = re.compile(r"[+-]?[0-9]+").fullmatch
_ASCII_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)").fullmatch


def parse_int(text, *, limit: int = MAX_INT) -> int:
    """A whole number written in ASCII digits within ± limit; ValueError otherwise (Python's int()
    also reads Arabic-Indic and other digits, and any size)."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        text = str(text).strip()
        if not _ASCII_INT(text):
            raise ValueError(text)
        value = int(text)
    if not -limit <= value <= limit:
        raise ValueError(text)
    return value


def parse_decimal(text: str) -> Decimal:
    """A plain decimal in ASCII digits with a point (no exponent, NaN or Infinity); ValueError
    otherwise. Grouping and the Dutch comma are the caller's to normalise first."""
    if not _ASCII_DECIMAL(text):
        raise ValueError(text)
    return Decimal(text)


def amount_in_range(amount: Decimal) -> bool:
    return amount.is_finite() and -MAX_AMOUNT <= amount <= MAX_AMOUNT


def date_in_range(value: dt.date) -> bool:
    if isinstance(value, dt.datetime):
        value = value.date()
    return MIN_DATE <= value <= MAX_DATE


class BoundedIntConverter(IntegerConverter):
    r"""<int:…> in a URL: an id beyond the integer column is a page that does not exist (404), not
    a database error. Only ASCII digits: werkzeug's \d also takes Arabic-Indic ones."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_INT:
            raise ValidationError()
        return number


class BoundedArgs(ImmutableMultiDict):
    """Query string and form values: `get(…, type=int)` answers the default for a number beyond
    an integer column or in other than ASCII digits, as it does for any other unusable value."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, parse_int if type is int else type)


class PlannerRequest(Request):
    parameter_storage_class = BoundedArgs


def init_app(app) -> None:
    """Before any blueprint: the rules are compiled with the converter registered at that time."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = PlannerRequest
