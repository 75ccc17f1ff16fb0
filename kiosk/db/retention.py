"""Retention in the library: old loans lose their borrower, leavers their name.

Two rules, both keeping every count the reports make:

- **Old loans.** Closed loans of school years that began before ``cutoff`` are
  moved, with their events, closed holds and settled compensation, to an
  anonymous reader: a patron row with a random ``ANON-`` card, no name, the
  pupil's class, grade and type, status ``left``. There is one such reader per
  pupil and school year, so a past year's report still counts its readers,
  its loans by type, class and CLC, and its months exactly.
- **Leavers.** A pupil who left before ``left_before`` (the rollover's
  ``left_at``, or their last loan when it is not known) with nothing on loan
  and nothing owed keeps their row, so every count stays, but loses card,
  name, gender and initials for good. ``erase`` does the same at once for one
  pupil on request.

Every step is a short transaction of its own (``BATCH`` pupil-years or
pupils), so a kiosk lending meanwhile never waits long for the write lock.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import peewee

from kiosk.db import models as db
from kiosk.errors import StoreError

BATCH = 25
"""Pupil-years (old loans) or pupils (leavers) changed in one transaction."""
ANON = "ANON-"
"""The card prefix of an anonymous reader."""


@dataclass(frozen=True)
class Leaver:
    """A pupil whose identity the run removes."""

    id: int
    card: str
    name: str
    class_name: str
    left: dt.datetime | None


@dataclass(frozen=True)
class PupilYear:
    """One pupil's closed loans of one school year, to move to an anonymous reader."""

    patron_id: int
    year: int  # the school year's first calendar year (2023: 2023-24)
    loans: int


@dataclass
class Plan:
    """What a run would change (a dry run prints it)."""

    cutoff: dt.datetime
    left_before: dt.datetime
    pupil_years: list[PupilYear] = field(default_factory=list)
    leavers: list[Leaver] = field(default_factory=list)

    @property
    def old_loans(self) -> int:
        """Closed loans that would lose their borrower."""
        return sum(p.loans for p in self.pupil_years)


@dataclass
class Done:
    """What a run changed, and how long its longest transaction held the lock."""

    loans: int = 0
    readers: int = 0
    leavers: int = 0
    transactions: int = 0
    longest_ms: float = 0.0


def school_year_start(year: int, month: int) -> dt.datetime:
    """The first moment of a school year (``month``: the month it starts)."""
    return dt.datetime(year, month, 1)


def _rows(database: peewee.Database, sql: str, *params: object) -> list[tuple]:
    return database.execute_sql(sql.replace("?", database.param), params).fetchall()


def plan(
    database: peewee.Database,
    *,
    cutoff: dt.datetime,
    left_before: dt.datetime,
    year_starts: int,
) -> Plan:
    """What a run would do: pupil-years before ``cutoff``, leavers before the date."""
    found = Plan(cutoff, left_before)
    loans = _year_of("l.out_at", year_starts)
    rows = _rows(
        database,
        f'SELECT l.patron_id, {loans} AS y, COUNT(*) FROM "loan" l'
        ' JOIN "patron" p ON p.id = l.patron_id'
        " WHERE l.returned_at IS NOT NULL AND l.out_at < ? AND p.card NOT LIKE ?"
        " GROUP BY l.patron_id, y ORDER BY y, l.patron_id",
        cutoff,
        ANON + "%",
    )
    found.pupil_years = [PupilYear(p, int(y), int(n)) for p, y, n in rows]
    leavers = _rows(
        database,
        "SELECT p.id, p.card, p.name, p.class_name, p.left_at, MAX(l.out_at)"
        ' FROM "patron" p LEFT JOIN "loan" l ON l.patron_id = p.id'
        " WHERE p.status = 'left' AND p.card NOT LIKE ?"
        ' AND NOT EXISTS (SELECT 1 FROM "loan" o WHERE o.patron_id = p.id'
        " AND o.returned_at IS NULL)"
        ' AND NOT EXISTS (SELECT 1 FROM "loss" s WHERE s.patron_id = p.id'
        " AND s.asked > s.paid)"
        " GROUP BY p.id, p.card, p.name, p.class_name, p.left_at, p.created_at"
        " HAVING COALESCE(p.left_at, MAX(l.out_at), p.created_at) < ?"
        " ORDER BY p.class_name, p.card",
        ANON + "%",
        left_before,
    )
    to_time = db.Patron.left_at.python_value
    found.leavers = [
        Leaver(i, card, name, cls, to_time(left))
        for i, card, name, cls, left, _ in leavers
    ]
    return found


