"""The OpenAPI 3.1 description of /api/v1/, built as data so it cannot drift from the routes
(a test compares its paths with the app's URL map)."""

from __future__ import annotations

from planner.actions.models import ACTION_STATUSES, COMMITMENT_KINDS
from planner.agenda.models import ITEM_KINDS, ITEM_STATUSES
from planner.opgaven.models import (
    AGREEMENT_STATUSES,
    CONTRIBUTIONS,
    OPGAVE_KINDS,
    OPGAVE_STATUSES,
    ORGANISATION_KINDS,
    PRIORITIES,
    SEAT_ROLES,
)
from planner.programmes.models import STATUSES

_STR, _INT = {"type": "string"}, {"type": "integer"}
_DATE = {"type": ["string", "null"], "format": "date"}
_NSTR = {"type": ["string", "null"]}


def _obj(**props) -> dict:
    return {"type": "object", "properties": props, "required": list(props)}


def _page(item_ref: str) -> dict:
    schema = _obj(
        total=_INT,
        limit=_INT,
        offset=_INT,
        items={"type": "array", "items": {"$ref": f"#/components/schemas/{item_ref}"}},
    )
    schema["properties"]["next"] = {"type": "string", "description": "URL van de volgende pagina, als die er is"}
    return schema


def _param(name: str, description: str, schema: dict, where: str = "query", required: bool = False) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema,
    }


_PAGING = [
    _param("limit", "aantal per pagina (1–500, standaard 100)", {"type": "integer", "minimum": 1, "maximum": 500}),
    _param("offset", "aantal over te slaan", {"type": "integer", "minimum": 0}),
]


def _get(summary: str, schema_ref: str, params=(), paged: bool = False) -> dict:
    schema = {"$ref": f"#/components/schemas/{schema_ref}Page" if paged else f"#/components/schemas/{schema_ref}"}
    params = list(params) + (_PAGING if paged else [])
    query = any(p["in"] == "query" for p in params)
    # A lookup by id or code, and a list filtered by an area, answer 404 for what the key may not see.
    lookup = any(p["in"] == "path" or p["name"] == "area" for p in params)
    errors = {
        **({"400": _ref("BadRequest")} if query else {}),
        "401": _ref("Unauthorized"),
        **({"404": _ref("NotFound")} if lookup else {}),
        "500": _ref("ServerError"),
        "default": _ref("Default"),
    }
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}, **errors},
        }
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERROR_RESPONSES = {
    "BadRequest": _error_response("400: een ongeldige parameter, met uitleg welke en wat mag"),
    "Unauthorized": _error_response("401: geen of geen geldige API-sleutel (met de header WWW-Authenticate: Bearer)"),
    "NotFound": _error_response("404: bestaat niet, of u heeft er geen toegang toe (nooit het verschil)"),
    "ServerError": _error_response("500: een fout in Wijkplanner; er is niets gewijzigd"),
    "Default": _error_response(
        "Elke andere fout, in dezelfde vorm: 405 voor een andere methode dan GET (met de header Allow), "
        "404 voor een onbekend pad, 403, 409, 413, 422 en 429 (met de header Retry-After)"
    ),
}


