"""Two app servers, one database: what a municipality gets with a load balancer in front of two gunicorns.

Two real gunicorn instances (two workers each, the production entry point `wsgi:app`) serve the test's
database on two ports, and a client talks plain HTTP to both. A login on one is a login on the other, an
edit on one is seen on the other, wrong passwords spread over both are throttled as one count, and a logout
on one ends the copied cookie on the other. Nothing of that may live in a server's memory. Beside them one
job worker (`flask jobs worker`) on the installation's shared queue: an import uploaded on one server is
checked by the worker, its waiting run and preview shown on the other, confirmed there and followed to its
stored rows on the first, from the state and progress the worker writes onto the run.

On the PostgreSQL run both servers use the test's PostgreSQL database, as two hosts would. On the SQLite
run they share the test's SQLite file, which only two servers on one host can do; the guarantees are the
same, the deployment is not (the README says PostgreSQL for more than one server).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import func, select

from planner.areas.models import Area
from planner.config import ROOT
from planner.extensions import db
from tests.excel.helpers import GEMEENTEN
from tests.helpers import PASSWORD

STARTUP_SECONDS = 20
SECRET = "two-servers-share-this-secret"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(database_url: str, upload_folder: str, queue: Path) -> dict:
    """What every process of one installation shares: database, key, upload folder and job queue."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,  # every server of one installation has the same key
        "UPLOAD_FOLDER": upload_folder,  # and the same (shared) upload folder
        "HUEY_SQLITE_PATH": str(queue),  # and the same queue (Redis with servers on several hosts)
        "JOBS_IMMEDIATE": "0",  # imports go to the job worker, not into the web request
        "IMPORT_HEARTBEAT_SECONDS": "0.2",  # the worker writes its progress onto the run this often
        "SESSION_COOKIE_SECURE": "0",  # plain http on the loopback address
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("WIJKPLANNER_DEV", "FLASK_DEBUG"):
        env.pop(name, None)  # production settings
    return env


def _gunicorn(env: dict, log: Path):
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60", "wsgi:app"),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def _wait_until_up(process, base: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or its workers still importing the app
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /healthz within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def installation(app, database_url, upload_folder, tmp_path) -> dict:
    """The environment of the test's installation (app: schema and cleanup), with a queue file of its own."""
    return _environment(database_url, upload_folder, tmp_path / "jobs.db")


