"""Named places where one feature adds to another without either importing the other.

A feature adds a function to a hook in its `init_app`; the code that offers the hook calls the
functions in the order the features were set up (planner.FEATURES):

    hooks.add(app, "areas_imported", store_area_measurements)   # indicators/__init__.py
    for store in hooks.functions("areas_imported"):             # areas/importers.py
        store(ctx, table, areas_by_row, result)

A page offers a hook with `{{ hooks('action_detail', action=action, programme=programme) }}`:
each function gets those keywords and returns its block's HTML (a rendered template).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from markupsafe import Markup

KEY = "planner.hooks"


def add(app, name: str, func: Callable) -> None:
    app.extensions.setdefault(KEY, {}).setdefault(name, []).append(func)


def functions(name: str) -> list[Callable]:
    return list(current_app.extensions.get(KEY, {}).get(name, ()))


def render(name: str, **context) -> Markup:
    """The blocks the features add to a page, in order; `hooks(...)` in templates."""
    return Markup("").join(Markup(block(**context)) for block in functions(name))


def init_app(app) -> None:
    app.add_template_global(render, "hooks")
