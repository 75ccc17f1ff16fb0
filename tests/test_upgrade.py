"""``./run upgrade``: a checked backup, the migrations, or the library put back."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess

import pytest

from kiosk.db.backup import kiosk_lock
from kiosk.db.store import MIGRATIONS_DIR
from kiosk.errors import StoreError
from kiosk.upgrade import upgrade_library
from tests.conftest import PROJECT
from tests.db.test_migrations import make_schema_1_database

NEWEST = max(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def applied(path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [
            r[0] for r in con.execute("SELECT name FROM schema_migration ORDER BY id")
        ]


def test_a_schema_1_library_is_backed_up_then_upgraded(settings) -> None:
    path = settings.database.path
    path.parent.mkdir(parents=True, exist_ok=True)
    make_schema_1_database(path)
    said: list[str] = []
    assert upgrade_library(settings, dt.date(2026, 12, 4), said.append) == 0
    assert applied(path)[-1] == NEWEST
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT name FROM patron WHERE id = 1").fetchone() == (
            "李明",
        )
    [saved] = (settings.backup.folder / "upgrade").glob("*.sqlite3")
    assert applied(saved) == ["0001_initial"]
    assert said[0] == f"checked backup: {saved}"
    assert f"to {NEWEST}" in said[-1]
    again: list[str] = []
    assert upgrade_library(settings, dt.date(2026, 12, 4), again.append) == 0
    assert again[-1] == "the library is already at the newest schema"


def test_a_failing_migration_puts_the_library_back(settings, tmp_path) -> None:
    path = settings.database.path
    path.parent.mkdir(parents=True, exist_ok=True)
    make_schema_1_database(path)
    broken = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, broken)
    (broken / "9999_broken.py").write_text(
        "def up(migrator, db):\n"
        "    db.execute_sql('CREATE TABLE half_done (x INTEGER)')\n"
        "    db.execute_sql('DELETE FROM patron')\n"
        "    raise RuntimeError('the disk said no')\n",
        encoding="utf-8",
    )
    said: list[str] = []
    status = upgrade_library(settings, dt.date(2026, 12, 4), said.append, broken)
    assert status == 1
    assert "the disk said no" in said[-1]
    assert "put back" in said[-1]
    assert applied(path) == ["0001_initial"]
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert con.execute("SELECT COUNT(*) FROM patron").fetchone() == (1,)
    assert "half_done" not in tables


def test_refused_while_a_kiosk_runs(settings) -> None:
    path = settings.database.path
    path.parent.mkdir(parents=True, exist_ok=True)
    make_schema_1_database(path)
    with kiosk_lock(path), pytest.raises(StoreError, match="a kiosk is using"):
        upgrade_library(settings, dt.date(2026, 12, 4), print)
    assert applied(path) == ["0001_initial"]


def test_the_run_command(settings) -> None:
    proc = subprocess.run(
        ["./run", "upgrade", "--no-pull", "--config", str(settings.source)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "makes it when it first starts" in proc.stdout
