"""Budget frames (kaders) of a wijkontwikkelprogramma and an opgave, and what is free within them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from planner.actions.access import visible_actions
from planner.actions.models import Action
from planner.budget.models import Allocation, BudgetFrame
from planner.budget.rollup import ZERO, cents
from planner.budget.spending import check_amount
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.programmes.models import Programme


@dataclass
class FrameStatus:
    frame: Decimal | None
    allocated: Decimal

    @property
    def free(self) -> Decimal | None:
        return None if self.frame is None else self.frame - self.allocated


def _frame(**subject) -> BudgetFrame | None:
    return db.session.scalar(select(BudgetFrame).filter_by(**subject))


def set_frame(amount: Decimal | None, *, programme=None, opgave=None) -> BudgetFrame | None:
    """Set (or with None, remove) the kader of a programme or an opgave."""
    subject = {"programme_id": programme.id} if programme is not None else {"opgave_id": opgave.id}
    frame = _frame(**subject)
    if amount is None:
        if frame is not None:
            db.session.delete(frame)
            db.session.flush()
        return None
    check_amount(amount)
    if amount < 0:
        raise PlannerError("Een kader kan niet negatief zijn.", "amount")
    if frame is None:
        frame = BudgetFrame(amount=amount, **subject)
        db.session.add(frame)
    else:
        frame.amount = amount
    db.session.flush()
    return frame


def _allocated(user, condition) -> Decimal:
    ids = visible_actions(user).where(condition).with_only_columns(Action.id)
    total = db.session.scalar(select(func.sum(Allocation.amount)).where(Allocation.action_id.in_(ids)))
    return cents(total or ZERO)


def programme_frame(user, programme) -> FrameStatus:
    frame = _frame(programme_id=programme.id)
    return FrameStatus(frame.amount if frame else None, _allocated(user, Action.programme_id == programme.id))


def opgave_frame(user, opgave) -> FrameStatus:
    """The actions of the opgave: their own opgave, or without one their programme's."""
    frame = _frame(opgave_id=opgave.id)
    of_opgave = func.coalesce(Action.opgave_id, Programme.opgave_id) == opgave.id
    return FrameStatus(frame.amount if frame else None, _allocated(user, of_opgave))
