"""Imports of the shipped griffie workbook and ORI sample, and every kind of bad ORI input."""

import copy
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.agenda import importers
from planner.agenda.models import AgendaItem
from planner.agenda.ori import parse_ori
from planner.extensions import db

SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
ORI = json.loads((SAMPLES / "ori" / "ori-sample.json").read_text())
GRIFFIE = SAMPLES / "griffie" / "moties-toezeggingen.xlsx"


def _count():
    return db.session.scalar(select(func.count(AgendaItem.id)))


def test_griffie_workbook_imports_and_reimport_changes_nothing(helmond):
    gm, _, _ = helmond
    report = importers.import_file(GRIFFIE, GRIFFIE.name, gm)
    assert report.ok, report.errors
    assert (report.rows, report.created) == (7, 7)
    db.session.commit()
    items = {i.number: i for i in db.session.scalars(select(AgendaItem))}
    assert (items["M2026-003"].kind, items["M2026-003"].status) == ("motie", "aangenomen")
    assert (items["T2025-031"].kind, items["T2025-031"].deadline.isoformat()) == ("toezegging", "2026-03-01")
    assert items["A2026-001"].kind == "amendement" and items["M2026-006"].status == "ingetrokken"
    again = importers.import_file(GRIFFIE, GRIFFIE.name, gm)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


def test_ori_sample_imports_idempotently_next_to_the_griffie_list(helmond):
    gm, _, _ = helmond
    importers.import_file(GRIFFIE, GRIFFIE.name, gm)
    db.session.commit()
    report = importers.import_file(json.dumps(ORI).encode(), "ori.json", gm)
    assert report.ok, report.errors
    # M2026-003, A2026-001 and T2026-012 were already there (same numbers): updated, not duplicated.
    assert report.created == 1 and _count() == 8
    besluit = db.session.scalar(select(AgendaItem).where(AgendaItem.number == "RB2026-004"))
    assert (besluit.kind, besluit.status, besluit.external_id) == (
        "besluit",
        "aangenomen",
        "ori-helmond-besluit-2026-004",
    )
    motie = db.session.scalar(select(AgendaItem).where(AgendaItem.number == "M2026-003"))
    assert motie.url.startswith("https://") and motie.submitters == "J. de Vries, A. Yilmaz"


def _broken(mutate):
    doc = copy.deepcopy(ORI)
    mutate(doc)
    return doc


@pytest.mark.parametrize(
    "mutate,message",
    [
        (
            lambda d: d["vergaderingen"][0]["agendapunten"][0]["documenten"][0].pop("nummer"),
            "vergaderingen[0].agendapunten[0].documenten[0]: verplicht veld 'nummer' ontbreekt.",
        ),
        (
            lambda d: d["vergaderingen"][0]["agendapunten"][0]["documenten"][0].update(documenttype="petitie"),
            "onbekend documenttype 'petitie'",
        ),
        (lambda d: d["vergaderingen"][0].update({"@type": "Meeting"}), "vergaderingen[0]: onbekend type 'Meeting'"),
        (lambda d: d["vergaderingen"][0].pop("datum"), "vergaderingen[0]: verplicht veld 'datum' ontbreekt."),
        (lambda d: d["toezeggingen"][0].update(deadline="30-06-2026"), "is geen datum (verwacht JJJJ-MM-DD)"),
        (lambda d: d["toezeggingen"][0].update(status="half"), "onbekende status 'half'"),
        (lambda d: d.pop("gemeente"), "gemeente: verplicht veld 'code'"),
    ],
)
def test_bad_ori_documents_are_refused_with_a_clear_message(helmond, mutate, message):
    gm, _, _ = helmond
    report = importers.import_file(json.dumps(_broken(mutate)).encode(), "ori.json", gm)
    assert not report.ok and any(message in e.message for e in report.errors), report.errors
    db.session.rollback()
    assert _count() == 0


def test_deadline_before_date_in_ori_stores_nothing(helmond):
    gm, _, _ = helmond
    doc = _broken(lambda d: d["toezeggingen"][0].update(deadline="2025-01-01"))
    report = importers.import_file(json.dumps(doc).encode(), "ori.json", gm)
    assert any("toezeggingen[0]" in e.message and "vóór de datum" in e.message for e in report.errors)
    db.session.rollback()
    assert _count() == 0


