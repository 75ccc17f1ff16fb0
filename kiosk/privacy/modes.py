"""Files only the kiosk's own account can read.

The library, its backups, the offline journal, the slip archive, the logs, the
PIN state and the desk's key hold children's names and reading. Every process
of the project starts with umask 077, so whatever it creates is owner-only
(files 0600, folders 0700); a kiosk that finds one of them opened up (copied in
by hand, made by an older release) closes it again and says so once.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kiosk.config import Settings
from kiosk.state import state_path

log = logging.getLogger(__name__)

UMASK = 0o077


def owner_only() -> None:
    """From now on, this process creates files only its owner can read."""
    os.umask(UMASK)


def private_paths(settings: Settings, database: Path) -> list[Path]:
    """The files and folders that hold pupils' data (folders: all they hold)."""
    paths = [Path(f"{database}{suffix}") for suffix in ("", "-wal", "-shm")]
    paths += [state_path(database), settings.backup.folder, settings.receipts.archive]
    paths.append(settings.desk.secret_key_file)
    if settings.offline.journal is not None:
        journal = settings.offline.journal
        paths += [Path(f"{journal}{suffix}") for suffix in ("", "-wal", "-shm")]
    if settings.logging.file is not None:
        paths.append(settings.logging.file)
    return paths


def _walk(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_symlink() or not path.exists():
            continue
        yield path
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                for name in (*dirs, *files):
                    yield Path(folder) / name


def opened_up(paths: Iterable[Path]) -> list[Path]:
    """The paths (and what folders hold) that others may read; nothing changed."""
    found = []
    for path in _walk(paths):
        try:
            if stat.S_IMODE(path.lstat().st_mode) & UMASK and not path.is_symlink():
                found.append(path)
        except OSError:
            continue
    return found


def tighten(paths: Iterable[Path]) -> list[Path]:
    """Take group and other permissions off each path; return those changed."""
    fixed = []
    for path in _walk(paths):
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & UMASK and not path.is_symlink():
                path.chmod(mode & 0o700)
                fixed.append(path)
        except OSError as e:  # not ours (a share's file): say so, go on
            log.warning("cannot make %s owner-only: %s", path, e)
    return fixed


def check(settings: Settings, database: Path) -> list[Path]:
    """Close up the kiosk's private files, logging once what was opened up."""
    fixed = tighten(private_paths(settings, database))
    if fixed:
        shown = ", ".join(str(p) for p in fixed[:5])
        more = f" and {len(fixed) - 5} more" if len(fixed) > 5 else ""
        log.warning(
            "%d file(s) holding pupils' data were readable by other users; "
            "now owner-only: %s%s",
            len(fixed),
            shown,
            more,
        )
    return fixed
