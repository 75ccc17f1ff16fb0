"""Shared fixtures: a fixed clock and a small real library in a SQLite file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest

from kiosk.clock import FixedClock
from kiosk.config import Settings, load_config
from kiosk.db import bulk
from kiosk.runtime import Library, open_library

# Wednesday, a school day before the winter vacation.
SCHOOL_DAY = dt.datetime(2026, 11, 25, 10, 0)
PROJECT = Path(__file__).resolve().parent.parent


def isbn13(body12: str) -> str:
    """Complete a 12-digit body with its EAN check digit."""
    from stdnum import ean

    return body12 + ean.calc_check_digit(body12)


ISBN_ONE = isbn13("978702000220")  # title 1: two copies
ISBN_TWO = isbn13("978753213001")  # title 2: one copy
ISBN_BROKEN = isbn13("978710000000")  # title 3: one damaged copy
ISBN_UNKNOWN = isbn13("978799999999")
ISSN = "1671216" + __import__("stdnum.issn").issn.calc_check_digit("1671216")
ISSN_EAN = isbn13("977167121600")  # a periodical: 977 + ISSN without check + 00


@dataclass
class Small:
    """Handles into the small test library."""

    library: Library
    clock: FixedClock
    settings: Settings

    @property
    def service(self):
        return self.library.service

    @property
    def store(self):
        return self.library.store

    def patron_id(self, card: str) -> int:
        patron = self.store.patron_by_card(card)
        assert patron is not None
        return patron.id


def small_tables(today: dt.date) -> dict[str, list[dict[str, Any]]]:
    """A handful of patrons and books covering every state the rules know."""

    def patron(pid, card, name, ptype="student", status="active", expiry=None):
        return {
            "id": pid,
            "card": card,
            "name": name,
            "class_name": "初二(3)班" if ptype == "student" else "教师",
            "grade": 8 if ptype == "student" else None,
            "type": ptype,
            "status": status,
            "card_expiry": expiry or dt.date(2028, 7, 31),
        }

    def item(iid, barcode, title_id, status="available"):
        return {
            "id": iid,
            "barcode": barcode,
            "title_id": title_id,
            "status": status,
            "location": "I区",
        }

    title = {
        "author": "",
        "publisher": "",
        "year": 2020,
        "call_number": "I247.5",
        "issn": None,
    }
    return {
        "patron": [
            patron(1, "S0000001", "李明"),
            patron(2, "S0000002", "王芳"),
            patron(3, "S0000003", "张伟", status="suspended"),
            patron(4, "S0000004", "刘洋", status="left"),
            patron(5, "S0000005", "陈静", expiry=today - dt.timedelta(days=1)),
            patron(6, "T0000001", "赵老师", ptype="teacher"),
        ],
        "title": [
            {**title, "id": 1, "isbn": ISBN_ONE, "title": "红楼梦"},
            {**title, "id": 2, "isbn": ISBN_TWO, "title": "草房子"},
            {**title, "id": 3, "isbn": ISBN_BROKEN, "title": "坏书"},
            {**title, "id": 4, "isbn": None, "issn": ISSN, "title": "中学生"},
        ],
        "item": [
            item(1, "10000001", 1),
            item(2, "10000002", 1),
            item(3, "10000003", 2),
            item(4, "10000004", 3, status="damaged"),
            item(5, "10000005", 4),
            item(6, "10000006", 2, status="lost"),
            item(7, "10000007", 2, status="in_repair"),
            item(8, "10000008", 2, status="withdrawn"),
        ],
    }


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden images; only after a person has looked at the diff",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(SCHOOL_DAY)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings from the shipped config.toml, pointed at a temporary folder."""
    text = (PROJECT / "config.toml").read_text(encoding="utf-8")
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the tests that run on both databases."""
    import shutil
    import tempfile

    from tests.pg import Cluster

    # Not under pytest's tmp folder: the postgres user must be able to reach it.
    base = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    cluster = Cluster(base).start()
    yield cluster
    cluster.stop()
    shutil.rmtree(base, ignore_errors=True)


CONSOLE_ARGS = ("--demo", "--console", "--json", "--config")


def console_kiosk(config: Path) -> subprocess.Popen:
    """A real ``kiosk.py --demo --console --json`` process, driven by its stdin."""
    return subprocess.Popen(
        [sys.executable, "kiosk.py", *CONSOLE_ARGS, str(config)],
        cwd=PROJECT,
        env={**os.environ, "SDL_VIDEODRIVER": "dummy"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def cluster():
    """A PostgreSQL server of the test's own, for the tests that stop it."""
    import shutil
    import tempfile

    from tests.pg import Cluster

    base = Path(tempfile.mkdtemp(prefix="kiosk-pg-own-"))
    server = Cluster(base).start()
    yield server
    try:
        server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def small(settings: Settings, clock: FixedClock):
    library = open_library(settings, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    yield Small(library, clock, settings)
    library.close()
