"""The `/agenda.ics` feed: P&C dates and political deadlines of the areas a user may see."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import or_

from planner.agenda.models import AgendaItem
from planner.agenda.services import visible_items
from planner.cycle.models import PcMoment
from planner.cycle.services import visible_moments
from planner.extensions import db

MOMENT_DATES = (
    ("input_deadline", "Inleverdatum input"),
    ("college_date", "College"),
    ("council_date", "Raad"),
)
# Outlook keeps a subscription's past events; a year back is enough context.
HISTORY = timedelta(days=366)


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_events(user, today: date) -> list[tuple[str, date, str, str]]:
    """(uid, day, summary, description) for every P&C date and open deadline `user` may see."""
    since = today - HISTORY
    events = []
    moments = db.session.scalars(
        visible_moments(user).where(
            or_(PcMoment.input_deadline >= since, PcMoment.college_date >= since, PcMoment.council_date >= since)
        )
    ).all()
    for m in moments:
        for field, label in MOMENT_DATES:
            day = getattr(m, field)
            if day and day >= since:
                events.append(
                    (
                        f"pc-{m.id}-{field}@wijkplanner",
                        day,
                        f"{label}: {m.label} ({m.area.name})",
                        f"P&C-moment {m.label} van {m.area.name}.",
                    )
                )
    items = db.session.scalars(
        visible_items(user).where(
            AgendaItem.deadline.is_not(None), AgendaItem.deadline >= since, AgendaItem.status == "open"
        )
    ).all()
    for i in items:
        events.append(
            (
                f"agenda-{i.id}-deadline@wijkplanner",
                i.deadline,
                f"Deadline {i.kind_label.lower()} {i.number}: {i.title}",
                f"{i.kind_label} {i.number} ({i.area.name}). {i.url}".strip(),
            )
        )
    return sorted(events, key=lambda e: (e[1], e[0]))


def build_calendar(user, today: date) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Wijkplanner//P&C en politieke agenda//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Wijkplanner: P&C en politieke deadlines")
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for uid, day, summary, description in calendar_events(user, today):
        cal.add_component(_event(uid, day, summary, description, stamp))
    return cal.to_ical()
