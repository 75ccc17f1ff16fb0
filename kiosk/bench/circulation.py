"""Circulation benchmark: the service on 3,000 patrons, 100,000 copies, 1,000,000 loans.

SQLite: the library is built once (seeded) and cached under ``var/bench/``; each
run works on a fresh copy of it, on the same disk, so results do not drift from
run to run. PostgreSQL (``--database-url``): the library is loaded afresh into
the given database at each run (COPY), which must be empty or hold an earlier
run's benchmark library. Each operation is timed end to end (service call,
including its durable commit) and followed by a bare INSERT+COMMIT on the same
file or server, also timed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import json
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.clock import FixedClock
from kiosk.config import DEFAULT_CONFIG, PROJECT_DIR, Settings, load_config
from kiosk.db.store import MIGRATIONS_DIR, open_database, open_postgres
from kiosk.runtime import Library, open_library

SEED = 20261125
LIBRARY_VERSION = 2
"""Bumped when the library built changes (2: books out on loan, as in term)."""
NOW = dt.datetime(2026, 11, 25, 10, 0)
TEACHERS = 100


@dataclasses.dataclass(frozen=True)
class Size:
    """How big the benchmark library is."""

    patrons: int = 3_000
    items: int = 100_000
    loans: int = 1_000_000
    operations: int = 1_000

    @property
    def titles(self) -> int:
        """Return the number of titles (2.5 copies per title on average)."""
        return self.items * 2 // 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare this benchmark's options."""
    parser.add_argument("--operations", type=int, default=Size.operations)
    parser.add_argument("--loans", type=int, default=Size.loans)
    parser.add_argument("--items", type=int, default=Size.items)
    parser.add_argument("--patrons", type=int, default=Size.patrons)
    parser.add_argument(
        "--dir", type=Path, default=PROJECT_DIR / "var" / "bench", help="cache folder"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="run on PostgreSQL: an empty database (or an earlier run's), "
        "postgresql://user@host:port/name; its tables are replaced",
    )


def run(args: argparse.Namespace) -> int:
    """Build (or reuse) the library, time the operations, print the figures."""
    size = Size(args.patrons, args.items, args.loans, args.operations)
    if getattr(args, "database_url", ""):
        return _run_postgres(args.database_url, size)
    args.dir.mkdir(parents=True, exist_ok=True)
    schema = max(p.stem[:4] for p in MIGRATIONS_DIR.glob("[0-9]*.py"))
    cached = args.dir / (
        f"circulation-v{LIBRARY_VERSION}-s{schema}-{size.patrons}-{size.items}"
        f"-{size.loans}.sqlite3"
    )
    started = time.perf_counter()
    if not cached.exists():
        _say(f"building the benchmark library in {cached} (once) ...")
        build(cached, size, in_term=True)
    build_s = time.perf_counter() - started
    work = args.dir / "run.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    figures = measure(settings_for(work), _BareWriter(work), size)
    figures["setup_s"] = round(build_s, 1)
    figures["database_mb"] = round(cached.stat().st_size / 1e6, 1)
    _finish(figures, size)
    return 0


def _run_postgres(url: str, size: Size) -> int:
    """Load the library into the server afresh, then time the same operations."""
    import psycopg2

    from kiosk.privacy.secrets import shown_url

    try:
        con = psycopg2.connect(url)
    except psycopg2.Error as e:
        _say(f"cannot reach {shown_url(url)}: {str(e).strip()}")
        return 2
    try:
        if not _may_replace(con):
            _say(
                f"{shown_url(url)} holds tables that are not a benchmark library; "
                "give an empty database (createdb kiosk_bench)"
            )
            return 2
        _say(f"loading the benchmark library into {shown_url(url)} ...")
        started = time.perf_counter()
        build_postgres(con, url, size)
        build_s = time.perf_counter() - started
        figures = measure(settings_for(url=url), _PgBareWriter(url), size)
        with con.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            database_bytes = cur.fetchone()[0]
    finally:
        con.close()
    figures["setup_s"] = round(build_s, 1)
    figures["database_mb"] = round(database_bytes / 1e6, 1)
    _finish(figures, size)
    return 0


