"""Imports of the shipped griffie workbook and ORI sample, and every kind of bad ORI input."""
import copy
import json
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
    assert (besluit.kind, besluit.status, besluit.external_id) == ("besluit", "aangenomen", "ori-helmond-besluit-2026-004")
    motie = db.session.scalar(select(AgendaItem).where(AgendaItem.number == "M2026-003"))
    assert motie.url.startswith("https://") and motie.submitters == "J. de Vries, A. Yilmaz"


def _broken(mutate):
    doc = copy.deepcopy(ORI)
    mutate(doc)
    return doc


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["vergaderingen"][0]["agendapunten"][0]["documenten"][0].pop("nummer"),
     "vergaderingen[0].agendapunten[0].documenten[0]: verplicht veld 'nummer' ontbreekt."),
    (lambda d: d["vergaderingen"][0]["agendapunten"][0]["documenten"][0].update(documenttype="petitie"),
     "onbekend documenttype 'petitie'"),
    (lambda d: d["vergaderingen"][0].update({"@type": "Meeting"}), "vergaderingen[0]: onbekend type 'Meeting'"),
    (lambda d: d["vergaderingen"][0].pop("datum"), "vergaderingen[0]: verplicht veld 'datum' ontbreekt."),
    (lambda d: d["toezeggingen"][0].update(deadline="30-06-2026"), "is geen datum (verwacht JJJJ-MM-DD)"),
    (lambda d: d["toezeggingen"][0].update(status="half"), "onbekende status 'half'"),
    (lambda d: d.pop("gemeente"), "gemeente: verplicht veld 'code'"),
])
def test_bad_ori_documents_are_refused_with_a_clear_message(helmond, mutate, message):
    gm, _, _ = helmond
    report = importers.import_file(json.dumps(_broken(mutate)).encode(), "ori.json", gm)
    assert not report.ok and any(message in e for e in report.errors), report.errors
    db.session.rollback()
    assert _count() == 0


def test_deadline_before_date_in_ori_stores_nothing(helmond):
    gm, _, _ = helmond
    doc = _broken(lambda d: d["toezeggingen"][0].update(deadline="2025-01-01"))
    report = importers.import_file(json.dumps(doc).encode(), "ori.json", gm)
    assert any("toezeggingen[0]" in e and "vóór de datum" in e for e in report.errors)
    db.session.rollback()
    assert _count() == 0


def test_ori_document_of_another_municipality_is_refused(helmond):
    gm, _, _ = helmond
    report = importers.import_file(json.dumps(_broken(lambda d: d["gemeente"].update(code="GM0034"))).encode(), "o.json", gm)
    assert any("GM0034" in e for e in report.errors)


def test_not_json_at_all():
    assert parse_ori(b"{nope").errors[0].startswith("Het bestand is geen geldige JSON")
    assert parse_ori(b"[]").errors == ["Het document moet een JSON-object zijn met 'gemeente' en 'vergaderingen'."]


def test_upload_page_imports_the_workbook(client, helmond, make_user):
    from tests.conftest import login

    gm, _, _ = helmond
    login(client, make_user("gm@helmond.nl", "area_manager", gm))
    with GRIFFIE.open("rb") as fh:
        response = client.post("/agenda/importeren", data={"area_id": str(gm.id), "default_kind": "motie",
                                                           "file": (fh, GRIFFIE.name)}, content_type="multipart/form-data")
    assert response.status_code == 302 and _count() == 7
    bad = json.dumps(_broken(lambda d: d["toezeggingen"][0].pop("titel"))).encode()
    import io
    html = client.post("/agenda/importeren", data={"area_id": str(gm.id), "default_kind": "motie",
                                                   "file": (io.BytesIO(bad), "ori.json")},
                       content_type="multipart/form-data").get_data(as_text=True)
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
    changed = run_import(_csv([["M2026-003", "Motie", "27-01-2026", "Buurtkamers in elke wijk", "", "", "Afgedaan", ""]]),
                         "lijst.csv", "raadsinformatie", options={"area": "GM0794"})
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

    data = _csv([["M2026-001", "Motie", "01-03-2026", "Groen", "", "", "Aangenomen", ""],
                 ["T2026-001", "Toezegging", "01-03-2026", "Notitie", "", "", "Open", "01-02-2026"]])
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
    assert refused.state == "rejected" and "U mag geen agendapunten importeren voor Helmond" in refused.errors[0].message
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
