"""The internal round's page: comments per goal and action, the form to add one, the team's answers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from planner.core import access
from planner.core.audit import latest_audit_id
from planner.core.editing import refusals
from planner.core.i18n import translate_label
from planner.extensions import db
from planner.programmes.access import get_programme_or_404
from planner.programmes.comments import services
from planner.programmes.comments.forms import AnswerForm, CommentForm
from planner.programmes.comments.models import DraftComment

bp = Blueprint("programme_comments", __name__, url_prefix="/programmas")


def _programme_or_404(programme_id: int):
    """The programme, if this user may know its internal round exists (council readers may not)."""
    programme = get_programme_or_404(current_user, programme_id)
    if not services.may_see_round(current_user, programme):
        abort(404)
    return programme


def _comment_form(programme, form: CommentForm | None = None) -> CommentForm:
    form = form or CommentForm(formdata=None)
    form.subject.choices = [(k, translate_label(label)) for k, label in services.subject_choices(programme)]
    if form.subject.data is None:
        form.subject.data = request.args.get("over") or services.WHOLE
    return form


def _page(programme, *, comment_form=None, answer_forms=None, status=200):
    version = request.args.get("versie", type=int)
    rounds = services.rounds(programme, version)
    can_answer = services.may_answer(current_user, programme) and services.round_is_open(programme)
    forms = dict(answer_forms or {})
    if can_answer:
        for r in rounds:
            for group in r.groups:
                for c in group.comments:
                    if c.id not in forms:
                        form = AnswerForm(formdata=None, prefix=f"c{c.id}", obj=c if c.answered else None)
                        form.start_from(c, latest_audit_id(c))
                        if not c.answered:
                            form.outcome.data = "beantwoord"
                        forms[c.id] = form
    return render_template(
        "programmes/comments/index.html",
        programme=programme,
        rounds=rounds,
        version=version,
        is_open=services.round_is_open(programme),
        can_comment=services.may_comment(current_user, programme) and services.round_is_open(programme),
        can_answer=can_answer,
        comment_form=_comment_form(programme, comment_form),
        answer_forms=forms,
    ), status


@bp.get("/<int:programme_id>/opmerkingen")
@login_required
def index(programme_id: int):
    return _page(_programme_or_404(programme_id))


@bp.post("/<int:programme_id>/opmerkingen")
@login_required
def add(programme_id: int):
    programme = _programme_or_404(programme_id)
    if not services.may_comment(current_user, programme):
        abort(403)
    form = _comment_form(programme, CommentForm())
    if form.validate_on_submit():
        with refusals(form):
            subject = services.find_subject(programme, form.subject.data)
            comment = services.add_comment(current_user, programme, subject, form.text.data)
            flash(gettext("Uw opmerking is opgeslagen. Het opgaveteam antwoordt op deze pagina."), "success")
            return redirect(url_for(".index", programme_id=programme.id) + f"#opmerking-{comment.id}")
    return _page(programme, comment_form=form, status=422)


@bp.post("/<int:programme_id>/opmerkingen/<int:comment_id>/antwoord")
@login_required
def answer(programme_id: int, comment_id: int):
    programme = _programme_or_404(programme_id)
    access.require(current_user, "edit", programme.area)
    comment = db.session.get(DraftComment, comment_id)
    if comment is None or comment.programme_id != programme.id:
        abort(404)
    form = AnswerForm(prefix=f"c{comment.id}")
    if form.validate_on_submit():
        with refusals(form, entity=comment):
            services.answer_comment(
                current_user,
                comment,
                answer=form.answer.data,
                outcome=form.outcome.data,
                expected_version=form.expected_version,
            )
            flash(gettext("Het antwoord is opgeslagen."), "success")
            return redirect(url_for(".index", programme_id=programme.id) + f"#opmerking-{comment.id}")
    return _page(programme, answer_forms={comment_id: form}, status=422)


def round_link(programme) -> dict | None:
    """Template global for the programme page: the round's counts, or None for who may not see it."""
    if programme is None or not services.may_see_round(current_user, programme):
        return None
    counts = services.open_round_counts(programme)
    return {
        "url": url_for("programme_comments.index", programme_id=programme.id),
        "open": services.round_is_open(programme),
        "total": counts.total,
        "unanswered": counts.unanswered,
        "by_subject": counts.by_subject,
        "by_version": services.comment_counts_by_version(programme),
    }


def action_round(action, programme=None, **_) -> str:
    """Hook `action_detail`: the comments on this action in the open round, with a link to answer or add one."""
    programme = action.programme
    link = round_link(programme)
    if link is None or not link["open"]:
        return ""
    comments = [
        c
        for c in services.comments_of(programme)
        if c.action_id == action.id and c.version_number == services.drafting_version(programme)
    ]
    return render_template("programmes/comments/_action.html", action=action, link=link, comments=comments)
