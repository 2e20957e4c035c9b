"""The OpenAPI 3.1 description of /api/v1/, generated from the operations the views register and the
pydantic models in schemas.py that also serialise the answers: one definition for both."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic.json_schema import models_json_schema

from planner.api import schemas

REF = "#/components/schemas/{model}"
# The methods a route answers; every other one gets 405 (documented) with an Allow header.
ALLOWED = "GET, HEAD, OPTIONS"


@dataclass
class Operation:
    path: str  # OpenAPI path below /api/v1, e.g. /actions/{action_id}
    endpoint: str
    summary: str
    response: type
    query: type | None = None
    path_params: dict = field(default_factory=dict)  # name -> (JSON Schema, description)
    lookup: bool = False  # answers 404 for what the key may not see
    link: tuple[str, str, str] | None = None  # a list item's field leads to (detail operationId, its parameter)
    paged: bool = False


OPERATIONS: list[Operation] = []


def _error(description: str, headers: dict | None = None) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
    }
    if headers:
        response["headers"] = headers
    return response


ERROR_RESPONSES = {
    "BadRequest": _error("400: een ongeldige of onbekende parameter, met uitleg welke en wat mag"),
    "Unauthorized": _error(
        "401: geen, een onbekende, verlopen of ingetrokken API-sleutel",
        {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    ),
    "NotFound": _error("404: bestaat niet, of u heeft er geen toegang toe (nooit het verschil)"),
    "MethodNotAllowed": _error(
        "405: deze API is alleen-lezen; alleen GET (en HEAD, OPTIONS)",
        {"Allow": {"schema": {"type": "string"}, "description": ALLOWED}},
    ),
    "TooManyRequests": _error(
        "429: te veel verzoeken met deze sleutel; wacht zo veel seconden als Retry-After zegt",
        {"Retry-After": {"schema": {"type": "integer", "minimum": 1}, "description": "seconden"}},
    ),
    "ServerError": _error("500: een fout in Wijkplanner; er is niets gewijzigd"),
    "Default": _error("Elke andere fout, in dezelfde vorm (403, 409, 413, 422)"),
}


def _param_schema(schema: dict) -> dict:
    """A query parameter's schema from the query model: optional means absent, not null."""
    schema = {k: v for k, v in schema.items() if k not in ("title", "default")}
    options = [s for s in schema.pop("anyOf", []) if s.get("type") != "null"]
    if options:
        schema = {**options[0], **schema}
    return schema


def _parameters(op: Operation) -> list[dict]:
    params = [
        {"name": name, "in": "path", "required": True, "description": description, "schema": schema}
        for name, (schema, description) in op.path_params.items()
    ]
    if op.query is not None:
        model = op.query.model_json_schema()
        for name, schema in model["properties"].items():
            described = _param_schema(schema)
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "description": described.pop("description", name),
                    "schema": described,
                }
            )
    return params


def _operation(op: Operation) -> dict:
    ok = {
        "description": "OK",
        "headers": {
            "ETag": {"schema": {"type": "string"}, "description": "stuur terug in If-None-Match"},
        },
        "content": {"application/json": {"schema": {"$ref": REF.format(model=op.response.__name__)}}},
    }
    if op.paged:
        ok["headers"]["Link"] = {
            "schema": {"type": "string"},
            "description": 'rel="next": de volgende pagina (alleen als die er is)',
        }
        ok["content"]["text/csv"] = {"schema": {"type": "string", "description": "met format=csv"}}
    if op.link:
        target, param, item_field = op.link
        ok["links"] = {
            "detail": {"operationId": target, "parameters": {param: f"$response.body#/items/0/{item_field}"}}
        }
    query = op.query is not None
    responses = {
        "200": ok,
        "304": {"description": "Niet gewijzigd sinds de ETag in If-None-Match"},
        **({"400": {"$ref": "#/components/responses/BadRequest"}} if query else {}),
        "401": {"$ref": "#/components/responses/Unauthorized"},
        **({"404": {"$ref": "#/components/responses/NotFound"}} if op.lookup else {}),
        "405": {"$ref": "#/components/responses/MethodNotAllowed"},
        "429": {"$ref": "#/components/responses/TooManyRequests"},
        "500": {"$ref": "#/components/responses/ServerError"},
        "default": {"$ref": "#/components/responses/Default"},
    }
    return {
        "get": {
            "operationId": op.endpoint.removeprefix("api."),
            "summary": op.summary,
            "parameters": _parameters(op),
            "responses": responses,
        }
    }


def document(server_url: str) -> dict:
    models = {op.response for op in OPERATIONS} | {schemas.Error}
    _, top = models_json_schema(
        [(m, "serialization") for m in sorted(models, key=lambda m: m.__name__)], ref_template=REF
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wijkplanner API",
            "version": "1.1.0",
            "description": "Alleen-lezen toegang tot gebieden, wijkontwikkelprogramma's, acties, de politieke "
            "agenda, opgaven en partijen. Een API-sleutel (aan te maken onder 'API-sleutels') ziet "
            "precies wat de gebruiker in Wijkplanner ziet: concepten alleen met een rol die "
            "concepten mag zien.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": f"{server_url}/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {op.path: _operation(op) for op in OPERATIONS},
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "API-sleutel, beginnend met wp_"}
            },
            "responses": ERROR_RESPONSES,
            "schemas": top["$defs"],
        },
    }
