"""Open the database and implement the LoanStore port with peewee."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import peewee
from playhouse.migrations import Runner

from kiosk.circulation import model as m
from kiosk.db import models as db
from kiosk.db import patron_view
from kiosk.errors import StoreError
from kiosk.ports import LoanConflict

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def sqlite_library(path: Path, busy_timeout_ms: int) -> peewee.SqliteDatabase:
    """The library's SQLite database with the kiosk's settings, not yet connected."""
    return peewee.SqliteDatabase(
        str(path),
        pragmas={
            "journal_mode": "wal",
            "synchronous": "full",
            "foreign_keys": 1,
            "busy_timeout": busy_timeout_ms,
        },
        timeout=busy_timeout_ms / 1000,
        lock_type="IMMEDIATE",
    )


def open_database(path: Path, busy_timeout_ms: int = 5000) -> peewee.SqliteDatabase:
    """Open (creating or upgrading) the SQLite database and bind the models.

    WAL lets readers work while a kiosk writes; synchronous=FULL makes every
    commit survive a pulled plug; BEGIN IMMEDIATE takes the write lock up front
    so two kiosks queue instead of failing half-way through a transaction.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        database = sqlite_library(path, busy_timeout_ms)
        database.bind(db.MODELS)
        database.connect(reuse_if_open=True)
        migrate(database)
    except (peewee.PeeweeException, OSError) as e:
        raise StoreError(f"cannot open the database {path}: {e}") from e
    return database


def open_postgres(url: str) -> peewee.PostgresqlDatabase:
    """Open (creating or upgrading) a PostgreSQL library shared by several kiosks."""
    from playhouse.db_url import parse

    try:
        params = parse(url)
        name = params.pop("database")
        database = peewee.PostgresqlDatabase(name, **params)
        database.bind(db.MODELS)
        database.connect(reuse_if_open=True)
        migrate(database)
    except (peewee.PeeweeException, OSError, ValueError) as e:
        from kiosk.privacy.secrets import hide, password_of, shown_url

        why = hide(str(e), password_of(url))  # never show the password
        raise StoreError(f"cannot open the database at {shown_url(url)}: {why}") from e
    return database


def ping_postgres(url: str) -> None:
    """Connect to a PostgreSQL library and ask it one thing (no migrations).

    Raises:
        StoreError: it cannot be reached; the message hides the password.
    """
    from playhouse.db_url import parse

    from kiosk.privacy.secrets import hide, password_of, shown_url

    params = parse(url)
    database = peewee.PostgresqlDatabase(params.pop("database"), **params)
    try:
        database.connect()
        database.execute_sql("SELECT 1")
    except peewee.PeeweeException as e:
        why = hide(str(e), password_of(url))
        raise StoreError(f"cannot reach {shown_url(url)}: {why}") from None
    finally:
        database.close()


