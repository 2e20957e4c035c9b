"""Plotly figures from already computed tracking figures, as plain {data, layout} JSON.

Built as dicts rather than plotly.graph_objects: the figure objects validate every property,
which cost more than the whole comparison query on a 70-ward municipality.
"""

from __future__ import annotations

import json
from decimal import Decimal

from flask_babel import get_locale, gettext

from planner.actions.models import ACTION_STATUS_LABELS

BLUE, ORANGE, GREY, GREEN, RED = "#1f5aa6", "#b34700", "#5a6270", "#2e7d32", "#b3261e"
STATUS_COLOURS = {
    "idee": "#8a8f98",
    "gepland": "#5a6270",
    "loopt": BLUE,
    "vertraagd": RED,
    "afgerond": GREEN,
    "gestopt": "#3d3d3d",
}


def _json(data: list, layout: dict) -> str:
    # JSON goes inside a <script> element: "<" is escaped so a name can never close it.
    return json.dumps({"data": data, "layout": layout}, default=_plain, ensure_ascii=False).replace("<", "\\u003c")


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(type(value).__name__)


def _layout(title: str, height: int = 360, **extra) -> dict:
    # Decimal comma and thousands dot in Dutch, the other way round in English.
    separators = ",." if str(get_locale() or "nl") == "nl" else ".,"
    # The legend above the plot and margins that grow to fit the tick labels: ward names, slanted
    # under the bars, were cut off at a fixed bottom margin and ran into a legend below them.
    return {
        "title": {"text": title},
        "height": height,
        "margin": {"l": 60, "r": 30, "t": 80, "b": 20},
        "separators": separators,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "font": {"family": "sans-serif"},
        **extra,
        "xaxis": {"automargin": True, **extra.get("xaxis", {})},
        "yaxis": {"automargin": True, **extra.get("yaxis", {})},
    }


def _bar(name, x, y, colour, **extra) -> dict:
    return {"type": "bar", "name": name, "x": x, "y": y, "marker": {"color": colour}, **extra}


def progress_story(updates) -> str | None:
    """Progress over the reported periods of one action."""
    if not updates:
        return None
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "name": gettext("Voortgang"),
        "line": {"color": BLUE},
        "x": [u.period for u in updates],
        "y": [u.progress for u in updates],
    }
    return _json(
        [trace],
        _layout(
            gettext("Voortgang per rapportage"),
            300,
            yaxis={"range": [0, 100], "ticksuffix": "%"},
            xaxis={"type": "category"},
        ),
    )


def status_bars(rows) -> str | None:
    """Actions by status per ward (stacked)."""
    if not rows:
        return None
    names = [r.name for r in rows]
    data = [
        _bar(gettext(label), names, [r.by_status.get(status, 0) for r in rows], STATUS_COLOURS[status])
        for status, label in ACTION_STATUS_LABELS.items()
    ]
    return _json(
        data,
        _layout(gettext("Acties per status"), barmode="stack", yaxis={"title": {"text": gettext("Aantal acties")}}),
    )


def schedule_bars(rows) -> str | None:
    """Share on schedule and average progress per ward."""
    if not rows:
        return None
    names = [r.name for r in rows]
    data = [
        _bar(gettext("Op schema (%)"), names, [r.on_schedule_pct for r in rows], GREEN),
        _bar(gettext("Gemiddelde voortgang (%)"), names, [r.avg_progress for r in rows], BLUE),
    ]
    return _json(
        data, _layout(gettext("Op schema en voortgang"), barmode="group", yaxis={"range": [0, 100], "ticksuffix": "%"})
    )


