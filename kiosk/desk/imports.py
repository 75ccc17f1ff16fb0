"""Uploads with a preview: a class roster (XLSX or CSV) checked, shown, confirmed.

The checking is the command line's (``kiosk.admin.roster``: read, match the
columns, plan) run as a background job with a progress bar; the preview shows
what the dry run prints (new, updated, unchanged, and every bad row with its
row number and reason). Nothing is written before Confirm; a second Confirm
of the same preview does nothing. The upload sits in an owner-only scratch
folder until Confirm (or an hour), then it is deleted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk.admin import roster
from kiosk.db import patrons as store
from kiosk.desk.auth import LIBRARIAN, allowed, lang, staff_name, t
from kiosk.desk.context import desk
from kiosk.desk.jobs import Job, Jobs
from kiosk.errors import AdminError, StoreError
from kiosk.i18n.admin import explain, say

bp = Blueprint("imports", __name__, url_prefix="/imports")

SUFFIXES = (".xlsx", ".csv")
SHOWN = 200
"""Rows of each kind listed on the preview (the counts are always complete)."""


def _jobs() -> Jobs:
    return current_app.extensions.setdefault("desk_jobs", Jobs())


@bp.route("/")
@allowed(*LIBRARIAN)
def index() -> Any:
    """The upload forms."""
    return render_template("imports/index.html", message="")


@bp.route("/roster", methods=["POST"])
@allowed(*LIBRARIAN)
def upload_roster() -> Any:
    """Keep the upload and start checking it; the next page shows the progress."""
    upload = request.files.get("file")
    name = Path(upload.filename or "").name if upload else ""
    if not name:
        return render_template("imports/index.html", message=t("imp_no_file")), 400
    if Path(name).suffix.lower() not in SUFFIXES:
        message = t("imp_wrong_type", name=name)
        return render_template("imports/index.html", message=message), 400
    folder = Path(tempfile.mkdtemp(prefix="kiosk-upload-"))  # mode 0700
    path = folder / f"upload{Path(name).suffix.lower()}"
    upload.save(path)
    context, words = desk(), lang()
    settings = context.settings

    def check(job: Job) -> roster.Plan:
        rows = roster.read_rows(path)
        columns = roster.columns_of(rows[0], path)
        return roster.plan_import(
            rows,
            columns,
            card_pattern=settings.circulation.patron_pattern,
            existing=lambda cards: store.by_cards(context.database, cards),
            now=context.clock.now(),
            card_expiry=roster.card_expiry(
                context.clock.now().date(), settings.cards.valid_years
            ),
            progress=job.progress,
        )

    def why(error: Exception) -> str | None:
        if isinstance(error, AdminError):
            return explain(error, words, path=name)
        if isinstance(error, StoreError):
            return t("imp_store_down")
        return None

    job = _jobs().start("roster", staff_name(), name, folder, check, why)
    return redirect(url_for("imports.roster_job", job_id=job.id))


def _job(job_id: str) -> Job:
    job = _jobs().get(job_id, staff_name(), "roster")
    if job is None:
        abort(404)
    return job


@bp.route("/roster/<job_id>")
@allowed(*LIBRARIAN)
def roster_job(job_id: str) -> Any:
    """The progress bar while checking; then the preview (or the saved note)."""
    job = _job(job_id)
    return render_template(
        "imports/roster.html",
        job=job,
        plan=job.result if job.finished and not job.error else None,
        shown=SHOWN,
        reason=_reason,
        saved=request.args.get("saved") == "1",
    )


@bp.route("/roster/<job_id>/progress")
@allowed(*LIBRARIAN)
def roster_progress(job_id: str) -> Any:
    """The bar alone, for htmx to poll; a finished job reloads the whole page."""
    job = _job(job_id)
    if job.finished:
        response = Response("")
        response.headers["HX-Refresh"] = "true"
        return response
    return render_template("imports/_progress.html", job=job)


@bp.route("/roster/<job_id>/confirm", methods=["POST"])
@allowed(*LIBRARIAN)
def roster_confirm(job_id: str) -> Any:
    """Save the previewed roster, once; a repeated Confirm changes nothing."""
    job = _job(job_id)
    if not job.finished or job.error:
        return redirect(url_for("imports.roster_job", job_id=job.id))
    plan: roster.Plan = job.result
    with job.lock:
        saved = not job.confirmed
        if saved:
            store.save_roster(
                desk().database,
                [c.patron for c in plan.new],
                [c.patron for c in plan.updated],
            )
            job.confirmed = True
            job.drop()
    return redirect(url_for("imports.roster_job", job_id=job.id, saved=int(saved)))


def _reason(error: roster.RowError) -> str:
    """A bad row's reason in the command line's words."""
    pattern = desk().settings.circulation.patron_pattern
    return say(error.reason, lang(), row=error.row, pattern=pattern, **error.params)