def migrate(database: peewee.Database, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations; refuse a database made by a newer kiosk."""
    runner = Runner(database, directory=str(directory))
    unknown = [mig.name for mig in runner.status() if mig.path is None]
    if unknown:
        raise StoreError(
            f"the database was upgraded by a newer kiosk version ({unknown[-1]}); "
            "install that version or restore a backup."
        )
    applied = runner.up()
    for name in applied:
        log.info("database migrated: %s", name)
    return applied


def schema_version(database: peewee.Database) -> list[str]:
    """Return the names of the applied migrations, oldest first."""
    runner = Runner(database, directory=str(MIGRATIONS_DIR))
    return [mig.name for mig in runner.status() if mig.applied]


_PATRON = "p.id, p.card, p.name, p.class_name, p.grade, p.type, p.status, p.card_expiry"
_TITLE = (
    "t.id, t.isbn, t.issn, t.title, t.author, t.publisher, t.year, t.call_number,"
    " t.price"
)
_ITEM = f"i.id, i.barcode, i.status, i.location, {_TITLE}"
_LOAN = (
    f"l.id, l.patron_id, l.out_at, l.due, l.returned_at, l.renewals, l.kiosk, {_ITEM}"
)
_HOLD = "h.id, h.patron_id, h.title_id, h.placed_at, h.status, h.item_id"
_ITEMS = f'SELECT {_ITEM} FROM "item" i JOIN "title" t ON t.id = i.title_id'
_OPEN_LOANS = (
    f'SELECT {_LOAN} FROM "loan" l JOIN "item" i ON i.id = l.item_id'
    ' JOIN "title" t ON t.id = i.title_id WHERE l.returned_at IS NULL'
)
_OLDEST_FIRST = "ORDER BY l.out_at, l.id"
_PATRON_TYPES = {kind.value for kind in m.PatronType}


_ACTIVE = (m.HoldStatus.WAITING.value, m.HoldStatus.READY.value)
# SQL written once, by hand, for the per-scan path: building it through peewee's
# query objects cost ~10x the fsync'd commit (see kiosk/bench/circulation.py).
# Placeholders are "?" and become the database's own parameter style.
SQL = {
    "patron_by_card": f'SELECT {_PATRON} FROM "patron" p WHERE p.card = ?',
    "patron": f'SELECT {_PATRON} FROM "patron" p WHERE p.id = ?',
    "item_by_barcode": f"{_ITEMS} WHERE i.barcode = ?",
    "item": f"{_ITEMS} WHERE i.id = ?",
    "title_by_isbn": f'SELECT {_TITLE} FROM "title" t WHERE t.isbn = ?',
    "title_by_issn": f'SELECT {_TITLE} FROM "title" t WHERE t.issn = ? ORDER BY t.id',
    "items_of_title": f"{_ITEMS} WHERE i.title_id = ? ORDER BY i.barcode, i.id",
    "open_loan_of_item": f"{_OPEN_LOANS} AND l.item_id = ?",
    "open_loans_of_patron": f"{_OPEN_LOANS} AND l.patron_id = ? {_OLDEST_FIRST}",
    "open_loans_of_title": f"{_OPEN_LOANS} AND i.title_id = ? {_OLDEST_FIRST}",
    "active_holds_of_title": f'SELECT {_HOLD} FROM "hold" h WHERE h.title_id = ?'
    " AND h.status IN (?, ?) ORDER BY h.placed_at, h.id",
    # The grade's own rule first, else the type's (grade NULL): "NULLS LAST"
    # spelt so that SQLite and PostgreSQL both read it.
    # The rules and the calendar are read again only when this number moved
    # (migration 0014's triggers raise it on every change, from anywhere).
    "rules_version": 'SELECT n FROM "rulesversion"',
    "loan_rules": "SELECT patron_type, loan_days, max_items, max_renewals, grade,"
    ' renewal_days FROM "loanrule"',
    "closed_periods": 'SELECT start, "end", reason FROM "closedperiod" ORDER BY start',
    "class_names": 'SELECT DISTINCT class_name, grade FROM "patron"'
    " WHERE type = 'student' AND status = 'active' ORDER BY grade, class_name",
    "patrons_of_class": f'SELECT {_PATRON} FROM "patron" p WHERE p.class_name = ?'
    " AND p.status = 'active' ORDER BY p.card",
    "open_loans_of_class": f"{_OPEN_LOANS} AND l.patron_id IN (SELECT id FROM"
    f' "patron" WHERE class_name = ?) {_OLDEST_FIRST}',
    "active_holds_of_patron": f'SELECT {_HOLD}, {_TITLE} FROM "hold" h'
    ' JOIN "title" t ON t.id = h.title_id WHERE h.patron_id = ?'
    " AND h.status IN (?, ?) ORDER BY h.placed_at, h.id",
    "set_patron_status": 'UPDATE "patron" SET status = ? WHERE id = ?',
    "patron_pin_hash": 'SELECT pin_hash FROM "patron" WHERE id = ?',
    "recent_events": "SELECT at, kiosk, action, outcome, patron_id, item_id, scan,"
    ' staff, note FROM "event" WHERE kiosk = ? ORDER BY id DESC LIMIT ?',
    "outcomes_since": 'SELECT outcome, COUNT(*) FROM "event" WHERE at >= ?'
    " GROUP BY outcome",
    "take_item": 'UPDATE "item" SET status = ? WHERE id = ? AND status = ?',
    "insert_loan": 'INSERT INTO "loan" (item_id, patron_id, out_at, due, renewals,'
    " kiosk) VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT DO NOTHING",
    # "AND returned_at IS NULL": of two kiosks returning one copy at once, the
    # second finds the loan closed (PostgreSQL re-checks after the row lock).
    "close_loan": 'UPDATE "loan" SET returned_at = ? WHERE id = ?'
    " AND returned_at IS NULL",
    "renew_loan": 'UPDATE "loan" SET due = ?, renewals = renewals + 1'
    " WHERE id = ? AND returned_at IS NULL",
    "insert_hold": 'INSERT INTO "hold" (patron_id, title_id, placed_at, status)'
    " VALUES (?, ?, ?, ?)",
    "set_hold": 'UPDATE "hold" SET status = ?, item_id = ?, updated_at = ?'
    " WHERE id = ?",
    "set_item_status": 'UPDATE "item" SET status = ? WHERE id = ?',
    "insert_event": 'INSERT INTO "event" (at, kiosk, action, outcome, patron_id,'
    " item_id, scan, staff, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
}


# On PostgreSQL a loan's two writes, and a return's, go as one statement (one
# round trip); SQLite, with no round trips to save, runs them one by one.
SQL_POSTGRES = {
    "lend": 'WITH taken AS (UPDATE "item" SET status = ? WHERE id = ?'
    " AND status = ? RETURNING id)"
    ' INSERT INTO "loan" (item_id, patron_id, out_at, due, renewals, kiosk)'
    " SELECT id, ?::integer, ?::timestamp, ?::date, 0, ?::text FROM taken"
    " ON CONFLICT DO NOTHING RETURNING id",
    "close_loan_and_free": 'WITH closed AS (UPDATE "loan" SET returned_at = ?'
    " WHERE id = ? AND returned_at IS NULL RETURNING item_id)"
    ' UPDATE "item" SET status = ? WHERE id IN (SELECT item_id FROM closed)'
    " RETURNING id",
}
_INSERTS = {"insert_loan", "insert_hold"}
# The statements prepared on each PostgreSQL connection, by name: shared by
# every store on it (a SIP2 server's accounts share one connection per thread).
_PREPARED: weakref.WeakKeyDictionary[object, set[str]] = weakref.WeakKeyDictionary()


def _prepared(name: str, sql: str) -> tuple[str, str]:
    """A statement's PREPARE and its EXECUTE (``$n`` and ``%s`` placeholders)."""
    count = sql.count("?")
    parts = sql.split("?")
    numbered = parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], 1))
    if name in _INSERTS:
        numbered += " RETURNING id"
    args = f" ({', '.join(['%s'] * count)})" if count else ""
    return f"PREPARE kiosk_{name} AS {numbered}", f"EXECUTE kiosk_{name}{args}"


