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
# Six hues a reader can tell apart, each at least 3:1 against white (WCAG 1.4.11), and a fill
# pattern per status besides, so a stacked bar does not rely on colour alone (WCAG 1.4.1).
STATUS_COLOURS = {
    "idee": "#6a3d9a",
    "gepland": "#00727a",
    "loopt": BLUE,
    "vertraagd": RED,
    "afgerond": GREEN,
    "gestopt": "#3d3d3d",
}
STATUS_PATTERNS = {"idee": ".", "gepland": "/", "loopt": "", "vertraagd": "x", "afgerond": "", "gestopt": "-"}


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
    # The title is the figure's caption, not text inside the plot: on a phone the legend, wrapped
    # over several lines, covered an in-plot title.
    return {
        "meta": {"title": title},
        "height": height,
        "margin": {"l": 60, "r": 30, "t": 40, "b": 20},
        "separators": separators,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "font": {"family": "sans-serif"},
        **extra,
        "xaxis": {"automargin": True, **extra.get("xaxis", {})},
        "yaxis": {"automargin": True, **extra.get("yaxis", {})},
    }


def _bar(name, x, y, colour, **extra) -> dict:
    return {"type": "bar", "name": name, "x": x, "y": y, "marker": {"color": colour}, **extra}


def count_axis(values, **extra) -> dict:
    """A y-axis for counts: from zero, whole numbers only (no half an action or a fractional
    resident), thousands with a dot in Dutch."""
    top = max((v for v in values if v is not None), default=0)
    axis = {"rangemode": "tozero", "tickformat": ",d", "separatethousands": True, **extra}
    if top <= 8:  # plotly would step by 0.5 or 0.2 here
        axis["dtick"] = 1
    return axis


def percent_axis(**extra) -> dict:
    return {"range": [0, 100], "ticksuffix": "%", "tickformat": "d", **extra}


def value_axis(values, unit: str = "", **extra) -> dict:
    """An indicator's y-axis: from zero (a bar or a trend that starts higher overstates a
    difference); whole-number ticks where every value is whole (counts of people)."""
    present = [v for v in values if v is not None]
    if unit == "%":
        return {"rangemode": "tozero", "ticksuffix": "%", "separatethousands": True, **extra}
    if present and all(Decimal(str(v)) == Decimal(str(v)).to_integral_value() for v in present):
        return count_axis(present, **extra)
    return {"rangemode": "tozero", "separatethousands": True, **extra}


def ward_axis(names, **extra) -> dict:
    """A category axis that names every ward: plotly leaves labels out when they are crowded."""
    return {"type": "category", "tickmode": "array", "tickvals": names, "ticktext": names, **extra}


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
            yaxis=percent_axis(),
            xaxis={"type": "category"},
        ),
    )


def status_bars(rows) -> str | None:
    """Actions by status per ward (stacked)."""
    if not rows:
        return None
    names = [r.name for r in rows]
    data = []
    for status, label in ACTION_STATUS_LABELS.items():
        bar = _bar(gettext(label), names, [r.by_status.get(status, 0) for r in rows], STATUS_COLOURS[status])
        bar["marker"].update(
            line={"color": "#ffffff", "width": 1},  # a white seam between stacked statuses
            pattern={
                "shape": STATUS_PATTERNS[status],
                "bgcolor": STATUS_COLOURS[status],
                "fgcolor": "#ffffff",
                "fillmode": "overlay",
                "size": 7,
                "solidity": 0.3,
            },
        )
        data.append(bar)
    return _json(
        data,
        _layout(
            gettext("Acties per status"),
            barmode="stack",
            xaxis=ward_axis(names),
            yaxis=count_axis([r.total for r in rows], title={"text": gettext("Aantal acties")}),
        ),
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
        data,
        _layout(gettext("Op schema en voortgang"), barmode="group", xaxis=ward_axis(names), yaxis=percent_axis()),
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
            xaxis=ward_axis(names),
            yaxis={"rangemode": "tozero", "tickprefix": "€ ", "tickformat": ",.2f", "separatethousands": True},
        ),
    )


def _grid(
    count: int, titles: list[str], height_per_row: int, yaxes: list[dict] | None = None
) -> tuple[dict, list[tuple[str, str]]]:
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
        layout[f"yaxis{suffix}"] = {"automargin": True, **(yaxes[n] if yaxes else {})}
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
    names = [r.name for r in rows]
    yaxes = []
    for ind in indicators:
        values = [row.indicators.get(ind.id, {}).get("value") for row in rows]
        values += [row.indicators.get(ind.id, {}).get("target") for row in rows] + [ind.average]
        yaxes.append(value_axis(values, ind.unit))
    grid, axes = _grid(len(indicators), [i.label[:60] for i in indicators], 300, yaxes)
    for n in range(len(indicators)):
        key = "xaxis" + ("" if n == 0 else str(n + 1))
        grid[key] = {**grid[key], **ward_axis(names)}
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
    yaxes = [value_axis([p[1] for p in s.points], getattr(s, "unit", "")) for s in series]
    grid, axes = _grid(len(series), [s.label for s in series], 260, yaxes)
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


def comparison_charts(result) -> dict:
    """The comparison page's four charts as plotly JSON (the money chart only when the year has a budget)."""
    return {
        "status_chart": status_bars(result.rows),
        "schedule_chart": schedule_bars(result.rows),
        "money_chart": money_bars(result.rows) if result.has_budget else None,
        "indicator_chart": indicator_multiples(result.indicators, result.rows),
    }
