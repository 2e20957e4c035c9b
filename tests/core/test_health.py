"""GET /healthz answers 200 only when the database does."""

import pytest

from planner import create_app


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////nonexistent-directory/wijkplanner.db",
        "postgresql+psycopg://app@127.0.0.1:1/planner?connect_timeout=2",  # nothing listens on port 1
    ],
    ids=["sqlite-missing-directory", "postgresql-closed-port"],
)
def test_healthz_is_503_when_the_database_is_unreachable(url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "onbereikbaar"
