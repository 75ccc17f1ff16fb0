"""A library database that drops away: one line on the page, then back by itself."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

import psycopg2
import pytest

from kiosk.db import accounts, bulk
from kiosk.desk.app import create_app
from kiosk.desk.context import DeskContext
from kiosk.runtime import open_library
from tests.conftest import small_tables
from tests.desk.conftest import PASSWORDS, Browser


def drop_connections(url: str) -> None:
    """What a restarted server or a broken network does to the desk's connection."""
    parts = urlsplit(url)
    con = psycopg2.connect(
        host=parts.hostname, port=parts.port, user=parts.username, dbname="postgres"
    )
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (parts.path.lstrip("/"),),
        )
    con.close()


@pytest.mark.slow
def test_desk_says_so_and_comes_back(postgres, settings, clock) -> None:
    url = postgres.new_database()
    settings = dataclasses.replace(
        settings, database=dataclasses.replace(settings.database, url=url)
    )
    library = open_library(settings, clock)
    try:
        bulk.insert_tables(library.database, small_tables(clock.today()))
        accounts.add_account(
            library.database, "helper", "helper", PASSWORDS["helper"], at=clock.now()
        )
        app = create_app(DeskContext(settings, library, clock), testing=True)
        browser = Browser(app.test_client())
        browser.sign_in("helper", PASSWORDS["helper"])
        assert browser.get("/").status_code == 200
        drop_connections(url)
        down = browser.get("/")
        assert down.status_code == 503
        assert "暂时连不上图书馆数据库" in down.get_data(as_text=True)
        assert "Traceback" not in down.get_data(as_text=True)
        back = browser.get("/")
        assert back.status_code == 200
        assert "概览" in back.get_data(as_text=True)
    finally:
        library.close()
