"""The favicon: linked from every page, served as SVG (also where a browser asks for /favicon.ico)."""

from __future__ import annotations


def test_favicon_is_linked_and_served(client):
    html = client.get("/inloggen").get_data(as_text=True)
    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in html
    for url in ("/static/favicon.svg", "/favicon.ico"):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
