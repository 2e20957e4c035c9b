"""The one commit point: a request is committed when it succeeds and rolled back when it fails; a
refusal shows beside its field with the input kept; a failed commit is an error page, not a redirect."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort, flash, get_flashed_messages, redirect, render_template_string
from flask_wtf import FlaskForm
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from wtforms import StringField

from planner import create_app
from planner.core.cli import CommandError, committing
from planner.core.editing import refusals
from planner.core.errors import PlannerError
from planner.extensions import db
from planner.opgaven.models import Theme

PAGE = '<input name="name" value="{{ form.name.data or \'\' }}"><p id="fout">{{ form.name.errors|join }}</p>'


class NameForm(FlaskForm):
    name = StringField()


def add_theme(name: str) -> Theme:
    """A service as the rules say: it adds and flushes, and refuses after the flush."""
    theme = Theme(name=name, position=50)
    db.session.add(theme)
    db.session.flush()
    if name.startswith("Geweigerd"):
        raise PlannerError("Deze naam is niet toegestaan. Kies een andere.", "name")
    return theme


bp = Blueprint("proef", __name__, url_prefix="/proef")


@bp.route("/thema", methods=["GET", "POST"])
def theme():
    form = NameForm()
    if form.validate_on_submit():
        with refusals(form):
            add_theme(form.name.data)
            flash("Het thema is opgeslagen.", "success")
            return redirect("/proef/klaar")
    return render_template_string(PAGE, form=form)


@bp.post("/dubbel")
def duplicate():
    db.session.add(Theme(name="Wonen", position=51))  # a default theme's name: the commit's flush fails
    flash("Het thema is opgeslagen.", "success")
    return redirect("/proef/klaar")


@bp.post("/weg")
def gone():
    add_theme("Nooit opgeslagen")
    abort(404)


@bp.get("/lees")
def read():
    return str(db.session.scalar(select(func.count()).select_from(Theme)))


@bp.get("/klaar")
def done():
    return " ".join(get_flashed_messages())


@pytest.fixture
def proef(app, database_url, upload_folder):
    """An app with the test views, showing error pages as a user sees them (no exception propagation)."""
    proef_app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test",
            "UPLOAD_FOLDER": upload_folder,
            "WTF_CSRF_ENABLED": False,
            "PROPAGATE_EXCEPTIONS": False,
        }
    )
    proef_app.register_blueprint(bp)
    commits = []

    def count(session):
        commits.append(session)

    event.listen(Session, "after_commit", count)
    yield proef_app, proef_app.test_client(), commits
    event.remove(Session, "after_commit", count)


def stored(proef_app, name: str) -> int:
    with proef_app.app_context():
        return db.session.scalar(select(func.count()).select_from(Theme).where(Theme.name == name))


def test_a_successful_post_is_committed_before_its_redirect(proef):
    proef_app, client, _ = proef
    response = client.post("/proef/thema", data={"name": "Groen"})
    assert response.status_code == 302
    assert stored(proef_app, "Groen") == 1
    assert client.get("/proef/klaar").get_data(as_text=True) == "Het thema is opgeslagen."


def test_a_refusal_after_a_flush_stores_nothing_and_shows_beside_its_field_with_the_input_kept(proef):
    proef_app, client, _ = proef
    response = client.post("/proef/thema", data={"name": "Geweigerd groen"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<p id="fout">Deze naam is niet toegestaan. Kies een andere.</p>' in html
    assert 'value="Geweigerd groen"' in html
    assert stored(proef_app, "Geweigerd groen") == 0
    assert client.get("/proef/klaar").get_data(as_text=True) == ""


def test_a_failed_commit_is_the_error_page_not_the_redirect_and_says_nothing_was_saved(proef):
    proef_app, client, _ = proef
    response = client.post("/proef/dubbel")
    assert response.status_code == 500
    assert "Location" not in response.headers
    assert "Er is niets opgeslagen" in response.get_data(as_text=True)
    assert stored(proef_app, "Wonen") == 1  # only the default theme
    assert client.get("/proef/klaar").get_data(as_text=True) == ""  # no "saved" message afterwards


def test_an_error_answer_rolls_back_what_the_view_flushed(proef):
    proef_app, client, _ = proef
    assert client.post("/proef/weg").status_code == 404
    assert stored(proef_app, "Nooit opgeslagen") == 0


def test_a_request_that_only_reads_does_not_commit(proef):
    _, client, commits = proef
    assert client.get("/proef/lees").status_code == 200
    assert commits == []
    client.post("/proef/thema", data={"name": "Groen"})
    assert len(commits) == 1


def test_a_cli_command_commits_its_block_or_stops_with_the_refusal_and_stores_nothing(app, ctx):
    with committing():
        add_theme("Groen")
    with pytest.raises(CommandError, match="Deze naam is niet toegestaan"), committing():
        add_theme("Ander groen")
        add_theme("Geweigerd groen")
    db.session.remove()
    names = db.session.scalars(select(Theme.name).where(Theme.name.in_(["Groen", "Ander groen", "Geweigerd groen"])))
    assert list(names) == ["Groen"]


def test_an_api_answer_keeps_the_tokens_last_use_even_when_it_is_an_error(client, helmond, make_user):
    from planner.api.models import ApiToken
    from planner.api.services import issue_token

    token, secret = issue_token(make_user("raad@helmond.nl", "reader", helmond[0]), "dashboard")
    db.session.commit()
    token_id = token.id
    assert client.get("/api/v1/programmes/999", headers={"Authorization": f"Bearer {secret}"}).status_code == 404
    db.session.remove()
    assert db.session.get(ApiToken, token_id).last_used_at is not None
