"""Imports as jobs: an upload's preview and its import run in the job worker, never in a web request;
every minute (and when a worker starts) runs whose worker died are marked failed."""

from __future__ import annotations

import logging

from huey import crontab

from planner.core import jobs
from planner.core.models import User
from planner.excel import runner
from planner.excel.errors import RowError
from planner.excel.models import ImportRun
from planner.excel.uploads import cleanup, discard_upload, load_upload
from planner.extensions import db

log = logging.getLogger(__name__)

GONE = "Het bestand van deze import is niet meer beschikbaar (opgeruimd of door een ander proces verwijderd). Upload het opnieuw."


def enqueue(run: ImportRun, sha: str, user) -> None:
    """Hand a queued run of a stored upload to the job worker (or, immediate, execute it now)."""
    import_upload(run.id, sha, user.id)
    if jobs.is_immediate():
        db.session.expire(run)  # finished meanwhile, on the run's own session


@jobs.task()
def import_upload(run_id: int, sha: str, user_id: int) -> None:
    run = db.session.get(ImportRun, run_id)
    if run is None or run.state != "queued":
        return  # done already, or given up by the stale-run check
    user = db.session.get(User, user_id)
    found = load_upload(sha, user) if user is not None else None
    dry_run = bool((run.options or {}).get("dry_run"))
    if found is None:
        run.state, run.error_count = "failed", 1
        run.errors = [RowError(None, None, None, GONE).as_dict()]
        db.session.commit()
        return
    data, note = found
    try:
        runner.execute_run(
            run,
            data,
            runner.resolve_profile(run.profile),
            user=user,
            options=note["options"],
            dry_run=dry_run,
            metadata=note["metadata_bytes"],
        )
    except Exception:  # recorded as "failed" on the run; its page says so
        log.exception("import %s failed", run_id)
    finally:
        if not dry_run:
            discard_upload(sha, user_id)  # the run has ended: the stored file is not needed any more


def fail_stale_runs() -> None:
    failed = runner.fail_stale_runs()
    if failed:
        log.warning("imports zonder levend proces als afgebroken gemarkeerd: %s", ", ".join(map(str, failed)))


def clean_uploads() -> None:
    cleanup()


def init_app(app) -> None:
    jobs.on_worker_start(fail_stale_runs)
    jobs.schedule(crontab(minute="*"), fail_stale_runs)
    jobs.schedule(crontab(minute="17"), clean_uploads)
