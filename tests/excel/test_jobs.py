"""Imports as jobs: a real job worker process (`flask jobs worker`) on the real queue storage takes the
preview and the import out of the web request; a worker killed mid-import leaves a failed run, with
its reason, and not one imported row."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner import create_app
from planner.core import jobs
from planner.excel import runner
from planner.excel.models import ImportRun
from planner.extensions import db
from tests.excel.helpers import GEMEENTEN
from tests.helpers import login

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queued(app, database_url, upload_folder, tmp_path):
    """A web app whose tasks go to a SQLite queue file, and a way to start the worker on that queue."""
    queue = tmp_path / "jobs.db"
    web = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": upload_folder,
            "UPLOAD_MAX_PER_USER": 10_000,
            "WTF_CSRF_ENABLED": False,
            "JOBS_IMMEDIATE": False,
            "HUEY_SQLITE_PATH": str(queue),
        }
    )
    workers = []

    def start_worker():
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": upload_folder,
            "HUEY_SQLITE_PATH": str(queue),
            "JOBS_IMMEDIATE": "0",
            "IMPORT_HEARTBEAT_SECONDS": "0.5",
        }
        flask = Path(sys.executable).with_name("flask")
        process = subprocess.Popen(
            [str(flask), "--app", "wsgi", "jobs", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers.append(process)
        return process

    yield web, start_worker
    for process in workers:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    jobs.configure(app)  # the other tests run their tasks at once again


def _upload(client, data: bytes, name: str, profile: str, **fields) -> str:
    response = client.post(
        "/importeren/",
        data={"profile": profile, "file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _wait_for(condition, seconds=90.0, what="the job worker"):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"{what} did not finish in {seconds} s"
        time.sleep(0.1)
    return found


def _run_state(run_id: int) -> str:
    db.session.rollback()  # a fresh read: another process changed it
    return db.session.scalar(select(ImportRun.state).where(ImportRun.id == run_id))


def test_a_worker_process_previews_and_imports_while_the_page_waits(queued, helmond, make_user):
    web, start_worker = queued
    user = make_user("beheer@helmond.nl", "admin", helmond[0])
    client = web.test_client()
    with web.app_context():
        login(client, user)
    preview_url = _upload(client, GEMEENTEN.read_bytes(), GEMEENTEN.name, "cbs-gebieden")

    # no worker yet: the request only queued the check and answers at once with a page that reloads itself
    waiting = client.get(preview_url).get_data(as_text=True)
    assert "Bestand wordt gecontroleerd" in waiting and "In de wachtrij" in waiting
    assert 'http-equiv="refresh"' in waiting
    run_id = db.session.scalar(select(func.max(ImportRun.id)))
    assert _run_state(run_id) == "queued"
    assert client.get(preview_url).status_code == 200 and db.session.scalar(select(func.count(ImportRun.id))) == 1
    queued_run = db.session.get(ImportRun, run_id)
    queued_run.started_at -= timedelta(minutes=2)
    db.session.commit()
    assert "wacht al meer dan een minuut op de takenverwerker" in client.get(preview_url).get_data(as_text=True)

    # a run left "running" by a worker that died: the next worker fails it when it starts
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    left = ImportRun(user_id=user.id, profile="cbs-gebieden", file_name="oud.csv", sha256="c" * 64, state="running")
    left.worker = f"{socket.gethostname()}:{gone.pid}"
    db.session.add(left)
    db.session.commit()
    worker = start_worker()
    _wait_for(lambda: _run_state(run_id) == "dry_run")
    assert _run_state(left.id) == "failed"
    page = client.get(preview_url).get_data(as_text=True)
    assert "342" in page and "Geen fouten gevonden" in page and "import-sample" in page

    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", preview_url).group(1)
    started = client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    progress_url = started.headers["Location"]
    data = _wait_for(lambda: (d := client.get(progress_url + ".json").get_json())["done"] and d)
    assert data["state"] == "committed" and data["written"] == 342
    assert "Ingelezen: 342 rijen" in client.get(data["url"]).get_data(as_text=True)
    run = db.session.get(ImportRun, int(progress_url.split("/")[-2]))
    assert run.worker == f"{socket.gethostname()}:{worker.pid}" and run.heartbeat_at is not None


def _budget_export(rows: int) -> bytes:
    lines = ["Jaar;Kostenplaats;Kostensoort;Taakveld;Omschrijving;Begroting primitief;Begroting na wijziging"]
    lines += [f"2026;KP{i:06d};4300;6.1;Buurtwerk {i};{i},50;-17" for i in range(rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_an_import_whose_worker_is_killed_fails_with_its_reason_and_stores_nothing(queued, helmond, make_user):
    from planner.budget.models import BudgetLine

    web, start_worker = queued
    user = make_user("controller@helmond.nl", "controller", helmond[0])
    client = web.test_client()
    with web.app_context():
        login(client, user)
    preview_url = _upload(client, _budget_export(60_000), "begroting.csv", "begroting-export", area="GM0794")
    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", preview_url).group(1)
    started = client.post("/importeren/inlezen", data={"sha256": sha, "profile": "begroting-export"})
    run_id = int(started.headers["Location"].split("/")[-2])
    worker = start_worker()

    # killed while it works: no chance to roll back or to record anything
    _wait_for(lambda: _run_state(run_id) == "running", what="the import's start")
    time.sleep(0.5)
    assert _run_state(run_id) == "running"
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    db.session.rollback()
    assert db.session.get(ImportRun, run_id).state == "running"  # what the page showed forever before

    with web.app_context():
        assert runner.fail_stale_runs() == [run_id]
    db.session.rollback()
    run = db.session.get(ImportRun, run_id)
    assert run.state == "failed" and run.error_count == 1
    assert run.errors[0]["message"].startswith("De verwerking is afgebroken")
    assert db.session.scalar(select(func.count(BudgetLine.id))) == 0
    page = client.get(f"/importeren/runs/{run_id}").get_data(as_text=True)
    assert "Afgebroken" in page and "De verwerking is afgebroken" in page


def test_the_stale_check_trusts_a_live_worker_and_fails_a_silent_one(app, ctx, helmond, make_user):
    from planner.core.models import utcnow

    user = make_user("beheer@helmond.nl", "admin", helmond[0])
    now = utcnow()
    here = f"{socket.gethostname()}:{os.getpid()}"  # this very process: alive, however old its heartbeat

    def run(worker, beat, state="running"):
        found = ImportRun(
            user_id=user.id, profile="cbs-gebieden", file_name=f"{worker}.csv", sha256="a" * 64, state=state
        )
        found.worker, found.heartbeat_at = worker, now - beat
        db.session.add(found)
        db.session.commit()
        return found.id

    alive_here = run(here, timedelta(hours=3))
    elsewhere_beating = run("andere-server:4242", timedelta(seconds=10))
    elsewhere_silent = run("andere-server:4243", timedelta(seconds=600))
    queued = run("", timedelta(hours=3), state="queued")  # waits for a worker: not stale
    assert runner.fail_stale_runs(now) == [elsewhere_silent]
    db.session.expire_all()
    states = {i: db.session.get(ImportRun, i).state for i in (alive_here, elsewhere_beating, elsewhere_silent, queued)}
    assert states == {alive_here: "running", elsewhere_beating: "running", elsewhere_silent: "failed", queued: "queued"}
    assert runner.fail_stale_runs(now) == []  # checked again: nothing more to do


def test_the_worker_schedules_the_stale_check_and_the_purge(app):
    names = {task.name for task in jobs.huey._registry.periodic_tasks}
    assert {"fail_stale_runs", "clean_uploads", "nightly_purge"} <= {n.rsplit(".", 1)[-1] for n in names}


def test_a_sheet_with_more_rows_than_allowed_is_refused_before_its_rows_are_read(
    app, client, helmond, make_user, tmp_path
):
    from tests.excel.helpers import table_counts, write_xlsx

    login(client, make_user("controller@helmond.nl", "controller", helmond[0]))
    header = ["Jaar", "Kostenplaats", "Kostensoort", "Taakveld", "Begroting primitief"]
    path = write_xlsx(
        tmp_path / "groot.xlsx", {"Begroting": [header] + [[2026, f"KP{i}", 4300, "6.1", i] for i in range(30)]}
    )
    before = table_counts()
    limit, app.config["IMPORT_MAX_ROWS"] = app.config["IMPORT_MAX_ROWS"], 25
    try:
        page = client.get(_upload(client, path.read_bytes(), path.name, "begroting-export", area="GM0794"))
    finally:
        app.config["IMPORT_MAX_ROWS"] = limit
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Werkblad &#39;Begroting&#39; heeft 31 rijen; Wijkplanner leest hoogstens 25 rijen in één keer" in html
    assert table_counts() == before


def test_the_queue_is_sqlite_by_default_and_redis_when_a_url_is_given(app, database_url, tmp_path):
    from huey.storage import RedisStorage, SqliteStorage

    def storage(**config):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "JOBS_IMMEDIATE": False, **config})
        return jobs.huey.storage

    try:
        sqlite = storage(HUEY_SQLITE_PATH=str(tmp_path / "queue.db"))
        assert isinstance(sqlite, SqliteStorage) and sqlite.filename == str(tmp_path / "queue.db")
        redis = storage(HUEY_REDIS_URL="redis://queue.example:6379/3")  # the client connects on first use
        assert isinstance(redis, RedisStorage) and redis.conn.connection_pool.connection_kwargs["db"] == 3
    finally:
        jobs.configure(app)
    assert jobs.is_immediate()