def _finish(figures: dict[str, float], size: Size) -> None:
    figures["max_rss_mb"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    report(figures, size)


def settings_for(path: Path | None = None, *, url: str = "") -> Settings:
    """The shipped settings, pointed at the benchmark database (file or server)."""
    base = load_config(DEFAULT_CONFIG)
    database = dataclasses.replace(base.database, url=url)
    if path is not None:
        database = dataclasses.replace(database, path=path)
    return dataclasses.replace(
        base,
        database=database,
        library=dataclasses.replace(base.library, kiosk_id="bench"),
    )


def build(path: Path, size: Size, *, in_term: bool = False) -> None:
    """Create the schema with the kiosk's migrations, then bulk-load rows.

    With ``in_term``, a book is out for each pupil (see ``_open_loans``).
    """
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    open_database(tmp).close()
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    rng = random.Random(SEED)
    with con:
        con.executemany(
            "INSERT INTO patron (id, card, name, class_name, grade, type, status,"
            " card_expiry, created_at, gender)"
            " VALUES (?, ?, ?, ?, ?, ?, 'active', NULL, ?, '')",
            _patrons(size),
        )
        con.executemany(
            "INSERT INTO title (id, isbn, title, author, publisher, call_number,"
            " clc, created_at) VALUES (?, ?, ?, '', '', ?, ?, ?)",
            (
                (t, None, f"书目 {t}", clc, clc, NOW)
                for t in range(1, size.titles + 1)
                for clc in [CLC_CLASSES[t % len(CLC_CLASSES)]]
            ),
        )
        con.executemany(
            "INSERT INTO item (id, barcode, title_id, status, location, created_at)"
            " VALUES (?, ?, ?, 'available', '', ?)",
            (
                (i, f"{10_000_000 + i:08d}", rng.randint(1, size.titles), NOW)
                for i in range(1, size.items + 1)
            ),
        )
        con.executemany(
            "INSERT INTO loan (item_id, patron_id, out_at, due, returned_at,"
            " renewals, kiosk) VALUES (?, ?, ?, ?, ?, 0, 'history')",
            _past_loans(rng, size),
        )
        con.executemany(
            "INSERT INTO loan (item_id, patron_id, out_at, due, returned_at,"
            " renewals, kiosk) VALUES (?, ?, ?, ?, ?, 0, 'term')",
            _open_loans(size) if in_term else (),
        )
        con.execute(_MARK_LENT)
    con.execute("ANALYZE")
    con.close()
    tmp.rename(path)


_MARK = "bench_library"
"""The table that says a PostgreSQL database holds a benchmark library."""


def _may_replace(con) -> bool:
    """An empty database, or one this benchmark loaded: never a school's library."""
    with con.cursor() as cur:
        cur.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'public'"
        )
        tables = {name for (name,) in cur.fetchall()}
    con.rollback()
    return not tables or _MARK in tables


def build_postgres(con, url: str, size: Size) -> None:
    """Replace every table with the kiosk's schema, then COPY the rows in."""
    with con.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        cur.execute(f"CREATE TABLE {_MARK} (built_at timestamp)")
    con.commit()
    open_postgres(url).close()
    rng = random.Random(SEED)
    tables = (
        (
            "patron",
            "id, card, name, class_name, grade, type, status, card_expiry,"
            " created_at, gender",
            ((*p[:6], "active", None, p[6], "") for p in _patrons(size)),
        ),
        (
            "title",
            "id, isbn, title, author, publisher, call_number, clc, created_at",
            (
                (t, None, f"书目 {t}", "", "", clc, clc, NOW)
                for t in range(1, size.titles + 1)
                for clc in [CLC_CLASSES[t % len(CLC_CLASSES)]]
            ),
        ),
        (
            "item",
            "id, barcode, title_id, status, location, created_at",
            (
                (
                    i,
                    f"{10_000_000 + i:08d}",
                    rng.randint(1, size.titles),
                    "available",
                    "",
                    NOW,
                )
                for i in range(1, size.items + 1)
            ),
        ),
        (
            "loan",
            "item_id, patron_id, out_at, due, returned_at, renewals, kiosk",
            ((*loan, 0, "history") for loan in _past_loans(rng, size)),
        ),
        (
            "loan",
            "item_id, patron_id, out_at, due, returned_at, renewals, kiosk",
            ((*loan, 0, "term") for loan in _open_loans(size)),
        ),
    )
    with con.cursor() as cur:
        for table, columns, rows in tables:
            _copy(cur, table, columns, rows)
            if table != "loan":
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT MAX(id) FROM {table}))"
                )
        cur.execute(_MARK_LENT)
        cur.execute(f"INSERT INTO {_MARK} VALUES (now())")
    con.commit()
    con.autocommit = True
    with con.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    con.autocommit = False


