"""Import pages: upload → preview (a dry run) → commit, both run by the job worker while a progress
page waits → result; the run list with revert; a column mapping for layouts no profile knows."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from planner.core.confirm import confirm_page, confirmed
from planner.core.editing import refusals
from planner.core.i18n import N_, number
from planner.core.models import utcnow
from planner.excel import jobs, runner
from planner.excel.csv_export import csv_response, csv_text
from planner.excel.errors import FileRejected, ProfileError
from planner.excel.forms import ConfirmForm, UploadForm, mapping_form
from planner.excel.mapping import mappable, save_mapping, sheet_headers
from planner.excel.models import ImportRun
from planner.excel.uploads import load_upload, preview_run_id, remember_preview, store_upload
from planner.extensions import db

bp = Blueprint("imports", __name__, url_prefix="/importeren")


# --- helpers -------------------------------------------------------------------------------------


def visible_runs(user):
    """A user sees the runs they started; a functioneel beheerder of every municipality sees all."""
    query = select(ImportRun).order_by(ImportRun.id.desc())
    return query if runner.covers_everything(user, "admin") else query.where(ImportRun.user_id == user.id)


def get_run_or_404(run_id: int) -> ImportRun:
    run = db.session.scalar(visible_runs(current_user).where(ImportRun.id == run_id))
    if run is None:
        abort(404)
    return run


def can_revert(user, run: ImportRun) -> bool:
    return run.state == "committed" and bool(
        runner.covers_everything(user, "admin")
        or (run.user_id == user.id and runner.access.grant_paths(user, runner.capability_for(run.target)))
    )


def _profile_or_404(name: str | None):
    try:
        return runner.resolve_profile(name or "")
    except ProfileError:
        abort(404)


def _upload_or_404(sha: str):
    found = load_upload(sha, current_user)
    if found is None:
        abort(404)
    return found


def _profile_choices() -> list[tuple[str, str]]:
    """The profiles the user may import with; a user who may use none gets 403 before choosing a file."""
    shipped = [(p.name, p.title) for p in runner.shipped_profiles() if runner.may_use_profile(current_user, p)]
    own = [
        (p.name, gettext("%(title)s (eigen profiel)", title=p.title))
        for _, p in runner.user_profiles()
        if runner.may_use_profile(current_user, p)
    ]
    return shipped + own


# --- upload, preview, commit -------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
@login_required
def upload():
    form = UploadForm()
    form.profile.choices = _profile_choices()
    if not form.profile.choices:
        abort(403)
    if request.method == "GET":
        # a user whose roles lie in one municipality reads only that one of a national file
        form.only_municipality.data = len(runner.municipalities_of(current_user)) == 1
    if form.validate_on_submit():
        options = {
            k: v
            for k, v in (
                ("area", (form.area.data or "").strip().upper()),
                ("period", (form.period.data or "").strip()),
                (runner.ONLY_MUNICIPALITY, "ja" if form.only_municipality.data else ""),
            )
            if v
        }
        authorised = False
        with refusals(form):  # the rights on the chosen area are checked before the file is stored
            runner.authorise(current_user, runner.resolve_profile(form.profile.data), options)
            authorised = True
        sha = None
        if authorised:
            with refusals(form):  # at most UPLOAD_MAX_PER_USER stored uploads per user
                sha = store_upload(
                    form.file.data.stream,
                    form.file.data.filename,
                    current_user,
                    options=options,
                    metadata=form.metadata.data.stream if form.metadata.data else None,
                )
        if sha is None:
            return render_template("imports/upload.html", form=form, max_mb=current_app.config["MAX_UPLOAD_MB"])
        return redirect(url_for(".preview", sha=sha, profiel=form.profile.data))
    return render_template("imports/upload.html", form=form, max_mb=current_app.config["MAX_UPLOAD_MB"])


@bp.get("/voorbeeld/<sha>")
@login_required
def preview(sha: str):
    data, note = _upload_or_404(sha)
    profile = _profile_or_404(request.args.get("profiel"))
    run = _earlier_preview(sha, note, profile.name)
    if run is None:  # the check runs in the job worker; viewed again, the page shows the same run
        run = runner.start_run(
            data, note["filename"], profile, user=current_user, options=note["options"], dry_run=True, queued=True
        )
        remember_preview(sha, current_user, profile.name, run.id)
        jobs.enqueue(run, sha, current_user)
    if run.active:
        return _waiting(run)
    report = runner.report_of(run)
    groups, stored = runner.groups_of(run)
    needs_mapping = mappable(profile) and any(
        c.required and c.field not in t.mapping for t in report.tables for c in profile.tables[0].columns
    )
    return render_template(
        "imports/preview.html",
        report=report,
        profile=profile,
        note=note,
        sha=sha,
        form=ConfirmForm(sha256=sha, profile=profile.name),
        needs_mapping=needs_mapping,
        groups=groups,
        stored=stored,
    )


def _waiting(run: ImportRun):
    """The progress page of a queued or running run; it reloads itself (and polls, with JS) until done."""
    stuck = run.state == "queued" and run.started_at < utcnow() - QUEUED_TOO_LONG
    return render_template(
        "imports/progress.html", run=run, progress=runner.progress_of(run), again=request.url, stuck=stuck
    )


# A run that waited this long for a worker has none: the page says so.
QUEUED_TOO_LONG = timedelta(minutes=1)


def _earlier_preview(sha: str, note: dict, profile: str) -> ImportRun | None:
    """The dry run this user's earlier view of the preview stored, if it is still there."""
    run_id = preview_run_id(note, profile)
    run = db.session.get(ImportRun, run_id) if run_id else None
    if run is None or run.user_id != current_user.id or run.sha256 != sha or run.profile != profile:
        return None
    return run if (run.options or {}).get("dry_run") and run.state != "failed" else None


