"""Plotly figures from already computed tracking figures; templates embed the JSON."""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

BLUE, ORANGE, GREY, GREEN, RED = "#1f5aa6", "#b34700", "#5a6270", "#2e7d32", "#b3261e"
STATUS_COLOURS = {"idee": "#8a8f98", "gepland": "#5a6270", "loopt": BLUE, "vertraagd": RED,
                  "afgerond": GREEN, "gestopt": "#3d3d3d"}


def _json(fig) -> str:
    # JSON goes inside a <script> element: "<" is escaped so a name can never close it.
    return fig.to_json().replace("<", "\\u003c")


def _layout(fig, title: str, height: int = 360, **extra):
    fig.update_layout(title=title, height=height, margin={"l": 60, "r": 20, "t": 50, "b": 90},
                      separators=",.", legend={"orientation": "h", "y": -0.3}, font={"family": "sans-serif"},
                      **extra)
    return fig


def progress_story(updates) -> str | None:
    """Progress over the reported periods of one action."""
    if not updates:
        return None
    fig = go.Figure(go.Scatter(x=[u.period for u in updates], y=[u.progress for u in updates],
                               mode="lines+markers", line={"color": BLUE}, name="Voortgang"))
    return _json(_layout(fig, "Voortgang per rapportage", 300, yaxis={"range": [0, 100], "ticksuffix": "%"},
                         xaxis={"type": "category"}))


def status_bars(rows) -> str | None:
    """Actions by status per ward (stacked)."""
    if not rows:
        return None
    from planner.actions.models import ACTION_STATUS_LABELS

    names = [r.name for r in rows]
    fig = go.Figure()
    for status, label in ACTION_STATUS_LABELS.items():
        fig.add_bar(name=label, x=names, y=[r.by_status.get(status, 0) for r in rows],
                    marker_color=STATUS_COLOURS[status])
    return _json(_layout(fig, "Acties per status", barmode="stack", yaxis={"title": "Aantal acties"}))


def schedule_bars(rows) -> str | None:
    """Share on schedule and average progress per ward."""
    if not rows:
        return None
    names = [r.name for r in rows]
    fig = go.Figure()
    fig.add_bar(name="Op schema (%)", x=names, y=[r.on_schedule_pct for r in rows], marker_color=GREEN)
    fig.add_bar(name="Gemiddelde voortgang (%)", x=names, y=[r.avg_progress for r in rows], marker_color=BLUE)
    return _json(_layout(fig, "Op schema en voortgang", barmode="group",
                         yaxis={"range": [0, 100], "ticksuffix": "%"}))


def money_bars(rows) -> str | None:
    """Allocated and realised per resident per ward (only where budget figures exist)."""
    rows = [r for r in rows if r.budget is not None]
    if not rows:
        return None
    names = [r.name for r in rows]
    fig = go.Figure()
    fig.add_bar(name="Toegekend per inwoner", x=names,
                y=[float(r.allocated_per_resident or 0) for r in rows], marker_color=BLUE)
    fig.add_bar(name="Gerealiseerd per inwoner", x=names,
                y=[float(r.realised_per_resident or 0) for r in rows], marker_color=ORANGE)
    return _json(_layout(fig, "Begroting en realisatie per inwoner", barmode="group",
                         yaxis={"tickprefix": "€ ", "tickformat": ",.2f"}))


def indicator_multiples(indicators, rows) -> str | None:
    """Small multiples: one bar panel per indicator, wards side by side, target and average as markers."""
    if not indicators or not rows:
        return None
    cols = min(2, len(indicators))
    nrows = -(-len(indicators) // cols)
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=[i.label for i in indicators],
                        vertical_spacing=0.5 / max(nrows, 1), horizontal_spacing=0.12)
    names = [r.name for r in rows]
    for n, ind in enumerate(indicators):
        r, c = n // cols + 1, n % cols + 1
        values = [_f(row.indicators.get(ind.id, {}).get("value")) for row in rows]
        targets = [_f(row.indicators.get(ind.id, {}).get("target")) for row in rows]
        fig.add_bar(x=names, y=values, name="Laatste meting", marker_color=BLUE, showlegend=n == 0,
                    legendgroup="waarde", row=r, col=c)
        if any(t is not None for t in targets):
            fig.add_scatter(x=names, y=targets, mode="markers", name="Streefwaarde", legendgroup="streef",
                            marker={"symbol": "diamond", "size": 10, "color": ORANGE},
                            showlegend=n == 0, row=r, col=c)
        if ind.average is not None:
            fig.add_scatter(x=names, y=[float(ind.average)] * len(names), mode="lines", name="Gemeentelijk gemiddelde",
                            line={"color": GREY, "dash": "dash"}, legendgroup="gem", showlegend=n == 0, row=r, col=c)
    return _json(_layout(fig, "Indicatoren per wijk", height=max(320, 300 * nrows)))


def indicator_trends(series) -> str | None:
    """A ward's indicator trends: one line per indicator in small multiples."""
    series = [s for s in series if s.points]
    if not series:
        return None
    cols = min(2, len(series))
    nrows = -(-len(series) // cols)
    fig = make_subplots(rows=nrows, cols=cols, subplot_titles=[s.label for s in series],
                        vertical_spacing=0.5 / max(nrows, 1))
    for n, s in enumerate(series):
        fig.add_scatter(x=[p[0] for p in s.points], y=[_f(p[1]) for p in s.points], mode="lines+markers",
                        name=s.label, line={"color": BLUE}, showlegend=False, row=n // cols + 1, col=n % cols + 1)
        fig.update_xaxes(type="category", row=n // cols + 1, col=n % cols + 1)
    return _json(_layout(fig, "Indicatoren door de tijd", height=max(300, 260 * nrows)))


def _f(value):
    return None if value is None else float(value)
