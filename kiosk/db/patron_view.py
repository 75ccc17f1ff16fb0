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
    since: dt.datetime  # when it was put on the hold shelf (placed, if waiting)
    patron_id: int
    patron_name: str
    class_name: str
    card: str
    title_id: int
    title: str
    isbn: str
    barcode: str  # the copy put aside, when ready
    scan: str  # what to scan to name its title: a copy's barcode, else the ISBN
    position: int  # in the title's queue of waiting holds, 1 = next; 0 when ready


# A copy's barcode names its title without doubt (two titles may share an
# ISBN, a magazine has none), so cancelling prefers it to the ISBN.
_HOLD_LINES = (
    "SELECT h.id, h.status, h.placed_at, h.updated_at, p.id, p.name, p.class_name,"
    " p.card, t.id, t.title, t.isbn, i.barcode,"
    ' (SELECT MIN(c.barcode) FROM "item" c WHERE c.title_id = t.id),'
    " CASE WHEN h.status = 'waiting' THEN"
    ' (SELECT COUNT(*) FROM "hold" w WHERE w.title_id = h.title_id'
    " AND w.status = 'waiting' AND (w.placed_at < h.placed_at"
    " OR (w.placed_at = h.placed_at AND w.id <= h.id))) ELSE 0 END"
    ' FROM "hold" h JOIN "patron" p ON p.id = h.patron_id'
    ' JOIN "title" t ON t.id = h.title_id LEFT JOIN "item" i ON i.id = h.item_id'
)
_ACTIVE = " WHERE h.status IN ('waiting', 'ready')"


def _hold_line(r: tuple) -> HoldLine:
    placed = _datetime(r[2])
    ready = r[1] == "ready" and r[3] is not None
    return HoldLine(
        id=r[0],
        status=r[1],
        placed_at=placed,
        since=_datetime(r[3]) if ready else placed,
        patron_id=r[4],
        patron_name=r[5],
        class_name=r[6],
        card=r[7],
        title_id=r[8],
        title=r[9],
        isbn=r[10] or "",
        barcode=r[11] or "",
        scan=r[11] or r[12] or r[10] or "",
        position=int(r[13]),
    )


def active_holds(database: peewee.Database) -> list[HoldLine]:
    """Every waiting and ready hold: the hold shelf first, then by date placed."""
    lines = [_hold_line(r) for r in _rows(database, _HOLD_LINES + _ACTIVE)]
    return sorted(lines, key=lambda h: (h.status != "ready", h.since, h.id))


def active_hold(database: peewee.Database, hold_id: int) -> HoldLine | None:
    """One waiting or ready hold, or None (unknown, collected or cancelled)."""
    rows = _rows(database, f"{_HOLD_LINES}{_ACTIVE} AND h.id = ?", hold_id)
    return _hold_line(rows[0]) if rows else None
