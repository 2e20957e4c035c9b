"""The `areas` import target (profile cbs-gebieden): CBS municipalities, wards and neighbourhoods
become Areas under their parent; indicator columns (cars per household) go to the features on the
hook `areas_imported` (the indicators feature makes them Measurements).

Idempotent on the CBS code; a wijk or buurt that the municipality placed in one of its own
stadsdelen (planner.areas.division) stays there. A ward whose municipality is unknown is a row error, never a guess.
Only a functioneel beheerder of the municipality (or of every municipality, for new ones) may
write its areas.
"""

from __future__ import annotations

from sqlalchemy import select

from planner.areas.division import keeps_place
from planner.areas.models import Area
from planner.areas.services import area_path, level_for_code
from planner.core import access, hooks
from planner.excel.runner import covers_everything
from planner.excel.targets import ApplyResult, ImportContext, upsert
from planner.extensions import db

LEVEL_ORDER = ("gemeente", "wijk", "buurt")  # parents before children


def parent_code(code: str, municipality_code: str | None) -> str | None:
    """GM for a ward (from the row, else from the code: WK0014xx → GM0014), WK for a neighbourhood."""
    if code.startswith("WK"):
        return municipality_code or f"GM{code[2:6]}"
    if code.startswith("BU"):
        return f"WK{code[2:8]}"
    return None


def apply_areas(ctx: ImportContext) -> ApplyResult:
    result = ApplyResult()
    table = ctx.table("areas")
    sheet, labels = table.sheet, table.mapping
    code_label = labels.get("code", "Gebiedscode")
    records = table.records
    codes = {r.values["code"] for r in records}
    parents = {parent_code(r.values["code"], r.values.get("municipality_code")) for r in records} - {None}
    existing = (
        {a.code: a for a in db.session.scalars(select(Area).where(Area.code.in_(codes | parents)))}
        if len(codes | parents) < 1000
        else {a.code: a for a in db.session.scalars(select(Area))}
    )
    scope = _Scope(ctx.user)

    areas_by_row = {}
    for level in LEVEL_ORDER:
        for record in records:
            code = record.values["code"]
            if level_for_code(code) != level:
                continue
            parent = None
            wanted_parent = parent_code(code, record.values.get("municipality_code"))
            if wanted_parent:
                parent = existing.get(wanted_parent)
                if parent is None:
                    column = labels.get("municipality_code", code_label) if level == "wijk" else code_label
                    what = "gemeente" if level == "wijk" else "wijk"
                    result.error(
                        sheet,
                        record.row,
                        column,
                        f"de {what} {wanted_parent} van {code} is niet bekend. Importeer eerst de "
                        f"{'gemeenten' if level == 'wijk' else 'wijken'} (CBS-lijst) of verbeter de code.",
                    )
                    continue
            current = existing.get(code)
            if current is not None and parent is not None and keeps_place(current, parent):
                parent_id, path = current.parent_id, current.path  # the municipality's own division stays
            else:
                parent_id, path = (parent.id if parent else None), area_path(parent, code)
            if not scope.allows(path):
                result.error(
                    sheet,
                    record.row,
                    code_label,
                    f"u mag de gebieden van {path.split('/')[0]} niet wijzigen: daarvoor is de rol "
                    "functioneel beheerder op die gemeente nodig.",
                )
                continue
            area = upsert(
                result,
                Area,
                key={"code": code},
                values={
                    "name": record.values["name"].strip(),
                    "level": level,
                    "parent_id": parent_id,
                    "path": path,
                },
                existing=existing.get(code),
                lookup=False,
            )
            existing[code] = area
            areas_by_row[record.row] = area
        db.session.flush()  # the next level needs these ids
    if table.indicators and not result.errors:
        for store in hooks.functions("areas_imported"):
            store(ctx, table, areas_by_row, result)
    return result


class _Scope:
    """Which area paths the importing user may write: admin grants, or everything for the CLI and
    for a functioneel beheerder of every municipality (who may also add new municipalities)."""

    def __init__(self, user):
        self.everything = user is None or covers_everything(user, "admin")
        self.paths = [] if self.everything else access.grant_paths(user, "admin")

    def allows(self, path: str) -> bool:
        return self.everything or access.covers(self.paths, path)
