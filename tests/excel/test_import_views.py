"""The browser flow: upload → preview (every error with row and column) → commit → result; the run
list with revert; the column mapping saved as a profile; limits and CSRF."""

from __future__ import annotations

import io
import re
from pathlib import Path

from sqlalchemy import func, select

from planner import create_app
from planner.areas.models import Area
from planner.excel.models import ImportProfile, ImportRun
from planner.extensions import db
from tests.excel.helpers import GEMEENTEN, table_counts
from tests.helpers import csrf_token, login

WARDS = (
    "Tabel 2. Wijken;;;;\r\n;;;;\r\nWijknaam;Wijkcode;Gemeentenaam;Gemeentecode;"
    "Personenauto's per huishouden (afgerond)\r\n"
    "Binnenstad;WK079410  ;Helmond;GM0794;0,6\r\n"
    "Ergens;WK999901  ;Nergens;GM9999;1,1\r\n"
    "Helmond-Oost;WK079411  ;Helmond;GM0794;.\r\n"
)


def _count(model, *where):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _upload(client, data: bytes, name: str, profile="cbs-gebieden", **fields):
    return client.post(
        "/importeren/",
        data={"profile": profile, "file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


def _admin(make_user, helmond):
    """Functioneel beheerder of the only municipality: the whole tree in this test world."""
    return make_user("beheer@helmond.nl", "admin", helmond[0])


def test_upload_preview_lists_every_error_and_stores_nothing(client, helmond, make_user):
    login(client, _admin(make_user, helmond))
    before = table_counts()
    response = _upload(client, WARDS.replace("GM0794;0,6", "GM0794;abc").encode(), "wijken-2023.csv")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Dit bestand kan zo niet worden ingelezen" in page
    # both problems, each with its row and column: a text in a number cell (parse) is reported
    assert re.search(
        r"&#39;abc&#39; is geen getal[^<]*</td>\s*<td[^>]*>Personenauto[^<]*</td>\s*<td[^>]*>1</td>\s*<td[^>]*>rij 4<",
        page,
    )
    assert "Inlezen</button>" not in page
    assert table_counts() == before

    response = _upload(client, WARDS.encode(), "wijken-2023.csv")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r"GM9999[^<]*</td>\s*<td[^>]*>Gemeentecode</td>\s*<td[^>]*>1</td>\s*<td[^>]*>rij 5<", page)
    assert table_counts() == before


def test_preview_shows_mapping_sample_and_counts_then_commit_writes(client, helmond, make_user):
    login(client, _admin(make_user, helmond))
    good = WARDS.replace("Ergens;WK999901  ;Nergens;GM9999;1,1\r\n", "").replace("WK079410", "WK079412")
    response = _upload(client, good.encode(), "wijken-2023.csv")
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Geen fouten gevonden" in preview
    assert "Wijkcode" in preview and "<dd>3</dd>" in preview  # header row 3
    assert "0,6" in preview and "geheim" in preview  # Dutch decimal comma; "." shown as geheim, not 0
    sha = re.search(r'name="sha256" type="hidden" value="([0-9a-f]{64})"', preview).group(1)
    result = client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    assert result.status_code == 302
    page = client.get(result.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Ingelezen: 2 rijen" in page
    assert _count(Area, Area.code == "WK079412") == 1
    # the stored file went when its import ended; the same file uploaded again: ongewijzigd
    assert client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"}).status_code == 404
    assert _upload(client, good.encode(), "wijken-2023.csv").status_code == 302
    again = client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    assert "Ongewijzigd" in client.get(again.headers["Location"], follow_redirects=True).get_data(as_text=True)


def test_progress_endpoint_reports_counts_and_done(client, helmond, make_user):
    login(client, _admin(make_user, helmond))
    response = _upload(client, GEMEENTEN.read_bytes(), GEMEENTEN.name)
    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", response.headers["Location"]).group(1)
    done = client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    run_id = int(re.search(r"/runs/(\d+)/", done.headers["Location"]).group(1))
    data = client.get(f"/importeren/runs/{run_id}/voortgang.json").get_json()
    assert data["done"] is True and data["state"] == "committed"
    assert data["read"] == 342 and data["written"] == 342
    assert _count(Area, Area.level == "gemeente") == 342


def test_an_upload_cannot_be_committed_by_another_user(client, helmond, make_user):
    admin = _admin(make_user, helmond)
    other = make_user("ander@helmond.nl", "admin", helmond[0])
    login(client, admin)
    sha = re.search(
        r"/voorbeeld/([0-9a-f]{64})", _upload(client, GEMEENTEN.read_bytes(), GEMEENTEN.name).headers["Location"]
    ).group(1)
    client.post("/uitloggen")
    login(client, other)
    assert client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"}).status_code == 404
    assert client.get(f"/importeren/voorbeeld/{sha}?profiel=cbs-gebieden").status_code == 404


def test_import_page_offers_only_permitted_profiles_and_refuses_before_the_file_is_stored(
    client, helmond, make_user, upload_folder
):
    login(client, make_user("team@helmond.nl", "team_member", helmond[1]))
    page = client.get("/importeren/").get_data(as_text=True)
    assert 'value="wijkprogramma"' in page and 'value="cbs-gebieden"' not in page  # areas need an admin
    assert 'value="begroting-export"' not in page  # budget lines need a controller
    stored_before = sorted(p.name for p in Path(upload_folder).rglob("*"))
    response = _upload(client, WARDS.encode(), "wijken-2023.csv")
    assert response.status_code == 200 and 'id="profile-fout"' in response.get_data(as_text=True)
    assert sorted(p.name for p in Path(upload_folder).rglob("*")) == stored_before
    assert _count(ImportRun) == 0
    # For an area outside the grants the refusal comes at once too, beside the field.
    response = _upload(client, WARDS.encode(), "wijkprogramma.xlsx", profile="wijkprogramma", area="GM9999")
    assert "mag met dit profiel niet importeren voor gebied GM9999" in response.get_data(as_text=True)


def test_a_reader_has_no_import_page_and_no_menu_entry(client, helmond, make_user):
    login(client, make_user("raad@helmond.nl", "reader", helmond[0]))
    assert client.get("/importeren/").status_code == 403
    assert "/importeren/" not in client.get("/").get_data(as_text=True)


def test_run_list_reverts_and_hides_other_users_runs(client, helmond, make_user):
    admin = _admin(make_user, helmond)
    login(client, admin)
    sha = re.search(
        r"/voorbeeld/([0-9a-f]{64})", _upload(client, GEMEENTEN.read_bytes(), GEMEENTEN.name).headers["Location"]
    ).group(1)
    client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    run = db.session.scalar(select(ImportRun).where(ImportRun.state == "committed"))
    listing = client.get("/importeren/runs").get_data(as_text=True)
    assert f"/importeren/runs/{run.id}/terugdraaien" in listing
    asked = client.post(f"/importeren/runs/{run.id}/terugdraaien")  # a confirmation page first, nothing undone
    assert asked.status_code == 200 and "terugdraaien?" in asked.get_data(as_text=True) and _count(Area) > 3
    response = client.post(f"/importeren/runs/{run.id}/terugdraaien", data={"bevestigd": "ja"}, follow_redirects=True)
    assert "is teruggedraaid" in response.get_data(as_text=True)
    assert _count(Area) == 3  # helmond and its two wards, as before
    client.post("/uitloggen")
    login(client, make_user("team@helmond.nl", "team_member", helmond[1]))
    assert f"runs/{run.id}" not in client.get("/importeren/runs").get_data(as_text=True)
    assert client.get(f"/importeren/runs/{run.id}").status_code == 404
    assert client.post(f"/importeren/runs/{run.id}/terugdraaien").status_code == 404


def test_unknown_layout_is_mapped_saved_as_profile_and_imported(client, helmond, make_user):
    login(client, _admin(make_user, helmond))
    data = b"Code gebied;Omschrijving;Opmerking\r\nWK079412;Noord;x\r\nWK079413;Zuid;y\r\n"
    response = _upload(client, data, "eigen-lijst.csv")
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "verplichte kolom" in preview and "Kolommen zelf koppelen" in preview
    url = re.search(r'href="(/importeren/koppelen/[^"]+)"', preview).group(1).replace("&amp;", "&")
    form = client.get(url).get_data(as_text=True)
    assert "Code gebied" in form and 'name="map_code"' in form
    missing = client.post(url, data={"title": "Wijken uit GIS", "map_name": "Omschrijving"})
    assert "Kies de kolom met gebiedscode" in missing.get_data(as_text=True)
    saved = client.post(url, data={"title": "Wijken uit GIS", "map_code": "Code gebied", "map_name": "Omschrijving"})
    assert saved.status_code == 302 and "profiel=eigen-wijken-uit-gis" in saved.headers["Location"]
    assert _count(ImportProfile) == 1
    preview = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Geen fouten gevonden" in preview
    assert "Wijken uit GIS (eigen profiel)" in client.get("/importeren/").get_data(as_text=True)
    client.post(
        "/importeren/inlezen",
        data={"sha256": re.search(r"/koppelen/([0-9a-f]{64})", url).group(1), "profile": "eigen-wijken-uit-gis"},
    )
    assert _count(Area, Area.code.in_(["WK079412", "WK079413"])) == 2


def test_too_large_upload_is_refused_in_dutch(database_url, upload_folder, helmond, make_user):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": upload_folder,
            "WTF_CSRF_ENABLED": False,
            "MAX_UPLOAD_MB": 1,
        }
    )
    user = _admin(make_user, helmond)
    with app.app_context():
        client = app.test_client()
        login(client, user)
        response = _upload(client, b"a;b\r\n" + b"1;2\r\n" * 250_000, "groot.csv")
        assert response.status_code == 413
        assert "groter dan 1 MB" in response.get_data(as_text=True)
        db.session.rollback()


