"""Everything the kiosk and the admin commands create is readable by its owner only.

The pupils' data lives in the library file, its backups, the offline journal,
the slip archive, the log and the state file. These tests run the real
``kiosk.py`` in its own process (with this test process's usual umask 022, so
only the kiosk's own care makes the files private) and look at every mode.
"""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from tests.admin.helpers import write_csv, write_xlsx
from tests.admin.test_catalogue import NEW_A
from tests.conftest import PROJECT


def kiosk(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "kiosk.py", *args, "--config", str(config)],
        cwd=PROJECT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def opened_up(folder: Path, mine: set[Path]) -> list[str]:
    """Files and folders under ``folder`` (but ``mine``) others may read."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path in mine or path.is_symlink():
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            found.append(f"{path.relative_to(folder)} {mode:o}")
    return found


def test_the_library_journal_slips_log_and_backups_are_owner_only(settings):
    folder = settings.source.parent
    roster = write_xlsx(
        folder / "roster.xlsx",
        [["学号", "姓名", "班级"], ["S2700001", "林小雨", "初一(1)班"]],
    )
    books = write_csv(
        folder / "books.csv", [["ISBN", "书名", "册数"], [NEW_A, "夏洛的网", 2]]
    )
    mine = {settings.source, roster, books}
    config = settings.source
    done = kiosk(config, "admin", "patrons", "import", str(roster))
    assert done.returncode == 0, done.stderr
    done = kiosk(config, "admin", "catalogue", "import", str(books))
    assert done.returncode == 0, done.stderr
    uri = f"file:{settings.database.path}?mode=ro&immutable=1"
    with sqlite3.connect(uri, uri=True) as con:
        [(barcode,)] = con.execute("SELECT MIN(barcode) FROM item").fetchall()
    lent = kiosk(config, "--console", "--json", stdin=f"S2700001\n{barcode}\nDONE\n")
    assert lent.returncode == 0, lent.stderr
    assert '"CHECKED_OUT"' in lent.stdout
    assert '"ARCHIVED"' in lent.stdout  # a slip in today's archive folder
    backup = kiosk(config, "admin", "backup")
    assert backup.returncode == 0, backup.stderr
    created = [p for p in folder.rglob("*") if p not in mine]
    kinds = {p.suffix for p in created if p.is_file()}
    assert {".sqlite3", ".png", ".txt", ".log"} <= kinds, kinds
    assert any(p.is_dir() and p.parent == settings.receipts.archive for p in created)
    assert opened_up(folder, mine) == []


def test_a_library_file_others_could_read_is_closed_and_said_once(settings):
    folder = settings.source.parent
    first = kiosk(settings.source, "--console", stdin="")
    assert first.returncode == 0, first.stderr
    database = settings.database.path
    database.chmod(0o644)
    settings.receipts.archive.mkdir(parents=True, exist_ok=True)
    settings.receipts.archive.chmod(0o755)
    again = kiosk(settings.source, "--console", stdin="")
    assert again.returncode == 0, again.stderr
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.receipts.archive.stat().st_mode) == 0o700
    log = settings.logging.file.read_text(encoding="utf-8")
    assert log.count("now owner-only") == 1
    assert str(database) in log
    quiet = kiosk(settings.source, "--console", stdin="")
    assert quiet.returncode == 0
    assert (
        settings.logging.file.read_text(encoding="utf-8").count("now owner-only") == 1
    )
    made_here = {settings.source, settings.receipts.archive.parent}
    assert opened_up(folder, made_here) == []
