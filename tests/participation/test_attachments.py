"""Photos and documents of a participation moment: upload, type by content, limits, alt text, scoping, CSRF,
audited delete without the bytes, and the public feedback page showing only photos the team made public."""

import io
from datetime import date
from hashlib import sha256

import pytest
from sqlalchemy import func, select

from planner.core.models import AuditEvent
from planner.extensions import db
from planner.participation import attachments, services
from planner.participation.demo import flipover_png
from planner.participation.models import MomentAttachment
from tests.helpers import csrf_token, login, login_as

PNG = flipover_png(40, 30)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def moment(world):
    m = services.record_moment(
        world["prog_a"], kind="bewonersavond", title="Bewonersavond buurthuis", date=date(2026, 3, 12)
    )
    db.session.commit()
    return m


def _url(programme, moment, tail=""):
    return f"/programmas/{programme.id}/bijeenkomsten/{moment.id}{tail}"


def _upload(client, programme, moment, data, name, description="", public=False, **extra):
    form = {"file": (io.BytesIO(data), name), "description": description, **extra}
    if public:
        form["public"] = "y"
    return client.post(_url(programme, moment, "/bijlagen"), data=form, content_type="multipart/form-data")


def _count():
    return db.session.scalar(select(func.count(MomentAttachment.id)))


def _add(moment, user, data=PNG, name="flip-over.png", description="Flip-over met de wensen van tafel 2", public=False):
    a = attachments.add_attachment(user, moment, filename=name, data=data, description=description, public=public)
    db.session.commit()
    return a


