"""Stored uploads: viewing a preview again stores no new run; a file goes when its import ends or,
only previewed, after the retention period (`flask import cleanup`); a user keeps a limited number."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.excel.models import ImportRun
from planner.extensions import db
from tests.excel.test_import_views import WARDS, _upload
from tests.helpers import login


def _runs() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(ImportRun.id)))


def _files(app, sha) -> list[str]:
    return sorted(p.name for p in Path(app.config["UPLOAD_FOLDER"]).glob(f"{sha}*"))


@pytest.fixture
def admin(helmond, make_user):
    return make_user("beheer@helmond.nl", "admin", helmond[0])


def _sha(response) -> str:
    return re.search(r"/voorbeeld/([0-9a-f]{64})", response.headers["Location"]).group(1)


def test_viewing_the_preview_again_stores_no_new_run(client, admin):
    login(client, admin)
    response = _upload(client, WARDS.encode(), "wijken-2023.csv")
    first = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _runs() == 1
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert _runs() == 1 and "GM9999" in first and "GM9999" in again
    # the complete list of errors as CSV: checked again, still no new run
    csv = client.get(f"/importeren/voorbeeld/{_sha(response)}/fouten.csv?profiel=cbs-gebieden")
    assert csv.headers["Content-Type"].startswith("text/csv") and _runs() == 1
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Werkblad;Rij;Kolom;Melding" and lines[1].startswith(";5;Gemeentecode;")
    run = db.session.scalar(select(ImportRun))
    stored = client.get(f"/importeren/runs/{run.id}/fouten.csv").get_data(as_text=True)
    assert stored.lstrip("\ufeff").splitlines()[1:] == lines[1:]


def test_the_file_goes_when_its_import_ends(app, client, admin):
    login(client, admin)
    good = WARDS.replace("Ergens;WK999901  ;Nergens;GM9999;1,1\r\n", "")
    response = _upload(client, good.encode(), "wijken-2023.csv")
    sha = _sha(response)
    client.get(response.headers["Location"])
    assert _files(app, sha) == [sha, f"{sha}.{admin.id}.json"]
    client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    assert _files(app, sha) == []


def test_cleanup_removes_previews_older_than_a_day_and_keeps_newer_ones(app, client, admin):
    login(client, admin)
    old = _sha(_upload(client, WARDS.encode(), "oud.csv"))
    new = _sha(_upload(client, WARDS.replace("Ergens", "Elders").encode(), "nieuw.csv"))
    note = Path(app.config["UPLOAD_FOLDER"]) / f"{old}.{admin.id}.json"
    two_days_ago = time.time() - 2 * 86400
    os.utime(note, (two_days_ago, two_days_ago))
    result = app.test_cli_runner().invoke(args=["import", "cleanup"])
    assert result.exit_code == 0 and "Opgeruimd:" in result.output
    assert _files(app, old) == [] and _files(app, new) == [new, f"{new}.{admin.id}.json"]


def test_a_user_keeps_a_limited_number_of_uploads(app, client, admin):
    login(client, admin)
    for note in Path(app.config["UPLOAD_FOLDER"]).glob(f"*.{admin.id}.json"):  # earlier tests' user ids
        note.unlink()
    app.config["UPLOAD_MAX_PER_USER"] = 2
    try:
        for name in ("a", "b"):
            assert _upload(client, WARDS.replace("Ergens", name).encode(), f"{name}.csv").status_code == 302
        runs = _runs()
        page = _upload(client, WARDS.replace("Ergens", "c").encode(), "c.csv")
        assert page.status_code == 200
        assert "U heeft al 2 bestanden klaarstaan die nog niet zijn ingelezen; meer dan 2" in page.get_data(
            as_text=True
        )
        assert _runs() == runs
        # the same file again is no new upload
        assert _upload(client, WARDS.replace("Ergens", "a").encode(), "a.csv").status_code == 302
    finally:
        app.config["UPLOAD_MAX_PER_USER"] = 10_000
