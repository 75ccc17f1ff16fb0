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
