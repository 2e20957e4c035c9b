"""Plotly figures from already computed budget figures; templates embed the JSON."""
from __future__ import annotations

import plotly.graph_objects as go

COLOURS = {"toegekend": "#1f5aa6", "gerealiseerd": "#c05621", "gewijzigd": "#5a6270"}


def _layout(fig, title: str):
    fig.update_layout(title=title, barmode="group", height=380, margin={"l": 60, "r": 20, "t": 50, "b": 120},
                      separators=",.", yaxis={"tickprefix": "€ ", "tickformat": ",.0f"},
                      legend={"orientation": "h", "y": -0.35}, font={"family": "sans-serif"})
    return fig


# JSON goes inside a <script> element: "<" is escaped so a name can never close it.


def ward_bars(overview) -> str | None:
    """Budget (allocated) against realisation per ward."""
    if not overview.by_ward:
        return None
    names = [overview.areas[a].name if a in overview.areas else "–" for a in overview.by_ward]
    fig = go.Figure()
    for attr, label in (("toegekend", "Toegekend aan acties"), ("gerealiseerd", "Gerealiseerd")):
        fig.add_bar(name=label, x=names, y=[float(getattr(f, attr)) for f in overview.by_ward.values()],
                    marker_color=COLOURS[attr])
    return _layout(fig, "Begroting en realisatie per wijk").to_json().replace("<", "\\u003c")


def taakveld_bars(overview) -> str | None:
    """Allocation by taakveld."""
    if not overview.by_taakveld:
        return None
    labels = [f"{code} {overview.taakveld_names.get(code, '')}"[:40] for code in overview.by_taakveld]
    fig = go.Figure()
    for attr, label in (("gewijzigd", "Begroot (na wijziging)"), ("toegekend", "Toegekend aan acties"),
                        ("gerealiseerd", "Gerealiseerd")):
        fig.add_bar(name=label, x=labels, y=[float(getattr(f, attr)) for f in overview.by_taakveld.values()],
                    marker_color=COLOURS[attr])
    return _layout(fig, "Toekenning per taakveld").to_json().replace("<", "\\u003c")
