"""The SQLite store: durability settings, constraints, atomicity, lock errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import peewee
import pytest

from kiosk.circulation.model import ItemStatus
from kiosk.circulation.outcomes import Outcome
from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.errors import StoreError
from kiosk.ports import LoanConflict
from kiosk.runtime import open_library
from tests.conftest import Small, small_tables

DUE = dt.date(2026, 12, 9)


def pragma(small: Small, name: str) -> object:
    return small.library.database.execute_sql(f"PRAGMA {name}").fetchone()[0]


def test_durability_pragmas(small: Small) -> None:
    assert pragma(small, "journal_mode") == "wal"
    assert pragma(small, "synchronous") == 2  # FULL
    assert pragma(small, "foreign_keys") == 1
    assert pragma(small, "busy_timeout") == 5000


def test_database_refuses_a_second_open_loan_of_a_copy(small: Small) -> None:
    small.service.check_out(1, "10000003")
    with pytest.raises(peewee.IntegrityError):
        db.Loan.create(item=3, patron=2, out_at=small.clock.now(), due=DUE)


def test_a_stale_read_ends_in_a_conflict_not_a_second_loan(small: Small) -> None:
    stale = small.store.item_by_barcode("10000003")
    small.service.check_out(2, "10000003")
    patron = small.store.patron(1)
    with pytest.raises(LoanConflict), small.store.transaction():
        small.store.add_loan(stale, patron, small.clock.now(), DUE, "k2")
    assert db.Loan.select().count() == 1


def test_constraint_turns_an_inconsistent_copy_into_on_loan_to_other(
    small: Small,
) -> None:
    small.service.check_out(2, "10000003")
    # Someone fixed the copy's status by hand while the loan stayed open.
    db.Item.update(status="available").where(db.Item.id == 3).execute()
    result = small.service.check_out(1, "10000003")
    assert result.outcome is Outcome.ON_LOAN_TO_OTHER
    assert db.Loan.select().where(db.Loan.returned_at.is_null()).count() == 1


def test_a_failed_write_leaves_nothing_half_done(
    small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_log(event):
        raise peewee.OperationalError("disk I/O error")

    monkeypatch.setattr(small.store, "log_event", broken_log)
    with pytest.raises(StoreError, match="disk I/O error"):
        small.service.check_out(1, "10000003")
    monkeypatch.undo()
    assert db.Loan.select().count() == 0
    assert small.store.item_by_barcode("10000003").status is ItemStatus.AVAILABLE
    assert small.service.check_out(1, "10000003").outcome is Outcome.CHECKED_OUT


def test_event_log_is_append_only(small: Small) -> None:
    small.service.identify("S0000001")
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        db.Event.update(outcome="X").execute()
    with pytest.raises(peewee.IntegrityError, match="append-only"):
        db.Event.delete().execute()


def test_a_locked_database_is_a_store_error_and_nothing_is_written(
    settings, clock
) -> None:
    quick = dataclasses.replace(
        settings, database=dataclasses.replace(settings.database, busy_timeout_ms=50)
    )
    library = open_library(quick, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    other = sqlite3.connect(quick.database.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another kiosk holds the write lock
    try:
        with pytest.raises(StoreError, match="locked"):
            library.service.check_out(1, "10000003")
    finally:
        other.rollback()
        other.close()
    assert db.Loan.select().count() == 0
    assert library.service.check_out(1, "10000003").outcome is Outcome.CHECKED_OUT
    library.close()


def test_an_unwritable_location_is_a_store_error(settings, clock, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bad = dataclasses.replace(
        settings,
        database=dataclasses.replace(settings.database, path=blocker / "lib.sqlite3"),
    )
    with pytest.raises(StoreError, match="cannot open the database"):
        open_library(bad, clock)


def test_a_file_that_is_not_a_database_is_a_store_error(
    settings, clock, tmp_path
) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    bad = dataclasses.replace(
        settings, database=dataclasses.replace(settings.database, path=junk)
    )
    with pytest.raises(StoreError, match="cannot open the database"):
        open_library(bad, clock)


def test_bulk_refuses_ragged_rows(small: Small) -> None:
    with pytest.raises(ValueError, match="differ in columns"):
        bulk.insert_tables(
            small.library.database,
            {"closedperiod": [{"start": "2027-01-01", "end": "2027-01-01"}, {}]},
        )
