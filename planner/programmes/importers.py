"""Re-import of an edited programme workbook (profile `wijkprogramma`, applier `programme_workbook`).

Exactly the rows that differ from the database change, through the same services as the screens
(`update_action`, `create_action`, `update_goal`, `add_goal`), so every rule and the audit trail
apply. A row is found by its hidden key ("A:<id>:<lock version>"); a key that is not an action of
this programme gives the same message whether the action exists elsewhere or not, so a workbook
cannot be used to learn about other programmes. A changed row whose action was saved by someone
else after the export is refused instead of overwriting their work. Rows without a key are new.
Inzet partijen (commitments, key "I:<id>") updates the rows that changed and adds the rows without a key;
Toewijzingen and Koppelingen are checked but never written: they have their own screens.
Every problem is returned as a row error; the import runner rolls back when there is one.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.actions.models import Action, Commitment
from planner.actions.services import (
    CLOSED_PROGRAMME_STATUSES,
    add_commitment,
    create_action,
    update_action,
    update_commitment,
)
from planner.areas.models import Area
from planner.core import access
from planner.core.audit import jsonable
from planner.core.errors import PlannerError
from planner.excel.targets import ApplyResult, Change, ImportContext
from planner.extensions import db
from planner.opgaven.models import Organisation
from planner.opgaven.services import theme_choices
from planner.programmes import workbook as export
from planner.programmes.access import can_view_programme
from planner.programmes.models import Programme
from planner.programmes.services import add_goal, update_goal

NOT_OURS = (
    "deze sleutel hoort niet bij een actie van dit programma. Laat de kolom Sleutel staan zoals "
    "Wijkplanner hem exporteerde, of maak de cel leeg om de rij als nieuwe actie in te lezen."
)
GOAL_NOT_OURS = (
    "deze sleutel hoort niet bij een doel van dit programma. Laat de kolom Sleutel staan zoals "
    "Wijkplanner hem exporteerde, of maak de cel leeg om de rij als nieuw doel in te lezen."
)
STALE = (
    "{what} is na het exporteren van deze werkmap gewijzigd (door iemand anders of door een eerder "
    "ingelezen werkmap). Exporteer het programma opnieuw en breng uw wijziging daarin aan."
)
_KEY = re.compile(r"^([ADTKI]):(\d+)(?::(\d+))?$")
_AREA = re.compile(r"^\s*([A-Za-z]{2}[0-9A-Za-z]+)\b(.*?)(?:\(\s*([0-9]+(?:[.,][0-9]+)?)\s*\))?\s*$")
# Model attribute named in a PlannerError → the workbook field whose column it belongs beside.
ERROR_FIELDS = {
    "parent_id": "parent",
    "title": "title",
    "status": "status",
    "progress": "progress",
    "start_date": "start_date",
    "end_date": "end_date",
    "areas": "areas",
    "partners": "partners",
}
# A commitment's PlannerError field → the workbook field beside which it is shown.
COMMITMENT_FIELDS = {
    "action_id": "action",
    "organisation_id": "party",
    "kind": "kind",
    "amount": "amount",
    "description": "description",
}
COMMITMENT_NOT_OURS = (
    "deze sleutel hoort niet bij een inzet in dit programma. Laat de kolom Sleutel staan zoals "
    "Wijkplanner hem exporteerde, of maak de cel leeg om de rij als nieuwe inzet in te lezen."
)
SCALARS = ("title", "description", "status", "progress", "start_date", "end_date")


class RowProblem(Exception):
    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def parse_key(text, kind: str) -> tuple[int, int | None] | None:
    """ "A:12:3" → (12, 3); None for a key of another kind or an unreadable one."""
    found = _KEY.match(str(text).strip()) if text else None
    if not found or found.group(1) != kind:
        return None
    return int(found.group(2)), int(found.group(3)) if found.group(3) else None


def parse_areas(text: str | None) -> list[tuple[str, Decimal]]:
    """ "WK079410 Binnenstad (0,5); WK079411" → [("WK079410", 0.5), ("WK079411", 1)]."""
    pairs = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        found = _AREA.match(part)
        if not found:
            raise RowProblem(
                "areas",
                f"'{part.strip()}' is geen gebied. Schrijf gebieden als code met "
                "eventueel een gewicht, gescheiden door ;, bijvoorbeeld "
                "'WK079410 (0,5); WK079411 (0,5)'.",
            )
        weight = found.group(3)
        try:
            pairs.append((found.group(1).upper(), Decimal(weight.replace(",", ".")) if weight else Decimal(1)))
        except InvalidOperation:
            raise RowProblem("areas", f"'{weight}' is geen gewicht. Vul een getal in, bijvoorbeeld 0,5.") from None
    return pairs


def split_names(text: str | None) -> list[str]:
    return [name.strip() for name in (text or "").split(";") if name.strip()]


# --- the applier --------------------------------------------------------------------------------------


def apply_programme_workbook(ctx: ImportContext) -> ApplyResult:
    result = ApplyResult()
    programme = _programme(ctx, result)
    if programme is None:
        return result
    job = _Job(ctx, programme, result)
    job.apply_goals()
    job.apply_actions()
    job.apply_commitments()
    job.read_only(
        "programme_allocations",
        export.allocation_rows(programme.id),
        ("action", "year", "taakveld", "amount"),
        lambda row: (str(row[1]), row[3], row[4], row[6]),
        "Toewijzingen wijzigt u in Wijkplanner (Begroting van het programma)",
    )
    job.read_only(
        "programme_links",
        export.link_rows(programme.id),
        ("action", "kind", "reference"),
        lambda row: (str(row[1]), _kind_code(row[3]), row[4]),
        "Koppelingen wijzigt u in Wijkplanner (bij de actie of het agendapunt)",
    )
    if not result.errors:
        db.session.flush()
        result.resolve_ids()
    return result


# The workbook's other sheets, applied together with Acties in one call.
HANDLED_BY_PROGRAMME_WORKBOOK = ("programme_goals", "programme_commitments", "programme_allocations", "programme_links")


def handled_by_programme_workbook(ctx: ImportContext) -> ApplyResult:
    """The other sheets of the workbook are applied together with Acties, in one call."""
    return ApplyResult()


def _kind_code(label: str) -> str:
    from planner.agenda.models import ITEM_KINDS

    return next((code for code, text in ITEM_KINDS.items() if text == label), label)


def _programme(ctx: ImportContext, result: ApplyResult) -> Programme | None:
    """The programme from the options, else the one the action keys point at; the user must be
    allowed to edit it. Unknown and invisible programmes get the same message."""
    programme_id = ctx.options.get("programme_id")
    if programme_id is None:
        ids = {
            parsed[0] for r in _records(ctx, "programme_workbook") if (parsed := parse_key(r.values.get("key"), "A"))
        }
        owners = set(db.session.scalars(select(Action.programme_id).where(Action.id.in_(ids)))) if ids else set()
        if len(owners) != 1:
            result.error(
                None,
                None,
                None,
                "Kies het programma waarin deze werkmap moet worden ingelezen (de werkmap noemt er niet precies één).",
            )
            return None
        programme_id = owners.pop()
    programme = db.session.get(Programme, int(programme_id))
    user = ctx.user
    if programme is None or (user is not None and not can_view_programme(user, programme)):
        result.error(
            None,
            None,
            None,
            "Dit programma bestaat niet of u heeft er geen toegang toe. Kies een programma uit de lijst Programma's.",
        )
        return None
    if user is not None and not access.can(user, "edit", programme.area):
        result.error(
            None,
            None,
            None,
            f"U mag het programma '{programme.title}' bekijken maar niet bewerken. "
            "Vraag de gebiedsmanager om de rol opgaveteamlid.",
        )
        return None
    if programme.status in CLOSED_PROGRAMME_STATUSES:
        result.error(
            None,
            None,
            None,
            f"Het programma '{programme.title}' is geëvalueerd en afgesloten; er kan niets meer worden ingelezen.",
        )
        return None
    return programme


def _records(ctx: ImportContext, target: str):
    try:
        return ctx.table(target).records
    except KeyError:
        return []


class _Job:
    """One re-import: lookups prefetched once, then row by row through the services."""

    def __init__(self, ctx: ImportContext, programme: Programme, result: ApplyResult):
        self.ctx, self.programme, self.result = ctx, programme, result
        self.goal_by_number = {g.number: g for g in programme.goals}
        self.action_by_id = {
            a.id: a
            for a in db.session.scalars(
                select(Action)
                .where(Action.programme_id == programme.id)
                .options(selectinload(Action.areas), selectinload(Action.partners))
            )
        }
        self.action_by_number = {a.number: a for a in self.action_by_id.values()}
        self.partners = {p.name.casefold(): p for p in db.session.scalars(select(Organisation))}

    # --- helpers ------------------------------------------------------------------------------------

    def _table(self, target: str):
        try:
            return self.ctx.table(target)
        except KeyError:
            return None

    def _error(self, table, row: int, field: str | None, message: str) -> None:
        column = table.mapping.get(field) if field else None
        self.result.error(table.sheet, row, column, message)

    # --- Doelen -------------------------------------------------------------------------------------

    def apply_goals(self) -> None:
        table = self._table("programme_goals")
        if table is None or table.sheet is None:
            return
        goals = {g.id: g for g in self.programme.goals}
        # The programme's municipality's themes and the shared ones; a goal's current theme stays readable.
        kept = [g.theme for g in goals.values() if g.theme is not None]
        themes = {t.name.casefold(): t for t in theme_choices(kept, areas=[self.programme.area])}
        for record in table.records:
            v = record.values
            try:
                theme = None
                if "theme" in table.mapping and v.get("theme"):
                    theme = themes.get(v["theme"].strip().casefold())
                    if theme is None:
                        raise RowProblem(
                            "theme",
                            f"het thema '{v['theme']}' bestaat niet. Kies uit: "
                            f"{', '.join(t.name for t in themes.values())}.",
                        )
                wanted = {"title": v["title"]}
                if "description" in table.mapping:
                    wanted["description"] = v.get("description") or ""
                if "theme" in table.mapping:
                    wanted["theme"] = theme
                self._goal_row(table, record, goals, wanted)
            except RowProblem as problem:
                self._error(table, record.row, problem.field, problem.message)
            except PlannerError as error:
                self._error(table, record.row, "title", error.message)

    def _goal_row(self, table, record, goals: dict, wanted: dict) -> None:
        key = record.values.get("key")
        number = record.values.get("number")
        if key is None:
            if number is not None and number in self.goal_by_number:
                raise RowProblem(
                    "number",
                    f"doel {number} bestaat al. Laat het nummer van een nieuw doel leeg; Wijkplanner nummert het.",
                )
            goal = add_goal(self.programme, wanted["title"], wanted.get("description", ""), wanted.get("theme"))
            self.result.created += 1
            self.result.changes.append(Change("Goal", None, "create", obj=goal))
            self.goal_by_number[number if number is not None else goal.number] = goal
            return
        parsed = parse_key(key, "D")
        goal = goals.get(parsed[0]) if parsed else None
        if goal is None:
            raise RowProblem("key", GOAL_NOT_OURS)
        if number is not None and number != goal.number:
            raise RowProblem("number", f"het nummer van een doel bepaalt Wijkplanner. Zet het terug op {goal.number}.")
        changed = {k: val for k, val in wanted.items() if getattr(goal, k) != val}
        if not changed:
            self.result.unchanged += 1
            return
        if parsed[1] is not None and parsed[1] != goal.lock_version:
            raise RowProblem(None, STALE.format(what=f"Doel {goal.number}"))
        before = {
            ("theme_id" if k == "theme" else k): jsonable(goal.theme_id if k == "theme" else getattr(goal, k))
            for k in changed
        }
        update_goal(goal, None, **changed)
        self.result.updated += 1
        self.result.changes.append(Change("Goal", goal.id, "update", before=before))

    # --- Acties -------------------------------------------------------------------------------------

    def apply_actions(self) -> None:
        table = self._table("programme_workbook")
        if table is None or table.sheet is None:
            return
        codes = {code for r in table.records for code, _ in self._safe_areas(r.values.get("areas"))}
        self.areas = {a.code: a for a in db.session.scalars(select(Area).where(Area.code.in_(codes)))} if codes else {}
        for record in table.records:
            try:
                wanted = self._wanted(table, record.values)
                self._action_row(record.values, wanted)
            except RowProblem as problem:
                self._error(table, record.row, problem.field, problem.message)
            except PlannerError as error:
                self._error(table, record.row, ERROR_FIELDS.get(error.field or ""), error.message)

    @staticmethod
    def _safe_areas(text):
        try:
            return parse_areas(text)
        except RowProblem:
            return []

    def _wanted(self, table, v: dict) -> dict:
        """The row as model values, only for the columns the sheet has (a removed column changes nothing)."""
        present = table.mapping
        wanted = {"title": v["title"], "status": v["status"]}
        for name, empty in (("description", ""), ("progress", 0), ("start_date", None), ("end_date", None)):
            if name in present:
                wanted[name] = v.get(name) if v.get(name) is not None else empty
        references = (
            (
                "goal",
                self.goal_by_number,
                "doel {n} bestaat niet in dit programma. Kies een nummer uit het werkblad Doelen of laat de cel leeg.",
            ),
            (
                "parent",
                self.action_by_number,
                "actie {n} bestaat niet in dit programma. Vul het nummer "
                "van een bestaande actie in of laat de cel leeg.",
            ),
        )
        for name, by_number, unknown in references:
            number = v.get(name)
            if name in present:
                wanted[name] = by_number.get(number) if number is not None else None
                if number is not None and wanted[name] is None:
                    raise RowProblem(name, unknown.format(n=number))
        if "owner" in present:
            wanted["owner_organisation"] = self._owner(v.get("owner"))
        if "partners" in present:
            wanted["partners"] = self._partners(v.get("partners"))
        if "areas" in present:
            wanted["area_weights"] = self._area_weights(v.get("areas"))
        return wanted

    def _owner(self, text) -> Organisation | None:
        """The Trekker column names an organisation as Wijkplanner knows it. An unknown name is an error,
        not a new organisation: the list of parties is the administrator's, and a typo would otherwise
        become a party of its own. A merged organisation leads to the one it went into."""
        name = " ".join(str(text or "").split())
        if not name:
            return None
        organisation = self.partners.get(name.casefold())
        if organisation is None:
            raise RowProblem(
                "owner",
                f"de trekker '{name}' staat niet in Wijkplanner als organisatie. Gebruik de "
                "naam zoals in de lijst van organisaties, laat de beheerder de organisatie "
                "toevoegen, of laat de cel leeg.",
            )
        while organisation.merged_into is not None and organisation.merged_into is not organisation:
            organisation = organisation.merged_into
        return organisation

    def _partners(self, text) -> list[Organisation]:
        found = []
        for name in split_names(text):
            partner = self.partners.get(name.casefold())
            if partner is None:
                raise RowProblem(
                    "partners",
                    f"de partner '{name}' staat niet in Wijkplanner. Gebruik de naam zoals "
                    "in de partnerlijst, of laat de beheerder de partner toevoegen. "
                    "Scheid partners met ;.",
                )
            found.append(partner)
        return sorted(found, key=lambda p: p.name)

    def _area_weights(self, text) -> dict:
        pairs = parse_areas(text)
        if not pairs:
            return {self.programme.area: Decimal(1)}
        weights = {}
        for code, weight in pairs:
            area = self.areas.get(code)
            if area is None:
                raise RowProblem(
                    "areas",
                    f"gebiedscode '{code}' bestaat niet. Gebruik een CBS-code zoals {self.programme.area.code}.",
                )
            weights[area] = weight
        return weights

    def _action_row(self, v: dict, wanted: dict) -> None:
        key = v.get("key")
        if key is None:
            self._create(wanted)
            return
        parsed = parse_key(key, "A")
        action = self.action_by_id.get(parsed[0]) if parsed else None
        if action is None:
            raise RowProblem("key", NOT_OURS)
        if v.get("number") is not None and v["number"] != action.number:
            raise RowProblem(
                "number", f"het nummer van een actie bepaalt Wijkplanner. Zet het terug op {action.number}."
            )
        changed = self._differences(action, wanted)
        if not changed:
            self.result.unchanged += 1
            return
        if parsed[1] is not None and parsed[1] != action.lock_version:
            raise RowProblem(None, STALE.format(what=f"Actie {action.number}"))
        before = {name: jsonable(getattr(action, name)) for name in changed if name in SCALARS}
        for name, attr in (
            ("goal", "goal_id"),
            ("parent", "parent_id"),
            ("owner_organisation", "owner_organisation_id"),
        ):
            if name in changed:
                before[attr] = getattr(action, attr)
        fields = {k: wanted[k] for k in changed if k not in ("partners", "area_weights")}
        update_action(
            action,
            None,
            partners=wanted["partners"] if "partners" in changed else None,
            area_weights=wanted["area_weights"] if "area_weights" in changed else None,
            **fields,
        )
        self.result.updated += 1
        self.result.changes.append(Change("Action", action.id, "update", before=before))

    @staticmethod
    def _differences(action: Action, wanted: dict) -> list[str]:
        changed = [k for k in SCALARS if k in wanted and getattr(action, k) != wanted[k]]
        if "goal" in wanted and action.goal_id != (wanted["goal"].id if wanted["goal"] else None):
            changed.append("goal")
        if "parent" in wanted and action.parent_id != (wanted["parent"].id if wanted["parent"] else None):
            changed.append("parent")
        if "owner_organisation" in wanted and action.owner_organisation_id != (
            wanted["owner_organisation"].id if wanted["owner_organisation"] else None
        ):
            changed.append("owner_organisation")
        if "partners" in wanted and {p.id for p in wanted["partners"]} != {p.id for p in action.partners}:
            changed.append("partners")
        if "area_weights" in wanted and {a.id: Decimal(w) for a, w in wanted["area_weights"].items()} != {
            aa.area_id: Decimal(aa.weight) for aa in action.areas
        }:
            changed.append("area_weights")
        return changed

    def _create(self, wanted: dict) -> None:
        fields = dict(wanted)
        title = fields.pop("title")
        action = create_action(
            self.programme,
            title=title,
            area_weights=fields.pop("area_weights", None),
            partners=fields.pop("partners", ()),
            **fields,
        )
        self.result.created += 1
        self.result.changes.append(Change("Action", None, "create", obj=action))
        self.action_by_id[action.id] = action
        self.action_by_number[action.number] = action

    # --- Inzet partijen -------------------------------------------------------------------------------

    def apply_commitments(self) -> None:
        table = self._table("programme_commitments")
        if table is None or table.sheet is None:
            return
        mine = {
            c.id: c
            for c in db.session.scalars(select(Commitment).join(Action).where(Action.programme_id == self.programme.id))
        }
        for record in table.records:
            try:
                self._commitment_row(record.values, mine)
            except RowProblem as problem:
                self._error(table, record.row, problem.field, problem.message)
            except PlannerError as error:
                self._error(table, record.row, COMMITMENT_FIELDS.get(error.field or "", "amount"), error.message)

    def _commitment_row(self, v: dict, mine: dict) -> None:
        action = self.action_by_number.get(v.get("action"))
        if action is None:
            raise RowProblem(
                "action",
                f"actie {v.get('action')} bestaat niet in dit programma. Vul het nummer van een actie "
                "uit het werkblad Acties in.",
            )
        party = self._party(v.get("party"))
        wanted = {
            "organisation": party,
            "kind": v.get("kind"),
            "amount": v.get("amount"),
            "description": v.get("description") or "",
        }
        key = v.get("key")
        if key is None:
            commitment = add_commitment(action, **wanted)
            self.result.created += 1
            self.result.changes.append(Change("Commitment", None, "create", obj=commitment))
            return
        parsed = parse_key(key, "I")
        commitment = mine.get(parsed[0]) if parsed else None
        if commitment is None:
            raise RowProblem("key", COMMITMENT_NOT_OURS)
        amount = Decimal(wanted["amount"]).quantize(Decimal("0.01")) if wanted["amount"] is not None else None
        same = (
            commitment.action_id == action.id
            and commitment.organisation_id == party.id
            and commitment.kind == wanted["kind"]
            and commitment.amount == amount
            and (commitment.description or "") == wanted["description"].strip()
        )
        if same:
            self.result.unchanged += 1
            return
        before = {
            "action_id": commitment.action_id,
            "organisation_id": commitment.organisation_id,
            "kind": commitment.kind,
            "amount": jsonable(commitment.amount),
            "description": commitment.description,
        }
        update_commitment(commitment, action=action, **wanted)
        self.result.updated += 1
        self.result.changes.append(Change("Commitment", commitment.id, "update", before=before))

    def _party(self, text) -> Organisation:
        """The Partij column names an organisation as Wijkplanner knows it; a merged one leads to where it went."""
        name = " ".join(str(text or "").split())
        organisation = self.partners.get(name.casefold())
        if organisation is None:
            raise RowProblem(
                "party",
                f"de partij '{name}' staat niet in Wijkplanner als organisatie. Gebruik de naam zoals in de "
                "lijst van organisaties, of laat de beheerder de organisatie toevoegen.",
            )
        while organisation.merged_into is not None and organisation.merged_into is not organisation:
            organisation = organisation.merged_into
        return organisation

    # --- Toewijzingen, Koppelingen ---------------------------------------------------------------------

    def read_only(self, target: str, rows, fields: tuple[str, ...], as_values, where: str) -> None:
        """Rows must be as exported; any change gets one error per row saying where to make it."""
        table = self._table(target)
        if table is None or table.sheet is None:
            return
        current = {row[0]: as_values(row) for row in rows}
        for record in table.records:
            v = record.values
            mine = tuple(str(v.get(f)) if f == "action" else v.get(f) for f in fields)
            if v.get("key") in current and _same(current[v["key"]], mine):
                self.result.unchanged += 1
                continue
            self._error(
                table,
                record.row,
                None,
                f"{where}, niet in deze werkmap. Zet de rij terug zoals hij was of verwijder hem.",
            )


def _same(a: tuple, b: tuple) -> bool:
    return all((x == y) or (str(x).casefold() == str(y).casefold()) for x, y in zip(a, b))
