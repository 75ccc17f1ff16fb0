"""SIGKILL in the middle of a stream of check-outs loses nothing acknowledged."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.clock import SystemClock
from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.runtime import open_library
from tests.conftest import PROJECT

COPIES = 1000
KILLS = 100


def seed(settings) -> None:
    library = open_library(settings, SystemClock())
    rows = {
        "patron": [
            {
                "id": 1,
                "card": "T0000001",
                "name": "赵老师",
                "type": "teacher",
                "status": "active",
            }
        ],
        "title": [{"id": 1, "isbn": None, "title": "压力测试"}],
        "item": [
            {"id": n, "barcode": f"{20000000 + n}", "title_id": 1}
            for n in range(1, COPIES + 1)
        ],
    }
    bulk.insert_tables(library.database, rows)
    db.LoanRule.update(max_items=COPIES).execute()
    library.close()


def run_until_killed(config: Path, barcodes: list[str], after: int) -> list[str]:
    """Stream check-outs to a child; SIGKILL it after ``after`` acknowledgements."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.db.crash_child", str(config)],
        cwd=PROJECT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin
    assert child.stdout
    child.stdin.write("".join(f"T0000001 {b}\n" for b in barcodes))
    child.stdin.flush()
    acknowledged = []
    for line in child.stdout:
        outcome, barcode = line.split()
        assert outcome == "CHECKED_OUT", line
        acknowledged.append(barcode)
        if len(acknowledged) >= after:
            # The child is already inside its next check-out (stdin is full).
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return acknowledged


@pytest.mark.slow
def test_sigkill_mid_stream_loses_no_acknowledged_loan(settings) -> None:
    random.seed(7)
    seed(settings)
    remaining = [f"{20000000 + n}" for n in range(1, COPIES + 1)]
    acknowledged: list[str] = []
    for _ in range(KILLS):
        got = run_until_killed(settings.source, remaining, random.randint(1, 8))
        acknowledged += got
        library = open_library(settings, SystemClock())
        try:
            db_ = library.database
            assert db_.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
            open_loans = {
                row.item.barcode
                for row in db.Loan.select(db.Loan, db.Item)
                .join(db.Item)
                .where(db.Loan.returned_at.is_null())
            }
            on_loan = {
                i.barcode for i in db.Item.select().where(db.Item.status == "on_loan")
            }
            logged = {
                e.item_id
                for e in db.Event.select().where(db.Event.outcome == "CHECKED_OUT")
            }
            # Every acknowledged check-out is there...
            assert set(acknowledged) <= open_loans
            # ...and nothing is half-written: loan, copy status and event agree.
            assert open_loans == on_loan
            assert len(logged) == len(open_loans)
        finally:
            library.close()
        remaining = [b for b in remaining if b not in open_loans]
    assert len(acknowledged) >= KILLS
