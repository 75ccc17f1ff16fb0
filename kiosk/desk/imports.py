"""Uploads with a preview: a roster or a supplier's list, checked, shown, confirmed.

The checking is the command line's (``kiosk.admin.roster`` for rosters,
``kiosk.admin.catalogue`` and ``catalogue_cli.read_list`` for supplier lists
and MARC files) run as a background job with a progress bar; the preview
shows what the dry run prints (new, updated or added to, and every bad row
with its row number and reason). Nothing is written before Confirm; a second
Confirm of the same preview does nothing. The upload sits in an owner-only
scratch folder until Confirm (or an hour), then it is deleted.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
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

from kiosk.admin import catalogue as cat
from kiosk.admin import roster
from kiosk.admin.catalogue_cli import (
    MARC_SUFFIXES,
    params_of,
    read_list,
    save_plan,
    series_of,
)
from kiosk.db import catalogue as titles
from kiosk.db import patrons as store
from kiosk.desk.auth import LIBRARIAN, allowed, lang, staff_name, t
from kiosk.desk.context import DESK_KIOSK_ID, DeskContext, desk
from kiosk.desk.jobs import Job, Jobs
from kiosk.errors import AdminError, StoreError
from kiosk.i18n.admin import explain, say

bp = Blueprint("imports", __name__, url_prefix="/imports")

SHOWN = 200
"""Rows of each kind listed on the preview (the counts are always complete)."""


@dataclass(frozen=True)
class Kind:
    """One kind of upload: which files, how to check them, how to save them."""

    suffixes: tuple[str, ...]
    check: Callable[[DeskContext, Path, Job, dict[str, str]], Any]
    save: Callable[[DeskContext, Any, dict[str, str]], dict[str, Any]]


def _check_roster(
    context: DeskContext, path: Path, job: Job, _: dict[str, str]
) -> roster.Plan:
    settings = context.settings
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


def _save_roster(
    context: DeskContext, plan: roster.Plan, _: dict[str, str]
) -> dict[str, Any]:
    store.save_roster(
        context.database,
        [c.patron for c in plan.new],
        [c.patron for c in plan.updated],
        at=context.clock.now(),
        kiosk=DESK_KIOSK_ID,
        staff=staff_name(),
    )
    return {"new": len(plan.new), "updated": len(plan.updated)}


@dataclass(frozen=True)
class CataloguePreview:
    """A supplier list's plan, whether it came from MARC, and the numbers it gets."""

    plan: cat.Plan
    marc: bool
    first: str
    last: str


def _check_catalogue(
    context: DeskContext, path: Path, job: Job, _: dict[str, str]
) -> CataloguePreview:
    settings = context.settings
    series = series_of(settings)
    fields, unreadable, marc = read_list(path)
    plan = cat.plan_import(
        fields,
        default_location=settings.catalogue.default_location,
        existing=lambda isbns: titles.by_isbns(context.database, isbns),
        progress=job.progress,
    )
    plan.errors = sorted(plan.errors + unreadable, key=lambda e: e.row)
    c = settings.catalogue
    first = titles.peek(
        context.database, c.accession_prefix, c.accession_digits, c.accession_start
    )
    last = first + max(plan.copies - 1, 0)
    return CataloguePreview(plan, marc, series.barcode(first), series.barcode(last))


def _save_catalogue(
    context: DeskContext, preview: CataloguePreview, form: dict[str, str]
) -> dict[str, Any]:
    supplier = form.get("supplier", "").strip()
    purchase = None
    if supplier:
        purchase = titles.Purchase(
            context.clock.now().date(), supplier, form.get("invoice", "").strip()
        )
    added = save_plan(
        context.settings,
        context.database,
        preview.plan,
        context.clock.now(),
        purchase,
        staff=staff_name(),
        kiosk=DESK_KIOSK_ID,
    )
    codes = [code for a in added for code in a.barcodes]
    return {
        "count": len(codes),
        "first": codes[0] if codes else "",
        "last": codes[-1] if codes else "",
        "supplier": supplier,
        # The labels link names these copies (a long batch: "new since today").
        "codes": ",".join(codes) if len(codes) <= LABEL_LINK_MAX else "",
    }


LABEL_LINK_MAX = 300
"""Copies a saved batch's labels link names one by one (a URL stays short)."""

