"""The demo library, for the screens' golden pictures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.runtime import open_library

DEMO_DAY = dt.datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def demo(settings, tmp_path: Path):
    clock = FixedClock(DEMO_DAY)
    demo = dataclasses.replace(settings.demo, database=tmp_path / "demo.sqlite3")
    library = open_library(dataclasses.replace(settings, demo=demo), clock, demo=True)

    class Small:  # what make_app needs
        service = library.service
        store = library.store
        database = library.database

    Small.clock = clock  # type: ignore[attr-defined]
    yield Small
    library.close()