def test_upload_photo_then_listed_and_served_inline_with_stored_type_and_nosniff(client, world, moment):
    p = world["prog_a"]
    login(client, world["team_a"])
    response = _upload(
        client, p, moment, PNG, "Flip-over tafel 2.png", description="Flip-over met de wensen van tafel 2"
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(_url(p, moment) + "#bijlagen")
    a = db.session.scalars(select(MomentAttachment)).one()
    assert (a.filename, a.content_type, a.size, a.uploaded_by_id, a.public) == (
        "Flip-over tafel 2.png",
        "image/png",
        len(PNG),
        world["team_a"].id,
        False,
    )
    assert a.sha256 == sha256(PNG).hexdigest()

    html = client.get(_url(p, moment)).get_data(as_text=True)
    assert "Flip-over tafel 2.png" in html and 'alt="Flip-over met de wensen van tafel 2"' in html
    assert "nee, alleen voor het team" in html
    listing = client.get(f"/programmas/{p.id}/bijeenkomsten").get_data(as_text=True)
    assert _url(p, moment) in listing and "1 foto of document" in listing

    served = client.get(_url(p, moment, f"/bijlagen/{a.id}"))
    assert served.status_code == 200 and served.data == PNG
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"] == 'inline; filename="Flip-over tafel 2.png"'
    assert "script-src" not in served.headers["Content-Security-Policy"]
    assert "private" in served.headers["Cache-Control"]
    download = client.get(_url(p, moment, f"/bijlagen/{a.id}?download=1"))
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_pdf_without_description_is_accepted_and_served_as_pdf(client, world, moment):
    p = world["prog_a"]
    login(client, world["team_a"])
    assert _upload(client, p, moment, PDF, "Verslag buurtwandeling.pdf").status_code == 302
    a = db.session.scalars(select(MomentAttachment)).one()
    served = client.get(_url(p, moment, f"/bijlagen/{a.id}"))
    assert served.headers["Content-Type"] == "application/pdf" and served.data == PDF
    assert "object-src 'self'" in served.headers["Content-Security-Policy"]  # Chrome's PDF viewer is an <embed>


@pytest.mark.parametrize(
    "data, name, says",
    [
        (
            b"<!doctype html><script>alert(document.cookie)</script>",
            "foto.png",
            "is geen JPEG-foto, PNG-afbeelding of PDF",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "tekening.svg", "is geen JPEG-foto"),
        (b"GIF89a\x01\x00\x01\x00", "foto.gif", "is geen JPEG-foto"),
        (PNG, "verslag.pdf", "maar de naam eindigt niet op .png"),
        (PDF, "verslag", "maar de naam eindigt niet op .pdf"),
        (b"", "leeg.png", "Het bestand is leeg"),
    ],
)
def test_wrong_type_by_content_is_refused_beside_the_field_and_nothing_stored(client, world, moment, data, name, says):
    login(client, world["team_a"])
    html = _upload(client, world["prog_a"], moment, data, name, description="iets").get_data(as_text=True)
    assert 'id="file-fout"' in html and says in html, html[:3000]
    assert _count() == 0


def test_too_large_file_is_refused_beside_the_field(client, world, moment):
    login(client, world["team_a"])
    big = PNG + b"\x00" * (10 * 1024 * 1024 + 1 - len(PNG))
    html = _upload(client, world["prog_a"], moment, big, "groot.png", description="Een grote foto").get_data(
        as_text=True
    )
    assert 'id="file-fout"' in html and "een bijlage is hoogstens 10 MB" in html
    assert _count() == 0


def test_per_file_limit_never_exceeds_max_upload_mb():
    assert attachments.limit_bytes({"MAX_UPLOAD_MB": 20}) == 10 * 1024 * 1024
    assert attachments.limit_bytes({"MAX_UPLOAD_MB": 4}) == 4 * 1024 * 1024
    assert attachments.limit_bytes({"MAX_UPLOAD_MB": 20, "ATTACHMENT_MAX_MB": 50}) == 20 * 1024 * 1024


def test_image_without_description_is_refused(client, world, moment):
    login(client, world["team_a"])
    html = _upload(client, world["prog_a"], moment, JPEG, "foto.jpg", description="   ").get_data(as_text=True)
    assert 'id="description-fout"' in html and "Beschrijf wat er op de foto te zien is" in html
    assert 'aria-invalid="true"' in html
    assert _count() == 0


def test_public_pdf_and_duplicate_are_refused(client, world, moment):
    p = world["prog_a"]
    login(client, world["team_a"])
    html = _upload(client, p, moment, PDF, "verslag.pdf", public=True).get_data(as_text=True)
    assert 'id="public-fout"' in html and "Alleen foto&#39;s kunnen" in html
    assert _count() == 0
    assert _upload(client, p, moment, JPEG, "foto.jpg", description="Zaal vol").status_code == 302
    html = _upload(client, p, moment, JPEG, "nogmaals.jpg", description="Zaal vol").get_data(as_text=True)
    assert "al bij deze bijeenkomst toegevoegd (als &#39;foto.jpg&#39;)" in html
    assert _count() == 1


def test_other_ward_and_reader_get_404_and_nothing_changes(client, world, moment, make_user):
    p = world["prog_a"]
    a = _add(moment, world["team_a"])
    urls = [_url(p, moment), _url(p, moment, f"/bijlagen/{a.id}"), _url(p, moment, f"/bijlagen/{a.id}?download=1")]
    posts = [_url(p, moment, f"/bijlagen/{a.id}/verwijderen"), _url(p, moment, f"/bijlagen/{a.id}/openbaar")]
    for user in (world["team_b"], world["reader"]):
        client = login_as(client, user)
        for url in urls + posts:
            method = client.post if url in posts else client.get
            assert method(url, data={"public": "1"}).status_code == 404, (user.email, url)
        assert _upload(client, p, moment, JPEG, "x.jpg", description="x").status_code == 404
    # B's own programme with A's moment, and B's own moment with A's attachment: not found either.
    prog_b = world["prog_b"]
    moment_b = services.record_moment(prog_b, kind="buurtwandeling", title="Wandeling Oost", date=date(2026, 4, 1))
    db.session.commit()
    client = login_as(client, world["team_b"])
    assert client.get(f"/programmas/{prog_b.id}/bijeenkomsten/{moment.id}/bijlagen/{a.id}").status_code == 404
    assert client.get(_url(prog_b, moment_b, f"/bijlagen/{a.id}")).status_code == 404
    assert client.post(_url(prog_b, moment_b, f"/bijlagen/{a.id}/verwijderen")).status_code == 404
    assert _count() == 1 and db.session.get(MomentAttachment, a.id).public is False
    # A viewer with draft rights but no edit rights (controller) may look, not change: 403.
    controller = make_user("controller@helmond.nl", "controller", world["ward_a"])
    client = login_as(client, controller)
    assert client.get(_url(p, moment, f"/bijlagen/{a.id}")).status_code == 200
    assert "Foto of document toevoegen" not in client.get(_url(p, moment)).get_data(as_text=True)
    assert client.post(_url(p, moment, f"/bijlagen/{a.id}/verwijderen")).status_code == 403
    assert _upload(client, p, moment, JPEG, "x.jpg", description="x").status_code == 403
    assert _count() == 1


def test_upload_and_delete_without_csrf_token_are_400(csrf_client, world, moment):
    p = world["prog_a"]
    token = csrf_token(csrf_client, "/inloggen")
    assert (
        csrf_client.post(
            "/inloggen", data={"email": "a@helmond.nl", "password": "correct-horse-battery", "csrf_token": token}
        ).status_code
        == 302
    )
    assert _upload(csrf_client, p, moment, PNG, "foto.png", description="Flip-over").status_code == 400
    assert _count() == 0
    token = csrf_token(csrf_client, _url(p, moment))
    assert (
        _upload(csrf_client, p, moment, PNG, "foto.png", description="Flip-over", csrf_token=token).status_code == 302
    )
    a = db.session.scalars(select(MomentAttachment)).one()
    assert csrf_client.post(_url(p, moment, f"/bijlagen/{a.id}/verwijderen")).status_code == 400
    assert csrf_client.post(_url(p, moment, f"/bijlagen/{a.id}/openbaar"), data={"public": "1"}).status_code == 400
    assert _count() == 1 and db.session.get(MomentAttachment, a.id).public is False
    asked = csrf_client.post(_url(p, moment, f"/bijlagen/{a.id}/verwijderen"), data={"csrf_token": token})
    assert asked.status_code == 200 and "verwijderen?" in asked.get_data(as_text=True) and _count() == 1
    response = csrf_client.post(
        _url(p, moment, f"/bijlagen/{a.id}/verwijderen"), data={"csrf_token": token, "bevestigd": "ja"}
    )
    assert response.status_code == 302 and _count() == 0


def test_create_and_delete_are_audited_without_the_bytes(client, world, moment):
    p = world["prog_a"]
    a = _add(moment, world["team_a"])
    login(client, world["team_a"])
    assert client.post(_url(p, moment, f"/bijlagen/{a.id}/verwijderen"), data={"bevestigd": "ja"}).status_code == 302
    assert _count() == 0
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "MomentAttachment").order_by(AuditEvent.id)
    ).all()
    assert [e.event for e in events] == ["create", "delete"]
    assert events[1].user_label == "a@helmond.nl" and events[1].programme_id == p.id
    for state in (events[0].after, events[1].before):
        assert state["sha256"] == a.sha256 and state["filename"] == "flip-over.png" and "file_data" not in state
    assert "Bijlage 'flip-over.png' bij Bewonersavond 2026-03-12" in events[1].entity_label