KINDS = {
    "roster": Kind((".xlsx", ".csv"), _check_roster, _save_roster),
    "catalogue": Kind(
        (".xlsx", ".csv", *MARC_SUFFIXES), _check_catalogue, _save_catalogue
    ),
}


def _jobs() -> Jobs:
    return current_app.extensions.setdefault("desk_jobs", Jobs())


def _kind(name: str) -> Kind:
    if name not in KINDS:
        abort(404)
    return KINDS[name]


@bp.route("/")
@allowed(*LIBRARIAN)
def index() -> Any:
    """The upload forms."""
    return render_template("imports/index.html", message="", kind="")


@bp.route("/<kind>", methods=["POST"])
@allowed(*LIBRARIAN)
def upload(kind: str) -> Any:
    """Keep the upload and start checking it; the next page shows the progress."""
    spec = _kind(kind)
    sent = request.files.get("file")
    name = Path(sent.filename or "").name if sent else ""
    refusal = ""
    if not name or sent is None:
        refusal = t("imp_no_file")
    elif Path(name).suffix.lower() not in spec.suffixes:
        refusal = t(f"imp_wrong_type_{kind}", name=name)
    if refusal:
        page = render_template("imports/index.html", message=refusal, kind=kind)
        return page, 400
    folder = Path(tempfile.mkdtemp(prefix="kiosk-upload-"))  # mode 0700
    path = folder / f"upload{Path(name).suffix.lower()}"
    sent.save(path)
    context, words = desk(), lang()
    form = {k: request.form.get(k, "") for k in ("supplier", "invoice")}

    def why(error: Exception) -> str | None:
        if isinstance(error, AdminError):
            return explain(error, words, path=name)
        if isinstance(error, StoreError):
            return t("imp_store_down")
        return None

    job = _jobs().start(
        kind,
        staff_name(),
        name,
        folder,
        lambda job: spec.check(context, path, job, form),
        why,
    )
    job.form = form
    return redirect(url_for("imports.job_page", kind=kind, job_id=job.id))


def _job(kind: str, job_id: str) -> Job:
    _kind(kind)
    job = _jobs().get(job_id, staff_name(), kind)
    if job is None:
        abort(404)
    return job


@bp.route("/<kind>/<job_id>")
@allowed(*LIBRARIAN)
def job_page(kind: str, job_id: str) -> Any:
    """The progress bar while checking; then the preview (or what was saved)."""
    job = _job(kind, job_id)
    finished = job.finished  # read once: the job may finish while the page renders
    return render_template(
        f"imports/{kind}.html",
        job=job,
        kind=kind,
        finished=finished,
        result=job.result if finished and not job.error else None,
        shown=SHOWN,
        reason=_reason,
        saved=request.args.get("saved") == "1",
        today=desk().clock.now().date().isoformat(),
    )


@bp.route("/<kind>/<job_id>/progress")
@allowed(*LIBRARIAN)
def progress(kind: str, job_id: str) -> Any:
    """The bar alone, for htmx to poll; a finished job reloads the whole page."""
    job = _job(kind, job_id)
    if job.finished:
        response = Response("")
        response.headers["HX-Refresh"] = "true"
        return response
    return render_template("imports/_progress.html", job=job, kind=kind)


@bp.route("/<kind>/<job_id>/confirm", methods=["POST"])
@allowed(*LIBRARIAN)
def confirm(kind: str, job_id: str) -> Any:
    """Save the previewed upload, once; a repeated Confirm changes nothing."""
    job = _job(kind, job_id)
    if not job.finished or job.error:
        return redirect(url_for("imports.job_page", kind=kind, job_id=job.id))
    with job.lock:
        saved = not job.confirmed
        if saved:
            job.saved = KINDS[kind].save(desk(), job.result, job.form)
            job.confirmed = True
            job.drop()
    return redirect(
        url_for("imports.job_page", kind=kind, job_id=job.id, saved=int(saved))
    )


def _reason(error: roster.RowError, marc: bool = False, catalogue: bool = False) -> str:
    """A bad row's reason in the command line's words."""
    if catalogue:
        where = say(
            "cat_where_record" if marc else "cat_where_row", lang(), number=error.row
        )
        where += say("cat_where_sep", lang())
        return say(error.reason, lang(), where=where, **params_of(error))
    pattern = desk().settings.circulation.patron_pattern
    return say(error.reason, lang(), row=error.row, pattern=pattern, **error.params)
