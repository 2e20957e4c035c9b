"""Functioneel beheerders' work on accounts: blocked accounts in their areas."""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext

from planner.admin.services import blocked_users_in_scope
from planner.core.models import User
from planner.core.worklist import WorkItem, WorkList, first_and_total, role_paths


def blocked_accounts(user, today: date) -> list[WorkList]:
    if not role_paths(user, "admin"):
        return []
    query = (
        blocked_users_in_scope(user).with_only_columns(User.id, User.name, User.email).order_by(User.name, User.email)
    )
    rows, total = first_and_total(query)
    return [
        WorkList(
            "admin",
            gettext("Geblokkeerde accounts"),
            ngettext("%(num)s account", "%(num)s accounts", total),
            gettext("Geen geblokkeerde accounts."),
            [WorkItem(name, url_for("admin.user", user_id=uid), email) for uid, name, email in rows],
            total,
            url_for("admin.users"),
        )
    ]