def test_ori_document_of_another_municipality_is_refused(helmond):
    gm, _, _ = helmond
    report = importers.import_file(
        json.dumps(_broken(lambda d: d["gemeente"].update(code="GM0034"))).encode(), "o.json", gm
    )
    assert any("GM0034" in e.message for e in report.errors)


def test_not_json_at_all():
    assert parse_ori(b"{nope").errors[0].startswith("Het bestand is geen geldige JSON")
    assert parse_ori(b"[]").errors == ["Het document moet een JSON-object zijn met 'gemeente' en 'vergaderingen'."]


def test_upload_page_imports_the_workbook(client, helmond, make_user):
    from tests.helpers import login

    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    with GRIFFIE.open("rb") as fh:
        response = client.post(
            "/agenda/importeren",
            data={"area_id": str(gm.id), "default_kind": "motie", "file": (fh, GRIFFIE.name)},
            content_type="multipart/form-data",
        )
    assert response.status_code == 302 and _count() == 7
    bad = json.dumps(_broken(lambda d: d["toezeggingen"][0].pop("titel"))).encode()
    import io

    html = client.post(
        "/agenda/importeren",
        data={"area_id": str(gm.id), "default_kind": "motie", "file": (io.BytesIO(bad), "ori.json")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "verplicht veld &#39;titel&#39; ontbreekt" in html and _count() == 7


# ---- the griffie's list through the import runner (CLI and the general import page) ----------


def _csv(rows):
    head = "Nummer;Type;Datum;Onderwerp;Indieners;Portefeuillehouder;Status;Deadline\n"
    return (head + "".join(";".join(r) + "\n" for r in rows)).encode()


def test_runner_imports_the_griffie_list_records_the_run_and_reverts(helmond):
    from planner.excel.models import ImportRun
    from planner.excel.runner import revert_run, run_import

    report = run_import(GRIFFIE, GRIFFIE.name, "raadsinformatie", options={"area": "GM0794"})
    assert report.state == "committed", report.errors
    assert (report.rows, report.created, report.updated) == (7, 7, 0) and _count() == 7
    again = run_import(GRIFFIE, GRIFFIE.name, "raadsinformatie", options={"area": "GM0794"})
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    changed = run_import(
        _csv([["M2026-003", "Motie", "27-01-2026", "Buurtkamers in elke wijk", "", "", "Afgedaan", ""]]),
        "lijst.csv",
        "raadsinformatie",
        options={"area": "GM0794"},
    )
    assert changed.updated == 1
    assert db.session.scalar(select(AgendaItem.status).where(AgendaItem.number == "M2026-003")) == "afgedaan"
    revert_run(db.session.get(ImportRun, changed.run_id))
    db.session.commit()
    assert db.session.scalar(select(AgendaItem.status).where(AgendaItem.number == "M2026-003")) == "aangenomen"
    revert_run(db.session.get(ImportRun, report.run_id))
    db.session.commit()
    assert _count() == 0


def test_runner_reports_broken_rules_beside_row_and_column_and_stores_nothing(helmond):
    from planner.excel.runner import run_import

    data = _csv(
        [
            ["M2026-001", "Motie", "01-03-2026", "Groen", "", "", "Aangenomen", ""],
            ["T2026-001", "Toezegging", "01-03-2026", "Notitie", "", "", "Open", "01-02-2026"],
        ]
    )
    report = run_import(data, "lijst.csv", "raadsinformatie", options={"area": "GM0794"})
    assert report.state == "rejected" and _count() == 0
    [error] = report.errors
    assert (error.row, error.column) == (3, "Deadline") and "deadline ligt vóór de datum" in error.message
    twice = _csv([["M2026-001", "Motie", "01-03-2026", "Groen", "", "", "Aangenomen", ""]] * 2)
    report = run_import(twice, "lijst.csv", "raadsinformatie", options={"area": "GM0794"})
    assert report.state == "rejected" and "staat ook in rij 2" in report.errors[0].message and _count() == 0


def test_runner_needs_the_municipality_and_the_right_to_edit_it(helmond, make_area, make_user):
    from planner.excel.runner import run_import

    gm, ward, _ = helmond
    team = make_user("t@helmond.nl", "team_member", ward)
    refused = run_import(GRIFFIE, GRIFFIE.name, "raadsinformatie", user=team, options={"area": "GM0794"})
    assert refused.state == "rejected" and "niet importeren voor gebied GM0794" in refused.errors[0].message
    refused = run_import(GRIFFIE, GRIFFIE.name, "raadsinformatie", user=team)  # the only municipality: inferred
    assert (
        refused.state == "rejected" and "U mag geen agendapunten importeren voor Helmond" in refused.errors[0].message
    )
    make_area("GM0034", "Almere")
    db.session.commit()
    unsure = run_import(GRIFFIE, GRIFFIE.name, "raadsinformatie")
    assert unsure.state == "rejected" and "--option area=GM0794" in unsure.errors[0].message
    assert _count() == 0


def test_ori_informatieobject_of_the_ods_v2_api_reads_as_document_and_toezegging(helmond):
    gm, _, _ = helmond
    doc = copy.deepcopy(ORI)
    motion = doc["vergaderingen"][0]["agendapunten"][0]["documenten"][0]
    motion["@type"] = "InformatieObject"
    motion["informatieobjecttype"] = motion.pop("documenttype")
    doc["toezeggingen"][0].update({"@type": "InformatieObject", "informatieobjecttype": "toezegging"})
    report = importers.import_file(json.dumps(doc).encode(), "ori.json", gm)
    assert report.ok, report.errors
    kinds = dict(db.session.execute(select(AgendaItem.number, AgendaItem.kind)).all())
    assert kinds["M2026-003"] == "motie" and kinds["T2026-012"] == "toezegging"
    doc["toezeggingen"][0]["informatieobjecttype"] = "motie"
    result = parse_ori(json.dumps(doc))
    assert any("toezeggingen[0]" in e and "informatieobjecttype 'toezegging'" in e for e in result.errors)


# ---- the agenda page through the runner: recorded, previewed, revertible -----------------------


def _upload(client, gm, path_or_bytes, name=None, dry_run=False, kind="motie"):
    import io

    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    form = {"area_id": str(gm.id), "default_kind": kind, "file": (io.BytesIO(data), name or path_or_bytes.name)}
    if dry_run:
        form["dry_run"] = "y"
    return client.post("/agenda/importeren", data=form, content_type="multipart/form-data")


def _runs():
    from planner.excel.models import ImportRun

    return db.session.scalars(select(ImportRun).order_by(ImportRun.id)).all()


def test_agenda_page_import_is_a_recorded_run_and_its_revert_restores_the_previous_state(client, helmond, make_user):
    import hashlib

    from tests.helpers import login

    gm, _, _ = helmond
    manager = make_user("gm@helmond.nl", "area_manager", gm)
    login(client, manager)
    response = _upload(client, gm, GRIFFIE)
    assert response.status_code == 302 and response.headers["Location"].endswith("/agenda/")
    [griffie] = _runs()
    assert (griffie.profile, griffie.state, griffie.user_id, griffie.file_name) == (
        "raadsinformatie",
        "committed",
        manager.id,
        GRIFFIE.name,
    )
    assert griffie.sha256 == hashlib.sha256(GRIFFIE.read_bytes()).hexdigest()
    assert (griffie.rows, griffie.created, griffie.updated, griffie.error_count) == (7, 7, 0, 0)
    html = client.get("/agenda/").get_data(as_text=True)
    assert (
        "Import gelukt: 7 nieuw, 0 bijgewerkt, 0 ongewijzigd." in html
        and f'href="/importeren/runs/{griffie.id}"' in html
    )

    before = {i.number: (i.title, i.url, i.external_id, i.status) for i in db.session.scalars(select(AgendaItem))}
    assert _upload(client, gm, SAMPLES / "ori" / "ori-sample.json").status_code == 302
    ori = _runs()[-1]
    assert (ori.profile, ori.state, ori.created, ori.updated, ori.unchanged) == ("ori", "committed", 1, 3, 0)
    assert "Import gelukt: 1 nieuw, 3 bijgewerkt, 0 ongewijzigd." in client.get("/agenda/").get_data(as_text=True)
    assert (
        db.session.scalar(select(AgendaItem.external_id).where(AgendaItem.number == "M2026-003"))
        == "ori-helmond-doc-m2026-003"
    )

    # The same file again: nothing changes, and the page says so.
    _upload(client, gm, SAMPLES / "ori" / "ori-sample.json")
    assert (_runs()[-1].created, _runs()[-1].updated, _runs()[-1].unchanged) == (0, 0, 4)
    assert "Ongewijzigd: alle 4 rijen stonden al zo in Wijkplanner." in client.get("/agenda/").get_data(as_text=True)

    # Revert the ORI import from its run page: the griffie's state comes back, the besluit is gone.
    page = client.get(f"/importeren/runs/{ori.id}").get_data(as_text=True)
    assert "Terugdraaien" in page
    assert client.post(f"/importeren/runs/{ori.id}/terugdraaien", data={"bevestigd": "ja"}).status_code == 302
    db.session.expire_all()
    after = {i.number: (i.title, i.url, i.external_id, i.status) for i in db.session.scalars(select(AgendaItem))}
    assert after == before and "RB2026-004" not in after
    assert client.post(f"/importeren/runs/{griffie.id}/terugdraaien", data={"bevestigd": "ja"}).status_code == 302
    assert _count() == 0


def test_dry_run_shows_the_preview_and_the_checked_upload_is_committed_without_uploading_again(
    client, helmond, make_user
):
    import uuid

    from planner.core.models import User
    from tests.helpers import login

    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    # Uploads are kept per file hash and user id in the instance folder: a list of its own, so no other test's.
    data = _csv(
        [
            [
                "M2026-003",
                "Motie",
                "27-01-2026",
                f"Buurtkamers in elke wijk {uuid.uuid4().hex[:8]}",
                "",
                "",
                "Aangenomen",
                "",
            ],
            ["T2026-012", "Toezegging", "27-01-2026", "Raad informeren", "", "", "Open", "30-06-2026"],
        ]
    )
    html = _upload(client, gm, data, "lijst.csv", dry_run=True).get_data(as_text=True)
    assert "Controle geslaagd" in html and "2 nieuw" in html and "Er is nog niets opgeslagen." in html
    assert "M2026-003" in html and "Buurtkamers in elke wijk" in html and "Toezegging" in html  # the preview rows
    assert _count() == 0 and _runs()[-1].state == "dry_run"
    sha = re.search(r'name="sha256" type="hidden" value="([0-9a-f]{64})"', html).group(1)
    client.post("/uitloggen")
    login(client, make_user("ander@helmond.nl", "area_manager", gm))  # not their upload
    assert (
        client.post("/agenda/importeren/inlezen", data={"sha256": sha, "profile": "raadsinformatie"}).status_code == 404
    )
    client.post("/uitloggen")
    login(client, db.session.scalar(select(User).where(User.email == "gm@helmond.nl")))
    assert client.post("/agenda/importeren/inlezen", data={"sha256": sha, "profile": "cbs-gebieden"}).status_code == 404
    response = client.post("/agenda/importeren/inlezen", data={"sha256": sha, "profile": "raadsinformatie"})
    assert response.status_code == 302 and _count() == 2 and _runs()[-1].state == "committed"
    # Checked again: nothing would change, so there is nothing to commit.
    html = _upload(client, gm, data, "lijst.csv", dry_run=True).get_data(as_text=True)
    assert "Ongewijzigd" in html and 'name="sha256"' not in html


def test_agenda_page_shows_every_ori_error_by_json_path_and_stores_nothing(client, helmond, make_user):
    from tests.helpers import login

    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    doc = _broken(
        lambda d: (
            d["toezeggingen"][0].update(deadline="2026-13-01"),
            d["vergaderingen"][0]["agendapunten"][0]["documenten"][1].update(documenttype="petitie"),
        )
    )
    html = _upload(client, gm, json.dumps(doc).encode(), "ori.json").get_data(as_text=True)
    assert "Niets geïmporteerd" in html
    assert "vergaderingen[0].agendapunten[0].documenten[1].documenttype" in html and "onbekend documenttype" in html
    assert "toezeggingen[0].deadline" in html and "is geen datum" in html
    assert _count() == 0 and _runs()[-1].state == "rejected" and _runs()[-1].error_count == 2
    html = _upload(client, gm, b"x", "lijst.pdf").get_data(as_text=True)
    assert "Kies een .xlsx- of .csv-lijst van de griffie of een ORI-document (.json)." in html


def test_ori_through_the_runner_places_broken_rules_at_their_json_path(helmond):
    from planner.excel.runner import run_import

    doc = _broken(lambda d: d["toezeggingen"][0].update(deadline="2025-01-01"))
    report = run_import(json.dumps(doc).encode(), "ori.json", "ori", options={"area": "GM0794"})
    assert report.state == "rejected" and _count() == 0
    [error] = report.errors
    assert (error.sheet, error.row, error.column) == (None, None, "toezeggingen[0].deadline")
    assert error.message.startswith("toezeggingen[0]: De deadline ligt vóór de datum")
    twice = _broken(lambda d: d["toezeggingen"].append(copy.deepcopy(d["toezeggingen"][0])))
    report = run_import(json.dumps(twice).encode(), "ori.json", "ori", options={"area": "GM0794"})
    assert [e.column for e in report.errors] == ["toezeggingen[1].nummer"]
    assert "staat ook in toezeggingen[0]" in report.errors[0].message


# ---- ORI through the CLI ------------------------------------------------------------------------


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["import", "run", *args])


def test_cli_imports_the_ori_sample_with_the_ori_profile_and_exit_codes(app, helmond, tmp_path, make_area):
    sample = str(SAMPLES / "ori" / "ori-sample.json")
    dry = _cli(app, sample, "--profile", "ori", "--dry-run", "--json")
    assert dry.exit_code == 0 and json.loads(dry.stdout)["state"] == "dry_run" and _count() == 0
    result = _cli(app, sample, "--profile", "ori", "--json")  # the municipality from the document
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (
        report["profile"],
        report["rows"],
        report["created"],
        report["updated"],
        report["errors"],
        report["state"],
    ) == ("ori", 4, 4, 0, [], "committed")
    assert _count() == 4
    again = _cli(app, sample, "--profile", "ori")
    assert again.exit_code == 0 and "Ongewijzigd" in again.output

    bad = tmp_path / "ori-fout.json"
    bad.write_text(
        json.dumps(_broken(lambda d: d["vergaderingen"][0]["agendapunten"][0]["documenten"][0].pop("titel")))
    )
    refused = _cli(app, str(bad), "--profile", "ori", "--json")
    assert refused.exit_code == 1
    report = json.loads(refused.stdout)
    assert report["state"] == "rejected" and report["errors"] == [
        {
            "sheet": None,
            "row": None,
            "column": "vergaderingen[0].agendapunten[0].documenten[0].titel",
            "message": "vergaderingen[0].agendapunten[0].documenten[0]: verplicht veld 'titel' ontbreekt.",
        }
    ]
    make_area("GM0034", "Almere")
    db.session.commit()
    other = _cli(app, sample, "--profile", "ori", "--option", "area=GM0034", "--json")
    assert other.exit_code == 1 and "Dit document is van gemeente GM0794, niet van Almere" in other.stdout
    assert _cli(app, sample, "--profile", "raadsinformatie").exit_code == 1  # not a flat list: wrong profile
    assert _count() == 4


def test_revert_is_refused_while_an_imported_item_carries_an_action(helmond, make_user, make_programme, make_action):
    from planner.agenda.services import link_action
    from planner.core.errors import PlannerError
    from planner.excel.models import ImportRun
    from planner.excel.runner import revert_run, run_import

    gm, ward, _ = helmond
    report = run_import(SAMPLES / "ori" / "ori-sample.json", "ori-sample.json", "ori")
    assert report.state == "committed" and _count() == 4
    action = make_action(make_programme(ward), title="Buurtkamer openen")
    motion = db.session.scalar(select(AgendaItem).where(AgendaItem.number == "M2026-003"))
    link_action(make_user("gm@helmond.nl", "area_manager", gm), motion, action.id)
    db.session.commit()
    with pytest.raises(PlannerError, match="1 koppelingen met acties verwijzen nog"):
        revert_run(db.session.get(ImportRun, report.run_id))
    db.session.rollback()
    assert _count() == 4


def test_general_import_page_previews_an_ori_document_by_json_path(client, helmond, make_user):
    import io

    from tests.helpers import login

    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    bad = json.dumps(_broken(lambda d: d["toezeggingen"][0].update(status="half"))).encode()
    response = client.post(
        "/importeren/",
        data={"profile": "ori", "area": "GM0794", "file": (io.BytesIO(bad), "ori.json")},
        content_type="multipart/form-data",
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "toezeggingen[0].status" in html and "onbekende status &#39;half&#39;" in html and _count() == 0
    good = (SAMPLES / "ori" / "ori-sample.json").read_bytes()
    response = client.post(
        "/importeren/",
        data={"profile": "ori", "area": "GM0794", "file": (io.BytesIO(good), "ori.json")},
        content_type="multipart/form-data",
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Geen fouten gevonden" in html and "Plaats in het document" in html and "RB2026-004" in html
