"""The one commit point of a web request: commit when it answered with success, roll back otherwise.

Views and services never commit. After the view (and its error handler, if it failed) has made the
response, and before anything is sent, the request's changes are committed when the status is below
400 and rolled back when it is an error. A commit that fails raises here, so the user gets the error
page ("nothing was saved") instead of the redirect or page the view had prepared. A request that
changed nothing does not commit. CLI commands have their own point: `planner.core.cli.committing`.
"""

from __future__ import annotations

from flask import g, session
from sqlalchemy import event
from sqlalchemy.orm import Session

from planner.extensions import db

_WROTE = "planner_wrote"  # session.info: the open transaction has written (flushed or executed DML)


@event.listens_for(Session, "after_flush")
def _flushed(orm_session, flush_context) -> None:
    orm_session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(orm_session, transaction) -> None:
    if transaction.parent is None:
        orm_session.info.pop(_WROTE, None)


def has_changes(orm_session) -> bool:
    """Whether committing would store anything."""
    return bool(orm_session.new or orm_session.dirty or orm_session.deleted or orm_session.info.get(_WROTE))


def keep_on_error() -> None:
    """Let this request's changes stand even when it answers 4xx: for bookkeeping on pages that only
    read otherwise, such as the last use of the API token that asked."""
    g.keep_on_error = True


def finish(response):
    """Commit or roll back the request's transaction (an `after_request` step)."""
    if not db.session.registry.has():  # the request never touched the database
        return response
    failed = response.status_code >= 500 or (response.status_code >= 400 and not g.get("keep_on_error"))
    if failed:
        db.session.rollback()
    elif has_changes(db.session):
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            if "_flashes" in session:
                session.pop("_flashes")  # the view's "saved" message is untrue now
            raise
    return response


def init_app(app) -> None:
    app.after_request(finish)
