"""Store-and-forward benchmark: snapshot, offline scans and replay on a big library.

Uses the circulation benchmark's library (3,000 patrons, 100,000 copies, a
decade of loans; built once under ``var/bench/``). Times the snapshot refresh
(which runs on the kiosk's own thread every ``offline.snapshot_minutes``),
check-outs and returns while the library's folder is really gone, and the
replay of that journal when it is back.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import time
from pathlib import Path

from kiosk.bench import circulation as circ
from kiosk.clock import FixedClock
from kiosk.db.store import MIGRATIONS_DIR
from kiosk.runtime import open_failover, open_library


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("--operations", type=int, default=1_000)
    parser.add_argument(
        "--dir", type=Path, default=circ.PROJECT_DIR / "var" / "bench", help="cache"
    )


def run(args: argparse.Namespace) -> int:
    """Build (or reuse) the library, then time snapshot, offline work and replay."""
    size = circ.Size()
    args.dir.mkdir(parents=True, exist_ok=True)
    schema = max(p.stem[:4] for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    shape = f"{size.patrons}-{size.items}-{size.loans}.sqlite3"
    cached = args.dir / f"circulation-s{schema}-{shape}"
    # An older build serves as well: opening the copy migrates it.
    older = sorted(args.dir.glob(f"circulation-s[0-9][0-9][0-9][0-9]-{shape}"))
    if not cached.exists() and older:
        cached = older[-1]
    if not cached.exists():
        sys.stderr.write(f"building the benchmark library in {cached} (once) ...\n")
        circ.build(cached, size)
    share = args.dir / "offline-share"
    shutil.rmtree(share, ignore_errors=True)
    shutil.rmtree(args.dir / "offline-share-gone", ignore_errors=True)
    share.mkdir()
    shutil.copyfile(cached, share / "library.sqlite3")
    try:
        figures = measure(share, args.dir / "offline-local", args.operations)
    finally:
        shutil.rmtree(share, ignore_errors=True)  # a 160 MB copy
    sys.stdout.write(_table(figures) + json.dumps(figures) + "\n")
    return 0


def measure(share: Path, local: Path, operations: int) -> dict[str, float]:
    """Lend online, snapshot, go offline, lend and take back, come back, replay."""
    shutil.rmtree(local, ignore_errors=True)
    clock = FixedClock(circ.NOW)
    base = circ.settings_for(share / "library.sqlite3")
    settings = dataclasses.replace(
        base,
        offline=dataclasses.replace(base.offline, journal=local / "journal.sqlite3"),
    )
    library = open_library(settings, clock)
    students = circ.Size().patrons - circ.TEACHERS
    barcodes = [f"{10_000_000 + i:08d}" for i in range(1, 2 * operations + 1)]
    patrons = [1 + n % students for n in range(2 * operations)]
    for p, b in zip(patrons[:operations], barcodes[:operations], strict=True):
        library.service.check_out(p, b)  # open loans to return offline
    t0 = time.perf_counter()
    kiosk = open_failover(settings, library, clock)  # takes the first snapshot
    snapshot_s = time.perf_counter() - t0
    assert kiosk is not None
    gone = share.with_name(share.name + "-gone")
    library.database.close()
    share.rename(gone)
    back = _timed(lambda b: kiosk.check_in(b), barcodes[:operations], "RETURNED")
    out = _timed_pairs(
        kiosk.check_out,
        list(zip(patrons[operations:], barcodes[operations:], strict=True)),
    )
    if not kiosk.offline:
        raise RuntimeError("the kiosk did not notice the library was gone")
    gone.rename(share)
    clock.advance(settings.offline.retry_seconds)
    t0 = time.perf_counter()
    kiosk.poll()  # reconnect, replay, new snapshot
    replay_s = time.perf_counter() - t0
    report = kiosk.last_report
    kiosk.close()
    library.close()
    if kiosk.offline or report is None or report.applied != 2 * operations:
        raise RuntimeError("the journal did not replay in full")
    return {
        "operations": operations,
        "snapshot_s": round(snapshot_s, 2),
        "offline_checkin_p50_ms": circ._pct(back, 50),
        "offline_checkin_p99_ms": circ._pct(back, 99),
        "offline_checkout_p50_ms": circ._pct(out, 50),
        "offline_checkout_p99_ms": circ._pct(out, 99),
        "replay_and_snapshot_s": round(replay_s, 2),
        "journal_kb": round((local / "journal.sqlite3").stat().st_size / 1024),
    }


def _timed(call, scans: list[str], expected: str) -> list[float]:
    timings = []
    for scan in scans:
        t0 = time.perf_counter()
        result = call(scan)
        timings.append((time.perf_counter() - t0) * 1000)
        if result.outcome.value != expected:
            raise RuntimeError(f"{scan}: {result.outcome.value} not {expected}")
    return timings


def _timed_pairs(call, pairs: list[tuple[int, str]]) -> list[float]:
    timings = []
    for patron_id, scan in pairs:
        t0 = time.perf_counter()
        result = call(patron_id, scan)
        timings.append((time.perf_counter() - t0) * 1000)
        if result.outcome.value != "CHECKED_OUT":
            raise RuntimeError(f"{scan}: {result.outcome.value} not CHECKED_OUT")
    return timings


def _table(f: dict[str, float]) -> str:
    return (
        f"{f['operations']:,} offline returns and {f['operations']:,} offline "
        "check-outs on 3,000 patrons / 100,000 copies\n"
        f"snapshot refresh        {f['snapshot_s']:>8.2f} s\n"
        f"offline return     p50 {f['offline_checkin_p50_ms']:>8.3f} ms"
        f"  p99 {f['offline_checkin_p99_ms']:.3f} ms\n"
        f"offline check-out  p50 {f['offline_checkout_p50_ms']:>8.3f} ms"
        f"  p99 {f['offline_checkout_p99_ms']:.3f} ms\n"
        f"replay + snapshot       {f['replay_and_snapshot_s']:>8.2f} s;"
        f" journal {f['journal_kb']} kB\n"
    )
