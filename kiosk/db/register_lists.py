"""The registers read back for listing and export: one row dataclass per register.

``since``/``until`` are datetimes (``until`` excluded); either may be None for
an open end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import peewee

from kiosk.db import models as db

STAFF_TYPES = ("teacher", "staff")


@dataclass(frozen=True)
class RepairRow:
    """One copy sent to repair (back_at None while it is away)."""

    id: int
    barcode: str
    title: str
    sent_at: dt.datetime
    note: str
    back_at: dt.datetime | None
    status: str


@dataclass(frozen=True)
class WithdrawalRow:
    """One copy withdrawn from the collection."""

    id: int
    barcode: str
    title: str
    call_number: str
    price: Decimal | None
    at: dt.datetime
    reason: str
    was: str


@dataclass(frozen=True)
class LossRow:
    """One copy lost or damaged, with the compensation asked and paid."""

    id: int
    barcode: str
    title: str
    kind: str
    at: dt.datetime
    card: str
    name: str
    class_name: str
    asked: Decimal
    paid: Decimal
    note: str

    @property
    def outstanding(self) -> Decimal:
        """What is still to be paid."""
        return self.asked - self.paid


@dataclass(frozen=True)
class HoldRow:
    """One hold (预约) placed by a teacher or member of staff."""

    id: int
    card: str
    name: str
    title: str
    isbn: str
    placed_at: dt.datetime
    status: str
    barcode: str


@dataclass(frozen=True)
class StaffLoanRow:
    """One loan of a teacher or member of staff."""

    id: int
    card: str
    name: str
    barcode: str
    title: str
    out_at: dt.datetime
    due: dt.date
    returned_at: dt.datetime | None
    closed_as: str


def _between(
    field: peewee.Field, since: dt.datetime | None, until: dt.datetime | None
) -> peewee.Expression:
    cond = field.is_null(False)
    if since is not None:
        cond &= field >= since
    if until is not None:
        cond &= field < until
    return cond


def repairs(
    database: peewee.Database,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    *,
    away_only: bool = False,
) -> list[RepairRow]:
    """Copies sent to repair in the period, oldest first."""
    where = _between(db.Repair.sent_at, since, until)
    if away_only:
        where &= db.Repair.back_at.is_null()
    with database.bind_ctx(db.MODELS):
        query = (
            db.Repair.select(db.Repair, db.Item, db.Title)
            .join(db.Item)
            .join(db.Title)
            .where(where)
            .order_by(db.Repair.sent_at, db.Repair.id)
        )
        return [
            RepairRow(
                r.id,
                r.item.barcode or f"#{r.item.id}",
                r.item.title.title,
                r.sent_at,
                r.note,
                r.back_at,
                r.item.status,
            )
            for r in query
        ]


def withdrawals(
    database: peewee.Database,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[WithdrawalRow]:
    """Copies withdrawn in the period, oldest first."""
    with database.bind_ctx(db.MODELS):
        query = (
            db.Withdrawal.select(db.Withdrawal, db.Item, db.Title)
            .join(db.Item)
            .join(db.Title)
            .where(_between(db.Withdrawal.at, since, until))
            .order_by(db.Withdrawal.at, db.Withdrawal.id)
        )
        return [
            WithdrawalRow(
                w.id,
                w.item.barcode or f"#{w.item.id}",
                w.item.title.title,
                w.item.title.call_number,
                w.item.title.price,
                w.at,
                w.reason,
                w.was,
            )
            for w in query
        ]


def losses(
    database: peewee.Database,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    *,
    outstanding_only: bool = False,
) -> list[LossRow]:
    """Copies lost or damaged in the period, oldest first."""
    where = _between(db.Loss.at, since, until)
    if outstanding_only:
        where &= db.Loss.paid < db.Loss.asked
    with database.bind_ctx(db.MODELS):
        query = (
            db.Loss.select(db.Loss, db.Item, db.Title, db.Patron)
            .join(db.Item)
            .join(db.Title)
            .switch(db.Loss)
            .join(db.Patron, peewee.JOIN.LEFT_OUTER)
            .where(where)
            .order_by(db.Loss.at, db.Loss.id)
        )
        rows = []
        for r in query:
            patron = r.patron if r.patron_id else None
            rows.append(
                LossRow(
                    r.id,
                    r.item.barcode or f"#{r.item.id}",
                    r.item.title.title,
                    r.kind,
                    r.at,
                    patron.card if patron else "",
                    patron.name if patron else "",
                    patron.class_name if patron else "",
                    Decimal(r.asked),
                    Decimal(r.paid),
                    r.note,
                )
            )
        return rows


def staff_holds(
    database: peewee.Database,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    *,
    active_only: bool = False,
) -> list[HoldRow]:
    """Holds placed by teachers and staff in the period, oldest first."""
    where = _between(db.Hold.placed_at, since, until) & db.Patron.type.in_(STAFF_TYPES)
    if active_only:
        where &= db.Hold.status.in_(("waiting", "ready"))
    with database.bind_ctx(db.MODELS):
        query = (
            db.Hold.select(db.Hold, db.Patron, db.Title, db.Item)
            .join(db.Patron)
            .switch(db.Hold)
            .join(db.Title)
            .switch(db.Hold)
            .join(db.Item, peewee.JOIN.LEFT_OUTER)
            .where(where)
            .order_by(db.Hold.placed_at, db.Hold.id)
        )
        return [
            HoldRow(
                h.id,
                h.patron.card,
                h.patron.name,
                h.title.title,
                h.title.isbn or h.title.issn or "",
                h.placed_at,
                h.status,
                (h.item.barcode or "") if h.item_id else "",
            )
            for h in query
        ]


def staff_loans(
    database: peewee.Database,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    *,
    open_only: bool = False,
) -> list[StaffLoanRow]:
    """Loans of teachers and staff made in the period, oldest first."""
    where = _between(db.Loan.out_at, since, until) & db.Patron.type.in_(STAFF_TYPES)
    if open_only:
        where &= db.Loan.returned_at.is_null()
    with database.bind_ctx(db.MODELS):
        query = (
            db.Loan.select(
                db.Loan.id,
                db.Patron.card,
                db.Patron.name,
                db.Item.barcode,
                db.Item.id,
                db.Title.title,
                db.Loan.out_at,
                db.Loan.due,
                db.Loan.returned_at,
                db.Loan.closed_as,
            )
            .join(db.Patron)
            .switch(db.Loan)
            .join(db.Item)
            .join(db.Title)
            .where(where)
            .order_by(db.Loan.out_at, db.Loan.id)
            .tuples()
        )
        return [
            StaffLoanRow(
                loan_id,
                card,
                name,
                barcode or f"#{item_id}",
                title,
                out_at,
                due,
                returned_at,
                closed_as or "",
            )
            for (
                loan_id,
                card,
                name,
                barcode,
                item_id,
                title,
                out_at,
                due,
                returned_at,
                closed_as,
            ) in query
        ]