def test_commit_and_revert_need_the_csrf_token(csrf_client, helmond, make_user):
    user = _admin(make_user, helmond)
    token = csrf_token(csrf_client, "/inloggen")
    csrf_client.post("/inloggen", data={"email": user.email, "password": "correct-horse-battery", "csrf_token": token})
    assert (
        csrf_client.post("/importeren/inlezen", data={"sha256": "0" * 64, "profile": "cbs-gebieden"}).status_code == 400
    )
    run = ImportRun(profile="cbs-gebieden", file_name="x.csv", sha256="0" * 64, state="committed", user_id=user.id)
    db.session.add(run)
    db.session.commit()
    assert csrf_client.post(f"/importeren/runs/{run.id}/terugdraaien").status_code == 400
    assert db.session.get(ImportRun, run.id).state == "committed"


def test_background_import_is_followed_by_polling_until_done(database_url, upload_folder, helmond, make_user):
    import time

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": upload_folder,
            "WTF_CSRF_ENABLED": False,
            "IMPORT_IN_BACKGROUND": True,
        }
    )
    user = _admin(make_user, helmond)
    with app.app_context():
        client = app.test_client()
        login(client, user)
        sha = re.search(
            r"/voorbeeld/([0-9a-f]{64})", _upload(client, GEMEENTEN.read_bytes(), GEMEENTEN.name).headers["Location"]
        ).group(1)
        started = client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
        progress_url = started.headers["Location"]
        page = client.get(progress_url)
        assert page.status_code in (200, 302)
        if page.status_code == 200:
            html = page.get_data(as_text=True)
            assert 'aria-live="polite"' in html and "<script nonce=" in html
        deadline = time.monotonic() + 30
        while not (data := client.get(progress_url + ".json").get_json())["done"]:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert data["state"] == "committed" and data["written"] == 342
        assert "Ingelezen: 342 rijen" in client.get(data["url"]).get_data(as_text=True)
        db.session.rollback()