ERROR_HEADERS = (N_("Werkblad"), N_("Rij"), N_("Kolom"), N_("Melding"))


def _errors_file(run: ImportRun):
    """Every error of the run as its worker wrote them to disk, streamed; None when the file is gone."""
    path = runner.errors_path(run)
    if path is None or not path.is_file():
        return None
    head = csv_text([gettext(h) for h in ERROR_HEADERS], []).encode("utf-8")

    def stream():
        yield head
        with path.open("rb") as rows:
            while piece := rows.read(1 << 16):
                yield piece

    name = f"fouten-{run.file_name.rsplit('.', 1)[0] or 'import'}.csv"
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        stream(), mimetype="text/csv", headers={"Content-Disposition": disposition, "Cache-Control": "no-store"}
    )


def _errors_csv(name: str, errors, total: int | None = None):
    rows = [(e["sheet"], e["row"], e["column"], e["message"]) for e in (_as_dict(e) for e in errors)]
    if total is not None and total > len(rows):
        rows.append(
            (
                None,
                None,
                None,
                gettext(
                    "En nog %(n)s fouten: van een import worden de eerste %(kept)s bewaard.",
                    n=number(total - len(rows)),
                    kept=number(len(rows)),
                ),
            )
        )
    stem = name.rsplit(".", 1)[0] or "import"
    return csv_response(f"fouten-{stem}.csv", [gettext(h) for h in ERROR_HEADERS], rows)


def _as_dict(error) -> dict:
    return error if isinstance(error, dict) else error.as_dict()


@bp.get("/voorbeeld/<sha>/fouten.csv")
@login_required
def preview_errors(sha: str):
    """Every error of the upload's preview as CSV, as the job worker wrote them; no new run stored."""
    _data, note = _upload_or_404(sha)
    profile = _profile_or_404(request.args.get("profiel"))
    run = _earlier_preview(sha, note, profile.name)
    if run is None or run.active:
        abort(404)
    return _errors_file(run) or _errors_csv(note["filename"], run.errors, run.error_count)


@bp.get("/runs/<int:run_id>/fouten.csv")
@login_required
def run_errors(run_id: int):
    run = get_run_or_404(run_id)
    return _errors_file(run) or _errors_csv(run.file_name, run.errors, run.error_count)


@bp.post("/inlezen")
@login_required
def commit():
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    data, note = _upload_or_404(form.sha256.data)
    profile = _profile_or_404(form.profile.data)
    run = runner.start_run(data, note["filename"], profile, user=current_user, options=note["options"], queued=True)
    jobs.enqueue(run, form.sha256.data, current_user)
    return redirect(url_for(".progress", run_id=run.id))


@bp.get("/runs/<int:run_id>/voortgang")
@login_required
def progress(run_id: int):
    run = get_run_or_404(run_id)
    if not run.active:
        return redirect(_done_url(run))
    return _waiting(run)


