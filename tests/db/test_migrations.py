"""Schema versions: an upgrade keeps a school's data; a newer database is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import peewee
import pytest
from playhouse.migrations import Runner

from kiosk.circulation.outcomes import Outcome
from kiosk.db.store import MIGRATIONS_DIR, open_database, schema_version
from kiosk.errors import StoreError
from kiosk.runtime import open_library

MIGRATIONS = sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def make_schema_1_database(path: Path) -> None:
    """A library as the previous release (schema 1) left it, with data in it."""
    old = peewee.SqliteDatabase(str(path))
    Runner(old, directory=str(MIGRATIONS_DIR)).up(target="0001_initial")
    old.close()
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO patron (id, card, name, class_name, grade, type, status,"
            " created_at) VALUES (1, 'S0000001', '李明', '初二(3)班', 8, 'student',"
            " 'active', '2026-09-01 08:00:00')"
        )
        con.execute(
            "INSERT INTO title (id, isbn, title, author, publisher, call_number,"
            " created_at) VALUES (1, '9787020002207', '红楼梦', '曹雪芹', '', 'I242',"
            " '2026-09-01 08:00:00')"
        )
        for n in (1, 2):
            con.execute(
                "INSERT INTO item (id, barcode, title_id, status, location, created_at)"
                f" VALUES ({n}, '1000000{n}', 1, 'available', '', '2026-09-01')"
            )
        con.execute(
            "INSERT INTO loan (item_id, patron_id, out_at, due, renewals, kiosk)"
            " VALUES (1, 1, '2026-11-20 10:00:00', '2026-12-04', 0, 'old')"
        )
        con.execute("UPDATE item SET status = 'on_loan' WHERE id = 1")
        con.execute(
            "INSERT INTO event (at, kiosk, action, outcome, patron_id, item_id, scan)"
            " VALUES ('2026-11-20 10:00:00', 'old', 'check_out', 'CHECKED_OUT', 1, 1,"
            " '10000001')"
        )
    con.close()


def test_fresh_database_is_at_the_latest_schema(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new.sqlite3")
    assert schema_version(database) == MIGRATIONS
    database.close()


def test_schema_1_database_is_upgraded_and_keeps_its_data(
    tmp_path: Path, settings, clock
) -> None:
    path = tmp_path / "old.sqlite3"
    make_schema_1_database(path)

    upgraded = dataclasses.replace(
        settings, database=dataclasses.replace(settings.database, path=path)
    )
    library = open_library(upgraded, clock)
    try:
        assert schema_version(library.database) == MIGRATIONS
        patron = library.store.patron_by_card("S0000001")
        assert patron is not None
        assert patron.name == "李明"
        [loan] = library.store.open_loans_of_patron(patron.id)
        assert loan.due == dt.date(2026, 12, 4)
        assert loan.item.title.title == "红楼梦"
        # The old loan can be returned and the new rules hold.
        assert library.service.check_in("10000001").outcome is Outcome.RETURNED
        assert library.service.check_out(1, "10000002").outcome is Outcome.CHECKED_OUT
        with pytest.raises(peewee.IntegrityError):
            library.database.execute_sql(
                "INSERT INTO loan (item_id, patron_id, out_at, due, renewals, kiosk)"
                " VALUES (2, 1, '2026-11-25 10:00:00', '2026-12-09', 0, 'x')"
            )
        events = library.database.execute_sql("SELECT count(*) FROM event").fetchone()
        assert events[0] == 3
    finally:
        library.close()


def test_upgrading_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    make_schema_1_database(path)
    first = open_database(path)
    first.close()
    again = open_database(path)
    assert schema_version(again) == MIGRATIONS
    again.close()


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_database(path).close()
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "INSERT INTO schema_migration (name, applied)"
            " VALUES ('0099_from_the_future', '2030-01-01')"
        )
    con.close()
    with pytest.raises(StoreError, match="newer kiosk version"):
        open_database(path)
