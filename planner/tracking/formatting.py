"""Fast Dutch/English number and money formatting for the comparison tables.

Same output as the `number` and `money` filters (Babel) for nl and en, without Babel's per-call
pattern parsing: a 70-ward comparison formats some 800 figures per render.
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from planner.core import i18n

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
    locale = locale or i18n._babel_locale()
    if value is None or value == "" or locale not in SEPARATORS:
        return i18n.number(value, digits)
    return _grouped(Decimal(value), 3 if digits is None else digits, digits is None, locale)


def money(value, locale: str | None = None) -> str:
    locale = locale or i18n._babel_locale()
    if value is None or value == "" or locale not in SEPARATORS:
        return i18n.money(value)
    value = Decimal(value)
    text = _grouped(abs(value), 2, False, locale)
    if locale == "nl_NL":
        return "€\xa0" + ("-" if value < 0 else "") + text
    return ("-" if value < 0 else "") + "€" + text


class Formatter:
    """`number` and `money` with the interface language looked up once (`fast_format()` in a
    template): asking Flask-Babel for the locale costs more than formatting one figure."""

    def __init__(self, locale: str | None = None):
        self.locale = locale or i18n._babel_locale()
        self._labels: dict = {}

    def label(self, value) -> str:
        """`|tr` for a fixed label, each distinct one translated once (a table repeats a few verdicts)."""
        if value not in self._labels:
            self._labels[value] = i18n.translate_label(value)
        return self._labels[value]

    def number(self, value, digits: int | None = None) -> str:
        return number(value, digits, self.locale)

    def money(self, value) -> str:
        return money(value, self.locale)
