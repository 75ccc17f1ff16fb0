"""Backups: online copy, checked and rotated; restore refused under a running kiosk."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.circulation.outcomes import Outcome
from kiosk.db import models as db
from kiosk.db.backup import (
    backup,
    daily_backup,
    kiosk_lock,
    listing,
    restore,
    verify,
)
from kiosk.errors import StoreError
from kiosk.runtime import open_library
from tests.conftest import PROJECT, Small

DAY = dt.date(2026, 11, 25)


def test_backup_restore_round_trip(small: Small, tmp_path: Path) -> None:
    path = small.settings.database.path
    small.service.check_out(1, "10000003")
    copy = backup(path, tmp_path / "backups", DAY, keep=3)
    assert copy.name == "library-2026-11-25.sqlite3"
    verify(copy)
    small.service.check_out(2, "10000001")  # after the backup
    small.library.close()
    restore(copy, path)
    library = open_library(small.settings, small.clock)
    try:
        assert db.Loan.select().count() == 1  # the library as it was at the backup
        assert library.service.check_out(2, "10000001").outcome is Outcome.CHECKED_OUT
    finally:
        library.close()


def test_backups_rotate_and_daily_runs_once(small: Small, tmp_path: Path) -> None:
    path, folder = small.settings.database.path, tmp_path / "backups"
    for day in range(1, 6):
        backup(path, folder, DAY + dt.timedelta(days=day), keep=3)
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "library-2026-11-28.sqlite3",
        "library-2026-11-29.sqlite3",
        "library-2026-11-30.sqlite3",
    ]
    assert daily_backup(path, folder, DAY + dt.timedelta(days=5), keep=3) is None
    assert daily_backup(path, folder, DAY + dt.timedelta(days=6), keep=3) is not None


def test_a_damaged_or_foreign_file_is_not_restored(
    small: Small, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="not a kiosk database"):
        restore(junk, small.settings.database.path)
    assert small.service.identify("S0000001").outcome is Outcome.PATRON_OK


def test_restore_is_refused_while_a_kiosk_runs(small: Small, tmp_path: Path) -> None:
    path = small.settings.database.path
    copy = backup(path, tmp_path / "backups", DAY, keep=3)
    with kiosk_lock(path), pytest.raises(StoreError, match="a kiosk is using"):
        restore(copy, path)


def admin(config, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "kiosk.py", "admin", *args, "--config", str(config)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_admin_commands(small: Small, tmp_path: Path) -> None:
    small.library.close()
    config = small.settings.source
    backups = tmp_path / "saved"
    made = admin(config, "backup", "--to", str(backups), "--lang", "en")
    assert made.returncode == 0, made.stderr
    [copy] = list(backups.iterdir())
    assert f"Backed up to {copy}" in made.stdout
    # A kiosk holds the library: the restore is refused with one line.
    with kiosk_lock(small.settings.database.path):
        refused = admin(config, "restore", str(copy))
    assert refused.returncode == 2
    assert refused.stderr.startswith("kiosk: a kiosk is using")
    done = admin(config, "restore", str(copy), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "Library restored" in done.stdout


def test_a_backup_folder_that_cannot_be_made_is_a_store_error(
    small: Small, tmp_path: Path
) -> None:
    blocked = tmp_path / "backups"
    blocked.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="backup of"):
        backup(small.settings.database.path, blocked, dt.date(2026, 12, 4), keep=3)
    assert blocked.read_text() == "a file where the folder should be"


def test_listing_is_newest_first_with_sizes(small: Small, tmp_path: Path) -> None:
    for day in (3, 1, 2):
        backup(small.settings.database.path, tmp_path, dt.date(2026, 12, day), keep=5)
    (tmp_path / "library-notadate.sqlite3").write_text("stray")
    found = listing(tmp_path, small.settings.database.path.stem)
    assert [b.day.day for b in found] == [3, 2, 1]
    assert all(b.size > 0 for b in found)
