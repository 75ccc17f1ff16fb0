"""Privacy benchmark: the daily retention run on a decade of loans.

A copy of the benchmark library (3,000 patrons, 100,000 copies, 1,000,000
loans over ten years, a check-out and a return event for each; a tenth of the
pupils marked as having left in July 2024) gets the shipped ``[privacy]``
settings applied once, as a kiosk does every day. Figures: the whole run's
time and its longest transaction (each holds the write lock while a kiosk may
wait), then a second run's time. Targets: the run within 60 s, no transaction
over 200 ms.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from kiosk.bench import circulation
from kiosk.bench.report import library
from kiosk.config import PROJECT_DIR
from kiosk.db.store import open_database

TARGETS = {"run_s": 60.0, "longest_transaction_ms": 200.0}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the privacy benchmark."""
    parser.add_argument("--json", action="store_true", help="only the JSON line")
    parser.add_argument(
        "--dir", type=Path, default=PROJECT_DIR / "var" / "bench", help="cache folder"
    )


def run(args: argparse.Namespace) -> int:
    """Apply the retention to a fresh copy, twice; print the figures."""
    from kiosk.privacy import retention

    base = library(args.dir, circulation.Size())
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        work = Path(folder) / "privacy-run.sqlite3"
        shutil.copyfile(base, work)
        settings = circulation.settings_for(work)
        settings = dataclasses.replace(
            settings,
            receipts=dataclasses.replace(
                settings.receipts, archive=Path(folder) / "archive"
            ),
            logging=dataclasses.replace(settings.logging, file=None),
        )
        database = open_database(work)
        try:
            leavers = _leavers(database)
            _events(database)
            now = circulation.NOW
            started = time.perf_counter()
            first = retention.apply(settings, database, now)
            run_s = time.perf_counter() - started
            started = time.perf_counter()
            second = retention.apply(settings, database, now)
            again_s = time.perf_counter() - started
        finally:
            database.close()
    done, again = first.done, second.done
    assert done is not None
    assert again is not None
    figures = {
        "loans_anonymised": done.loans,
        "anonymous_readers": done.readers,
        "leavers_marked": leavers,
        "leavers_forgotten": done.leavers,
        "transactions": done.transactions,
        "run_s": round(run_s, 2),
        "longest_transaction_ms": round(done.longest_ms, 1),
        "second_run_s": round(again_s, 2),
        "second_run_changes": again.loans + again.leavers,
    }
    if not args.json:
        for key, target in TARGETS.items():
            mark = "ok" if figures[key] <= target else "MISSED"
            sys.stdout.write(f"{key:<26}{figures[key]:>10} <= {target:g} {mark}\n")
    sys.stdout.write(json.dumps(figures) + "\n")
    return 0


def _events(database: object) -> None:
    """The event log a kiosk writes: a check-out and a return for every loan."""
    with database.atomic():  # type: ignore[attr-defined]
        for action, outcome, at in (
            ("check_out", "CHECKED_OUT", "out_at"),
            ("check_in", "RETURNED", "returned_at"),
        ):
            database.execute_sql(  # type: ignore[attr-defined]
                "INSERT INTO event (at, kiosk, action, outcome, patron_id, item_id,"
                f" scan, staff, note) SELECT {at}, kiosk, '{action}', '{outcome}',"
                f" patron_id, item_id, '', '', '' FROM loan WHERE {at} IS NOT NULL"
            )


def _leavers(database: object) -> int:
    """Mark every tenth pupil as having left in July 2024 (nothing out, no debt)."""
    left = dt.datetime(2024, 7, 20)
    cursor = database.execute_sql(  # type: ignore[attr-defined]
        "UPDATE patron SET status = 'left', left_at = ? WHERE type = 'student'"
        " AND id % 10 = 0 AND id NOT IN (SELECT patron_id FROM loan"
        " WHERE returned_at IS NULL)",
        (left,),
    )
    return cursor.rowcount