def _copy(cur, table: str, columns: str, rows, batch: int = 100_000) -> None:
    """COPY rows in batches of text lines (NULL written as backslash-N)."""
    chunk: list[str] = []
    for row in rows:
        chunk.append("\t".join("\\N" if v is None else str(v) for v in row))
        if len(chunk) == batch:
            cur.copy_expert(
                f"COPY {table} ({columns}) FROM STDIN", io.StringIO("\n".join(chunk))
            )
            chunk = []
    if chunk:
        cur.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN", io.StringIO("\n".join(chunk))
        )


CLC_CLASSES = ("I247", "I287", "K82", "G634", "H319", "O1", "Q95", "TP3", "J2", "Z2")
"""中图法 classes spread over the titles, so reports have classes to split by."""


def _patrons(size: Size):
    for p in range(1, size.patrons + 1):
        teacher = p > size.patrons - TEACHERS
        yield (
            p,
            f"{'T' if teacher else 'S'}{p:07d}",
            f"读者{p}",
            "教师" if teacher else f"初{p % 3 + 1}({p % 8 + 1})班",
            None if teacher else 7 + p % 3,
            "teacher" if teacher else "student",
            NOW,
        )


def _past_loans(rng: random.Random, size: Size):
    """A decade of returned loans, oldest first."""
    span = 10 * 365 * 86400
    start = NOW - dt.timedelta(seconds=span)
    offsets = sorted(rng.randrange(span - 40 * 86400) for _ in range(size.loans))
    for offset in offsets:
        out = start + dt.timedelta(seconds=offset)
        back = out + dt.timedelta(days=rng.randint(1, 30))
        yield (
            rng.randint(1, size.items),
            rng.randint(1, size.patrons),
            out,
            (out + dt.timedelta(days=14)).date(),
            back,
        )


_MARK_LENT = (
    "UPDATE item SET status = 'on_loan'"
    " WHERE id IN (SELECT item_id FROM loan WHERE returned_at IS NULL)"
)


def _measured_items(size: Size) -> list[int]:
    """The copies the timed operations lend, return and renew."""
    count = min(2 * size.operations, size.items)
    return random.Random(SEED + 1).sample(range(1, size.items + 1), count)


def _open_loans(size: Size):
    """A book out for each pupil, lent in the last ten days (none overdue).

    A library in term has books out: without them the database's statistics
    see no open loans, and PostgreSQL plans the scan's queries for a library
    that never lends.
    """
    rng = random.Random(SEED + 2)
    measured = set(_measured_items(size))
    free = (i for i in range(1, size.items + 1) if i not in measured)
    for patron, item in zip(range(1, size.patrons - TEACHERS + 1), free, strict=False):
        out = NOW - dt.timedelta(days=rng.randint(1, 10), minutes=rng.randint(0, 600))
        yield item, patron, out, (out + dt.timedelta(days=14)).date(), None


def measure(settings: Settings, bare: _BareWriter, size: Size) -> dict[str, float]:
    """Time check-out, check-in and renew through the service, and bare writes.

    A bare write follows each operation, on the same file or server, so both
    see the disk as it is at that moment: this machine's fsync time wanders by
    half from one minute to the next.
    """
    clock = FixedClock(NOW)
    library = open_library(settings, clock)
    items = _measured_items(size)
    barcodes = [f"{10_000_000 + i:08d}" for i in items]
    students = size.patrons - TEACHERS
    patrons = [1 + (n % students) for n in range(2 * size.operations)]
    try:
        pairs = list(zip(patrons, barcodes, strict=True))
        first, second = pairs[: size.operations], pairs[size.operations :]
        checkout = _time(library, "CHECKED_OUT", first, library.service.check_out, bare)
        checkin = _time(
            library,
            "RETURNED",
            first,
            lambda p, b: library.service.check_in(b, p),
            bare,
        )
        for p, b in second:
            library.service.check_out(p, b)
        clock.advance(days=7)
        renew = _time(library, "RENEWED", second, library.service.renew, bare)
    finally:
        library.close()
        bare.close()
    return {
        "checkout_p50_ms": _pct(checkout, 50),
        "checkout_p99_ms": _pct(checkout, 99),
        "checkin_p50_ms": _pct(checkin, 50),
        "checkin_p99_ms": _pct(checkin, 99),
        "renew_p50_ms": _pct(renew, 50),
        "renew_p99_ms": _pct(renew, 99),
        "bare_write_p50_ms": _pct(bare.timings, 50),
        "bare_write_p99_ms": _pct(bare.timings, 99),
    }


