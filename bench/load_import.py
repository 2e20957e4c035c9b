"""The import beside bench/load.sh's load, as a controller does it in the browser: upload, preview, confirm.

Usage: python bench/load_import.py BASE_URL FILE [AREA]

Logs in as the demo admin, uploads FILE as `begroting-export` for AREA (default GM0794) through
/importeren/, waits while the job worker checks it (the preview page, as its no-JavaScript reload does),
confirms it and follows the run's progress JSON until the worker is done; the web servers only store the
upload and show the state the worker writes onto the run. Prints one line per step with the seconds since
the upload. Exit 0 when the run is committed, 1 otherwise.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

PASSWORD = "wijkplanner-demo-2026"
USER = "beheerder@wijkplanner.demo"
POLL_SECONDS = 1.0
GIVE_UP_SECONDS = 900
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def token(html: str) -> str:
    match = TOKEN.search(html)
    if not match:
        sys.exit("import: geen CSRF-token op de pagina")
    return match.group(1)


def main(base: str, path: Path, area: str) -> int:
    session = requests.Session()
    login = session.post(
        f"{base}/inloggen",
        data={"csrf_token": token(session.get(f"{base}/inloggen").text), "email": USER, "password": PASSWORD},
        allow_redirects=False,
    )
    if login.status_code != 302:
        sys.exit(f"import: inloggen als {USER} mislukt: HTTP {login.status_code}")

    started = time.monotonic()

    def say(what: str) -> None:
        print(f"import: {what} na {time.monotonic() - started:.1f} s", flush=True)

    with path.open("rb") as upload:
        answer = session.post(
            f"{base}/importeren/",
            data={
                "csrf_token": token(session.get(f"{base}/importeren/").text),
                "profile": "begroting-export",
                "area": area,
            },
            files={"file": (path.name, upload)},
            allow_redirects=False,
        )
    if answer.status_code != 302:
        sys.exit(f"import: upload geweigerd, HTTP {answer.status_code}")
    location = urlsplit(answer.headers["Location"])
    preview = f"{base}{location.path}?{location.query}"
    say(f"geüpload ({path.stat().st_size / 1e6:.1f} MB)")

    while 'id="import-progress"' in (page := session.get(preview).text):  # the worker still checks it
        if time.monotonic() - started > GIVE_UP_SECONDS:
            sys.exit("import: het voorbeeld kwam niet klaar")
        time.sleep(POLL_SECONDS)
    if 'action="/importeren/inlezen"' not in page:
        print(page[:2000], file=sys.stderr)
        sys.exit("import: het voorbeeld heeft fouten; niet ingelezen")
    say("voorbeeld klaar")

    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", location.path).group(1)
    confirmed = session.post(
        f"{base}/importeren/inlezen",
        data={"csrf_token": token(page), "sha256": sha, "profile": "begroting-export"},
        allow_redirects=False,
    )
    if confirmed.status_code != 302:
        sys.exit(f"import: bevestigen geweigerd, HTTP {confirmed.status_code}")
    progress = f"{base}{urlsplit(confirmed.headers['Location']).path}.json"
    while not (data := session.get(progress).json())["done"]:
        if time.monotonic() - started > GIVE_UP_SECONDS:
            sys.exit("import: de import kwam niet klaar")
        time.sleep(POLL_SECONDS)
    say(f"{data['state']}, verwerkt: {data.get('written', 0)}")
    return 0 if data["state"] == "committed" else 1


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1].rstrip("/"), Path(sys.argv[2]), sys.argv[3] if len(sys.argv) == 4 else "GM0794"))