@pytest.fixture
def servers(installation, tmp_path):
    """Two gunicorn instances on the test database; their base URLs."""
    started = [_gunicorn(installation, tmp_path / f"gunicorn-{n}.log") for n in (1, 2)]
    try:
        for n, (process, base) in enumerate(started, start=1):
            _wait_until_up(process, base, tmp_path / f"gunicorn-{n}.log")
        yield [base for _, base in started]
    finally:
        for process, _ in started:
            process.send_signal(signal.SIGTERM)
        for process, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def start_worker(installation, tmp_path):
    """Starts the installation's one job worker (`flask jobs worker`) when the test asks for it."""
    started = []
    log = tmp_path / "worker.log"

    def start() -> subprocess.Popen:
        assert not started, "one job worker"
        flask = Path(sys.executable).with_name("flask")
        with log.open("wb") as out:
            started.append(
                subprocess.Popen(
                    [str(flask), "--app", "wsgi", "jobs", "worker"],
                    cwd=ROOT,
                    env=installation,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        return started[0]

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _token(session: requests.Session, url: str) -> str:
    html = session.get(url, timeout=10).text
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def _login(session: requests.Session, base: str, email: str, password: str = PASSWORD) -> requests.Response:
    token = _token(session, f"{base}/inloggen")
    return session.post(
        f"{base}/inloggen",
        data={"csrf_token": token, "email": email, "password": password},
        allow_redirects=False,
        timeout=10,
    )


def _browser(cookie: str) -> requests.Session:
    """A browser holding only a copy of this session cookie (as a load balancer hands it to either server)."""
    browser = requests.Session()
    browser.cookies.set("session", cookie, domain="127.0.0.1", path="/")
    return browser


def _signed_in(browser: requests.Session, base: str) -> bool:
    response = browser.get(f"{base}/account/wachtwoord", allow_redirects=False, timeout=10)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def test_two_servers_share_logins_edits_throttle_and_logouts(servers, helmond, make_user):
    one, two = servers
    gm, _, _ = helmond
    admin = make_user("beheer@helmond.nl", "admin", gm)
    target = make_user("team@helmond.nl", "team_member", gm)

    # A login on server 1 is a login on server 2.
    first = requests.Session()
    assert _login(first, one, admin.email).status_code == 302
    browser = _browser(first.cookies["session"])
    assert _signed_in(browser, two)

    # An edit on server 1 (its form fetched from server 2) is seen on server 2 at once.
    token = _token(browser, f"{two}/beheer/themas/nieuw")
    saved = browser.post(
        f"{one}/beheer/themas/nieuw",
        data={"csrf_token": token, "name": "Samen over twee servers", "area_id": str(gm.id)},
        allow_redirects=False,
        timeout=10,
    )
    assert saved.status_code == 302, saved.text[:500]
    assert "Samen over twee servers" in browser.get(f"{two}/beheer/themas", timeout=10).text

    # Wrong passwords for one account, alternately on each server, are counted as one: the fifth try is
    # refused with a wait, long before either server alone (or any of the four workers) has seen five.
    attacker = requests.Session()
    answers = [
        _login(attacker, (one, two)[n % 2], target.email, "niet-het-goede-wachtwoord").status_code for n in range(10)
    ]
    assert answers[:4] == [200] * 4 and answers[4:] == [429] * 6, answers
    refused = _login(attacker, two, target.email)  # the right password waits too
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0

    # A logout on server 2 ends the session everywhere, also a copy of the cookie kept for server 1.
    kept = _browser(browser.cookies["session"])
    assert _signed_in(kept, one)
    logout = browser.post(f"{two}/uitloggen", data={"csrf_token": _token(browser, f"{two}/")}, timeout=10)
    assert logout.status_code == 200 and "U bent uitgelogd" in logout.text
    assert not _signed_in(kept, one)
    assert not _signed_in(kept, two)


def _poll(fetch, seconds: float = 30.0, what: str = "the job worker"):
    deadline = time.monotonic() + seconds
    while not (found := fetch()):
        assert time.monotonic() < deadline, f"{what} did not finish in {seconds} s"
        time.sleep(0.1)
    return found


def test_an_import_uploaded_on_one_server_is_followed_and_confirmed_on_the_other(
    servers, start_worker, helmond, make_user
):
    from planner.excel.models import ImportRun

    one, two = servers
    admin = make_user("beheer@helmond.nl", "admin", helmond[0])
    browser = requests.Session()
    assert _login(browser, one, admin.email).status_code == 302

    # Uploaded on server 1; no job worker runs yet, so its check waits in the shared queue.
    token = _token(browser, f"{one}/importeren/")
    with GEMEENTEN.open("rb") as sample:
        uploaded = browser.post(
            f"{one}/importeren/",
            data={"csrf_token": token, "profile": "cbs-gebieden"},
            files={"file": (GEMEENTEN.name, sample, "text/csv")},
            allow_redirects=False,
            timeout=30,
        )
    assert uploaded.status_code == 302, uploaded.text[:500]
    location = urlsplit(uploaded.headers["Location"])
    preview = f"{location.path}?{location.query}"
    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", preview).group(1)
    waiting = browser.get(f"{one}{preview}", timeout=10).text
    assert "Bestand wordt gecontroleerd" in waiting and "In de wachtrij" in waiting
    check_id = int(re.search(r"/importeren/runs/(\d+)/voortgang\.json", waiting).group(1))

    # Server 2 shows the same preview run waiting, and starts no second one.
    elsewhere = browser.get(f"{two}{preview}", timeout=10).text
    assert "In de wachtrij" in elsewhere and f"/importeren/runs/{check_id}/voortgang.json" in elsewhere
    db.session.rollback()  # fresh reads: the servers and the worker write
    assert db.session.scalar(select(func.count(ImportRun.id))) == 1

    # The one job worker takes it; server 2 shows the checked file.
    worker = start_worker()
    checked = _poll(
        lambda: "Geen fouten gevonden" in (page := browser.get(f"{two}{preview}", timeout=10).text) and page
    )
    assert "342" in checked

    # Confirmed on server 2 ...
    started = browser.post(
        f"{two}/importeren/inlezen",
        data={"csrf_token": _token(browser, f"{two}{preview}"), "sha256": sha, "profile": "cbs-gebieden"},
        allow_redirects=False,
        timeout=10,
    )
    assert started.status_code == 302, started.text[:500]
    run_id = int(re.search(r"/importeren/runs/(\d+)/voortgang", started.headers["Location"]).group(1))
    assert run_id != check_id

    # ... followed on server 1: the progress the worker writes onto the run, to the end.
    seen = []

    def done():
        data = browser.get(f"{one}/importeren/runs/{run_id}/voortgang.json", timeout=10).json()
        seen.append(data["state"])
        return data["done"] and data

    data = _poll(done, what="the import")
    order = ["queued", "running", "committed"]
    assert set(seen) <= set(order) and seen == sorted(seen, key=order.index), seen
    assert data["state"] == "committed" and data["written"] == 342, data

    # The result, on server 1: its progress page of the finished run leads to the rows stored.
    result = browser.get(f"{one}/importeren/runs/{run_id}/voortgang", timeout=10)
    assert result.url.endswith(f"/importeren/runs/{run_id}") and "Ingelezen: 342 rijen" in result.text
    db.session.rollback()
    run = db.session.get(ImportRun, run_id)
    assert run.state == "committed" and run.worker.endswith(f":{worker.pid}")
    assert db.session.scalar(select(func.count(Area.id)).where(Area.code.like("GM%"))) == 342
