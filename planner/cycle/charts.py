"""The programme timeline: actions as bars against council and P&C dates (plotly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import plotly.graph_objects as go
from flask_babel import get_locale, gettext
from sqlalchemy import select

from planner.actions.models import ACTION_STATUS_LABELS, Correction
from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.agenda.services import visible_items
from planner.core.i18n import N_
from planner.cycle.models import PcMoment
from planner.cycle.services import visible_moments
from planner.extensions import db
from planner.tracking.charts import STATUS_COLOURS, STATUS_PATTERNS  # the comparison's, for one look


@dataclass
class Marker:
    day: date
    label: str
    kind: str  # "pc", "agenda" or "correction"


@dataclass
class TimelineData:
    rows: list = field(default_factory=list)  # (action, start, end)
    markers: list[Marker] = field(default_factory=list)
    undated: list = field(default_factory=list)


def timeline_data(user, programme) -> TimelineData:
    data = TimelineData()
    for action in programme.actions:
        if action.start_date and action.end_date:
            data.rows.append((action, action.start_date, action.end_date))
        else:
            data.undated.append(action)
    if not data.rows:
        return data
    # The programme's own period counts too: its adoption decision usually comes before the first action starts.
    first = min(min(r[1] for r in data.rows), date(programme.start_year, 1, 1))
    last = max(max(r[2] for r in data.rows), date(programme.end_year, 12, 31))
    for m in db.session.scalars(visible_moments(user).where(PcMoment.council_date.between(first, last))).all():
        if programme.area.is_within(m.area):
            data.markers.append(Marker(m.council_date, gettext("Raad: %(moment)s", moment=m.screen_label), "pc"))
    items = db.session.scalars(
        visible_items(user).where(
            AgendaItem.id.in_(
                select(ActionAgendaLink.agenda_item_id).where(
                    ActionAgendaLink.action_id.in_([a.id for a in programme.actions])
                )
            )
        )
    ).all()
    for i in items:
        kind = gettext(i.kind_label)
        for day, label in (
            (i.date, f"{kind} {i.number}"),
            (i.deadline, gettext("Deadline %(kind)s %(number)s", kind=kind.lower(), number=i.number)),
        ):
            if day and first <= day <= last:
                data.markers.append(Marker(day, f"{label}: {i.title}", "agenda"))
    # Course corrections: the team changed plan on purpose, shown beside the council's dates.
    by_id = {a.id: a for a in programme.actions}
    for c in db.session.scalars(
        select(Correction).where(Correction.action_id.in_(list(by_id)), Correction.corrected_on.between(first, last))
    ):
        action = by_id[c.action_id]
        reason = c.reason if len(c.reason) <= 80 else c.reason[:79] + "…"
        label = gettext("Bijsturing actie %(number)s: %(reason)s", number=action.number, reason=reason)
        data.markers.append(Marker(c.corrected_on, label, "correction"))
    data.markers.sort(key=lambda m: m.day)
    return data


def _ms(start: date, end: date) -> int:
    return int(((end + timedelta(days=1)) - start).total_seconds() * 1000)


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PC_ROW, AGENDA_ROW = N_("Raad: P&C-documenten"), N_("Besluiten, moties, deadlines")
CORRECTION_ROW = N_("Bijsturingen")


def dutch_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    """Ticks every quarter (every half year over longer spans) labelled 'jan 2026', as plotly only speaks English."""
    step = 3 if (last - first).days <= 2 * 366 else 6
    month = ((first.month - 1) // step) * step + 1
    day, values, texts = date(first.year, month, 1), [], []
    months = MONTHS if str(get_locale() or "nl") == "nl" else MONTHS_EN
    while day <= last + timedelta(days=31):
        values.append(day.isoformat())
        texts.append(f"{months[day.month - 1]} {day.year}")
        month = day.month - 1 + step
        day = date(day.year + month // 12, month % 12 + 1, 1)
    return values, texts


def timeline_figure(data: TimelineData, today: date | None = None) -> go.Figure:
    labels = [f"{a.number}. {a.title[:50]}" for a, _, _ in data.rows]
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=labels,
            base=[s.isoformat() for _, s, _ in data.rows],
            x=[_ms(s, e) for _, s, e in data.rows],
            marker_color=[STATUS_COLOURS.get(a.status, "#1f6fb2") for a, _, _ in data.rows],
            # a fill pattern per status besides the colour: the bars carry their status no other way
            marker_pattern={
                "shape": [STATUS_PATTERNS.get(a.status, "") for a, _, _ in data.rows],
                "fgcolor": "#ffffff",
                "fillmode": "overlay",
                "size": 7,
                "solidity": 0.3,
            },
            customdata=[
                [gettext(a.status_label), a.progress, s.strftime("%d-%m-%Y"), e.strftime("%d-%m-%Y")]
                for a, s, e in data.rows
            ],
            hovertemplate="%{y}<br>%{customdata[2]} – %{customdata[3]}<br>%{customdata[0]}, %{customdata[1]}%<extra></extra>",
            showlegend=False,
        )
    )
    # Markers sit on two rows of their own above the bars, named in the hover text: with a label
    # beside every line, twenty council dates in four years ran into one another.
    rows = []
    for kind, row, colour, symbol in (
        ("pc", gettext(PC_ROW), "#7a1208", "diamond"),
        ("agenda", gettext(AGENDA_ROW), "#0b3a5c", "circle"),
        ("correction", gettext(CORRECTION_ROW), "#1e5a24", "triangle-up"),
    ):
        markers = [m for m in data.markers if m.kind == kind]
        if not markers:
            continue
        rows.append(row)
        fig.add_trace(
            go.Scatter(
                x=[m.day.isoformat() for m in markers],
                y=[row] * len(markers),
                mode="markers",
                name=row,
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"color": "#ffffff", "width": 1}},
                customdata=[f"{m.day.strftime('%d-%m-%Y')}: {m.label}" for m in markers],
                hovertemplate="%{customdata}<extra></extra>",
                showlegend=False,
            )
        )
    for m in data.markers:
        if m.kind == "pc":
            fig.add_shape(
                type="line",
                x0=m.day.isoformat(),
                x1=m.day.isoformat(),
                y0=0,
                y1=1,
                yref="paper",
                line={"color": "#7a1208", "width": 1, "dash": "dot"},
                opacity=0.5,
                layer="below",
            )
    # A legend entry per status shown, since the bars carry their status only as a colour.
    for status in dict.fromkeys(a.status for a, _, _ in data.rows):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=gettext(ACTION_STATUS_LABELS.get(status, status)),
                hoverinfo="skip",
                marker={"symbol": "square", "size": 12, "color": STATUS_COLOURS.get(status, "#1f6fb2")},
            )
        )
    first = min([s for _, s, _ in data.rows] + [m.day for m in data.markers])
    last = max([e for _, _, e in data.rows] + [m.day for m in data.markers])
    tickvals, ticktext = dutch_ticks(first, last)
    if today and first <= today <= last:
        fig.add_shape(
            type="line",
            x0=today.isoformat(),
            x1=today.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            line={"color": "#1a1a1a", "width": 2},
        )
        fig.add_annotation(
            x=today.isoformat(),
            y=1,
            yref="paper",
            yanchor="bottom",
            text=gettext("vandaag"),
            showarrow=False,
            font={"size": 12, "color": "#1a1a1a"},
        )
    fig.update_layout(
        xaxis={"type": "date", "tickvals": tickvals, "ticktext": ticktext, "showgrid": True, "gridcolor": "#e6e6e6"},
        yaxis={"autorange": "reversed", "automargin": True, "categoryorder": "array", "categoryarray": rows + labels},
        height=max(280, 34 * (len(data.rows) + len(rows)) + 140),
        margin={"t": 30, "r": 20, "b": 40, "l": 10},
        plot_bgcolor="#ffffff",
        bargap=0.35,
        hoverlabel={"align": "left"},
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top", "font": {"size": 12}},
    )
    return fig
