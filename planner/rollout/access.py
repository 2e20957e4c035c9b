"""Who sees a template: the staff who see drafts anywhere in its municipality (a template carries a programme's
draft content). Who manages one or rolls it out: whoever may draft programmes somewhere in that municipality;
each new programme still needs the right to edit its own ward."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, or_, select

from planner.areas.models import Area
from planner.core.access import grant_paths, path_condition
from planner.extensions import db
from planner.rollout.models import ProgrammeTemplate


def _reaches(paths: list[str], municipality_path: str) -> bool:
    return any(
        p == municipality_path or p.startswith(municipality_path + "/") or municipality_path.startswith(p + "/")
        for p in paths
    )


def template_visibility(user):
    """SQL condition on ProgrammeTemplate joined with its Area (the municipality)."""
    paths = grant_paths(user, "view_draft")
    municipalities = sorted({p.split("/")[0] for p in paths})
    return or_(
        path_condition(Area.path, paths),
        Area.path.in_(municipalities) if municipalities else path_condition(Area.path, []),
    )


def visible_templates(user) -> Select:
    return select(ProgrammeTemplate).join(ProgrammeTemplate.area).where(template_visibility(user))


def get_template_or_404(user, template_id: int) -> ProgrammeTemplate:
    template = db.session.execute(
        visible_templates(user).where(ProgrammeTemplate.id == template_id)
    ).scalar_one_or_none()
    if template is None:
        abort(404)
    return template


def may_use(user, template: ProgrammeTemplate) -> bool:
    """Whether `user` may draft programmes somewhere in the template's municipality."""
    return _reaches(grant_paths(user, "edit"), template.area.path)


def require_use(user, template: ProgrammeTemplate) -> None:
    if not may_use(user, template):
        abort(403)