def _done_url(run: ImportRun) -> str:
    """Where a finished run is shown: a preview on its preview page, an import on its result page."""
    if is_preview(run):
        return url_for(".preview", sha=run.sha256, profiel=run.profile)
    return url_for(".result", run_id=run.id)


@bp.get("/runs/<int:run_id>/voortgang.json")
@login_required
def progress_json(run_id: int):
    run = get_run_or_404(run_id)
    return jsonify(
        {
            "state": run.state,
            "state_label": gettext(run.state_label),
            "done": not run.active,
            **runner.progress_of(run),
            "url": _done_url(run),
        }
    )


@bp.get("/runs/<int:run_id>")
@login_required
def result(run_id: int):
    run = get_run_or_404(run_id)
    return render_template(
        "imports/result.html",
        run=run,
        form=ConfirmForm(),
        may_revert=can_revert(current_user, run),
        groups=runner.groups_of(run)[0],
        stored=runner.groups_of(run)[1],
    )


# --- runs and revert ---------------------------------------------------------------------------


def is_preview(run: ImportRun) -> bool:
    """A dry run: a check that wrote nothing, with or without errors."""
    return run.state == "dry_run" or bool((run.options or {}).get("dry_run"))


@bp.get("/runs")
@login_required
def runs():
    # Every upload in the browser is checked first: without this, each import appeared twice.
    with_previews = request.args.get("proef") == "1"
    page = db.session.scalars(visible_runs(current_user).limit(400)).all()
    previews = sum(1 for r in page if is_preview(r))
    shown = (page if with_previews else [r for r in page if not is_preview(r)])[:200]
    return render_template(
        "imports/runs.html",
        runs=shown,
        previews=previews,
        with_previews=with_previews,
        form=ConfirmForm(),
        revertible={r.id for r in shown if can_revert(current_user, r)},
    )


@bp.post("/runs/<int:run_id>/terugdraaien")
@login_required
def revert(run_id: int):
    run = get_run_or_404(run_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not can_revert(current_user, run):
        abort(403)
    if not confirmed():
        return confirm_page(
            title=gettext("Import %(run)s terugdraaien?", run=run.id),
            message=gettext(
                "Alles wat import %(run)s (%(file)s) aanmaakte of wijzigde, wordt teruggezet naar de stand van "
                "daarvoor. Wijzigingen die collega's sindsdien op die rijen deden, gaan daarbij verloren.",
                run=run.id,
                file=run.file_name,
            ),
            details=[
                gettext("Aangemaakt: %(num)s rijen", num=number(run.created)),
                gettext("Gewijzigd: %(num)s rijen", num=number(run.updated)),
            ],
            button=gettext("Ja, import %(run)s terugdraaien", run=run.id),
            cancel_url=url_for(".result", run_id=run.id),
        )
    with refusals():
        count = runner.revert_run(run, current_user)
        flash(
            ngettext(
                "Import %(run)s (%(file)s) is teruggedraaid: %(n)s rij hersteld.",
                "Import %(run)s (%(file)s) is teruggedraaid: %(n)s rijen hersteld.",
                count,
                run=run.id,
                file=run.file_name,
                n=number(count),
            ),
            "success",
        )
    return redirect(url_for(".runs"))


# --- mapping for unknown layouts -------------------------------------------------------------------


@bp.route("/koppelen/<sha>", methods=["GET", "POST"])
@login_required
def mapping(sha: str):
    data, note = _upload_or_404(sha)
    base = _profile_or_404(request.args.get("profiel"))
    if not mappable(base):
        abort(404)
    try:
        sheet, headers = sheet_headers(data, note["filename"], base)
    except FileRejected as error:
        flash(error.message, "error")
        return redirect(url_for(".upload"))
    columns = base.tables[0].columns
    form = mapping_form(columns, headers, request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        chosen = {c.field: getattr(form, f"map_{c.field}").data for c in columns}
        with refusals():
            runner.authorise(current_user, base, note["options"])
            saved = save_mapping(base, form.title.data, chosen, sheet, current_user)
            flash(
                gettext(
                    "Profiel '%(title)s' is opgeslagen; hieronder het voorbeeld met deze koppeling.", title=saved.title
                ),
                "success",
            )
            return redirect(url_for(".preview", sha=sha, profiel=saved.name))
    return render_template(
        "imports/mapping.html", form=form, base=base, columns=columns, sheet=sheet, headers=headers, note=note
    )
