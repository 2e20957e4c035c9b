"""Open Raadsinformatie JSON (VNG ODS informatiemodel) → agenda item values, with Dutch errors.

The document is an object with `gemeente` and a list `vergaderingen`; a Vergadering holds
Agendapunten, an Agendapunt may carry a Besluit and Documenten (moties, amendementen,
raadsvoorstellen …); `toezeggingen` is a list of Toezeggingen. Objects name their kind in
`@type`. Every problem is reported with the path to the object (vergaderingen[0].agendapunten[2])
and, where it is about one field, that field's key; nothing is applied when there is any.
The import runner reads these documents through the `ori` profile (planner/agenda/importers.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

BODY_FOR_MEETING = {
    "gemeenteraad": "raad",
    "raad": "raad",
    "raadsvergadering": "raad",
    "commissie": "commissie",
    "raadscommissie": "commissie",
    "college": "college",
    "stadsdeelcommissie": "stadsdeelcommissie",
    "wijkraad": "wijkraad",
}
DOCUMENT_KINDS = {
    "motie": "motie",
    "amendement": "amendement",
    "raadsvoorstel": "raadsvoorstel",
    "raadsinformatiebrief": "raadsinformatiebrief",
    "schriftelijke vragen": "schriftelijke_vragen",
    "schriftelijke_vragen": "schriftelijke_vragen",
    "toezegging": "toezegging",
    "besluit": "besluit",
    # ODS v2 informatieobjecttype values
    "vraag": "schriftelijke_vragen",
    "voorstel": "raadsvoorstel",
}
RESULTS = {
    "aangenomen": "aangenomen",
    "verworpen": "verworpen",
    "ingetrokken": "ingetrokken",
    "afgedaan": "afgedaan",
    "open": "open",
    "aangehouden": "open",
    "ingediend": "open",
    "unaniem aangenomen": "aangenomen",
    "geamendeerd aangenomen": "aangenomen",
    "voldaan": "afgedaan",
}
KNOWN_TYPES = ("Vergadering", "Agendapunt", "Besluit", "Document", "Toezegging", "InformatieObject")
# The ODS v2 API calls a motie, amendement or toezegging an InformatieObject with an
# `informatieobjecttype`: accepted wherever a Document or a Toezegging is expected.
SAME_AS = {"InformatieObject": ("Document", "Toezegging")}


@dataclass(frozen=True)
class OriProblem:
    where: str | None  # path to the object, None for the document as a whole
    key: str | None  # the field's key, when the problem is one field
    message: str

    @property
    def path(self) -> str | None:
        """The JSON path of the problem: vergaderingen[0].agendapunten[0].documenten[1].deadline."""
        return f"{self.where}.{self.key}" if self.where and self.key else self.where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class OriResult:
    municipality: str | None = None
    items: list[dict] = field(default_factory=list)  # agenda item values, each with its `path`
    problems: list[OriProblem] = field(default_factory=list)
    objects: int = 0  # besluiten, documenten and toezeggingen read, valid or not

    @property
    def errors(self) -> list[str]:
        return [str(p) for p in self.problems]

    @property
    def ok(self) -> bool:
        return not self.problems


class _Reader:
    def __init__(self, result: OriResult):
        self.result = result

    def error(self, where: str | None, message: str, key: str | None = None) -> None:
        self.result.problems.append(OriProblem(where, key, message))

    def obj(self, value, where: str, expected: str) -> dict | None:
        if not isinstance(value, dict):
            self.error(where, f"verwacht een object van type {expected}.")
            return None
        kind = value.get("@type")
        if kind is None:
            self.error(where, f"'@type' ontbreekt; verwacht '{expected}'.", "@type")
            return None
        if kind not in KNOWN_TYPES:
            self.error(where, f"onbekend type '{str(kind)[:40]}'. Bekend zijn: {', '.join(KNOWN_TYPES)}.", "@type")
            return None
        if kind != expected and expected not in SAME_AS.get(kind, ()):
            self.error(where, f"type '{kind}' staat op een plek waar '{expected}' hoort.", "@type")
            return None
        return value

    def text(self, obj: dict, key: str, where: str, required: bool = True, limit: int = 300) -> str | None:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(where, f"verplicht veld '{key}' ontbreekt.", key)
            return None
        if not isinstance(value, (str, int)):
            self.error(where, f"veld '{key}' moet tekst zijn.", key)
            return None
        value = str(value).strip()
        if len(value) > limit:
            self.error(where, f"veld '{key}' is langer dan {limit} tekens.", key)
            return None
        return value

    def day(self, obj: dict, key: str, where: str, required: bool = False) -> date | None:
        raw = self.text(obj, key, where, required)
        if raw is None:
            return None
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            self.error(where, f"'{raw[:30]}' in '{key}' is geen datum (verwacht JJJJ-MM-DD).", key)
            return None

    def names(self, obj: dict, key: str) -> str:
        value = obj.get(key) or []
        if isinstance(value, str):
            return value
        return ", ".join(str(v.get("naam", "")) if isinstance(v, dict) else str(v) for v in value)[:500]

    def items_list(self, obj: dict, key: str, where: str) -> list:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(where, f"'{key}' moet een lijst zijn.", key)
            return []
        return value


def parse_ori(data) -> OriResult:
    """Turn an ORI document (bytes, str or parsed JSON) into values for `create_item`/`update_item`."""
    result = OriResult()
    r = _Reader(result)
    if isinstance(data, (bytes, str)):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            r.error(None, f"Het bestand is geen geldige JSON ({str(error)[:80]}).")
            return result
    if not isinstance(data, dict):
        r.error(None, "Het document moet een JSON-object zijn met 'gemeente' en 'vergaderingen'.")
        return result
    gemeente = data.get("gemeente")
    if not isinstance(gemeente, dict) or not gemeente.get("code"):
        r.error("gemeente", "verplicht veld 'code' (bijvoorbeeld GM0794) ontbreekt.", "code")
    else:
        result.municipality = str(gemeente["code"]).strip().upper()
    if "vergaderingen" not in data and "toezeggingen" not in data:
        r.error(None, "Het document bevat geen 'vergaderingen' en geen 'toezeggingen'.")
    for m_i, raw_meeting in enumerate(r.items_list(data, "vergaderingen", "document")):
        where = f"vergaderingen[{m_i}]"
        meeting = r.obj(raw_meeting, where, "Vergadering")
        if meeting is None:
            continue
        meeting_date = r.day(meeting, "datum", where, required=True)
        organ = (r.text(meeting, "orgaan", where, required=False) or "raad").lower()
        body = BODY_FOR_MEETING.get(organ)
        if body is None:
            r.error(
                where,
                f"onbekend orgaan '{organ[:40]}'. Kies uit: {', '.join(sorted(set(BODY_FOR_MEETING)))}.",
                "orgaan",
            )
            continue
        for a_i, raw_point in enumerate(r.items_list(meeting, "agendapunten", where)):
            _agendapunt(r, raw_point, f"{where}.agendapunten[{a_i}]", meeting_date, body)
    for t_i, raw in enumerate(r.items_list(data, "toezeggingen", "document")):
        where = f"toezeggingen[{t_i}]"
        result.objects += 1
        obj = r.obj(raw, where, "Toezegging")
        if obj is None:
            continue
        if (
            obj.get("@type") == "InformatieObject"
            and str(obj.get("informatieobjecttype", "toezegging")).lower() != "toezegging"
        ):
            r.error(
                where,
                f"in 'toezeggingen' hoort informatieobjecttype 'toezegging', niet "
                f"'{str(obj['informatieobjecttype'])[:40]}'.",
                "informatieobjecttype",
            )
            continue
        _add(
            r,
            obj,
            where,
            kind="toezegging",
            body="raad",
            item_date=r.day(obj, "datum", where),
            status=_status(r, obj, where, "status", "open"),
        )
    return result


def _status(r: _Reader, obj: dict, where: str, key: str, default: str) -> str | None:
    raw = r.text(obj, key, where, required=False)
    if raw is None:
        return default
    status = RESULTS.get(raw.lower())
    if status is None:
        r.error(where, f"onbekende status '{raw[:40]}'. Bekend zijn: {', '.join(sorted(RESULTS))}.", key)
    return status


def _agendapunt(r: _Reader, raw, where: str, meeting_date, body: str) -> None:
    point = r.obj(raw, where, "Agendapunt")
    if point is None:
        return
    decision = point.get("besluit")
    if decision is not None:
        d_where = f"{where}.besluit"
        r.result.objects += 1
        decision = r.obj(decision, d_where, "Besluit")
        if decision is not None:
            _add(
                r,
                decision,
                d_where,
                kind="besluit",
                body=body,
                item_date=r.day(decision, "datum", d_where) or meeting_date,
                status=_status(r, decision, d_where, "resultaat", "aangenomen"),
                fallback_title=point.get("titel"),
            )
    for d_i, raw_doc in enumerate(r.items_list(point, "documenten", where)):
        d_where = f"{where}.documenten[{d_i}]"
        r.result.objects += 1
        doc = r.obj(raw_doc, d_where, "Document")
        if doc is None:
            continue
        kind_key = (
            "informatieobjecttype" if "documenttype" not in doc and "informatieobjecttype" in doc else "documenttype"
        )
        raw_kind = r.text(doc, kind_key, d_where)
        if raw_kind is None:
            continue
        kind = DOCUMENT_KINDS.get(raw_kind.lower())
        if kind is None:
            r.error(
                d_where,
                f"onbekend documenttype '{raw_kind[:40]}'. Bekend zijn: {', '.join(sorted(DOCUMENT_KINDS))}.",
                kind_key,
            )
            continue
        _add(
            r,
            doc,
            d_where,
            kind=kind,
            body=body,
            item_date=r.day(doc, "datum", d_where) or meeting_date,
            status=_status(r, doc, d_where, "status", "open"),
        )


def _add(r: _Reader, obj: dict, where: str, *, kind, body, item_date, status, fallback_title=None) -> None:
    errors_before = len(r.result.problems)
    external_id = r.text(obj, "id", where, limit=200)
    number = r.text(obj, "nummer", where, limit=60)
    title = r.text(obj, "titel", where, required=not fallback_title) or (
        str(fallback_title)[:300] if fallback_title else None
    )
    deadline = r.day(obj, "deadline", where)
    url = r.text(obj, "url", where, required=False, limit=500) or ""
    if len(r.result.problems) > errors_before or status is None:
        return
    r.result.items.append(
        {
            "external_id": external_id,
            "number": number,
            "title": title,
            "kind": kind,
            "body": body,
            "date": item_date,
            "deadline": deadline,
            "status": status,
            "url": url,
            "submitters": r.names(obj, "indieners"),
            "portfolio_holder": r.text(obj, "portefeuillehouder", where, required=False, limit=200) or "",
            "path": where,
            "municipality": r.result.municipality,
        }
    )