def _year_of(column: str, year_starts: int) -> str:
    """SQL for a moment's school year: its calendar year, less one before the start."""
    text = f"CAST({column} AS TEXT)"
    return (
        f"(CAST(SUBSTR({text}, 1, 4) AS INTEGER) - CASE WHEN SUBSTR({text}, 6, 2)"
        f" < '{year_starts:02d}' THEN 1 ELSE 0 END)"
    )


def run(
    database: peewee.Database,
    planned: Plan,
    *,
    year_starts: int,
    progress: Callable[[int], None] = lambda _: None,
) -> Done:
    """Carry a plan out in short transactions (StoreError: what was done stays).

    First the anonymous readers are made; then loans, events, holds and
    compensation move to them ``ROWS`` rows at a time in the order they were
    written, so each page of the table is rewritten about once.
    """
    done = Done()
    with _cache(database):
        _run(database, planned, year_starts, progress, done)
    return done


@contextmanager
def _cache(database: peewee.Database) -> Iterator[None]:
    """A bigger page cache for this connection while the run rewrites old pages."""
    if not isinstance(database, peewee.SqliteDatabase):
        yield
        return
    [(before,)] = database.execute_sql("PRAGMA cache_size").fetchall()
    database.execute_sql(f"PRAGMA cache_size = {-CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")


CACHE_KIB = 65536
"""The run's SQLite page cache (64 MiB): the tables' old pages stay in memory."""


def _run(
    database: peewee.Database,
    planned: Plan,
    year_starts: int,
    progress: Callable[[int], None],
    done: Done,
) -> None:
    readers = _make_readers(database, planned.pupil_years, done)
    done.readers = len(readers)
    progress(done.readers)
    if readers:
        database.execute_sql(
            "CREATE TEMP TABLE IF NOT EXISTS retention_map (patron_id INTEGER,"
            " year INTEGER, reader INTEGER, card TEXT, PRIMARY KEY (patron_id, year))"
        )
        try:
            _fill_map(database, readers)
            done.loans = _move_rows(database, planned.cutoff, year_starts, done)
        finally:
            database.execute_sql("DROP TABLE retention_map")
    _old_events(database, planned.cutoff, done)
    for chunk in _chunks(planned.leavers):
        with _step(database, done):
            for leaver in chunk:
                _forget(database, leaver.id)
                done.leavers += 1
        progress(done.readers + done.leavers)
    _blank_scans(database, [leaver.card for leaver in planned.leavers], done)


def _old_events(database: peewee.Database, cutoff: dt.datetime, done: Done) -> None:
    """Events before the cutoff name nobody: no patron, no scanned card."""
    update = _sql(
        database,
        "UPDATE \"event\" SET patron_id = NULL, scan = CASE WHEN scan <> '' AND"
        ' scan = (SELECT p.card FROM "patron" p WHERE p.id = "event".patron_id)'
        " THEN '' ELSE scan END WHERE id >= ? AND id < ? AND at < ?"
        " AND patron_id IS NOT NULL",
    )
    for first, last in _id_ranges(database, "at < ?", cutoff):
        with _step(database, done):
            database.execute_sql(update, (first, last, cutoff))


def _blank_scans(database: peewee.Database, cards: list[str], done: Done) -> None:
    """Forgotten cards leave the event log's scanned text and the replayed journal."""
    for chunk in _chunks(cards, 200):
        marks = ", ".join("?" * len(chunk))
        update = _sql(
            database,
            "UPDATE \"event\" SET scan = '' WHERE id >= ? AND id < ?"
            f" AND scan IN ({marks})",
        )
        for first, last in _id_ranges(database, "1 = 1", step=ROWS * 5):
            with _step(database, done):
                database.execute_sql(update, (first, last, *chunk))
        with _step(database, done):
            database.execute_sql(
                _sql(
                    database,
                    f"UPDATE \"journalop\" SET card = '' WHERE card IN ({marks})",
                ),
                chunk,
            )


def _id_ranges(
    database: peewee.Database, where: str, *params: object, step: int = 0
) -> Iterator[tuple[int, int]]:
    """[first, last) id ranges of ``step`` rows over the events ``where`` matches."""
    [(low, high)] = _rows(
        database, f'SELECT MIN(id), MAX(id) FROM "event" WHERE {where}', *params
    )
    if low is None:
        return
    size = step or ROWS
    for first in range(low, high + 1, size):
        yield first, first + size