class PeeweeLoanStore:
    """LoanStore over the peewee database: its connection, transactions, SQL."""

    def __init__(self, database: peewee.Database) -> None:
        self._db = database
        self._postgres = isinstance(database, peewee.PostgresqlDatabase)
        self._sql: dict[str, Any] = (
            {k: _prepared(k, v) for k, v in {**SQL, **SQL_POSTGRES}.items()}
            if self._postgres
            else dict(SQL)  # SQLite's placeholder is "?" already
        )
        self._rules: _Rules | None = None
        self._rules_checked = False  # rules_version read in this transaction
        self._depth = 0  # transactions open

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit on success; roll back and raise StoreError on database failure."""
        if not self._depth:
            self._rules_checked = False
        self._depth += 1
        try:
            with _turn(self._db), self._db.atomic():
                yield
        except peewee.PeeweeException as e:
            log.error("database error: %s", e)
            raise StoreError(f"database error: {e}") from e
        finally:
            self._depth -= 1

    def _execute(self, name: str, params: tuple):
        """Run one of the per-scan statements.

        On PostgreSQL each is prepared once per connection and then executed
        by name: planning the loan list's join cost more than running it, at
        every scan (psycopg2 sends each query as new text).
        """
        if not self._postgres:
            return self._db.execute_sql(self._sql[name], params)
        prepare, run = self._sql[name]
        done = _PREPARED.setdefault(self._db.connection(), set())
        if name not in done:
            self._db.execute_sql(prepare)
            done.add(name)  # a prepared statement outlives a rolled-back transaction
        return self._db.execute_sql(run, params)

    def _rows(self, name: str, *params: object) -> list[tuple]:
        return self._execute(name, params).fetchall()

    def _one(self, name: str, *params: object) -> tuple | None:
        return self._execute(name, params).fetchone()

    def _write(self, name: str, *params: object) -> int:
        return self._execute(name, params).rowcount

    def _insert(self, name: str, *params: object) -> int | None:
        """Insert one row and return its id; None when a unique index refused it.

        The statements say ``ON CONFLICT DO NOTHING``: a refused row aborts no
        transaction, on either database, so no savepoint is needed around it.
        """
        if self._postgres:
            row = self._execute(name, params).fetchone()
            return row[0] if row else None
        cursor = self._execute(name, params)
        return cursor.lastrowid if cursor.rowcount else None

    # -- reads ------------------------------------------------------------------

    def patron_by_card(self, card: str) -> m.Patron | None:
        """Find a patron by card barcode."""
        row = self._one("patron_by_card", card)
        return _patron(row) if row else None

    def patron(self, patron_id: int) -> m.Patron | None:
        """Find a patron by id."""
        row = self._one("patron", patron_id)
        return _patron(row) if row else None

    def item_by_barcode(self, barcode: str) -> m.Item | None:
        """Find a copy by its accession barcode."""
        row = self._one("item_by_barcode", barcode)
        return _item(row) if row else None

    def item(self, item_id: int) -> m.Item | None:
        """Find a copy by id."""
        row = self._one("item", item_id)
        return _item(row) if row else None

    def title_by_isbn(self, isbn13: str) -> m.Title | None:
        """Find a title by ISBN-13."""
        row = self._one("title_by_isbn", isbn13)
        return _title(row) if row else None

    def title_by_issn(self, issn: str) -> m.Title | None:
        """Find a periodical by ISSN."""
        row = self._one("title_by_issn", issn)
        return _title(row) if row else None

    def items_of_title(self, title_id: int) -> list[m.Item]:
        """Return the copies of a title in barcode order."""
        return [_item(r) for r in self._rows("items_of_title", title_id)]

    def open_loan_of_item(self, item_id: int) -> m.Loan | None:
        """Return the copy's open loan."""
        row = self._one("open_loan_of_item", item_id)
        return _loan(row) if row else None

    def open_loans_of_patron(self, patron_id: int) -> list[m.Loan]:
        """Return the patron's open loans, oldest first."""
        return [_loan(r) for r in self._rows("open_loans_of_patron", patron_id)]

    def open_loans_of_title(self, title_id: int) -> list[m.Loan]:
        """Return the title's open loans, oldest first."""
        return [_loan(r) for r in self._rows("open_loans_of_title", title_id)]

    def active_holds_of_title(self, title_id: int) -> list[m.Hold]:
        """Return waiting and ready holds, oldest first."""
        return [
            _hold(r) for r in self._rows("active_holds_of_title", title_id, *_ACTIVE)
        ]

    def active_holds_of_patron(self, patron_id: int) -> list[tuple[m.Hold, m.Title]]:
        """Return a patron's waiting and ready holds with their titles, oldest first."""
        rows = self._rows("active_holds_of_patron", patron_id, *_ACTIVE)
        return [(_hold(r), _title(r[6:])) for r in rows]

    def class_names(self) -> list[str]:
        """Return the classes that have active students, by grade."""
        return [name for name, _ in self._rows("class_names") if name]

    def patrons_of_class(self, class_name: str) -> list[m.Patron]:
        """Return a class's active patrons by card number."""
        return [_patron(r) for r in self._rows("patrons_of_class", class_name)]

    def open_loans_of_class(self, class_name: str) -> list[m.Loan]:
        """Return the open loans of a class's patrons, oldest first."""
        return [_loan(r) for r in self._rows("open_loans_of_class", class_name)]

    def outcomes_since(self, since: dt.datetime) -> dict[str, int]:
        """Count the event log's outcomes since a moment (today's figures)."""
        return dict(self._rows("outcomes_since", str(since)))

    def recent_events(self, kiosk: str, limit: int) -> list[m.Event]:
        """A kiosk's latest events, oldest first (what it did before it stopped)."""
        rows = self._rows("recent_events", kiosk, limit)
        return [m.Event(_datetime(row[0]), *row[1:]) for row in reversed(rows)]

    def loan_rule(
        self, patron_type: m.PatronType, grade: int | None = None
    ) -> m.LoanRule:
        """Return the rule of a grade of a patron type, else the type's own."""
        rules = self._current_rules().by_kind
        rule = rules.get((patron_type, grade)) or rules.get((patron_type, None))
        if rule is None:
            raise StoreError(f"no loan rule for patron type {patron_type.value!r}")
        return rule

    def closed_periods(self) -> tuple[m.ClosedPeriod, ...]:
        """Return holidays and vacations (the same tuple while none changes)."""
        return self._current_rules().closed

    def _current_rules(self) -> _Rules:
        """The rules in memory, read again when their version moved.

        One small read per transaction instead of the rules and the calendar on
        every scan; the desk's or another kiosk's change is seen at the next.
        """
        if self._rules_checked and self._rules is not None:
            return self._rules
        (version,) = self._one("rules_version") or (None,)
        if self._rules is None or version is None or self._rules.version != version:
            self._rules = _Rules(
                version,
                {
                    (m.PatronType(kind), grade): m.LoanRule(
                        m.PatronType(kind), *values, grade, renewal
                    )
                    for kind, *values, grade, renewal in self._rows("loan_rules")
                    if kind in _PATRON_TYPES
                },
                tuple(
                    m.ClosedPeriod(_date(start), _date(end), reason)
                    for start, end, reason in self._rows("closed_periods")
                ),
            )
        self._rules_checked = self._depth > 0
        return self._rules

    # -- writes -----------------------------------------------------------------

    def add_loan(
        self,
        item: m.Item,
        patron: m.Patron,
        out_at: dt.datetime,
        due: dt.date,
        kiosk: str,
    ) -> m.Loan:
        """Record a loan; the database refuses a second open loan of a copy.

        The copy is taken only if on the shelf, then the loan row is written;
        a copy marked available while a loan of it is still open is refused
        by the index of open loans (and stays marked on loan, which it is).
        """
        on_loan = m.ItemStatus.ON_LOAN.value
        if self._postgres:
            row = self._one(
                "lend",
                on_loan,
                item.id,
                "available",
                patron.id,
                str(out_at),
                str(due),
                kiosk,
            )
            loan_id = row[0] if row else None
        elif not self._write("take_item", on_loan, item.id, "available"):
            raise LoanConflict(item.id)
        else:
            loan_id = self._insert(
                "insert_loan", item.id, patron.id, str(out_at), str(due), kiosk
            )
        if loan_id is None:
            raise LoanConflict(item.id)
        lent = dataclasses.replace(item, status=m.ItemStatus.ON_LOAN)
        return m.Loan(loan_id, lent, patron.id, out_at, due, None, 0, kiosk)

    def close_loan(self, loan: m.Loan, returned_at: dt.datetime) -> m.Loan:
        """Record a return and make the copy available; LoanConflict if already back."""
        available = m.ItemStatus.AVAILABLE
        if self._postgres:
            freed = self._one(
                "close_loan_and_free", str(returned_at), loan.id, available.value
            )
            if freed is None:
                raise LoanConflict(loan.item.id)
            back = dataclasses.replace(loan.item, status=available)
        elif not self._write("close_loan", str(returned_at), loan.id):
            raise LoanConflict(loan.item.id)
        else:
            back = self.set_item_status(loan.item, available)
        return dataclasses.replace(loan, item=back, returned_at=returned_at)

    def renew_loan(self, loan: m.Loan, due: dt.date) -> m.Loan:
        """Move the due date and count the renewal; LoanConflict if since returned."""
        if not self._write("renew_loan", str(due), loan.id):
            raise LoanConflict(loan.item.id)
        return dataclasses.replace(loan, due=due, renewals=loan.renewals + 1)

    def add_hold(self, patron: m.Patron, title: m.Title, at: dt.datetime) -> m.Hold:
        """Record a waiting hold."""
        status = m.HoldStatus.WAITING
        hold_id = self._insert(
            "insert_hold", patron.id, title.id, str(at), status.value
        )
        return m.Hold(hold_id, patron.id, title.id, at, status, None)

    def set_hold(
        self,
        hold: m.Hold,
        status: m.HoldStatus,
        at: dt.datetime,
        item_id: int | None,
    ) -> m.Hold:
        """Change a hold's status and the copy it waits on."""
        self._write("set_hold", status.value, item_id, str(at), hold.id)
        return dataclasses.replace(hold, status=status, item_id=item_id)

    def set_patron_status(self, patron: m.Patron, status: m.PatronStatus) -> m.Patron:
        """Change a patron's status (a card blocked by a self-check machine)."""
        self._write("set_patron_status", status.value, patron.id)
        return dataclasses.replace(patron, status=status)

    def owed_by_patron(self, patron_id: int) -> list[tuple[str, Decimal]]:
        """Return each copy's compensation still unpaid (barcode, amount)."""
        owed = patron_view.owed_by_patron(self._db, patron_id)  # the desk's list
        return [(o.item_barcode, o.due) for o in owed]

    def patron_pin_hash(self, patron_id: int) -> str | None:
        """Return the hash of a patron's PIN, None when they have none."""
        row = self._one("patron_pin_hash", patron_id)
        return row[0] if row and row[0] else None

    def set_item_status(self, item: m.Item, status: m.ItemStatus) -> m.Item:
        """Change a copy's status."""
        self._write("set_item_status", status.value, item.id)
        return dataclasses.replace(item, status=status)

    def log_event(self, event: m.Event) -> None:
        """Append one event."""
        self._write(
            "insert_event",
            str(event.at),
            event.kiosk,
            event.action,
            event.outcome,
            event.patron_id,
            event.item_id,
            event.scan,
            event.staff,
            event.note,
        )


