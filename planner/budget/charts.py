"""Plotly figures from already computed budget figures; templates embed the JSON."""

from __future__ import annotations

import plotly.graph_objects as go
from flask_babel import get_locale, gettext

from planner.core.i18n import N_

COLOURS = {"toegekend": "#1f5aa6", "gerealiseerd": "#c05621", "gewijzigd": "#5a6270"}
SERIES = (
    ("gewijzigd", N_("Begroot (na wijziging)")),
    ("toegekend", N_("Toegekend aan acties")),
    ("gerealiseerd", N_("Gerealiseerd")),
)
MONEY_AXIS = {"tickprefix": "€ ", "tickformat": ",.0f", "separatethousands": True, "rangemode": "tozero"}


def _layout(fig, title: str, **layout):
    # No title inside the plot (the figure's caption and the section heading say it); the legend
    # sits above the plot: below it, it collided with long category labels.
    separators = ",." if str(get_locale() or "nl") == "nl" else ".,"  # decimal comma in Dutch only
    fig.update_layout(
        meta={"title": title},
        barmode="group",
        separators=separators,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        font={"family": "sans-serif"},
        **layout,
    )
    return fig


def _json(fig) -> str:
    # JSON goes inside a <script> element: "<" is escaped so a name can never close it.
    return fig.to_json().replace("<", "\\u003c")


def ward_bars(overview) -> str | None:
    """Budget, allocation and realisation per ward: the same three columns as the table."""
    if not overview.by_ward:
        return None
    names = [overview.areas[a].name if a in overview.areas else "–" for a in overview.by_ward]
    fig = go.Figure()
    for attr, label in SERIES:
        fig.add_bar(
            name=gettext(label),
            x=names,
            y=[float(getattr(f, attr)) for f in overview.by_ward.values()],
            marker_color=COLOURS[attr],
        )
    return _json(
        _layout(
            fig,
            gettext("Begroting en realisatie per wijk"),
            height=400,
            yaxis=MONEY_AXIS,
            # every ward named: plotly leaves category labels out when they are crowded
            xaxis={"tickmode": "array", "tickvals": names, "ticktext": names},
            margin={"l": 90, "r": 20, "t": 40, "b": 60},
        )
    )


def taakveld_bars(overview) -> str | None:
    """Allocation by taakveld, as horizontal bars: taakveld names are long."""
    if not overview.by_taakveld:
        return None
    labels = [_label(code, overview.taakveld_names.get(code, "")) for code in overview.by_taakveld]
    fig = go.Figure()
    for attr, label in SERIES:
        fig.add_bar(
            name=gettext(label),
            y=labels,
            x=[float(getattr(f, attr)) for f in overview.by_taakveld.values()],
            orientation="h",
            marker_color=COLOURS[attr],
        )
    height = 90 + 26 * len(labels) * (1 if len(labels) > 20 else 2)
    return _json(
        _layout(
            fig,
            gettext("Begroting, toekenning en realisatie per taakveld"),
            height=min(max(height, 320), 2400),
            xaxis=MONEY_AXIS,
            yaxis={"autorange": "reversed", "automargin": True},
            margin={"l": 20, "r": 30, "t": 40, "b": 40},
        )
    )


def _label(code: str, name: str) -> str:
    text = f"{code} {name}".strip()
    return text if len(text) <= 42 else text[:40].rstrip() + "…"