ROWS = 2000
"""Loans or events moved to anonymous readers in one transaction."""


def _make_readers(
    database: peewee.Database, pupil_years: list[PupilYear], done: Done
) -> dict[tuple[int, int], tuple[int, str]]:
    """An anonymous reader per pupil-year: {(patron, year): (reader, old card)}."""
    made: dict[tuple[int, int], tuple[int, str]] = {}
    for chunk in _chunks(pupil_years, 100):
        ids = sorted({p.patron_id for p in chunk})
        marks = ", ".join("?" * len(ids))
        with _step(database, done):
            who = {
                pid: (card, cls, grade, kind)
                for pid, card, cls, grade, kind in _rows(
                    database,
                    'SELECT id, card, class_name, grade, type FROM "patron"'
                    f" WHERE id IN ({marks})",
                    *ids,
                )
            }
            for pupil_year in chunk:
                card, cls, grade, kind = who[pupil_year.patron_id]
                reader = _new_reader(database, cls, grade, kind)
                made[pupil_year.patron_id, pupil_year.year] = (reader, card)
    return made


def _fill_map(
    database: peewee.Database, readers: dict[tuple[int, int], tuple[int, str]]
) -> None:
    rows = [(p, y, r, c) for (p, y), (r, c) in readers.items()]
    insert = _sql(database, "INSERT INTO retention_map VALUES (?, ?, ?, ?)")
    for start in range(0, len(rows), ROWS):
        database.cursor().executemany(insert, rows[start : start + ROWS])


def _move_rows(
    database: peewee.Database, cutoff: dt.datetime, year_starts: int, done: Done
) -> int:
    """Loans, closed holds and settled compensation to their anonymous readers."""
    moved = 0
    for table, moment, only in (
        ("loan", "out_at", "returned_at IS NOT NULL"),
        ("hold", "placed_at", "status IN ('fulfilled', 'cancelled')"),
    ):
        year = _year_of(f't."{moment}"', year_starts)
        match = (
            f"FROM retention_map m WHERE m.patron_id = t.patron_id AND m.year = {year}"
        )
        update = _sql(
            database,
            f'UPDATE "{table}" AS t SET patron_id = (SELECT m.reader {match})'
            " WHERE t.id >= ? AND t.id < ?"
            f' AND t."{moment}" < ? AND {only} AND EXISTS (SELECT 1 {match})',
        )
        [(low, high)] = _rows(
            database,
            f'SELECT MIN(id), MAX(id) FROM "{table}" WHERE "{moment}" < ?',
            cutoff,
        )
        if low is None:
            continue
        for first in range(low, high + 1, ROWS):
            with _step(database, done):
                count = database.execute_sql(
                    update, (first, first + ROWS, cutoff)
                ).rowcount
            if table == "loan":
                moved += count
    # Settled compensation follows its loan to the anonymous reader (few rows).
    follow = _rows(
        database,
        'SELECT s.id, l.patron_id FROM "loss" s JOIN "loan" l ON l.id = s.loan_id'
        ' JOIN "patron" p ON p.id = l.patron_id WHERE s.paid >= s.asked'
        " AND s.patron_id <> l.patron_id AND p.card LIKE ?",
        ANON + "%",
    )
    for chunk in _chunks(follow, ROWS):
        with _step(database, done):
            database.cursor().executemany(
                _sql(database, 'UPDATE "loss" SET patron_id = ? WHERE id = ?'),
                [(reader, loss) for loss, reader in chunk],
            )
    return moved


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@contextmanager
def _step(database: peewee.Database, done: Done) -> Iterator[None]:
    """One transaction, its time counted in ``done`` (it holds the write lock)."""
    started = time.perf_counter()
    try:
        with database.atomic():
            yield
    except peewee.PeeweeException as e:
        raise StoreError(f"the retention run stopped: {e}") from e
    done.transactions += 1
    done.longest_ms = max(done.longest_ms, (time.perf_counter() - started) * 1000)


def _new_reader(
    database: peewee.Database, class_name: str, grade: int | None, kind: str
) -> int:
    card = ANON + secrets.token_hex(6)
    with database.bind_ctx(db.MODELS):
        return db.Patron.insert(
            card=card,
            name="",
            class_name=class_name,
            grade=grade,
            type=kind,
            status="left",
            created_at=dt.datetime(2000, 1, 1),
            gender="",
            initials="",
        ).execute()


