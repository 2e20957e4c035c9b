"""The `organisations` import target (profile organisaties): the parties that can take a seat at a table.

Idempotent on the name, compared as the admin screen does (case-insensitive, spaces collapsed): a
known name with the same kind is unchanged, a changed kind or `actief = nee` updates it; the stored
spelling stays. A name that belongs to a merged or deactivated organisation is a row error, never a
silent reactivation: that goes through Beheer › Organisaties, which checks the merge.
"""

from __future__ import annotations

from sqlalchemy import select

from planner.core.errors import PlannerError
from planner.excel.targets import ApplyResult, Change, ImportContext
from planner.extensions import db
from planner.opgaven import services
from planner.opgaven.models import Organisation


def name_key(name) -> str:
    return " ".join(str(name or "").split()).casefold()


def apply_organisations(ctx: ImportContext) -> ApplyResult:
    result = ApplyResult()
    table = ctx.table("organisations")
    labels = table.mapping  # field -> header as written, for messages
    known = {name_key(o.name): o for o in db.session.scalars(select(Organisation))}
    seen: dict[str, int] = {}
    for record in table.records:
        v = record.values

        def fail(field, message, record=record):
            result.error(table.sheet, record.row, labels.get(field), message)

        key = name_key(v.get("name"))
        if key in seen:  # the engine catches the exact same text; this is the same name written otherwise
            fail(
                "name",
                f"de organisatie '{v['name']}' staat ook in rij {seen[key]}. Elke organisatie mag maar "
                "één keer voorkomen: verwijder of verbeter een van beide rijen.",
            )
            continue
        seen[key] = record.row
        active = v.get("active")
        existing = known.get(key)
        if existing is not None and existing.merged_into_id is not None:
            fail(
                "name",
                f"'{existing.name}' is samengevoegd met '{existing.merged_into.name}'. Gebruik die naam "
                "of laat de rij weg.",
            )
            continue
        if existing is not None and not existing.active and active is not False:
            fail(
                "name",
                f"'{existing.name}' is gedeactiveerd. Activeer haar eerst onder Beheer › Organisaties, "
                "of zet Actief op 'nee'.",
            )
            continue
        try:
            if existing is None:
                organisation = services.save_organisation(None, name=v["name"], kind=v["kind"])
                if active is False:
                    services.set_organisation_active(organisation, False)
                known[key] = organisation
                result.created += 1
                result.changes.append(Change("Organisation", None, "create", obj=organisation))
                continue
            before = {}
            if existing.kind != v["kind"]:
                before["kind"] = existing.kind
                services.save_organisation(existing, name=existing.name, kind=v["kind"])
            if active is False and existing.active:
                before["active"] = True
                services.set_organisation_active(existing, False)
        except PlannerError as error:
            fail(error.field or "name", error.message)
            continue
        if before:
            result.updated += 1
            result.changes.append(Change("Organisation", existing.id, "update", before=before))
        else:
            result.unchanged += 1
    return result