def _time(
    library: Library,
    expected: str,
    pairs: list[tuple[int, str]],
    call: Callable[[int, str], object],
    bare: _BareWriter,
) -> list[float]:
    timings = []
    for patron_id, barcode in pairs:
        t0 = time.perf_counter()
        result = call(patron_id, barcode)
        timings.append((time.perf_counter() - t0) * 1000)
        outcome = result.outcome.value  # type: ignore[attr-defined]
        if outcome != expected:
            raise RuntimeError(f"benchmark step {barcode}: {outcome} not {expected}")
        bare.write()
    return timings


class _BareWriter:
    """A bare sqlite3 INSERT+COMMIT under the kiosk's pragmas, timed."""

    def __init__(self, path: Path) -> None:
        self._con = sqlite3.connect(path, isolation_level=None)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=FULL")
        self._con.execute("PRAGMA foreign_keys=ON")
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, a, b, c)"
        )
        self.timings: list[float] = []

    def write(self) -> None:
        t0 = time.perf_counter()
        self._con.execute("BEGIN IMMEDIATE")
        self._con.execute(
            "INSERT INTO bare (a, b, c) VALUES (?, ?, ?)", (len(self.timings), "x", NOW)
        )
        self._con.execute("COMMIT")
        self.timings.append((time.perf_counter() - t0) * 1000)

    def close(self) -> None:
        self._con.close()


class _PgBareWriter(_BareWriter):
    """The same bare INSERT+COMMIT on the PostgreSQL server (its own connection)."""

    def __init__(self, url: str) -> None:
        import psycopg2

        self._con = psycopg2.connect(url)
        with self._con.cursor() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS bare (id SERIAL PRIMARY KEY, a integer,"
                " b text, c timestamp)"
            )
        self._con.commit()
        self.timings = []

    def write(self) -> None:
        t0 = time.perf_counter()
        with self._con.cursor() as cur:
            cur.execute(
                "INSERT INTO bare (a, b, c) VALUES (%s, %s, %s)",
                (len(self.timings), "x", NOW),
            )
        self._con.commit()
        self.timings.append((time.perf_counter() - t0) * 1000)


def _pct(values: list[float], pct: int) -> float:
    if pct == 50:
        return round(statistics.median(values), 3)
    return round(statistics.quantiles(values, n=100, method="inclusive")[pct - 1], 3)


def report(figures: dict[str, float], size: Size) -> None:
    """Print a readable table, then one line of JSON."""
    bare = figures["bare_write_p50_ms"]
    lines = [
        f"library: {size.patrons:,} patrons, {size.items:,} copies, "
        f"{size.loans:,} past loans ({figures['database_mb']} MB); "
        f"{size.operations:,} operations each",
        f"{'operation':<12}{'p50 ms':>10}{'p99 ms':>10}{'p50 / bare':>12}",
    ]
    for op in ("checkout", "checkin", "renew", "bare_write"):
        p50, p99 = figures[f"{op}_p50_ms"], figures[f"{op}_p99_ms"]
        lines.append(f"{op:<12}{p50:>10.3f}{p99:>10.3f}{p50 / bare:>12.2f}")
    lines.append(
        f"setup {figures['setup_s']} s, max RSS {figures['max_rss_mb']} MB; "
        "target: each p50 <= 2x bare write"
    )
    sys.stdout.write("\n".join(lines) + "\n" + json.dumps(figures) + "\n")


def _say(text: str) -> None:
    sys.stderr.write(text + "\n")
