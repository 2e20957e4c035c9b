"""Adding and reading areas; the path keeps subtree checks cheap."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from planner.areas.access import visible_areas
from planner.areas.models import LEVELS, Area
from planner.core.errors import PlannerError
from planner.extensions import db

CODE_LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}


def level_for_code(code: str) -> str:
    level = CODE_LEVELS.get(code[:2].upper())
    if level is None:
        raise PlannerError(f"'{code}' is geen CBS-gebiedscode (GM…, WK… of BU…).", "code")
    return level


def area_path(parent: Area | None, code: str) -> str:
    """The materialised path of an area with this code under `parent`."""
    return f"{parent.path}/{code}" if parent else code


def add_area(
    *,
    code: str,
    name: str,
    parent: Area | None = None,
    level: str | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Area:
    code = code.strip().upper()
    level = level or level_for_code(code)
    if level not in LEVELS:
        raise PlannerError(f"Onbekend gebiedsniveau '{level}'.", "level")
    if db.session.scalar(select(Area.id).where(Area.code == code)):
        raise PlannerError(f"Gebiedscode {code} bestaat al.", "code")
    path = area_path(parent, code)
    area = Area(
        code=code, name=name.strip(), level=level, parent=parent, path=path, valid_from=valid_from, valid_to=valid_to
    )
    db.session.add(area)
    db.session.flush()
    return area


def find_area(code: str) -> Area | None:
    return db.session.scalar(select(Area).where(Area.code == code.strip().upper()))


def visible_area(user, code: str) -> Area | None:
    """The area with this CBS code, if `user` may see it."""
    return db.session.scalar(visible_areas(user).where(Area.code == code))


def area_name(code: str) -> str | None:
    """The name of the area with this CBS code, for the command line acting for the installation."""
    return db.session.scalar(select(Area.name).where(Area.code == code))


def municipality_paths() -> list[str]:
    """The paths of the root areas: every municipality in the installation."""
    return list(db.session.scalars(select(Area.path).where(Area.parent_id.is_(None))))


def wards_within(area: Area) -> list[Area]:
    """The wijken below `area` (a gemeente or stadsdeel), grouped by stadsdeel through the path order."""
    return list(
        db.session.scalars(
            select(Area)
            .where(Area.level == "wijk", Area.path.startswith(area.path + "/", autoescape=True))
            .order_by(Area.path)
        )
    )


def programme_counts_by_area(user, areas: list[Area]) -> dict[int, dict[str, int]]:
    """Per area: visible programmes (in its subtree) counted by status, in one query."""
    from sqlalchemy import func as f

    from planner.core.access import covers
    from planner.programmes.access import programme_visibility
    from planner.programmes.models import Programme

    if not areas:
        return {}
    rows = db.session.execute(
        select(Area.path, Programme.status, f.count(Programme.id))
        .select_from(Programme)
        .join(Programme.area)
        .where(programme_visibility(user))
        .group_by(Area.path, Programme.status)
    ).all()
    out: dict[int, dict[str, int]] = {a.id: {} for a in areas}
    for path, status, count in rows:
        for a in areas:
            if covers([a.path], path):
                out[a.id][status] = out[a.id].get(status, 0) + count
    return out
