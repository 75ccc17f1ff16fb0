"""The offline acceptance test on a real PostgreSQL server (issue #7).

The server is stopped in the middle of a session; returns and check-outs go
on from the kiosk's journal (a reserved copy and a card scanned as a book are
still refused); the server is started again and the journal replays; a second
replay changes nothing; a book lent at another kiosk meanwhile appears in the
librarian's conflict report. The test has its own cluster because it stops it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.circulation.outcomes import Outcome
from kiosk.circulation.replay import Conflict
from kiosk.config import Settings
from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.db.replay import replayed_ops
from kiosk.errors import StoreError
from kiosk.runtime import (
    build_service,
    open_failover,
    open_kiosk_library,
    open_library,
)
from tests.admin.helpers import admin
from tests.conftest import ISBN_TWO, small_tables
from tests.pg import Cluster

RETRY = 30
P1, P2 = 1, 2


def pg_settings(settings: Settings, url: str, tmp_path: Path) -> Settings:
    journal = tmp_path / "local" / "journal.sqlite3"
    config = tmp_path / "offline.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n[offline]\njournal = "{journal}"\n'
        f'retry_seconds = {RETRY}\n[logging]\nfile = "{tmp_path / "k.log"}"\n',
        encoding="utf-8",
    )
    return dataclasses.replace(
        settings,
        source=config,
        database=dataclasses.replace(settings.database, url=url),
        offline=dataclasses.replace(
            settings.offline, journal=journal, retry_seconds=RETRY
        ),
    )


def counts() -> tuple[int, int, int, int]:
    return (
        db.Loan.select().count(),
        db.Loan.select().where(db.Loan.returned_at.is_null()).count(),
        db.Event.select().count(),
        db.JournalOp.select().count(),
    )


@pytest.mark.slow
def test_postgres_stops_mid_session_and_the_journal_replays(
    cluster: Cluster, settings: Settings, clock, tmp_path: Path
) -> None:
    settings = pg_settings(settings, cluster.new_database(), tmp_path)
    library = open_library(settings, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    kiosk = open_failover(settings, library, clock)
    assert kiosk is not None
    try:
        # Online: a loan to return later, and the one copy of title 2 held for P2.
        assert kiosk.check_out(P1, "10000001").outcome is Outcome.CHECKED_OUT
        assert kiosk.place_hold(P2, ISBN_TWO).outcome is Outcome.HOLD_PLACED
        clock.advance(settings.offline.snapshot_minutes * 60)
        kiosk.poll()  # the periodic snapshot, taken while online
        assert not kiosk.offline

        cluster.stop()
        clock.advance(60)
        assert kiosk.identify("S0000001").outcome is Outcome.PATRON_OK
        assert kiosk.offline
        assert kiosk.check_in("10000001").outcome is Outcome.RETURNED
        clock.advance(60)
        lent_at = clock.now()
        lent = kiosk.check_out(P1, "10000002")
        assert lent.outcome is Outcome.CHECKED_OUT
        assert kiosk.check_out(P1, "10000005").outcome is Outcome.CHECKED_OUT
        # 3M's offline mistakes, refused here:
        reserved = kiosk.check_out(P1, "10000003")
        assert reserved.outcome is Outcome.RESERVED_FOR_OTHER
        assert kiosk.check_out(P1, "S0000002").outcome is Outcome.NOT_A_BOOK
        assert kiosk.identify("10000003").outcome is Outcome.NOT_A_CARD
        assert kiosk.pending() == 3

        cluster.resume()
        # Another kiosk, online again first, lends the periodical to P2.
        other = build_service(
            dataclasses.replace(
                settings,
                library=dataclasses.replace(settings.library, kiosk_id="kiosk-2"),
            ),
            library.store,
            clock,
        )
        library.database.close()
        assert other.check_out(P2, "10000005").outcome is Outcome.CHECKED_OUT

        clock.advance(RETRY)
        kiosk.poll()
        assert not kiosk.offline
        assert kiosk.pending() == 0
        back = db.Loan.get(db.Loan.item == 1)
        assert back.returned_at == lent_at - dt.timedelta(seconds=60)
        loan = db.Loan.get((db.Loan.item == 2) & db.Loan.returned_at.is_null())
        assert (loan.patron_id, loan.kiosk, loan.out_at, loan.due) == (
            P1,
            "kiosk-1",
            lent_at,
            lent.due,
        )
        assert db.Loan.get(db.Loan.item == 5).patron_id == P2  # the first loan stands
        [op] = replayed_ops(library.database, conflicts_only=True)
        assert (op.entry.barcode, op.conflict) == ("10000005", Conflict.LENT_ELSEWHERE)

        # Replaying the whole journal again changes nothing.
        before = counts()
        kiosk._journal.database.execute_sql("UPDATE journal SET replayed_at = NULL")
        again = kiosk._replay()
        assert (again.applied, again.skipped) == (0, 3)
        assert counts() == before
        assert before[3] == 3

        status, out, _ = admin(settings, clock, "journal", "report")
        assert status == 1
        assert "10000005" in out
        assert "lent at another kiosk meanwhile" in out
        assert "1 conflict(s)" in out
    finally:
        kiosk.close()
        library.close()


@pytest.mark.slow
def test_kiosk_started_during_the_outage_works_offline_then_catches_up(
    cluster: Cluster, settings: Settings, clock, tmp_path: Path
) -> None:
    settings = pg_settings(settings, cluster.new_database(), tmp_path)
    library = open_library(settings, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    library.close()
    first = open_kiosk_library(settings, clock)  # online: takes the snapshot
    assert first.failover is not None
    assert first.kiosk_service.check_out(P1, "10000001").ok
    first.failover.wait_for_snapshot()
    first.close()
    cluster.stop()
    with pytest.raises(StoreError):
        open_library(settings, clock)

    kiosk = open_kiosk_library(settings, clock)  # the kiosk restarts, offline
    try:
        assert kiosk.failover is not None
        assert kiosk.failover.offline
        service = kiosk.kiosk_service
        assert service.check_in("10000001").outcome is Outcome.RETURNED
        assert service.check_out(P2, "10000001").outcome is Outcome.CHECKED_OUT
        cluster.resume()
        clock.advance(RETRY)
        kiosk.failover.poll()  # a kiosk retries on a thread of its own...
        kiosk.failover.wait_for_probe()
        kiosk.failover.poll()  # ...and replays between two scans
        assert not kiosk.failover.offline
        loan = db.Loan.get((db.Loan.item == 1) & db.Loan.returned_at.is_null())
        assert loan.patron_id == P2
        assert db.JournalOp.select().count() == 2
    finally:
        kiosk.close()
