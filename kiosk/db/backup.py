"""Backups of the SQLite library: online copies, checked, rotated; safe restore.

The copy uses SQLite's own backup API, so kiosks keep lending while it runs.
A running kiosk holds a shared lock on ``<database>.lock``; a restore needs
that lock exclusively, so it is refused while any kiosk has the library open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import StoreError

log = logging.getLogger(__name__)


def lock_path(database: Path) -> Path:
    """The lock file beside a database."""
    return database.with_suffix(".lock")


@contextlib.contextmanager
def kiosk_lock(database: Path, *, exclusive: bool = False) -> Iterator[None]:
    """Hold the library: shared for a kiosk, exclusive for a restore."""
    path = lock_path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(f.fileno(), mode | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"a kiosk is using {database}: close every kiosk on this machine, "
                "then restore"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def verify(path: Path) -> None:
    """Refuse a file that is not a sound kiosk database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        finally:
            con.close()
    except sqlite3.Error as e:
        raise StoreError(f"{path} is not a kiosk database: {e}") from None
    if ok != "ok":
        raise StoreError(f"{path} is damaged (integrity check: {ok})")
    if not {"loan", "patron", "schema_migration"} <= tables:
        raise StoreError(f"{path} is not a kiosk database (its tables are missing)")


def backup(database: Path, folder: Path, today: dt.date, keep: int) -> Path:
    """Copy the live database to ``folder/<name>-YYYY-MM-DD.sqlite3``; keep ``keep``."""
    target = folder / f"{database.stem}-{today.isoformat()}.sqlite3"
    partial = target.with_suffix(".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(database)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            # One self-contained file: no -wal/-shm beside the copy.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
            source.close()
        verify(partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as e:
        with contextlib.suppress(OSError):  # e.g. the folder is a file
            partial.unlink(missing_ok=True)
        raise StoreError(f"backup of {database} failed: {e}") from None
    _rotate(folder, database.stem, keep)
    log.info("backup written: %s", target)
    return target


def daily_backup(
    database: Path, folder: Path, today: dt.date, keep: int
) -> Path | None:
    """Today's backup, unless it exists already."""
    if (folder / f"{database.stem}-{today.isoformat()}.sqlite3").exists():
        return None
    return backup(database, folder, today, keep)


@dataclass(frozen=True)
class BackupFile:
    """One daily backup in the backup folder."""

    path: Path
    day: dt.date
    size: int


def listing(folder: Path, stem: str) -> list[BackupFile]:
    """The backups of the library ``stem`` in ``folder``, newest first."""
    found = []
    for path in folder.glob(f"{stem}-????-??-??.sqlite3"):
        try:
            day = dt.date.fromisoformat(path.stem[-10:])
            size = path.stat().st_size
        except (ValueError, OSError):
            continue  # a stray name, or deleted meanwhile
        found.append(BackupFile(path, day, size))
    return sorted(found, key=lambda b: b.day, reverse=True)


def _rotate(folder: Path, stem: str, keep: int) -> None:
    copies = sorted(folder.glob(f"{stem}-????-??-??.sqlite3"))
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink()


def restore(source: Path, database: Path) -> None:
    """Replace the library with a checked backup, never under a running kiosk."""
    verify(source)
    with kiosk_lock(database, exclusive=True):
        staged = database.with_suffix(".restoring")
        shutil.copyfile(source, staged)
        with staged.open("rb+") as f:
            os.fsync(f.fileno())
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged, database)
    log.info("restored %s from %s", database, source)
