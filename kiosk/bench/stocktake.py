"""Time a stocktake of a 100,000-copy library: file scan, kiosk scans, finish, lost.

``python -m kiosk.bench.stocktake [--items N] [--missing N]``: builds a library
of N available copies in a temporary folder, scans all but ``--missing`` of them
from one hand-scanner file, then times one scan as the kiosk's stocktake mode
makes it, ``finish`` and ``mark-lost``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from kiosk.circulation.codes import Classifier
from kiosk.config import CirculationSettings
from kiosk.db import stocktake as takes
from kiosk.db import stocktake_report as reports
from kiosk.db.store import open_database

NOW = dt.datetime(2026, 11, 25, 10, 0)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the stocktake benchmark."""
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--missing", type=int, default=3_000)
    parser.add_argument("--json", action="store_true")


def build(path: Path, items: int) -> None:
    """A library of ``items`` available copies in ten locations."""
    open_database(path).close()
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO title (id, title, author, publisher, call_number, clc,"
            " created_at) VALUES (?, ?, '', '', 'I247', 'I247', ?)",
            ((t, f"书目 {t}", str(NOW)) for t in range(1, items // 2 + 2)),
        )
        con.executemany(
            "INSERT INTO item (id, barcode, title_id, status, location, created_at)"
            " VALUES (?, ?, ?, 'available', ?, ?)",
            (
                (i, f"{10_000_000 + i:08d}", i // 2 + 1, f"{i % 10}区", str(NOW))
                for i in range(1, items + 1)
            ),
        )
    con.close()


def measure(folder: Path, items: int, missing: int) -> dict[str, float]:
    """Seconds (and a millisecond figure) for each step of the stocktake."""
    path = folder / "stocktake.sqlite3"
    build(path, items)
    database = open_database(path)
    circ = CirculationSettings()
    classifier = Classifier(circ.patron_pattern, circ.item_pattern)
    codes = [f"{10_000_000 + i:08d}" for i in range(1, items + 1)]
    random.Random(1).shuffle(codes)
    scanned, last = codes[: items - missing - 1], codes[items - missing - 1]
    file = folder / "scans.txt"
    file.write_text("\n".join(scanned) + "\n", encoding="utf-8")
    figures: dict[str, float] = {"lines": len(scanned)}
    try:
        takes.start(database, now=NOW, kiosk="bench")
        take = takes.current(database)
        assert take is not None
        started = time.perf_counter()
        from kiosk.admin.stocktake import read_barcodes

        takes.record_scans(
            database,
            take.id,
            read_barcodes(file),
            "",
            NOW,
            classifier=classifier,
            kiosk="bench",
        )
        figures["scan_file_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        takes.record_scan(
            database, take.id, last, "", NOW, classifier=classifier, kiosk="bench"
        )
        figures["kiosk_scan_ms"] = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()
        done = reports.finish(database, now=NOW, kiosk="bench")
        figures["finish_s"] = round(time.perf_counter() - started, 2)
        assert done.report is not None
        figures["missing"] = len(done.report.missing)
        started = time.perf_counter()
        reports.mark_missing_lost(database, now=NOW, kiosk="bench")
        figures["mark_lost_s"] = round(time.perf_counter() - started, 2)
    finally:
        database.close()
    return figures


def run(args: argparse.Namespace) -> int:
    """Measure in a temporary folder and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        figures = measure(Path(folder), args.items, args.missing)
    if args.json:
        sys.stdout.write(json.dumps(figures) + "\n")
    else:
        for key, value in figures.items():
            sys.stdout.write(f"{key:>14}: {value}\n")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m kiosk.bench.stocktake")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
