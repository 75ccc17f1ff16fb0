"""The dashboard: today's work, overdue books by class, holds, kiosks, backups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, render_template

from kiosk.db import dashboard as figures
from kiosk.db import stocktake
from kiosk.db.backup import listing
from kiosk.desk.auth import ALL, allowed
from kiosk.desk.context import desk

bp = Blueprint("dashboard", __name__)

SILENT_AFTER = dt.timedelta(minutes=3)
"""A kiosk that has not written its heartbeat (every minute) for this long."""


@bp.route("/")
@allowed(*ALL)
def index() -> Any:
    """The librarian's first page of the day."""
    context = desk()
    database, now = context.database, context.clock.now()
    settings = context.settings
    backup = None
    if context.library_file is not None:
        copies = listing(settings.backup.folder, context.library_file.stem)
        backup = copies[0].day if copies else None
    beats = figures.kiosks(database)
    return render_template(
        "dashboard.html",
        counts=figures.today_counts(database, now.date()),
        overdue=figures.overdue_by_class(database, now.date()),
        holds=figures.ready_holds(database),
        kiosks=beats,
        silent={b.kiosk for b in beats if now - b.last_seen > SILENT_AFTER},
        postgres=bool(settings.database.url) and not context.demo,
        backup=backup,
        backup_days=(now.date() - backup).days if backup else None,
        take=stocktake.current(database),
    )
