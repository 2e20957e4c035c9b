"""Plain helpers for tests: log in a test client, read a CSRF token, name a demo user."""

from __future__ import annotations

import re

from flask import g

PASSWORD = "correct-horse-battery"  # every user made by the make_user builder has it


def login(client, user, password=PASSWORD):
    response = client.post("/inloggen", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def login_as(client, user):
    """A fresh client logged in as `user`, for tests that switch users. The tests share one app context,
    so Flask-Login's cached user in `g` would survive a second login on the same client: drop it first."""
    g.pop("_login_user", None)
    fresh = client.application.test_client()
    login(fresh, user)
    return fresh


def csrf_token(client, url):
    """Fetch a page and read its CSRF token, as a browser would."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on " + url
    return match.group(1)


def demo_email(key: str) -> str:
    """The e-mail address of a demo user by its key in planner.demo.content.USERS (manager, oost …)."""
    from planner.demo import content

    return next(email for k, email, *_ in content.USERS if k == key)


def adoption(programme, body: str = "raad") -> dict:
    """The besluit adopting `programme`, put on its municipality's political agenda: transition(..., **adoption(p))."""
    from planner.agenda.models import AgendaItem
    from planner.areas.division import municipality_of
    from planner.extensions import db

    item = AgendaItem(
        area=municipality_of(programme.area),
        kind="besluit",
        number=f"RB-{programme.id}-{len(programme.versions)}",
        title="Vaststelling van het programma",  # no programme title: the agenda is seen more widely
        body=body,
        status="aangenomen",
    )
    db.session.add(item)
    db.session.flush()
    return {"decision_item": item, "competent_body": body}
