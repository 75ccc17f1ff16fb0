"""Circulation tests run twice: on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.db import bulk
from kiosk.runtime import open_library
from tests.conftest import Small, small_tables


@pytest.fixture(params=["sqlite", "postgresql"])
def small(request: pytest.FixtureRequest, settings, clock):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    library = open_library(settings, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    yield Small(library, clock, settings)
    library.close()
