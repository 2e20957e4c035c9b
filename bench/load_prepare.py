"""Prepare the request mix for bench/load.sh: log in as demo users, find pages, and write a Lua table for wrk.

Usage: python bench/load_prepare.py BASE_URL API_KEY > spec.lua

Every request in the mix is tried once here and must answer as expected (2xx, or 3xx for a form post), so
a run starts only with requests that work. The mix, by weight: pages of the start page's links and one
level below for a team member and the area manager (about 60 %), API calls with an API key (about 25 %),
and form posts that write (a milestone added to an action, about 15 %).
"""

from __future__ import annotations

import re
import sys
from urllib.parse import urljoin, urlparse

import requests

PASSWORD = "wijkplanner-demo-2026"
USERS = ("gebiedsmanager@wijkplanner.demo", "team.binnenstad@wijkplanner.demo")
PAGES_PER_USER = 15
SKIP = re.compile(r"/uitloggen|/api/|\.(xlsx|csv|ics|pdf|zip|json)$|/export|/download|/static/|/vendor/|#")


def login(base: str, email: str) -> requests.Session:
    session = requests.Session()
    token = csrf(session, f"{base}/inloggen")
    answer = session.post(
        f"{base}/inloggen", data={"csrf_token": token, "email": email, "password": PASSWORD}, allow_redirects=False
    )
    if answer.status_code != 302:
        sys.exit(f"inloggen als {email} mislukt: HTTP {answer.status_code}")
    return session


def csrf(session: requests.Session, url: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', session.get(url).text)
    if not match:
        sys.exit(f"geen CSRF-token op {url}")
    return match.group(1)


def links(session: requests.Session, base: str, path: str) -> list[str]:
    html = session.get(base + path).text
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        url = urlparse(urljoin(base + path, href.replace("&amp;", "&")))
        if url.netloc == urlparse(base).netloc and not SKIP.search(url.path):
            found.append(url.path + (f"?{url.query}" if url.query else ""))
    return list(dict.fromkeys(found))


def pages(session: requests.Session, base: str) -> list[str]:
    chosen = []
    for path in ["/", *links(session, base, "/")]:
        for candidate in [path, *links(session, base, path)[:8]]:
            if candidate in chosen or len(chosen) >= PAGES_PER_USER:
                continue
            answer = session.get(base + candidate, allow_redirects=False)
            if answer.status_code == 200 and answer.headers.get("Content-Type", "").startswith("text/html"):
                chosen.append(candidate)
                print(f"  {answer.elapsed.total_seconds() * 1000:7.0f} ms  {candidate}", file=sys.stderr)
    return chosen


def lua(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{lua(k)}] = {lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua(v) for v in value) + "}"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(base: str, api_key: str) -> None:
    mix = []
    manager = None
    for email in USERS:
        session = login(base, email)
        manager = manager or session
        cookie = f"session={session.cookies['session']}"
        for path in pages(session, base):
            mix.append({"method": "GET", "path": path, "headers": {"Cookie": cookie}, "weight": 4})

    api = {"Authorization": f"Bearer {api_key}"}
    actions = requests.get(f"{base}/api/v1/actions", headers=api).json()
    items = actions.get("items", actions) if isinstance(actions, dict) else actions
    first = items[0]["id"]
    for path in (
        "/api/v1/actions",
        "/api/v1/opgaven",
        "/api/v1/areas",
        "/api/v1/agenda-items",
        f"/api/v1/actions/{first}",
    ):
        answer = requests.get(base + path, headers=api)
        if answer.status_code != 200:
            sys.exit(f"{path}: HTTP {answer.status_code}")
        mix.append({"method": "GET", "path": path, "headers": api, "weight": 6})

    # A form post that writes: the manager adds a milestone to an action, as on the action's page.
    action = f"/acties/{first}"
    token = csrf(manager, base + action)
    body = f"csrf_token={token}&title=Mijlpaal+onder+belasting&due_date=31-12-2027"
    headers = {
        "Cookie": f"session={manager.cookies['session']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    answer = manager.post(f"{base}{action}/mijlpalen", data=body, headers=headers, allow_redirects=False)
    if answer.status_code != 302:
        sys.exit(f"{action}/mijlpalen: HTTP {answer.status_code}")
    headers["Cookie"] = f"session={manager.cookies['session']}"
    mix.append({"method": "POST", "path": f"{action}/mijlpalen", "headers": headers, "body": body, "weight": 18})

    weights = {"pagina": 0, "API": 0, "POST": 0}
    for request in mix:
        kind = "POST" if request["method"] == "POST" else "API" if "/api/" in request["path"] else "pagina"
        weights[kind] += request["weight"]
    total = sum(weights.values())
    share = ", ".join(f"{kind} {100 * w / total:.0f} %" for kind, w in weights.items())
    print(f"-- {len(mix)} requests: {share}")
    print("return " + lua({"requests": mix}))
    print(f"mix: {len(mix)} verschillende verzoeken; {share}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2])
