"""Stocktake: start, scans (the desk's box, kiosks, a scanner file), finish, report.

The work is ``kiosk.db.stocktake`` and ``kiosk.db.stocktake_report``, as for
``admin stocktake`` and the kiosk's stocktake mode; the words and the workbook
are the command's (``kiosk.admin.stocktake``). The live count polls every two
seconds, so scans from kiosks in stocktake mode show up without a reload.
Helpers scan; starting, finishing and marking copies lost is the librarian's.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from kiosk.admin import stocktake as st
from kiosk.admin.registers import when, write_xlsx
from kiosk.circulation.codes import Classifier
from kiosk.db import stocktake as takes
from kiosk.db import stocktake_report as reports
from kiosk.desk.auth import LIBRARIAN, STAFF, allowed, lang, t
from kiosk.desk.context import DESK_KIOSK_ID, desk
from kiosk.desk.files import written
from kiosk.errors import AdminError
from kiosk.i18n.admin import explain, say

bp = Blueprint("stocktake", __name__, url_prefix="/stocktake")

RECENT = 10
"""Scans listed under the live count."""


def _info(info: takes.StocktakeInfo) -> dict[str, object]:
    return st.info_params(info, lang())


def _record(codes: list[str], location: str) -> list[takes.ScanResult]:
    context = desk()
    circ = context.settings.circulation
    take = takes.current(context.database)
    if take is None:
        raise AdminError("st_NO_STOCKTAKE")
    return takes.record_scans(
        context.database,
        take.id,
        codes,
        location,
        context.clock.now(),
        classifier=Classifier(circ.patron_pattern, circ.item_pattern),
        kiosk=DESK_KIOSK_ID,
    )


def _live(lines: list[str] | None = None, ok: bool = True) -> str:
    take = takes.current(desk().database)
    return render_template(
        "stocktake/_live.html",
        take=take,
        info=_info(take) if take else {},
        recent=takes.recent(desk().database, take.id, RECENT) if take else [],
        lines=lines or [],
        ok=ok,
        when=when,
    )


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The open stocktake (live count, scan box, file) or the form to start one."""
    take = takes.current(desk().database)
    last = reports.report(desk().database)
    return render_template(
        "stocktake/index.html",
        take=take,
        live=_live() if take else "",
        last=_info(last.stocktake) if last else None,
    )


@bp.route("/live")
@allowed(*STAFF)
def live() -> Any:
    """The count and the last scans, for the page's two-second poll."""
    return _live()


@bp.route("/start", methods=["POST"])
@allowed(*LIBRARIAN)
def start() -> Any:
    """Open a stocktake of the library or of one location."""
    context = desk()
    result = takes.start(
        context.database,
        location=request.form.get("location", ""),
        now=context.clock.now(),
        kiosk=DESK_KIOSK_ID,
    )
    assert result.stocktake is not None
    params = _info(result.stocktake)
    key = "st_STARTED" if result.ok else "st_ALREADY_OPEN"
    flash(say(key, lang(), **params), "info" if result.ok else "error")
    return redirect(url_for("stocktake.index"))


@bp.route("/scan", methods=["POST"])
@allowed(*STAFF)
def scan() -> Any:
    """One barcode from the desk's scan box (or a few, separated by spaces)."""
    codes = request.form.get("code", "").split()
    if not codes:
        return _live([t("stk_type_one")], ok=False)
    try:
        results = _record(codes, request.form.get("location", ""))
    except AdminError as e:
        return _live([explain(e, lang())], ok=False), 409
    lines = [text for r in results for text in st.scan_lines(r, lang())]
    ok = all(r.outcome.name.startswith("FOUND") for r in results)
    return _live(lines, ok)


@bp.route("/file", methods=["POST"])
@allowed(*STAFF)
def scanner_file() -> Any:
    """A hand scanner's file: one barcode a line, read as ``admin stocktake scan``."""
    words = lang()
    sent = request.files.get("file")
    name = Path(sent.filename or "").name if sent else ""
    if sent is None or not name:
        flash(t("stk_no_file"), "error")
        return redirect(url_for("stocktake.index"))
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scans.txt"
            sent.save(path)
            codes = st.read_barcodes(path)
        results = _record(codes, request.form.get("location", ""))
    except AdminError as e:
        flash(explain(e, words, path=name), "error")
        return redirect(url_for("stocktake.index"))
    for r in results:
        for text in st.scan_lines(r, words, every=False):
            flash(text, "error")
    flash(say("st_scan_summary", words, **st.summary(results)), "info")
    return redirect(url_for("stocktake.index"))


@bp.route("/finish", methods=["POST"])
@allowed(*LIBRARIAN)
def finish() -> Any:
    """Close the open stocktake and show its report."""
    context = desk()
    result = reports.finish(
        context.database, now=context.clock.now(), kiosk=DESK_KIOSK_ID
    )
    if result.report is None:
        flash(say("st_NO_STOCKTAKE", lang()), "error")
        return redirect(url_for("stocktake.index"))
    flash(say("st_FINISHED", lang(), **_info(result.report.stocktake)), "info")
    return redirect(url_for("stocktake.report", id=result.report.stocktake.id))


def _chosen_report() -> takes.StocktakeReport:
    number = request.args.get("id", "")
    if number and not number.isdigit():
        abort(404)
    built = reports.report(desk().database, int(number) if number else None)
    if built is None:
        abort(404)
    return built


@bp.route("/report")
@allowed(*STAFF)
def report() -> Any:
    """A finished stocktake's report: every section on the page."""
    built = _chosen_report()
    words = lang()
    sections = []
    for name, sheet in st.REPORT_SHEETS:
        rows = getattr(built, name)
        sections.append(
            (
                name,
                [say(f"reg_col_{c.key}", words) for c in sheet.columns],
                [[c.value(row, words) or "" for c in sheet.columns] for row in rows],
            )
        )
    return render_template(
        "stocktake/report.html",
        built=built,
        info=_info(built.stocktake),
        sections=sections,
        counts=say("st_counts", words, **st.counts(built)),
    )


@bp.route("/report.xlsx")
@allowed(*STAFF)
def workbook() -> Any:
    """The report as ``admin stocktake report --xlsx`` writes it."""
    built, words = _chosen_report(), lang()
    sheets = [(sheet, getattr(built, name)) for name, sheet in st.REPORT_SHEETS]
    return written(
        f"stocktake-{built.stocktake.id}.xlsx",
        lambda path: write_xlsx(path, sheets, words),
    )


@bp.route("/mark-lost", methods=["POST"])
@allowed(*LIBRARIAN)
def mark_lost() -> Any:
    """Record the stocktake's missing copies lost, once (a second time: refused)."""
    context, words = desk(), lang()
    number = request.form.get("id", "")
    result = reports.mark_missing_lost(
        context.database,
        now=context.clock.now(),
        kiosk=DESK_KIOSK_ID,
        stocktake_id=int(number) if number.isdigit() else None,
    )
    if result.stocktake is None:
        flash(say("st_NO_FINISHED", words), "error")
        return redirect(url_for("stocktake.index"))
    params = _info(result.stocktake)
    if not result.ok:
        flash(say("st_ALREADY_MARKED", words, **params), "error")
    else:
        flash(
            say(
                "st_MARKED_LOST",
                words,
                marked=len(result.marked),
                skipped=len(result.skipped),
                **params,
            ),
            "info",
        )
    return redirect(url_for("stocktake.report", id=result.stocktake.id))