def money_bars(rows) -> str | None:
    """Allocated and realised per resident per ward (only where budget figures exist)."""
    rows = [r for r in rows if r.budget is not None]
    if not rows:
        return None
    names = [r.name for r in rows]
    data = [
        _bar(gettext("Toegekend per inwoner"), names, [r.allocated_per_resident for r in rows], BLUE),
        _bar(gettext("Gerealiseerd per inwoner"), names, [r.realised_per_resident for r in rows], ORANGE),
    ]
    return _json(
        data,
        _layout(
            gettext("Begroting en realisatie per inwoner"),
            barmode="group",
            yaxis={"tickprefix": "€ ", "tickformat": ",.2f"},
        ),
    )


def _grid(count: int, titles: list[str], height_per_row: int) -> tuple[dict, list[tuple[str, str]]]:
    """Small multiples: an independent axis pair per panel in a grid, each titled by an annotation."""
    cols = min(2, count)
    rows = -(-count // cols)
    layout = {
        "grid": {"rows": rows, "columns": cols, "pattern": "independent", "ygap": 0.45, "xgap": 0.12},
        "annotations": [],
    }
    axes = []
    for n, title in enumerate(titles):
        suffix = "" if n == 0 else str(n + 1)
        axes.append((f"x{suffix}", f"y{suffix}"))
        layout[f"xaxis{suffix}"] = {"automargin": True}
        layout["annotations"].append(
            {
                "text": title,
                "showarrow": False,
                "xref": f"x{suffix} domain",
                "yref": f"y{suffix} domain",
                "x": 0.5,
                "y": 1.12,
                "xanchor": "center",
                "font": {"size": 13},
            }
        )
    # room above the first row's panel titles for the legend
    return {
        **layout,
        "height": max(320, height_per_row * rows),
        "margin": {"l": 60, "r": 30, "t": 130, "b": 20},
        "legend": {"orientation": "h", "x": 0, "y": 1.0 + 0.16 / rows, "yanchor": "bottom"},
    }, axes


def indicator_multiples(indicators, rows) -> str | None:
    """One bar panel per indicator, wards side by side; target and municipal average as markers."""
    if not indicators or not rows:
        return None
    grid, axes = _grid(len(indicators), [i.label[:60] for i in indicators], 300)
    names = [r.name for r in rows]
    data = []
    for n, (ind, (x, y)) in enumerate(zip(indicators, axes)):
        cells = [row.indicators.get(ind.id, {}) for row in rows]
        data.append(
            _bar(
                gettext("Laatste meting"),
                names,
                [c.get("value") for c in cells],
                BLUE,
                xaxis=x,
                yaxis=y,
                legendgroup="waarde",
                showlegend=n == 0,
            )
        )
        targets = [c.get("target") for c in cells]
        if any(t is not None for t in targets):
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "name": gettext("Streefwaarde"),
                    "x": names,
                    "y": targets,
                    "marker": {"symbol": "diamond", "size": 10, "color": ORANGE},
                    "xaxis": x,
                    "yaxis": y,
                    "legendgroup": "streef",
                    "showlegend": n == 0,
                }
            )
        if ind.average is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": gettext("Gemeentelijk gemiddelde"),
                    "x": names,
                    "y": [ind.average] * len(names),
                    "line": {"color": GREY, "dash": "dash"},
                    "xaxis": x,
                    "yaxis": y,
                    "legendgroup": "gem",
                    "showlegend": n == 0,
                }
            )
    return _json(data, {**_layout(gettext("Indicatoren per wijk")), **grid})


def indicator_trends(series) -> str | None:
    """A ward's indicator trends: one line per indicator in small multiples."""
    series = [s for s in series if s.points]
    if not series:
        return None
    grid, axes = _grid(len(series), [s.label for s in series], 260)
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": s.label,
            "x": [p[0] for p in s.points],
            "y": [p[1] for p in s.points],
            "line": {"color": BLUE},
            "showlegend": False,
            "xaxis": x,
            "yaxis": y,
        }
        for s, (x, y) in zip(series, axes)
    ]
    layout = {**_layout(gettext("Indicatoren door de tijd")), **grid}
    for x, _ in axes:
        layout["xaxis" + x[1:]] = {"type": "category", "automargin": True}
    return _json(data, layout)
