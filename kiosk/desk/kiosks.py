"""Kiosks: each one's last heartbeat, its devices, its backlog, and the conflicts.

The heartbeat rows are the dashboard's (``kiosk.db.dashboard.kiosks``), now
with the printer's and camera's states; the conflicts and the replay are
``admin journal report`` and ``admin journal replay`` (``kiosk.admin.journal``).
A replay reads the journal file this machine's config names, so the button is
for the desk running on a kiosk's own PC (or one that mounts its journal).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for

from kiosk.admin import journal
from kiosk.db import dashboard as figures
from kiosk.db.replay import replayed_ops
from kiosk.desk.auth import LIBRARIAN, STAFF, allowed, lang, t
from kiosk.desk.context import desk
from kiosk.desk.dashboard import SILENT_AFTER
from kiosk.errors import AdminError, PrinterProblem
from kiosk.i18n.admin import explain
from kiosk.i18n.messages import text

bp = Blueprint("kiosks", __name__, url_prefix="/kiosks")

CONFLICTS_SHOWN = 200
"""Conflicts listed on the page, newest last (the command lists them all)."""


def printer_words(state: str, words: str) -> tuple[str, bool]:
    """A heartbeat's printer state in words, and whether it needs someone."""
    if state in ("", "none"):
        return t("kio_not_said" if not state else "kio_printer_none"), False
    if state == "ready":
        return text("printer_ready", words), False
    problem = state if state in set(PrinterProblem) else PrinterProblem.ERROR
    return text(f"printer_{problem}", words), True


def camera_words(state: str) -> tuple[str, bool]:
    """A heartbeat's camera state in words, and whether it needs someone."""
    if not state:
        return t("kio_not_said"), False
    known = ("none", "starting", "live", "unavailable", "ended", "closed", "error")
    key = state if state in known else "error"
    return t(f"kio_camera_{key}"), key in ("unavailable", "error")


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """Every kiosk as it last reported, and the offline actions that clashed."""
    context, words = desk(), lang()
    now = context.clock.now()
    rows = []
    for beat in figures.kiosks(context.database):
        printer, printer_bad = printer_words(beat.printer, words)
        camera, camera_bad = camera_words(beat.camera)
        rows.append(
            {
                "beat": beat,
                "silent": now - beat.last_seen > SILENT_AFTER,
                "printer": printer,
                "printer_bad": printer_bad,
                "camera": camera,
                "camera_bad": camera_bad,
            }
        )
    ops = replayed_ops(context.database, conflicts_only=True)
    conflicts = [
        journal.line(op.entry, op.result, op.conflict, words)
        for op in ops[-CONFLICTS_SHOWN:]
    ]
    path = context.settings.offline.journal
    return render_template(
        "kiosks/index.html",
        rows=rows,
        conflicts=conflicts,
        conflict_count=len(ops),
        journal=path if path is not None and path.exists() else None,
    )


@bp.route("/replay", methods=["POST"])
@allowed(*LIBRARIAN)
def replay() -> Any:
    """Replay the journal this machine can reach; conflicts are listed after."""
    context, words = desk(), lang()
    try:
        report = journal.replay_here(
            context.settings, context.library, context.clock.now()
        )
    except AdminError as e:
        flash(explain(e, words), "error")
    else:
        for line in journal.replay_lines(report, words):
            flash(line, "info")
    return redirect(url_for("kiosks.index"))