_TURNS: weakref.WeakKeyDictionary[peewee.Database, threading.RLock] = (
    weakref.WeakKeyDictionary()
)
_TURNS_LOCK = threading.Lock()


def _turn(database: peewee.Database) -> AbstractContextManager[object]:
    """Threads of one process take SQLite's write lock in turn, first come first.

    Every transaction here begins IMMEDIATE; a thread that finds the lock taken
    would sleep in SQLite's busy handler (1, 2, 5 ... 100 ms) and often wake too
    late (measured with 20 threads lending at once: one check-out in a hundred
    waited 0.2 s). A lock in the process hands the turn over at once, for the
    desk's threads and a kiosk's background ones. PostgreSQL has row locks.
    """
    if not isinstance(database, peewee.SqliteDatabase):
        return contextlib.nullcontext()
    with _TURNS_LOCK:
        turn = _TURNS.get(database)
        if turn is None:
            turn = _TURNS[database] = threading.RLock()
    return turn


@dataclasses.dataclass(frozen=True)
class _Rules:
    """The lending rules and closed periods as of one ``rulesversion``."""

    version: int | None
    by_kind: dict[tuple[m.PatronType, int | None], m.LoanRule]
    closed: tuple[m.ClosedPeriod, ...]


# Row converters use the models' own field conversions, so SQLite's text dates
# and PostgreSQL's native dates both come back as Python dates.
_date = db.Loan.due.python_value
_datetime = db.Loan.out_at.python_value
_decimal = db.Title.price.python_value


