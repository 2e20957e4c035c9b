"""The comparison tables' formatter: the interface language looked up once per render.

A 70-ward comparison formats some 800 figures per render; asking Flask-Babel for the locale for
each of them cost more than the (fast, planner.core.i18n) formatting itself.
"""

from __future__ import annotations

from planner.core import i18n

# The fast nl/en formatting lives in core; these names stay for the comparison's templates.
number = i18n.number
money = i18n.money


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
        return money(value, locale=self.locale)
