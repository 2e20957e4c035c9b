"""The comparison's fast formatting matches the Babel filters it replaces, in Dutch and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planner.core import i18n
from planner.tracking import formatting

VALUES = [
    Decimal("12500.5"),
    Decimal("-3.456"),
    0,
    Decimal("1234567.891"),
    Decimal("0.0005"),
    Decimal("-0.001"),
    12000,
    Decimal("99.9999"),
    Decimal("-1234.5"),
]


@pytest.mark.parametrize("locale", ["nl_NL", "en_GB"])
def test_same_output_as_babel(monkeypatch, locale):
    monkeypatch.setattr(i18n, "_babel_locale", lambda: locale)
    for value in VALUES:
        assert formatting.number(value) == i18n.babel_number(value), value
        assert formatting.number(value, 0) == i18n.babel_number(value, 0), value
        assert formatting.money(value) == i18n.babel_money(value), value
    assert formatting.number(None) == "–" and formatting.money(None) == "–"


@pytest.mark.parametrize("locale", ["nl_NL", "en_GB"])
def test_formatter_with_the_locale_looked_up_once_gives_the_same_output(monkeypatch, locale):
    monkeypatch.setattr(i18n, "_babel_locale", lambda: locale)
    fmt = formatting.Formatter()
    for value in VALUES + [None]:
        assert fmt.number(value) == formatting.number(value) and fmt.money(value) == formatting.money(value), value
        assert fmt.number(value, 0) == formatting.number(value, 0), value


def test_formatter_label_is_the_tr_filter(app):
    with app.test_request_context("/"):
        fmt = formatting.Formatter()
        for label in ("beter dan gemiddeld", "streefwaarde gehaald", "beter dan gemiddeld", ""):
            assert fmt.label(label) == i18n.translate_label(label)