def _forget(database: peewee.Database, patron_id: int) -> None:
    """Card, name, gender and initials gone; loans and counts stay on the row.

    The card's traces in the event log and the journal go next
    (``_blank_scans``), in steps of their own.
    """
    database.execute_sql(
        _sql(
            database,
            "UPDATE \"patron\" SET card = ?, name = '', gender = '', initials = '',"
            " blocked_reason = '', card_expiry = NULL, status = 'left',"
            " left_at = COALESCE(left_at, created_at) WHERE id = ?",
        ),
        (f"{ANON}{secrets.token_hex(6)}", patron_id),
    )
    database.execute_sql(
        _sql(
            database,
            "UPDATE \"hold\" SET status = 'cancelled' WHERE patron_id = ?"
            " AND status IN ('waiting', 'ready')",
        ),
        (patron_id,),
    )


def _sql(database: peewee.Database, sql: str) -> str:
    return sql.replace("?", database.param)


@dataclass(frozen=True)
class Refusal:
    """Why a pupil cannot be erased now."""

    on_loan: int
    owed: object


def erase(
    database: peewee.Database, card: str
) -> tuple[db.Patron | None, Refusal | None]:
    """Forget one pupil now, unless they have books out or owe money."""
    with database.bind_ctx(db.MODELS):
        patron = db.Patron.get_or_none(db.Patron.card == card)
        if patron is None:
            return None, None
        on_loan = (
            db.Loan.select()
            .where((db.Loan.patron == patron.id) & db.Loan.returned_at.is_null())
            .count()
        )
        owed = sum(
            (
                loss.asked - loss.paid
                for loss in db.Loss.select().where(
                    (db.Loss.patron == patron.id) & (db.Loss.asked > db.Loss.paid)
                )
            ),
            start=0,
        )
        if on_loan or owed:
            return patron, Refusal(on_loan, owed)
        try:
            with database.atomic():
                _forget(database, patron.id)
        except peewee.PeeweeException as e:
            raise StoreError(f"nothing was erased: {e}") from e
        _blank_scans(database, [patron.card], Done())
        return patron, None


PATRON_FIELDS = (
    "card",
    "name",
    "class_name",
    "grade",
    "type",
    "status",
    "gender",
    "card_expiry",
    "created_at",
    "left_at",
    "blocked_reason",
)
"""The patron's own fields a pupil's data export lists."""


@dataclass
class PupilData:
    """Everything the library holds about one patron, as tables of values."""

    patron: dict[str, object]
    loans: list[tuple] = field(default_factory=list)
    holds: list[tuple] = field(default_factory=list)
    losses: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)


def pupil_data(database: peewee.Database, card: str) -> PupilData | None:
    """One patron's row, loans, holds, compensation and events (None: no such card)."""
    with database.bind_ctx(db.MODELS):
        patron = db.Patron.get_or_none(db.Patron.card == card)
        if patron is None:
            return None
        found = PupilData({f: getattr(patron, f) for f in PATRON_FIELDS})
    found.loans = _rows(
        database,
        "SELECT i.barcode, t.title, l.out_at, l.due, l.returned_at, l.closed_as,"
        ' l.renewals, l.kiosk FROM "loan" l JOIN "item" i ON i.id = l.item_id'
        ' JOIN "title" t ON t.id = i.title_id WHERE l.patron_id = ?'
        " ORDER BY l.out_at, l.id",
        patron.id,
    )
    found.holds = _rows(
        database,
        'SELECT t.title, h.placed_at, h.status FROM "hold" h'
        ' JOIN "title" t ON t.id = h.title_id WHERE h.patron_id = ?'
        " ORDER BY h.placed_at, h.id",
        patron.id,
    )
    found.losses = _rows(
        database,
        "SELECT i.barcode, t.title, s.kind, s.at, s.asked, s.paid, s.note"
        ' FROM "loss" s JOIN "item" i ON i.id = s.item_id'
        ' JOIN "title" t ON t.id = i.title_id WHERE s.patron_id = ?'
        " ORDER BY s.at, s.id",
        patron.id,
    )
    found.events = _rows(
        database,
        'SELECT at, kiosk, action, outcome, scan, staff, note FROM "event"'
        " WHERE patron_id = ? ORDER BY at, id",
        patron.id,
    )
    return found
