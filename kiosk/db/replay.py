"""The library side of store-and-forward: reaching it again, and replaying into it.

``replay_journal`` applies a kiosk's pending journal in order, in batches of
library transactions; the library remembers each operation id (``journalop``,
migration 0007), so replaying a journal twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import peewee

from kiosk.circulation.model import Event
from kiosk.circulation.offline import JournalEntry
from kiosk.circulation.replay import Replayed, Replayer
from kiosk.db import models as db
from kiosk.db.journal import ENTRY_COLUMNS, LocalJournal, entry_from_row
from kiosk.db.store import PeeweeLoanStore, migrate, sqlite_library
from kiosk.errors import StoreError

log = logging.getLogger(__name__)
# Entries per library transaction on replay: one commit (an fsync, or a round
# trip to PostgreSQL) per entry made a long offline spell slow to catch up.
REPLAY_BATCH = 100


def unreached_library(url: str, path: Path, busy_timeout_ms: int) -> peewee.Database:
    """The library database as an object that has not connected (it cannot yet).

    Set up as ``open_postgres`` / ``open_database`` do, so ``CentralLink``
    connects it (and brings its schema up to date) once it answers.
    """
    if url:
        from playhouse.db_url import parse

        params = parse(url)
        name = params.pop("database")
        database: peewee.Database = peewee.PostgresqlDatabase(name, **params)
    else:
        database = sqlite_library(path, busy_timeout_ms)
    database.bind(db.MODELS)
    return database


# libpq options for a network that goes away: give up connecting after a few
# seconds, and notice a dead connection (idle or in the middle of a query, the
# cable pulled with no reset) in about ten seconds instead of TCP's minutes.
# A ``database.url`` that sets any of them keeps its own value.
PG_NETWORK_OPTIONS = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 10_000,
}


class CentralLink:
    """The library database's connection, reopened to see whether it is back."""

    def __init__(self, database: peewee.Database) -> None:
        self.database = database
        if isinstance(database, peewee.PostgresqlDatabase):
            for key, value in PG_NETWORK_OPTIONS.items():
                database.connect_params.setdefault(key, value)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction on the library database (a SIP2 server's batch).

        Raises:
            StoreError: the database failed or went away (nothing committed).
        """
        try:
            with self.database.atomic():
                yield
        except peewee.PeeweeException as e:
            raise StoreError(f"the library database failed: {e}") from e

    def reachable(self) -> bool:
        """Drop the connection and open a fresh one; True if the library answers.

        The probe reads a library table, so a network share that came back
        empty (SQLite makes a new file) does not count as the library.
        """
        with suppress(peewee.PeeweeException):
            self.database.close()
        if not self._file_present():
            return False
        try:
            self.database.connect()
            self.database.execute_sql('SELECT 1 FROM "loanrule" LIMIT 1').fetchall()
            migrate(self.database)  # a kiosk started offline has not yet
        except (peewee.PeeweeException, OSError, StoreError) as e:
            log.info("library database still unreachable: %s", e)
            with suppress(peewee.PeeweeException):
                self.database.close()
            return False
        return True

    def _file_present(self) -> bool:
        """For SQLite: whether the library file is there to connect to.

        Connecting to a missing file would make a new, empty one: in an
        unmounted share's folder, a stranger the kiosk must not take for the
        library when the share is mounted over it or the kiosk restarts.
        """
        if not isinstance(self.database, peewee.SqliteDatabase):
            return True
        if library_file_present(Path(self.database.database)):
            return True
        log.info(
            "library database still unreachable: no file %s", self.database.database
        )
        return False


def library_file_present(path: Path) -> bool:
    """Whether a SQLite library file is there and not empty."""
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:  # a share that hangs or refuses
        return False


@dataclass(frozen=True)
class ReplayReport:
    """What a replay did: one line per entry, in journal order."""

    lines: tuple[tuple[JournalEntry, Replayed | None], ...]

    @property
    def applied(self) -> int:
        """Entries that changed the library database."""
        return sum(1 for _, r in self.lines if r is not None and r.applied)

    @property
    def skipped(self) -> int:
        """Entries the library had already taken (an earlier replay)."""
        return sum(1 for _, r in self.lines if r is None)

    @property
    def conflicts(self) -> list[tuple[JournalEntry, Replayed]]:
        """Entries the librarian must look at."""
        return [(e, r) for e, r in self.lines if r is not None and r.conflict]


def replay_journal(
    journal: LocalJournal,
    database: peewee.Database,
    central: PeeweeLoanStore,
    replayer: Replayer,
    now: dt.datetime,
    batch: int = REPLAY_BATCH,
) -> ReplayReport:
    """Replay the pending journal into the library, in order, each entry once.

    Entries go in batches: each batch (its changes, ``journalop`` rows and
    events) is one library transaction, then one local transaction marks it.
    A kiosk that dies between the two finds those op ids taken on the next
    replay and only marks them.
    """
    lines: list[tuple[JournalEntry, Replayed | None]] = []
    pending = journal.pending()
    for start in range(0, len(pending), batch):
        done: list[tuple[int, Replayed | None]] = []
        with central.transaction():
            for seq, entry in pending[start : start + batch]:
                replayed = None
                if not _replayed_before(database, entry.op_id):
                    replayed = replayer.apply(entry)
                    _record(database, central, entry, replayed, now)
                done.append((seq, replayed))
                lines.append((entry, replayed))
        journal.mark(done, now)
    report = ReplayReport(tuple(lines))
    if lines:
        log.info(
            "journal replayed: %s applied, %s already, %s conflicts",
            report.applied,
            report.skipped,
            len(report.conflicts),
        )
    return report


def _replayed_before(database: peewee.Database, op_id: str) -> bool:
    sql = f'SELECT 1 FROM "journalop" WHERE op_id = {database.param}'
    return database.execute_sql(sql, (op_id,)).fetchone() is not None


def _record(
    database: peewee.Database,
    central: PeeweeLoanStore,
    entry: JournalEntry,
    replayed: Replayed,
    now: dt.datetime,
) -> None:
    marks = ", ".join([database.param] * 12)
    database.execute_sql(
        'INSERT INTO "journalop" (op_id, kiosk, at, action, card, scan, barcode,'
        f" due, shown, result, conflict, replayed_at) VALUES ({marks})",
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
            str(replayed.result),
            replayed.conflict.value if replayed.conflict else "",
            str(now),
        ),
    )
    central.log_event(
        Event(
            at=entry.at,
            kiosk=entry.kiosk,
            action=entry.action,
            outcome=str(replayed.result),
            patron_id=replayed.patron_id,
            item_id=replayed.item_id,
            scan=entry.scan,
        )
    )


@dataclass(frozen=True)
class ReplayedOp:
    """One row of the library's record of replayed journal entries."""

    entry: JournalEntry
    result: str
    conflict: str
    replayed_at: dt.datetime


def replayed_ops(
    database: peewee.Database, *, conflicts_only: bool
) -> list[ReplayedOp]:
    """The library's replayed journal entries (all kiosks), oldest first."""
    where = " WHERE conflict <> ''" if conflicts_only else ""
    rows = database.execute_sql(
        f'SELECT {ENTRY_COLUMNS}, result, conflict, replayed_at FROM "journalop"{where}'
        " ORDER BY at, id"
    ).fetchall()
    return [
        ReplayedOp(
            entry_from_row(row[:9]),
            row[9],
            row[10],
            db.Loan.out_at.python_value(row[11]),
        )
        for row in rows
    ]
