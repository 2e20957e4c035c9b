"""Enquête answers into contributions: the `enquete-inbreng` profile through the Excel engine.

The applier for target `contributions` needs `ctx.options["programme"]` (a Programme the user may
edit) and optionally `ctx.options["moment"]`. Re-importing the same export is idempotent: an
answer whose text already exists for that programme and moment is counted as unchanged.
Imported answers wait for moderation like any public reaction.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import select

from planner.core.errors import PlannerError
from planner.excel.targets import ApplyResult, Change, ImportContext
from planner.extensions import db
from planner.opgaven.services import theme_choices
from planner.participation import services
from planner.participation.models import Contribution


def apply_contributions(ctx: ImportContext) -> ApplyResult:
    result = ApplyResult()
    programme, moment = ctx.options["programme"], ctx.options.get("moment")
    table = ctx.table("contributions")
    labels = table.mapping  # field -> header as written, for messages
    goals = {g.number: g for g in programme.goals}
    actions = {a.number: a for a in programme.actions}
    # The themes this programme's municipality can choose: its own and the shared ones, active.
    themes = {t.name.casefold(): t for t in theme_choices(areas=[programme.area])}
    same_moment = Contribution.moment_id == moment.id if moment else Contribution.moment_id.is_(None)
    existing = set(
        db.session.scalars(select(Contribution.text).where(Contribution.programme_id == programme.id, same_moment))
    )
    for record in table.records:
        v = record.values

        def fail(field, message, record=record):
            result.error(table.sheet, record.row, labels.get(field), message)

        goal, action = goals.get(v.get("goal")), actions.get(v.get("action"))
        if v.get("goal") is not None and goal is None:
            fail(
                "goal",
                f"doel {v['goal']} bestaat niet in '{programme.title}'. Gebruik een doelnummer uit het programma.",
            )
            continue
        if v.get("action") is not None and action is None:
            fail(
                "action",
                f"actie {v['action']} bestaat niet in '{programme.title}'. Gebruik een actienummer uit het programma.",
            )
            continue
        theme = themes.get((v.get("theme") or "").strip().casefold())
        if v.get("theme") and theme is None:
            fail("theme", f"onbekend thema '{v['theme']}'. Kies uit: {', '.join(t.name for t in themes.values())}.")
            continue
        try:
            text = services.check_text(v.get("text"))
        except PlannerError as error:
            fail("text", error.message)
            continue
        if text in existing:
            result.unchanged += 1
            continue
        existing.add(text)
        submitted = v.get("submitted_at")
        contribution = services.record_contribution(
            programme,
            text=text,
            source="import",
            moment=moment,
            theme=theme,
            goal_id=goal.id if goal else None,
            action_id=action.id if action else None,
            submitted_at=datetime.combine(submitted, time(12)) if submitted else None,
        )
        result.created += 1
        result.changes.append(Change("Contribution", contribution.id, "create"))
    return result


def import_enquete(
    source, *, programme, moment=None, user=None, filename=None, dry_run=False
) -> tuple[ApplyResult, list]:
    """Parse and apply an enquête export. Returns (result, all errors); the caller commits or rolls back."""
    from planner.excel import load_profile, parse

    parsed = parse(source, load_profile("enquete-inbreng"), filename=filename)
    ctx = ImportContext(
        profile="enquete-inbreng",
        result=parsed,
        user=user,
        dry_run=dry_run,
        options={"programme": programme, "moment": moment},
    )
    result = apply_contributions(ctx)
    return result, [*parsed.errors, *result.errors]
