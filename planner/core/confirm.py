"""A confirmation step for irreversible or wide actions that works without JavaScript.

The action's button posts to its URL as before; without `bevestigd=ja` in the form the view answers
with a confirmation page that says what will go and what stays, with one button that posts again with
`bevestigd=ja` (and the fields the first post carried, in `keep`), and a link back. A JavaScript
confirm() alone would let a keyboard or script-less user (or a double click) do the irreversible thing
at once.
"""

from __future__ import annotations

from flask import render_template, request

FIELD = "bevestigd"


def confirmed() -> bool:
    return request.form.get(FIELD) == "ja"


def confirm_page(
    *,
    title: str,
    message: str,
    button: str,
    cancel_url: str,
    details: list[str] | None = None,
    kept: str | None = None,
    keep: dict[str, str] | None = None,
):
    """The page that asks first; it posts to the URL of the current request.

    `message` says what goes, `details` lists it where that helps, `kept` says what stays (the audit
    trail, related records); `keep` holds form fields the second post must repeat."""
    return render_template(
        "_confirm.html",
        title=title,
        message=message,
        button=button,
        cancel_url=cancel_url,
        details=details or [],
        kept=kept,
        keep={k: v for k, v in (keep or {}).items() if k not in (FIELD, "csrf_token")},
        action_url=request.path,
        field=FIELD,
    )