def document(server_url: str) -> dict:
    area = _obj(code=_STR, name=_STR, level=_STR, parent=_NSTR, valid_from=_DATE, valid_to=_DATE)
    programme = _obj(
        id=_INT,
        title=_STR,
        area=_STR,
        status={"enum": list(STATUSES)},
        start_year=_INT,
        end_year=_INT,
        summary=_STR,
        ambition=_STR,
        approach=_STR,
        cost_notes=_STR,
        decision_reference=_NSTR,
        opgave=_NSTR,
        updated_at={"type": "string", "format": "date-time"},
    )
    goal = _obj(id=_INT, number=_INT, title=_STR, description=_STR, theme=_NSTR)
    programme_detail = {
        "allOf": [
            {"$ref": "#/components/schemas/Programme"},
            _obj(
                goals={"type": "array", "items": {"$ref": "#/components/schemas/Goal"}},
                actions={"type": "string", "description": "URL van de acties"},
            ),
        ]
    }
    action = _obj(
        id=_INT,
        programme_id=_INT,
        number=_INT,
        title=_STR,
        description=_STR,
        goal_id={"type": ["integer", "null"]},
        parent_id={"type": ["integer", "null"]},
        owner=_NSTR,
        owner_organisation={"oneOf": [_obj(id=_INT, name=_STR), {"type": "null"}]},
        owner_person=_NSTR,
        status={"enum": list(ACTION_STATUSES)},
        progress={"type": "integer", "minimum": 0, "maximum": 100},
        start_date=_DATE,
        end_date=_DATE,
        partners={"type": "array", "items": _STR},
        areas={"type": "array", "items": _obj(code=_STR, weight={"type": "string", "description": "decimaal getal"})},
        milestones={"type": "array", "items": _obj(title=_STR, due_date=_DATE, done_on=_DATE)},
        commitments={"type": "array", "items": {"$ref": "#/components/schemas/Commitment"}},
        updated_at={"type": "string", "format": "date-time"},
    )
    commitment = _obj(
        id=_INT,
        party=_obj(id=_INT, name=_STR),
        kind={"enum": list(COMMITMENT_KINDS), "description": "geld, uren of natura (in natura, gewaardeerd in euro's)"},
        amount={"type": "string", "description": "decimaal getal: euro's, of uren bij soort uren"},
        unit={"enum": ["euro", "uur"]},
        description=_NSTR,
    )
    commitment["description"] = "Inzet van een partij bij een actie"
    link = _obj(id=_INT, meaning=_STR)
    action_detail = {
        "allOf": [{"$ref": "#/components/schemas/Action"}, _obj(agenda_items={"type": "array", "items": link})]
    }
    item = _obj(
        id=_INT,
        area=_STR,
        kind={"enum": list(ITEM_KINDS)},
        number=_STR,
        title=_STR,
        date=_DATE,
        body=_STR,
        submitters=_NSTR,
        portfolio_holder=_NSTR,
        status={"enum": list(ITEM_STATUSES)},
        deadline=_DATE,
        url=_NSTR,
    )
    item_detail = {
        "allOf": [{"$ref": "#/components/schemas/AgendaItem"}, _obj(actions={"type": "array", "items": link})]
    }
    party = _obj(
        id=_INT,
        name=_STR,
        kind={"enum": list(ORGANISATION_KINDS)},
        active={"type": "boolean"},
        merged_into={"type": ["integer", "null"], "description": "id van de partij waarin zij is opgegaan"},
    )
    seat = _obj(
        opgave_id=_INT,
        opgave=_STR,
        party_id=_INT,
        party=_STR,
        role={"enum": list(SEAT_ROLES)},
        brings={"type": "array", "items": {"enum": list(CONTRIBUTIONS)}},
        offer=_STR,
        wants=_STR,
    )
    seat["properties"]["contacts"] = {
        "type": "string",
        "description": "contactpersonen; alleen voor wie concepten in het gebied van de opgave mag zien",
    }
    party_detail = {
        "allOf": [
            {"$ref": "#/components/schemas/Party"},
            _obj(
                seats={
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Seat"},
                    "description": "alleen aan tafels van opgaven die u mag zien",
                }
            ),
        ]
    }
    opgave = _obj(
        id=_INT,
        title=_STR,
        statement=_STR,
        kind={"enum": list(OPGAVE_KINDS)},
        area=_STR,
        concerned_areas={"type": "array", "items": _STR},
        status={"enum": list(OPGAVE_STATUSES)},
        priority={"enum": list(PRIORITIES)},
        themes={"type": "array", "items": _STR},
        owners=_obj(portfolio_holder=_NSTR, official_sponsor=_NSTR, director=_NSTR),
    )
    step = _obj(
        at={"type": "string", "format": "date-time"},
        by=_STR,
        to={"enum": list(OPGAVE_STATUSES)},
        reason=_STR,
        **{"from": {"type": ["string", "null"]}},
    )
    agreement = _obj(
        id=_INT,
        party_id=_INT,
        made_on=_DATE,
        text=_STR,
        due_date=_DATE,
        status={"enum": list(AGREEMENT_STATUSES)},
        meeting_id={"type": ["integer", "null"]},
        action_ids={"type": "array", "items": _INT, "description": "acties die u mag zien"},
    )
    meeting = _obj(id=_INT, held_on=_DATE, title=_STR, notes=_STR, attendee_ids={"type": "array", "items": _INT})
    opgave_detail = {
        "allOf": [
            {"$ref": "#/components/schemas/Opgave"},
            _obj(
                description=_STR,
                desired_situation=_STR,
                status_reason=_STR,
                lifecycle={"type": "array", "items": step},
                programmes={
                    "type": "array",
                    "items": _obj(id=_INT, title=_STR, status={"enum": list(STATUSES)}, url=_STR),
                },
                table=_obj(
                    seats={"type": "array", "items": {"$ref": "#/components/schemas/Seat"}},
                    agreements={"type": "array", "items": agreement},
                    meetings={"type": "array", "items": meeting},
                ),
            ),
        ]
    }
    me = _obj(
        user=_obj(email=_STR, name=_STR, roles={"type": "array", "items": _obj(role=_STR, area=_STR)}), openapi=_STR
    )
    error = _obj(error=_obj(status=_INT, message=_STR))
    error["description"] = "Elke fout: de HTTP-status en een Nederlandse uitleg"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wijkplanner API",
            "version": "1.0.0",
            "description": "Alleen-lezen toegang tot gebieden, wijkontwikkelprogramma's, acties, de politieke "
            "agenda, opgaven en partijen. Een API-sleutel (aan te maken onder 'API-sleutels') ziet "
            "precies wat de gebruiker in Wijkplanner ziet: concepten alleen met een rol die "
            "concepten mag zien.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": f"{server_url}/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/": _get("De gebruiker achter de sleutel en zijn rollen", "Me"),
            "/areas": _get(
                "Gebieden die u mag zien",
                "Area",
                paged=True,
                params=[_param("level", "niveau", {"enum": ["gemeente", "wijk", "buurt", "stadsdeel", "gebied"]})],
            ),
            "/areas/{code}": _get("Eén gebied (CBS-code)", "Area", params=[_param("code", "CBS-code", _STR, "path")]),
            "/programmes": _get(
                "Wijkontwikkelprogramma's",
                "Programme",
                paged=True,
                params=[
                    _param("status", "fase", {"enum": list(STATUSES)}),
                    _param("area", "CBS-code: programma's van dit gebied en eronder", _STR),
                ],
            ),
            "/programmes/{programme_id}": _get(
                "Eén programma met zijn doelen", "ProgrammeDetail", params=[_param("programme_id", "id", _INT, "path")]
            ),
            "/actions": _get(
                "Acties",
                "Action",
                paged=True,
                params=[
                    _param("programme", "id van het programma", _INT),
                    _param("status", "status", {"enum": list(ACTION_STATUSES)}),
                ],
            ),
            "/actions/{action_id}": _get(
                "Eén actie met haar politieke spoor", "ActionDetail", params=[_param("action_id", "id", _INT, "path")]
            ),
            "/agenda-items": _get(
                "Agendapunten: besluiten, moties, toezeggingen…",
                "AgendaItem",
                paged=True,
                params=[
                    _param("kind", "soort", {"enum": list(ITEM_KINDS)}),
                    _param("status", "status", {"enum": list(ITEM_STATUSES)}),
                ],
            ),
            "/agenda-items/{item_id}": _get(
                "Eén agendapunt met de acties die het uitvoeren",
                "AgendaItemDetail",
                params=[_param("item_id", "id", _INT, "path")],
            ),
            "/opgaven": _get(
                "Opgaven in gebieden die u mag zien",
                "Opgave",
                paged=True,
                params=[
                    _param("area", "CBS-code: opgaven van dit gebied en eronder, of die erover gaan", _STR),
                    _param("theme", "naam van een thema", _STR),
                    _param("status", "fase", {"enum": list(OPGAVE_STATUSES)}),
                    _param("priority", "prioriteit", {"enum": list(PRIORITIES)}),
                ],
            ),
            "/opgaven/{opgave_id}": _get(
                "Eén opgave met haar verloop, programma's en tafel",
                "OpgaveDetail",
                params=[_param("opgave_id", "id", _INT, "path")],
            ),
            "/partijen": _get(
                "Partijen (organisaties)",
                "Party",
                paged=True,
                params=[_param("kind", "soort organisatie", {"enum": list(ORGANISATION_KINDS)})],
            ),
            "/partijen/{party_id}": _get(
                "Eén partij met haar plaatsen aan tafel", "PartyDetail", params=[_param("party_id", "id", _INT, "path")]
            ),
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "API-sleutel, beginnend met wp_"}
            },
            "responses": ERROR_RESPONSES,
            "schemas": {
                "Me": me,
                "Error": error,
                "Area": area,
                "AreaPage": _page("Area"),
                "Programme": programme,
                "ProgrammePage": _page("Programme"),
                "ProgrammeDetail": programme_detail,
                "Goal": goal,
                "Action": action,
                "Commitment": commitment,
                "ActionPage": _page("Action"),
                "ActionDetail": action_detail,
                "AgendaItem": item,
                "AgendaItemPage": _page("AgendaItem"),
                "AgendaItemDetail": item_detail,
                "Opgave": opgave,
                "OpgavePage": _page("Opgave"),
                "OpgaveDetail": opgave_detail,
                "Party": party,
                "PartyPage": _page("Party"),
                "PartyDetail": party_detail,
                "Seat": seat,
            },
        },
    }
