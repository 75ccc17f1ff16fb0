"""What the desk shows about one patron beyond the loans: holds, history, debts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import peewee

from kiosk.db import models as db


@dataclass(frozen=True)
class PatronHold:
    """A hold of this patron that is still waiting or ready."""

    id: int
    title_id: int
    title: str
    isbn: str
    status: str
    placed_at: dt.datetime
    barcode: str  # the copy put aside, when ready


_HOLDS = (
    'SELECT h.id, t.id, t.title, t.isbn, h.status, h.placed_at, i.barcode FROM "hold" h'
    ' JOIN "title" t ON t.id = h.title_id LEFT JOIN "item" i ON i.id = h.item_id'
    " WHERE h.patron_id = ? AND h.status IN ('waiting', 'ready')"
    " ORDER BY h.placed_at, h.id"
)
_datetime = db.Loan.out_at.python_value


def holds_of_patron(database: peewee.Database, patron_id: int) -> list[PatronHold]:
    """A patron's waiting and ready holds, oldest first."""
    rows = database.execute_sql(
        _HOLDS.replace("?", database.param), (patron_id,)
    ).fetchall()
    return [
        PatronHold(r[0], r[1], r[2], r[3] or "", r[4], _datetime(r[5]), r[6] or "")
        for r in rows
    ]


@dataclass(frozen=True)
class Owed:
    """Compensation a patron was asked for and has not yet paid in full."""

    item_barcode: str
    title: str
    kind: str
    asked: Decimal
    paid: Decimal

    @property
    def due(self) -> Decimal:
        """What is still to pay."""
        return self.asked - self.paid


@dataclass(frozen=True)
class PastLoan:
    """A loan that has ended, for a patron's history."""

    title_id: int
    title: str
    barcode: str
    out_at: dt.datetime
    due: dt.date
    returned_at: dt.datetime | None
    closed_as: str

    @property
    def days_late(self) -> int:
        """Days the book came back after its due date."""
        if self.returned_at is None:
            return 0
        return max(0, (self.returned_at.date() - self.due).days)


_HISTORY = (
    "SELECT t.id, t.title, i.barcode, l.out_at, l.due, l.returned_at, l.closed_as"
    ' FROM "loan" l JOIN "item" i ON i.id = l.item_id JOIN "title" t ON t.id ='
    " i.title_id WHERE l.patron_id = ? AND l.returned_at IS NOT NULL"
    " ORDER BY l.returned_at DESC, l.id DESC LIMIT ? OFFSET ?"
)
_HISTORY_COUNT = (
    'SELECT COUNT(*) FROM "loan" WHERE patron_id = ? AND returned_at IS NOT NULL'
)
_date = db.Loan.due.python_value
_decimal = db.Loss.asked.python_value


def _rows(database: peewee.Database, sql: str, *params: object) -> list[tuple]:
    return database.execute_sql(sql.replace("?", database.param), params).fetchall()


def loan_history(
    database: peewee.Database, patron_id: int, *, page: int = 1, per_page: int = 50
) -> tuple[list[PastLoan], int]:
    """One page of a patron's ended loans, newest first, and how many there are."""
    offset = (max(page, 1) - 1) * per_page
    rows = _rows(database, _HISTORY, patron_id, per_page, offset)
    (total,) = _rows(database, _HISTORY_COUNT, patron_id)[0]
    return [
        PastLoan(
            r[0],
            r[1],
            r[2] or "",
            _datetime(r[3]),
            _date(r[4]),
            _datetime(r[5]),
            r[6] or "",
        )
        for r in rows
    ], int(total)


_OWED = (
    'SELECT i.barcode, t.title, s.kind, s.asked, s.paid FROM "loss" s'
    ' JOIN "item" i ON i.id = s.item_id JOIN "title" t ON t.id = i.title_id'
    " WHERE s.patron_id = ? AND s.asked > s.paid ORDER BY s.at"
)


def owed_by_patron(database: peewee.Database, patron_id: int) -> list[Owed]:
    """Compensation this patron was asked for and has not paid in full."""
    return [
        Owed(r[0] or "", r[1], r[2], _decimal(r[3]), _decimal(r[4]))
        for r in _rows(database, _OWED, patron_id)
    ]


@dataclass(frozen=True)
class HoldLine:
    """A hold in the library's list of holds."""

    id: int
    status: str
    placed_at: dt.datetime
    patron_id: int
    patron_name: str
    class_name: str
    card: str
    title_id: int
    title: str
    isbn: str
    barcode: str  # the copy put aside, when ready
    position: int  # in the title's queue, 1 = next


_ALL_HOLDS = (
    "SELECT h.id, h.status, h.placed_at, p.id, p.name, p.class_name, p.card, t.id,"
    ' t.title, t.isbn, i.barcode FROM "hold" h JOIN "patron" p ON p.id = h.patron_id'
    ' JOIN "title" t ON t.id = h.title_id LEFT JOIN "item" i ON i.id = h.item_id'
    " WHERE h.status IN ('waiting', 'ready') ORDER BY t.id, h.placed_at, h.id"
)


def active_holds(database: peewee.Database) -> list[HoldLine]:
    """Every waiting and ready hold, with its place in its title's queue."""
    lines = []
    queue: dict[int, int] = {}
    for r in _rows(database, _ALL_HOLDS):
        position = queue[r[7]] = queue.get(r[7], 0) + 1
        lines.append(
            HoldLine(
                r[0],
                r[1],
                _datetime(r[2]),
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                r[9] or "",
                r[10] or "",
                position,
            )
        )
    return sorted(lines, key=lambda h: (h.status != "ready", h.placed_at))
