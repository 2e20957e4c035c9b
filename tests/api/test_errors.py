"""Every error under /api/v1/ is the JSON the OpenAPI document describes, never the site's HTML page."""

from __future__ import annotations

import pytest
from flask import abort
from werkzeug.exceptions import TooManyRequests

from planner.api.services import issue_token
from planner.extensions import db


@pytest.fixture
def headers(helmond, make_user):
    gm, *_ = helmond
    _, secret = issue_token(make_user("dashboard@helmond.nl", "reader", gm), "dashboard")
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:200]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}
    assert body["error"]["status"] == status and body["error"]["message"].strip()
    return body["error"]


def test_errors_the_api_raises_itself_are_json(client, headers):
    assert "API-sleutel" in assert_error(client.get("/api/v1/programmes"), 401)["message"]
    assert "status" in assert_error(client.get("/api/v1/programmes?status=klaar", headers=headers), 400)["message"]
    assert_error(client.get("/api/v1/programmes/99999", headers=headers), 404)
    assert_error(client.get("/api/v1/programmes?area=WK999999", headers=headers), 404)


def test_unknown_paths_and_methods_under_the_api_are_json_not_the_html_page(client, headers):
    for path in ("/api/v1/bestaat-niet", "/api/v1/programmes/12/acties", "/api/v1/programmes/abc"):
        assert_error(client.get(path, headers=headers), 404)
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/v1/programmes", headers=headers, json={"title": "Nieuw"})
        assert "alleen-lezen" in assert_error(response, 405)["message"]
        assert "GET" in response.headers["Allow"]
    # The rest of the site keeps its Dutch HTML page.
    page = client.get("/bestaat-niet")
    assert page.status_code == 404 and page.mimetype == "text/html"


@pytest.mark.parametrize("status", [403, 409, 413, 422, 429, 500])
def test_any_other_error_in_an_api_route_is_json(app, client, headers, monkeypatch, status):
    def failing():
        if status == 500:
            raise RuntimeError("stuk")
        if status == 429:
            raise TooManyRequests(retry_after=30)
        abort(status)

    monkeypatch.setitem(app.view_functions, "api.index", failing)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production: a 500, not a traceback

    response = client.get("/api/v1/", headers=headers)

    error = assert_error(response, status)
    assert "<" not in error["message"]
    if status == 429:
        assert response.headers["Retry-After"] == "30"


def test_openapi_document_lists_every_status_an_operation_answers(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    error_responses = doc["components"]["responses"]
    for name, response in error_responses.items():
        assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}, name
    assert "Allow" in error_responses["MethodNotAllowed"]["headers"]
    assert "Retry-After" in error_responses["TooManyRequests"]["headers"]
    for path, item in doc["paths"].items():
        responses, params = item["get"]["responses"], item["get"]["parameters"]
        assert {"200", "400", "401", "405", "429", "500", "default"} <= set(responses), path
        assert ("404" in responses) == any(p["in"] == "path" or p["name"] == "area" for p in params), path
        for param in params:
            schema = param["schema"]
            assert "type" in schema or "enum" in schema, (path, param["name"])
            if schema.get("type") == "integer":
                assert {"minimum", "maximum"} <= set(schema), (path, param["name"])
        for status, response in responses.items():
            if status not in ("200", "304"):
                assert response["$ref"].removeprefix("#/components/responses/") in error_responses, (path, status)


def test_other_methods_get_405_json_with_allow(client, headers):
    for method in ("TRACE", "PUT", "PATCH", "DELETE", "POST", "CONNECT"):
        response = client.open("/api/v1/actions", method=method, headers=headers)
        assert "alleen-lezen" in assert_error(response, 405)["message"], method
        assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/actions?offset=99999999999999999999",
        "/api/v1/actions?limit=501",
        "/api/v1/actions?colour=red",
        "/api/v1/actions?updated_since=gisteren",
        "/api/v1/actions?programme=%D9%A1",
        "/api/v1/actions?limit=1&limit=2",
        "/api/v1/areas?level=%FF%FE",
        "/api/v1/actions/1?x=1",
    ],
)
def test_bad_parameters_get_a_documented_dutch_400(client, headers, query):
    error = assert_error(client.get(query, headers=headers), 400)
    assert error["message"].isprintable()


def test_ids_of_any_size_are_unknown(client, headers):
    for path in ("/api/v1/actions/99999999999999999999999", "/api/v1/programmes/0", "/api/v1/areas/" + "X" * 300):
        assert_error(client.get(path, headers=headers), 404)
