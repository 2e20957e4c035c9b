"""Functioneel beheerders' work on accounts: blocked accounts and recent failed sign-ins in their areas."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import func

from planner.admin.services import blocked_users_in_scope, users_query_in_scope
from planner.core.i18n import nl_date
from planner.core.models import LoginFailure, User
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


RECENT_FAILURES_DAYS = 7


def failed_logins(user, today: date) -> list[WorkList]:
    """Accounts with failed sign-ins in the last week, most failures first."""
    if not role_paths(user, "admin"):
        return []
    since = datetime.combine(today - timedelta(days=RECENT_FAILURES_DAYS), datetime.min.time())
    failures, last = func.count(LoginFailure.id), func.max(LoginFailure.at)
    query = (
        users_query_in_scope(user)
        .join(LoginFailure, LoginFailure.user_id == User.id)
        .where(LoginFailure.at >= since)
        .with_only_columns(User.id, User.name, User.email, failures, last)
        .group_by(User.id, User.name, User.email)
        .order_by(failures.desc(), User.name)
    )
    rows, total = first_and_total(query)
    items = [
        WorkItem(
            f"{name} ({email})",
            url_for("admin.user", user_id=uid),
            ngettext("%(num)s mislukte poging", "%(num)s mislukte pogingen", count)
            + " · "
            + gettext("laatste %(when)s", when=nl_date(at)),
        )
        for uid, name, email, count, at in rows
    ]
    return [
        WorkList(
            "admin",
            gettext("Mislukte aanmeldingen van de laatste %(days)s dagen", days=RECENT_FAILURES_DAYS),
            ngettext("%(num)s account", "%(num)s accounts", total),
            gettext("Geen mislukte aanmeldingen."),
            items,
            total,
        )
    ]
