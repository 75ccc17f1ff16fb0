"""The SIP2 server works from its own journal while PostgreSQL is down.

A real server (``kiosk.sip2.server.run``) on a real PostgreSQL cluster that is
stopped mid-session and started again: returns and loans go on from the
snapshot under the account's kiosk id, holds and blocks wait, SC Status says
the library is offline, and the journal replays once the database is back.
"""

from __future__ import annotations

import dataclasses
import io
import queue
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.runtime import open_library
from kiosk.sip2.server import Sip2Server, run
from tests.conftest import ISBN_TWO, small_tables
from tests.pg import Cluster
from tests.sip2.helpers import DATE, Client

RETRY = 30
NB_DUE = " " * 18
GATE = "9300CNgate|COgate-pass|CPlobby|"


def wait_for(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.02)


def journal_rows(path: Path, sql: str) -> list[tuple]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as con:
        try:
            return con.execute(sql).fetchall()
        except sqlite3.OperationalError:  # not made yet
            return []


@pytest.mark.slow
def test_sip2_goes_on_from_its_journal_while_postgres_is_down(
    cluster: Cluster, settings, clock, tmp_path: Path
) -> None:
    url = cluster.new_database()
    journal = tmp_path / "local" / "sip2-journal.sqlite3"
    config = tmp_path / "sip2.toml"
    config.write_text(
        f'[database]\nurl = "{url}"\n'
        f'[sip2]\naccounts = ["gate:gate-pass:sip2-gate"]\njournal = "{journal}"\n'
        f"[offline]\nretry_seconds = {RETRY}\n"
        f'[logging]\nfile = "{tmp_path / "k.log"}"\n',
        encoding="utf-8",
    )
    seeded = open_library(
        dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        ),
        clock,
    )
    bulk.insert_tables(seeded.database, small_tables(clock.today()))
    seeded.close()

    servers: queue.Queue[Sip2Server] = queue.Queue()
    thread = threading.Thread(
        target=run,
        args=(["--config", str(config), "--port", "0"],),
        kwargs={"clock": clock, "out": io.StringIO(), "ready": servers.put},
        daemon=True,
    )
    thread.start()
    server = servers.get(timeout=60)
    try:
        client = Client(socket.create_connection(("127.0.0.1", server.port), 10))
        started = str(clock.now())
        wait_for(
            lambda: (
                journal_rows(journal, "SELECT taken_at FROM snapshot") == [(started,)]
            ),
            "the snapshot taken at start",
        )
        assert client.ask(GATE).fixed["ok"] == "1"
        lent = client.ask(f"11NN{DATE}{NB_DUE}AO|AAS0000001|AB10000001|")
        assert lent.fixed["ok"] == "1"
        # The periodic snapshot, taken online, knows that loan.
        clock.advance(11 * 60)
        taken = str(clock.now())
        assert client.ask("9900302.00").fixed["online"] == "Y"
        client.ask(f"23001{DATE}AO|AAS0000001|")  # a call: time for a snapshot
        wait_for(
            lambda: (
                journal_rows(journal, "SELECT taken_at FROM snapshot") == [(taken,)]
            ),
            "the snapshot",
        )

        cluster.stop()
        clock.advance(60)
        back = client.ask(f"09N{DATE}{DATE}AP|AO|AB10000001|")
        assert back.fixed["ok"] == "1"
        assert back.get("AA") == "S0000001"  # the snapshot's loan
        status = client.ask("9900302.00")
        assert (status.fixed["online"], status.fixed["checkout_ok"]) == ("N", "Y")
        lent_offline = client.ask(f"11NN{DATE}{NB_DUE}AO|AAS0000002|AB10000002|")
        assert lent_offline.fixed["ok"] == "1"
        assert lent_offline.get("AH")
        hold = client.ask(f"15+{DATE}AO|AAS0000002|AB{ISBN_TWO}|")
        assert hold.fixed["ok"] == "0"
        assert "连不上" in hold.get("AF")
        block = client.ask(f"01N{DATE}AO|ALlost card|AAS0000001|")
        assert "连不上" in block.get("AF")
        known = client.ask(f"23001{DATE}AO|AAS0000002|")
        assert known.get("BL") == "Y"  # from the snapshot
        info = client.ask(f"63001{DATE}  Y       AO|AAS0000002|")
        assert info.fields.get("AU") == ["10000002"]
        pending = journal_rows(
            journal,
            "SELECT kiosk, action, card, barcode FROM journal"
            " WHERE replayed_at IS NULL ORDER BY seq",
        )
        assert pending == [
            ("sip2-gate", "check_in", "S0000001", "10000001"),
            ("sip2-gate", "check_out", "S0000002", "10000002"),
        ]

        cluster.resume()
        clock.advance(RETRY)
        client.ask(f"23001{DATE}AO|AAS0000001|")  # time to retry: a replay
        wait_for(
            lambda: (
                not journal_rows(
                    journal, "SELECT 1 FROM journal WHERE replayed_at IS NULL"
                )
            ),
            "the replay",
        )
        client.ask(f"23001{DATE}AO|AAS0000001|")  # and back online, between calls
        assert client.ask("9900302.00").fixed["online"] == "Y"
        placed = client.ask(f"15+{DATE}AO|AAS0000002|AB{ISBN_TWO}|")
        assert placed.fixed["ok"] == "1"
    finally:
        server.shutdown()
        thread.join(30)
    assert not thread.is_alive()

    central = open_library(
        dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        ),
        clock,
    )
    try:
        with central.database.bind_ctx(db.MODELS):
            first = db.Loan.get(db.Loan.item == 1)
            assert first.returned_at is not None
            second = db.Loan.get((db.Loan.item == 2) & db.Loan.returned_at.is_null())
            assert (second.patron_id, second.kiosk) == (2, "sip2-gate")
            assert db.Patron.get(db.Patron.card == "S0000001").status == "active"
            assert db.JournalOp.select().count() == 2
    finally:
        central.close()
