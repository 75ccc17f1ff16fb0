"""The ``[privacy]`` settings applied: old loans, leavers, slips and logs.

``review`` says what a run would change (``admin privacy run --dry-run``);
``apply`` changes it: the library through ``kiosk.db.retention`` (short
transactions), then the slip archive's day folders and the old log files. The
kiosk runs it once a day in the background; the command runs it on demand.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.admin.rollover import SCHOOL_YEAR_STARTS, school_year
from kiosk.config import Settings
from kiosk.db import retention

log = logging.getLogger(__name__)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2}) ")


@dataclass
class Review:
    """What a run changes: in the library, in the slip archive, in the logs."""

    library: retention.Plan
    slip_days: list[Path] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    done: retention.Done | None = None


def cutoffs(settings: Settings, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The first school year kept whole, and the day leavers are forgotten before."""
    privacy = settings.privacy
    first_kept = school_year(now.date()) - privacy.loan_history_years
    cutoff = retention.school_year_start(first_kept, SCHOOL_YEAR_STARTS)
    months = now.year * 12 + now.month - 1 - privacy.leaver_months
    day = min(now.day, 28)
    left_before = now.replace(year=months // 12, month=months % 12 + 1, day=day)
    return cutoff, left_before


def old_slip_days(archive: Path, today: dt.date, days: int) -> list[Path]:
    """The archive's day folders (2026-11-25) older than ``days``."""
    if not archive.is_dir():
        return []
    oldest = today - dt.timedelta(days=days)
    found = []
    for folder in sorted(archive.iterdir()):
        if folder.is_dir() and _DAY.match(folder.name):
            try:
                if dt.date.fromisoformat(folder.name) < oldest:
                    found.append(folder)
            except ValueError:
                continue
    return found


def old_logs(log_file: Path | None, today: dt.date, days: int) -> list[Path]:
    """Set-aside log files (kiosk.log.2026-11-25) last written over ``days`` ago."""
    if log_file is None or not log_file.parent.is_dir():
        return []
    oldest = today - dt.timedelta(days=days)
    return [
        path
        for path in sorted(log_file.parent.glob(f"{log_file.name}.*"))
        if dt.date.fromtimestamp(path.stat().st_mtime) < oldest
    ]


def set_log_aside(log_file: Path | None, today: dt.date) -> Path | None:
    """Rename the log once it holds an earlier day, so old days can be deleted.

    Every process logs through a ``WatchedFileHandler``, which opens the file
    afresh after the rename.
    """
    if log_file is None or not log_file.is_file():
        return None
    with log_file.open("r", encoding="utf-8", errors="replace") as f:
        first = _STAMP.match(f.readline())
    if first is None or dt.date.fromisoformat(first[1]) >= today:
        return None
    target = log_file.with_name(f"{log_file.name}.{first[1]}")
    n = 1
    while target.exists():
        n += 1
        target = log_file.with_name(f"{log_file.name}.{first[1]}.{n}")
    log_file.rename(target)
    return target


def review(settings: Settings, database: Any, now: dt.datetime) -> Review:
    """What a run would change now."""
    cutoff, left_before = cutoffs(settings, now)
    privacy, today = settings.privacy, now.date()
    return Review(
        retention.plan(
            database,
            cutoff=cutoff,
            left_before=left_before,
            year_starts=SCHOOL_YEAR_STARTS,
        ),
        old_slip_days(settings.receipts.archive, today, privacy.slip_archive_days),
        old_logs(settings.logging.file, today, privacy.log_days),
    )


def apply(
    settings: Settings,
    database: Any,
    now: dt.datetime,
    progress: Callable[[int], None] = lambda _: None,
) -> Review:
    """Carry the retention out; the review says what was done."""
    found = review(settings, database, now)
    found.done = retention.run(
        database, found.library, year_starts=SCHOOL_YEAR_STARTS, progress=progress
    )
    for folder in found.slip_days:
        shutil.rmtree(folder, ignore_errors=True)
    set_log_aside(settings.logging.file, now.date())
    for path in found.logs:
        path.unlink(missing_ok=True)
    return found


def start_daily(
    settings: Settings, database: Any, clock: Any, errors: tuple[type, ...]
) -> threading.Thread | None:
    """The kiosk's daily run, on a thread of its own (never in a scan's way)."""
    if not settings.privacy.daily:
        return None

    def work() -> None:
        stop = threading.Event()
        while True:
            try:
                done = apply(settings, database, clock.now())
            except errors as e:
                log.warning("privacy retention not run (%s); tried again tomorrow", e)
            except Exception as e:  # never the kiosk's problem
                log.error("privacy retention failed: %s", e)
            else:
                _log_done(done)
            if stop.wait(24 * 3600):
                return

    thread = threading.Thread(target=work, name="retention", daemon=True)
    thread.start()
    return thread


def _log_done(done: Review) -> None:
    counts = done.done or retention.Done()
    if counts.loans or counts.leavers or done.slip_days or done.logs:
        log.info(
            "privacy retention: %d loans anonymised (%d readers), %d leavers"
            " forgotten, %d slip days and %d log files deleted; longest step %.0f ms",
            counts.loans,
            counts.readers,
            counts.leavers,
            len(done.slip_days),
            len(done.logs),
            counts.longest_ms,
        )
