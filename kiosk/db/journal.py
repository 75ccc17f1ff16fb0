"""The offline journal: a local SQLite snapshot of the library plus pending actions.

The local file has the library's own schema (the same migrations), so the
ordinary circulation service and ``PeeweeLoanStore`` work on it unchanged while
the library database is gone; a ``journal`` table keeps every offline action in
order until it has been replayed. The library database remembers replayed
operation ids (``journalop``, migration 0007), so a replay is idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee

from kiosk.circulation.offline import JournalEntry
from kiosk.circulation.replay import Replayed
from kiosk.db import models as db
from kiosk.db.store import PeeweeLoanStore, migrate
from kiosk.errors import StoreError

log = logging.getLogger(__name__)

# Copied whole, parents first; loans and holds only while they are open.
SNAPSHOT = (
    ("patron", ""),
    ("title", ""),
    ("item", ""),
    ("loan", " WHERE returned_at IS NULL"),
    ("hold", " WHERE status IN ('waiting', 'ready')"),
    ("loanrule", ""),
    ("closedperiod", ""),
)
_JOURNAL = """CREATE TABLE IF NOT EXISTS journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id TEXT NOT NULL UNIQUE,
    kiosk TEXT NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    card TEXT NOT NULL,
    scan TEXT NOT NULL,
    barcode TEXT NOT NULL,
    due TEXT,
    shown TEXT NOT NULL,
    replayed_at TEXT,
    result TEXT,
    conflict TEXT
)"""
_SNAPSHOT_INFO = """CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    taken_at TEXT NOT NULL,
    rows INTEGER NOT NULL
)"""
KEEP_REPLAYED = dt.timedelta(days=30)
ENTRY_COLUMNS = "op_id, kiosk, at, action, card, scan, barcode, due, shown"


def open_local(path: Path) -> peewee.SqliteDatabase:
    """Open (creating) the kiosk's local journal file.

    The library's models are not bound to it: the admin tools and the kiosk
    keep talking to the library database through them.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        database = peewee.SqliteDatabase(
            str(path),
            pragmas={"journal_mode": "wal", "synchronous": "full"},
            lock_type="IMMEDIATE",
        )
        database.connect(reuse_if_open=True)
        migrate(database)
        database.execute_sql(_JOURNAL)
        database.execute_sql(_SNAPSHOT_INFO)
    except (peewee.PeeweeException, OSError) as e:
        raise StoreError(f"cannot open the offline journal {path}: {e}") from e
    return database


def has_snapshot(path: Path) -> bool:
    """Whether a journal file with a snapshot to work from is there."""
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(con.execute("SELECT COUNT(*) FROM snapshot").fetchone()[0])
    except sqlite3.Error:
        return False
    finally:
        con.close()


