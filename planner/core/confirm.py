"""A confirmation step for irreversible or wide actions that works without JavaScript.

The action's button posts to its URL as before; without `bevestigd=ja` in the form the view answers
with a confirmation page that says what will go and what stays, with one button that posts the same
fields again plus `bevestigd=ja`, and a link back. A JavaScript confirm() alone would let a keyboard or
script-less user (or a double click) do the irreversible thing at once.
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
):
    """The page that asks first; it posts to the URL of the current request.

    `message` says what goes, `details` lists it where that helps, `kept` says what stays (the audit
    trail, related records). The second post repeats every field of the first (a merge target, an end date,
    a whole form), so the view gets the same request again, now confirmed."""
    return render_template(
        "_confirm.html",
        title=title,
        message=message,
        button=button,
        cancel_url=cancel_url,
        details=details or [],
        kept=kept,
        repeat=[(k, v) for k, values in request.form.lists() if k not in (FIELD, "csrf_token") for v in values],
        action_url=request.path,
        field=FIELD,
    )
