"""Helpers for the browser tests: log in on the login page as a person would."""

from __future__ import annotations

from tests.helpers import PASSWORD


def log_in(page, email: str, password: str = PASSWORD, *, keyboard: bool = False) -> None:
    """Open /inloggen, fill in the form and submit it; return once the next page has loaded.
    keyboard=True types and submits by keyboard alone (Tab to the password, Enter), as a keyboard user would."""
    page.goto("/inloggen")
    if keyboard:
        page.focus("#email")
        page.keyboard.type(email)
        page.keyboard.press("Tab")
        page.keyboard.type(password)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    else:
        page.fill("#email", email)
        page.fill("#password", password)
        with page.expect_navigation():
            page.click("button[type=submit] >> nth=-1")  # the last one: the language switch is a form too