class LocalJournal:
    """The local file: a snapshot to work from and the actions to replay."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.database = open_local(path)
        self.store = PeeweeLoanStore(self.database)

    def close(self) -> None:
        """Close the file."""
        self.database.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One local transaction: an offline action and its journal line together."""
        try:
            with self.database.atomic():
                yield
        except peewee.PeeweeException as e:
            raise StoreError(f"offline journal error: {e}") from e

    def append(self, entry: JournalEntry) -> None:
        """Add one action at the end of the journal."""
        self.database.execute_sql(
            f"INSERT INTO journal ({ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.op_id,
                entry.kiosk,
                str(entry.at),
                entry.action,
                entry.card,
                entry.scan,
                entry.barcode,
                str(entry.due) if entry.due else None,
                entry.shown,
            ),
        )

    def pending(self) -> list[tuple[int, JournalEntry]]:
        """The actions not replayed yet, in the order they happened."""
        rows = self.database.execute_sql(
            f"SELECT seq, {ENTRY_COLUMNS} FROM journal"
            " WHERE replayed_at IS NULL ORDER BY seq"
        ).fetchall()
        return [(row[0], entry_from_row(row[1:])) for row in rows]

    def count_pending(self) -> int:
        """How many actions wait for the library database."""
        return self.database.execute_sql(
            "SELECT COUNT(*) FROM journal WHERE replayed_at IS NULL"
        ).fetchone()[0]

    def mark(self, done: list[tuple[int, Replayed | None]], at: dt.datetime) -> None:
        """Record that entries reached the library (None: they had before)."""
        rows = [
            (
                str(at),
                str(replayed.result) if replayed else "ALREADY_REPLAYED",
                replayed.conflict.value if replayed and replayed.conflict else "",
                seq,
            )
            for seq, replayed in done
        ]
        with self.transaction():
            self.database.cursor().executemany(
                "UPDATE journal SET replayed_at = ?, result = ?, conflict = ?"
                " WHERE seq = ?",
                rows,
            )

    def snapshot_taken(self) -> dt.datetime | None:
        """When the snapshot was last refreshed (None: never)."""
        row = self.database.execute_sql(
            "SELECT taken_at FROM snapshot WHERE id = 1"
        ).fetchone()
        return db.Loan.out_at.python_value(row[0]) if row else None

    def refresh(self, central: peewee.Database, at: dt.datetime) -> int:
        """Copy patrons, copies, open loans, holds and rules from the library.

        Refused while actions are pending: they changed the local copy, and
        only their replay may bring those changes to the library. Returns the
        rows copied.
        """
        if self.count_pending():
            raise StoreError("the offline journal must be replayed first")
        try:
            with central.atomic():
                tables = [
                    (name, *_read(central, self.database, name, where))
                    for name, where in SNAPSHOT
                ]
        except peewee.PeeweeException as e:
            raise StoreError(f"cannot read the library for the snapshot: {e}") from e
        copied = 0
        with self.transaction():
            if self.count_pending():  # an offline action came in meanwhile
                raise StoreError("the offline journal must be replayed first")
            for name, _ in reversed(SNAPSHOT):
                self.database.execute_sql(f'DELETE FROM "{name}"')
            for name, columns, rows in tables:
                marks = ", ".join("?" for _ in columns)
                names = ", ".join(f'"{c}"' for c in columns)
                self.database.cursor().executemany(
                    f'INSERT INTO "{name}" ({names}) VALUES ({marks})', rows
                )
                copied += len(rows)
            self.database.execute_sql(
                "INSERT OR REPLACE INTO snapshot (id, taken_at, rows) VALUES (1, ?, ?)",
                (str(at), copied),
            )
            # The library keeps every replayed entry (journalop); here they
            # only help a librarian looking at the file for a while.
            self.database.execute_sql(
                "DELETE FROM journal WHERE replayed_at IS NOT NULL AND replayed_at < ?",
                (str(at - KEEP_REPLAYED),),
            )
        log.info("offline snapshot refreshed: %s rows", copied)
        return copied


def _read(
    central: peewee.Database, local: peewee.Database, table: str, where: str
) -> tuple[list[str], list[tuple]]:
    """The columns both schemas share, and the library's rows as SQLite values."""
    here = {c.name for c in local.get_columns(table)}
    shared = [c for c in central.get_columns(table) if c.name in here]
    names = ", ".join(f'"{c.name}"' for c in shared)
    rows = central.execute_sql(f'SELECT {names} FROM "{table}"{where}').fetchall()
    # PostgreSQL hands back dates and decimals, which sqlite3 will not take
    # (or only with a deprecated adapter); SQLite's own rows go in as they are.
    convert = [
        i
        for i, c in enumerate(shared)
        if isinstance(central, peewee.PostgresqlDatabase)
        and c.data_type.lower().startswith(("date", "time", "numeric", "decimal"))
    ]
    if convert:
        rows = [_as_sqlite(row, convert) for row in rows]
    return [c.name for c in shared], rows


def _as_sqlite(row: tuple, convert: list[int]) -> tuple:
    values = list(row)
    for i in convert:
        if values[i] is not None:
            values[i] = str(values[i])
    return tuple(values)


def entry_from_row(row: tuple) -> JournalEntry:
    """A journal line read back (the same columns in both databases)."""
    return JournalEntry(
        op_id=row[0],
        kiosk=row[1],
        at=db.Loan.out_at.python_value(row[2]),
        action=row[3],
        card=row[4],
        scan=row[5],
        barcode=row[6],
        due=db.Loan.due.python_value(row[7]) if row[7] else None,
        shown=row[8],
    )
