"""The programme timeline: actions as bars against council and P&C dates (plotly)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import plotly.graph_objects as go
from sqlalchemy import select

from planner.agenda.models import ActionAgendaLink, AgendaItem
from planner.agenda.services import visible_items
from planner.cycle.models import PcMoment
from planner.cycle.services import visible_moments
from planner.extensions import db

STATUS_COLOURS = {"idee": "#8a8a8a", "gepland": "#b58900", "loopt": "#1f6fb2", "vertraagd": "#c0392b",
                  "afgerond": "#2e7d32", "gestopt": "#555555"}


@dataclass
class Marker:
    day: date
    label: str
    kind: str  # "pc" or "agenda"


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
            data.markers.append(Marker(m.council_date, f"Raad: {m.label}", "pc"))
    items = db.session.scalars(visible_items(user).where(AgendaItem.id.in_(
        select(ActionAgendaLink.agenda_item_id).where(ActionAgendaLink.action_id.in_([a.id for a in programme.actions]))))).all()
    for i in items:
        for day, what in ((i.date, ""), (i.deadline, "Deadline ")):
            if day and first <= day <= last:
                data.markers.append(Marker(day, f"{what}{i.kind_label} {i.number}", "agenda"))
    data.markers.sort(key=lambda m: m.day)
    return data


def _ms(start: date, end: date) -> int:
    return int(((end + timedelta(days=1)) - start).total_seconds() * 1000)


def timeline_figure(data: TimelineData) -> go.Figure:
    labels = [f"{a.number}. {a.title[:50]}" for a, _, _ in data.rows]
    fig = go.Figure(go.Bar(
        orientation="h", y=labels, base=[s.isoformat() for _, s, _ in data.rows], x=[_ms(s, e) for _, s, e in data.rows],
        marker_color=[STATUS_COLOURS.get(a.status, "#1f6fb2") for a, _, _ in data.rows],
        customdata=[[a.status_label, a.progress, s.strftime("%d-%m-%Y"), e.strftime("%d-%m-%Y")] for a, s, e in data.rows],
        hovertemplate="%{y}<br>%{customdata[2]} – %{customdata[3]}<br>%{customdata[0]}, %{customdata[1]}%<extra></extra>",
        showlegend=False,
    ))
    for i, m in enumerate(data.markers):
        colour = "#7a1208" if m.kind == "pc" else "#0b3a5c"
        fig.add_shape(type="line", x0=m.day.isoformat(), x1=m.day.isoformat(), y0=0, y1=1, yref="paper",
                      line={"color": colour, "width": 1.5, "dash": "dot" if m.kind == "agenda" else "dash"})
        fig.add_annotation(x=m.day.isoformat(), y=1.0 + 0.06 * (i % 3), yref="paper", text=m.label, showarrow=False,
                           font={"size": 11, "color": colour}, xanchor="left")
    fig.update_layout(
        xaxis={"type": "date", "tickformat": "%b %Y"},
        yaxis={"autorange": "reversed", "automargin": True},
        height=max(260, 34 * len(data.rows) + 160), margin={"t": 90, "r": 20, "b": 40, "l": 10},
        plot_bgcolor="#ffffff", bargap=0.35,
    )
    return fig