def test_budget_preview_shows_amounts_as_money_and_the_year_as_a_year(client, helmond, make_user):
    login(client, make_user("controller@helmond.nl", "controller", helmond[0]))
    export = (
        "Jaar;Kostenplaats;Kostensoort;Taakveld;Omschrijving;Begroting primitief;Begroting na wijziging\r\n"
        "2026;KP100;4300;6.1;Buurtwerk;1234,5;-17\r\n"
    )
    response = _upload(client, export.encode(), "begroting-2026.csv", profile="begroting-export", area="GM0794")
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Geen fouten gevonden" in preview
    cells = re.findall(
        r'<td class="utrecht-table__cell( num)?">([^<]*)</td>', preview.split("zoals ze worden opgeslagen")[1]
    )
    assert ("", "2026") in cells  # not 2.026
    assert (" num", "€\xa01.234,50") in cells and (" num", "€\xa0-17,00") in cells


def test_previews_stay_out_of_the_run_list_unless_asked_for(client, helmond, make_user):
    login(client, _admin(make_user, helmond))
    location = _upload(client, GEMEENTEN.read_bytes(), GEMEENTEN.name).headers["Location"]
    client.get(location)  # the preview: a dry run
    sha = re.search(r"/voorbeeld/([0-9a-f]{64})", location).group(1)
    client.post("/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"})
    preview = db.session.scalar(select(ImportRun).where(ImportRun.state == "dry_run"))
    committed = db.session.scalar(select(ImportRun).where(ImportRun.state == "committed"))
    listing = client.get("/importeren/runs").get_data(as_text=True)
    assert f'/importeren/runs/{committed.id}"' in listing and f'/importeren/runs/{preview.id}"' not in listing
    assert "1 proefimport (alleen gecontroleerd, niets opgeslagen) staat niet in deze lijst." in listing
    listing = client.get("/importeren/runs?proef=1").get_data(as_text=True)
    assert f'/importeren/runs/{preview.id}"' in listing and "Toon alleen echte imports" in listing
