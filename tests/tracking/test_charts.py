"""Chart figures: status colours a reader can tell apart, axes from zero in whole numbers."""

from __future__ import annotations

import json
from types import SimpleNamespace

from planner.tracking import charts


def _luminance(hex_colour: str) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_status_colours_contrast_with_white_and_differ_by_more_than_colour():
    colours = charts.STATUS_COLOURS
    assert len(set(colours.values())) == len(colours)
    for colour in colours.values():
        assert 1.05 / (_luminance(colour) + 0.05) >= 3  # WCAG 1.4.11 against the white plot
    greys = [c for c in colours.values() if len({c[1:3], c[3:5], c[5:7]}) == 1]
    assert len(greys) <= 1
    patterns = [charts.STATUS_PATTERNS[s] for s in colours]
    assert len(set(patterns)) >= len(patterns) - 1  # loopt and afgerond differ clearly by hue


def test_count_axes_start_at_zero_with_whole_ticks(app):
    rows = [SimpleNamespace(name="Binnenstad", by_status={"loopt": 1}, total=1)]
    with app.test_request_context():
        figure = json.loads(charts.status_bars(rows))
    axis = figure["layout"]["yaxis"]
    assert axis["rangemode"] == "tozero" and axis["tickformat"] == ",d" and axis["dtick"] == 1
    assert figure["layout"]["separators"] == ",."
    assert figure["layout"]["xaxis"]["tickvals"] == ["Binnenstad"]
    assert charts.value_axis([12000, 8500])["tickformat"] == ",d"  # residents: no fractional people
    assert "tickformat" not in charts.value_axis([6.2, 5.1])
