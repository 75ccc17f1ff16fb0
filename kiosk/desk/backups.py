"""Backups: the list with sizes and ages, "back up now", and a download.

The copy is the command line's (``kiosk.db.backup.backup``: SQLite's online
backup, checked, rotated to ``backup.keep``), so kiosks keep lending while it
runs. A restore replaces the library under every kiosk, so it stays on the
command line, with every kiosk stopped; the page says how.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for

from kiosk.db.backup import backup, listing
from kiosk.desk.auth import STAFF, Role, allowed, t
from kiosk.desk.context import desk
from kiosk.errors import StoreError

log = logging.getLogger(__name__)

bp = Blueprint("backups", __name__, url_prefix="/backups")


def _copies() -> list[Any]:
    context = desk()
    if context.library_file is None:
        return []
    return listing(context.settings.backup.folder, context.library_file.stem)


@bp.route("/")
@allowed(*STAFF)
def index() -> Any:
    """The backups, newest first, with their size and age."""
    context = desk()
    today = context.clock.now().date()
    return render_template(
        "backups/index.html",
        copies=[(c, (today - c.day).days) for c in _copies()],
        postgres=context.library_file is None,
        folder=context.settings.backup.folder,
        keep=context.settings.backup.keep,
    )


@bp.route("/now", methods=["POST"])
@allowed(Role.LIBRARIAN)
def now() -> Any:
    """Back the library up at once (today's copy is replaced by a fresh one)."""
    context = desk()
    if context.library_file is None:
        abort(404)
    try:
        target = backup(
            context.library_file,
            context.settings.backup.folder,
            context.clock.now().date(),
            context.settings.backup.keep,
        )
    except StoreError as e:
        log.error("backup from the desk failed: %s", e)
        flash(t("bak_failed", why=str(e)), "error")
    else:
        flash(t("bak_done", name=target.name), "info")
    return redirect(url_for("backups.index"))


@bp.route("/file/<name>")
@allowed(Role.LIBRARIAN)
def download(name: str) -> Any:
    """One backup file, by a name the listing gave (never a path from the request)."""
    found = [c for c in _copies() if c.path.name == name]
    if not found:
        abort(404)
    return send_file(found[0].path, as_attachment=True, download_name=name)