def test_public_page_shows_only_public_photos_of_public_programmes(csrf_client, world, moment, make_programme, adopt):
    p = world["prog_a"]
    shown = _add(moment, world["team_a"], public=True, description="Flip-over zonder mensen erop")
    hidden = _add(moment, world["team_a"], data=JPEG, name="zaal.jpg", description="Bewoners in de zaal")
    report = _add(moment, world["team_a"], data=PDF, name="verslag.pdf", description="")
    concept = make_programme(world["ward_b"], title="Concept Oost")
    concept_moment = services.record_moment(concept, kind="bewonersavond", title="Avond", date=date(2026, 2, 1))
    db.session.commit()
    concept_photo = _add(concept_moment, world["team_b"], public=True, description="Openbaar gemarkeerd, concept")

    for programme in (p, adopt(p)):  # in consultation, and after adoption
        html = csrf_client.get(f"/inspraak/{programme.id}/terugkoppeling").get_data(as_text=True)
        assert f"/inspraak/{p.id}/fotos/{shown.id}" in html and 'alt="Flip-over zonder mensen erop"' in html
        assert "zaal.jpg" not in html and "Bewoners in de zaal" not in html and f"/fotos/{hidden.id}" not in html
        assert f"/fotos/{report.id}" not in html
        photo = csrf_client.get(f"/inspraak/{p.id}/fotos/{shown.id}")
        assert photo.status_code == 200 and photo.data == PNG and photo.headers["Content-Type"] == "image/png"
        assert photo.headers["X-Content-Type-Options"] == "nosniff" and "Set-Cookie" not in photo.headers
        assert photo.headers["Content-Disposition"].startswith("inline;")
        for other in (hidden, report):
            assert csrf_client.get(f"/inspraak/{p.id}/fotos/{other.id}").status_code == 404
    # A concept programme is not public: neither its page nor its "public" photo; nor through another programme.
    assert csrf_client.get(f"/inspraak/{concept.id}/terugkoppeling").status_code == 404
    assert csrf_client.get(f"/inspraak/{concept.id}/fotos/{concept_photo.id}").status_code == 404
    assert csrf_client.get(f"/inspraak/{p.id}/fotos/{concept_photo.id}").status_code == 404
    assert csrf_client.get(f"/inspraak/{concept.id}/fotos/{shown.id}").status_code == 404


def test_team_can_take_a_photo_offline_again(client, world, moment):
    p = world["prog_a"]
    a = _add(moment, world["team_a"], public=True)
    login(client, world["team_a"])
    assert client.post(_url(p, moment, f"/bijlagen/{a.id}/openbaar"), data={"public": "0"}).status_code == 302
    db.session.refresh(a)
    assert a.public is False
    assert client.get(f"/inspraak/{p.id}/fotos/{a.id}").status_code == 404


def test_file_names_are_cleaned_for_display_and_for_content_disposition():
    assert attachments.clean_filename("C:\\Users\\jan\\..\\flip\r\nover.png") == "flipover.png"
    assert attachments.clean_filename("../../etc/passwd") == "passwd"
    assert attachments.safe_download_name('tafel "2"; x=<b>.png') == "tafel _2_ x_b_.png"
    assert attachments.safe_download_name("Wijkschouw café.pdf") == "Wijkschouw café.pdf"
    assert attachments.sniff(PNG) == "image/png" and attachments.sniff(JPEG) == "image/jpeg"
    assert attachments.sniff(PDF) == "application/pdf" and attachments.sniff(b"<svg") is None
    assert attachments.size_label(34 * 1024) == "34 kB" and attachments.size_label(1288490) == "1,2 MB"
