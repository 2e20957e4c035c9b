"""Dutch first: locale selection and the filters for money, numbers and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_currency, format_decimal
from flask import current_app, request, session
from flask_babel import format_date, format_datetime, get_locale, gettext, lazy_gettext, refresh

from planner.extensions import babel


def select_locale() -> str:
    chosen = session.get("locale") if request else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _babel_locale() -> str:
    return "nl_NL" if str(get_locale()) == "nl" else "en_GB"


def babel_money(value, decimals: bool = True) -> str:
    """€ 1.234,56 in Dutch notation (€1,234.56 in English), through Babel."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    fmt = None if decimals else "¤ #,##0"
    return format_currency(value, "EUR", format=fmt, locale=_babel_locale(), currency_digits=decimals)


def babel_number(value, digits: int | None = None) -> str:
    if value is None or value == "":
        return "–"
    fmt = None if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=fmt, locale=_babel_locale())


# Babel parses its number pattern on every call, and a comparison or budget page formats hundreds
# of figures: for nl and en the same output is built directly (tests/tracking/test_formatting.py).
SEPARATORS = {"nl_NL": (".", ","), "en_GB": (",", ".")}


def _grouped(value: Decimal, places: int, strip: bool, locale: str) -> str:
    group, point = SEPARATORS[locale]
    quantum = Decimal(1).scaleb(-places)
    text = f"{abs(value).quantize(quantum, rounding=ROUND_HALF_EVEN):,.{places}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.replace(",", "\0").replace(".", point).replace("\0", group)
    return ("-" if value < 0 else "") + text


def number(value, digits: int | None = None, locale: str | None = None) -> str:
    locale = locale or _babel_locale()
    if value is None or value == "" or locale not in SEPARATORS:
        return babel_number(value, digits)
    return _grouped(Decimal(value), 3 if digits is None else digits, digits is None, locale)


def money(value, decimals: bool = True, locale: str | None = None) -> str:
    locale = locale or _babel_locale()
    if value is None or value == "" or not decimals or locale not in SEPARATORS:
        return babel_money(value, decimals)
    value = Decimal(value)
    text = _grouped(abs(value), 2, False, locale)
    if locale == "nl_NL":
        return "€\xa0" + ("-" if value < 0 else "") + text
    return ("-" if value < 0 else "") + "€" + text


def nl_date(value, style: str = "medium") -> str:
    if not value:
        return "–"
    if isinstance(value, datetime):
        return format_datetime(value, "d MMM yyyy HH:mm")
    if isinstance(value, date):
        return format_date(value, "d MMM yyyy" if style == "medium" else style)
    return str(value)


def N_(message: str) -> str:
    """Mark a Dutch label in a fixed dict for the catalogue without translating it.

    The dicts stay Dutch because exports, imports and domain messages use them; screens translate
    the label where they show it (`|tr` in templates, `label_choices` in forms).
    """
    return message


def translate_label(value) -> str:
    """A fixed Dutch label (status, kind, level…) in the interface language, as plain text (still escaped)."""
    return gettext(str(value)) if value else value


def label_choices(labels: dict) -> list[tuple]:
    """Select choices from a label dict, translated lazily because forms are built at import time."""
    return [(key, lazy_gettext(label)) for key, label in labels.items()]


def init_app(app) -> None:
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=str(app.root_path + "/translations")
    )
    app.jinja_env.filters.update(money=money, number=number, nl_date=nl_date, tr=translate_label)
    from planner.core import display

    display.init_app(app)

    @app.before_request
    def _fresh_locale():
        # Flask-Babel caches the locale on `g`; an app context shared by several requests
        # (tests, CLI) would otherwise keep the first request's language.
        refresh()

    app.jinja_env.globals["get_locale"] = get_locale