def _patron(row: tuple) -> m.Patron:
    return m.Patron(
        id=row[0],
        card=row[1],
        name=row[2],
        class_name=row[3],
        grade=row[4],
        type=m.PatronType(row[5]),
        status=m.PatronStatus(row[6]),
        card_expiry=_date(row[7]),
    )


def _title(row: tuple) -> m.Title:
    return m.Title(
        id=row[0],
        isbn=row[1],
        issn=row[2],
        title=row[3],
        author=row[4],
        publisher=row[5],
        year=row[6],
        call_number=row[7],
        price=_decimal(row[8]),
    )


def _item(row: tuple) -> m.Item:
    return m.Item(
        id=row[0],
        barcode=row[1],
        status=m.ItemStatus(row[2]),
        location=row[3],
        title=_title(row[4:]),
    )


def _loan(row: tuple) -> m.Loan:
    return m.Loan(
        id=row[0],
        patron_id=row[1],
        out_at=_datetime(row[2]),
        due=_date(row[3]),
        returned_at=_datetime(row[4]),
        renewals=row[5],
        kiosk=row[6],
        item=_item(row[7:]),
    )


def _hold(row: tuple) -> m.Hold:
    return m.Hold(
        id=row[0],
        patron_id=row[1],
        title_id=row[2],
        placed_at=_datetime(row[3]),
        status=m.HoldStatus(row[4]),
        item_id=row[5],
    )
