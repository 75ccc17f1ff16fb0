"""``./run upgrade``: new code, a checked backup, the migrations, or the way back.

``./run upgrade`` pulls the new release (``git pull --ff-only``; an unpacked
release needs ``--no-pull``), updates ``.venv``, then runs this module with the
new code: with every kiosk on this machine stopped (the library's lock), it
writes a checked backup to ``<backup.folder>/upgrade/``, applies the pending
migrations, and when one fails puts the backup back, so the library is exactly
as it was and the old release still runs on it. A PostgreSQL library is
migrated by the first kiosk that starts (take a ``pg_dump`` first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Settings, config_path, load_config
from kiosk.db.backup import backup, kiosk_lock, restore
from kiosk.db.store import MIGRATIONS_DIR, migrate, schema_version, sqlite_library
from kiosk.errors import KioskError

KEEP = 3
"""Pre-upgrade backups kept in ``<backup.folder>/upgrade/``."""


def upgrade_library(
    settings: Settings,
    today: dt.date,
    say: Callable[[str], None],
    directory: Path = MIGRATIONS_DIR,
) -> int:
    """Back up, migrate, and restore the backup if a migration fails (exit status)."""
    path = settings.database.path
    if settings.database.url:
        say(
            "a PostgreSQL library is migrated by the first kiosk that starts;"
            " take a pg_dump first"
        )
        return 0
    if not path.exists():
        say(f"no library at {path} yet: the kiosk makes it when it first starts")
        return 0
    with kiosk_lock(path, exclusive=True):
        saved = backup(path, settings.backup.folder / "upgrade", today, KEEP)
        say(f"checked backup: {saved}")
        database = sqlite_library(path, settings.database.busy_timeout_ms)
        try:
            database.connect()
            before = schema_version(database)
            applied = migrate(database, directory)
            failure = None
        except Exception as e:  # any failing migration: the backup goes back
            failure, applied, before = e, [], []
        finally:
            database.close()
    if failure is not None:
        restore(saved, path)
        say(f"a migration failed ({failure}); the library was put back from {saved}")
        return 1
    if applied:
        say(
            f"migrated from {before[-1] if before else 'nothing'} to {applied[-1]}"
            f" ({len(applied)} step(s))"
        )
    else:
        say("the library is already at the newest schema")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.upgrade [--config PATH]``, after the new code is in place."""
    parser = argparse.ArgumentParser(prog="./run upgrade")
    parser.add_argument("--config", help="config file (default config.toml)")
    args = parser.parse_args(argv)
    try:
        settings = load_config(config_path(args.config))
        return upgrade_library(settings, dt.date.today(), print)
    except KioskError as e:
        sys.stderr.write(f"upgrade: {e}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())
