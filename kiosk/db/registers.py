"""The registers' actions: repair, withdraw, lost, damaged, compensation paid.

Each call is one transaction that changes the copy, writes its register row and
appends an event (its own action name, the kiosk id), or changes nothing and
says why with an outcome code. The kiosk's staff menu and the admin command
line both call these; neither needs to know SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

import peewee

from kiosk.circulation import model as m
from kiosk.circulation.holds import HoldShelf
from kiosk.db import models as db
from kiosk.db.store import PeeweeLoanStore
from kiosk.errors import StoreError

log = logging.getLogger(__name__)

CENT = Decimal("0.01")


class RegisterOutcome(StrEnum):
    """What a register action did (codes are stable: the event log keeps them)."""

    REPAIR_SENT = "REPAIR_SENT"
    REPAIR_BACK = "REPAIR_BACK"
    WITHDRAWN = "WITHDRAWN"
    MARKED_LOST = "MARKED_LOST"
    MARKED_DAMAGED = "MARKED_DAMAGED"
    PAID = "PAID"
    FOUND = "FOUND"
    UNKNOWN_ITEM = "UNKNOWN_ITEM"
    ON_LOAN = "ON_LOAN"
    ALREADY_IN_REPAIR = "ALREADY_IN_REPAIR"
    NOT_IN_REPAIR = "NOT_IN_REPAIR"
    ALREADY_WITHDRAWN = "ALREADY_WITHDRAWN"
    ALREADY_LOST = "ALREADY_LOST"
    ALREADY_DAMAGED = "ALREADY_DAMAGED"
    WRONG_STATUS = "WRONG_STATUS"
    UNKNOWN_CARD = "UNKNOWN_CARD"
    NOT_THE_BORROWER = "NOT_THE_BORROWER"
    NO_REASON = "NO_REASON"
    UNKNOWN_ENTRY = "UNKNOWN_ENTRY"
    BAD_AMOUNT = "BAD_AMOUNT"
    OVERPAID = "OVERPAID"
    NOT_LOST = "NOT_LOST"

    @property
    def ok(self) -> bool:
        """Whether the action was recorded."""
        return self in _DONE


_DONE = frozenset(
    {
        RegisterOutcome.REPAIR_SENT,
        RegisterOutcome.REPAIR_BACK,
        RegisterOutcome.WITHDRAWN,
        RegisterOutcome.MARKED_LOST,
        RegisterOutcome.MARKED_DAMAGED,
        RegisterOutcome.PAID,
        RegisterOutcome.FOUND,
    }
)


@dataclass(frozen=True)
class CompensationRule:
    """How much a lost or damaged book costs its borrower (from config)."""

    factor: Decimal
    minimum: Decimal

    @classmethod
    def of(cls, factor: float, minimum: float) -> CompensationRule:
        """Build from the config's floats without binary-float cents."""
        return cls(Decimal(str(factor)), Decimal(str(minimum)))

    def asked(self, price: Decimal | None) -> Decimal:
        """The title's price times the factor, never below the minimum."""
        if price is None:
            return self.minimum.quantize(CENT)
        amount = (price * self.factor).quantize(CENT, rounding=ROUND_HALF_UP)
        return max(amount, self.minimum.quantize(CENT))


@dataclass(frozen=True)
class RegisterResult:
    """Everything a screen or the command line needs to say what happened.

    Attributes:
        outcome: the code.
        barcode: the copy's barcode as typed.
        item: the copy (its status after the action when it was recorded).
        loan: the loan in the way (ON_LOAN) or closed (lost/damaged on loan).
        patron: that loan's patron, or who is asked to pay.
        entry_id: the register row written (the loss id for ``registers paid``).
        asked: compensation asked; ``paid`` and ``outstanding`` after a payment.
        hold_for: back from repair: the patron a hold puts the copy aside for.
    """

    outcome: RegisterOutcome
    barcode: str = ""
    item: m.Item | None = None
    loan: m.Loan | None = None
    patron: m.Patron | None = None
    entry_id: int | None = None
    asked: Decimal | None = None
    paid: Decimal | None = None
    outstanding: Decimal | None = None
    hold_for: m.Patron | None = None

    @property
    def ok(self) -> bool:
        """Whether the action was recorded."""
        return self.outcome.ok


@contextmanager
def atomic(database: peewee.Database) -> Iterator[PeeweeLoanStore]:
    """One transaction with the models bound; database failures become StoreError."""
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            yield PeeweeLoanStore(database)
    except peewee.PeeweeException as e:
        raise StoreError(f"nothing was changed: {e}") from e


def log_event(
    store: PeeweeLoanStore,
    action: str,
    outcome: str,
    *,
    at: dt.datetime,
    kiosk: str,
    item_id: int | None = None,
    patron_id: int | None = None,
    scan: str = "",
) -> None:
    """Append one register event (ids only, never names)."""
    store.log_event(m.Event(at, kiosk, action, outcome, patron_id, item_id, scan))
    log.info("%s %s item=%s patron=%s", action, outcome, item_id, patron_id or "-")


def release_holds(item_id: int, now: dt.datetime) -> None:
    """A copy put aside for a hold leaves the shelf: the hold waits again."""
    db.Hold.update(status=m.HoldStatus.WAITING.value, item=None, updated_at=now).where(
        (db.Hold.item == item_id) & (db.Hold.status == m.HoldStatus.READY.value)
    ).execute()


def _find(store: PeeweeLoanStore, barcode: str) -> m.Item | RegisterResult:
    code = barcode.strip()
    # PostgreSQL refuses NUL in text: a damaged scan is unknown, not looked up.
    item = store.item_by_barcode(code) if code.isprintable() else None
    return item or RegisterResult(RegisterOutcome.UNKNOWN_ITEM, barcode)


def _on_loan(store: PeeweeLoanStore, item: m.Item, barcode: str) -> RegisterResult:
    loan = store.open_loan_of_item(item.id)
    patron = store.patron(loan.patron_id) if loan else None
    return RegisterResult(
        RegisterOutcome.ON_LOAN, barcode, item, loan=loan, patron=patron
    )


def _set_status(item: m.Item, status: m.ItemStatus) -> m.Item:
    db.Item.update(status=status.value).where(db.Item.id == item.id).execute()
    return dataclasses.replace(item, status=status)


# -- repairs (修补) --------------------------------------------------------------

_REPAIRABLE = (m.ItemStatus.AVAILABLE, m.ItemStatus.DAMAGED)


def send_to_repair(
    database: peewee.Database,
    barcode: str,
    *,
    note: str = "",
    now: dt.datetime,
    kiosk: str,
) -> RegisterResult:
    """Take a copy off the shelf for repair (not while it is on loan)."""
    with atomic(database) as store:
        item = _find(store, barcode)
        if isinstance(item, RegisterResult):
            return item
        if item.status is m.ItemStatus.ON_LOAN:
            return _on_loan(store, item, barcode)
        if item.status is m.ItemStatus.IN_REPAIR:
            return RegisterResult(RegisterOutcome.ALREADY_IN_REPAIR, barcode, item)
        if item.status not in _REPAIRABLE:
            return RegisterResult(RegisterOutcome.WRONG_STATUS, barcode, item)
        row = db.Repair.create(item=item.id, sent_at=now, note=note, kiosk=kiosk)
        release_holds(item.id, now)
        item = _set_status(item, m.ItemStatus.IN_REPAIR)
        outcome = RegisterOutcome.REPAIR_SENT
        log_event(store, "repair_send", outcome, at=now, kiosk=kiosk, item_id=item.id)
        return RegisterResult(outcome, barcode, item, entry_id=row.id)


def back_from_repair(
    database: peewee.Database, barcode: str, *, now: dt.datetime, kiosk: str
) -> RegisterResult:
    """Put a repaired copy back on the shelf (or aside for the oldest hold)."""
    with atomic(database) as store:
        item = _find(store, barcode)
        if isinstance(item, RegisterResult):
            return item
        if item.status is not m.ItemStatus.IN_REPAIR:
            return RegisterResult(RegisterOutcome.NOT_IN_REPAIR, barcode, item)
        db.Repair.update(back_at=now).where(
            (db.Repair.item == item.id) & db.Repair.back_at.is_null()
        ).execute()
        entry = (
            db.Repair.select(db.Repair.id)
            .where(db.Repair.item == item.id)
            .order_by(db.Repair.id.desc())
            .first()
        )
        item = _set_status(item, m.ItemStatus.AVAILABLE)
        hold_for = HoldShelf(store).pass_on(item, now)
        outcome = RegisterOutcome.REPAIR_BACK
        log_event(store, "repair_back", outcome, at=now, kiosk=kiosk, item_id=item.id)
        return RegisterResult(
            outcome,
            barcode,
            item,
            entry_id=entry.id if entry else None,
            hold_for=hold_for,
        )


# -- withdrawals (注销/剔除) ------------------------------------------------------


def withdraw(
    database: peewee.Database,
    barcode: str,
    *,
    reason: str,
    now: dt.datetime,
    kiosk: str,
) -> RegisterResult:
    """Take a copy out of the collection for good; it is never lent again."""
    reason = reason.strip()
    with atomic(database) as store:
        item = _find(store, barcode)
        if isinstance(item, RegisterResult):
            return item
        if not reason:
            return RegisterResult(RegisterOutcome.NO_REASON, barcode, item)
        if item.status is m.ItemStatus.ON_LOAN:
            return _on_loan(store, item, barcode)
        if item.status is m.ItemStatus.WITHDRAWN:
            return RegisterResult(RegisterOutcome.ALREADY_WITHDRAWN, barcode, item)
        if item.status is m.ItemStatus.IN_REPAIR:
            return RegisterResult(RegisterOutcome.WRONG_STATUS, barcode, item)
        row = db.Withdrawal.create(
            item=item.id, at=now, reason=reason, was=item.status.value, kiosk=kiosk
        )
        release_holds(item.id, now)
        item = _set_status(item, m.ItemStatus.WITHDRAWN)
        outcome = RegisterOutcome.WITHDRAWN
        log_event(
            store,
            "withdraw",
            outcome,
            at=now,
            kiosk=kiosk,
            item_id=item.id,
            scan=reason[:128],
        )
        return RegisterResult(outcome, barcode, item, entry_id=row.id)


# -- lost and damaged (赔偿) -------------------------------------------------------

_LOSS = {
    m.ItemStatus.LOST: (
        RegisterOutcome.MARKED_LOST,
        RegisterOutcome.ALREADY_LOST,
        (m.ItemStatus.AVAILABLE, m.ItemStatus.DAMAGED),
    ),
    m.ItemStatus.DAMAGED: (
        RegisterOutcome.MARKED_DAMAGED,
        RegisterOutcome.ALREADY_DAMAGED,
        (m.ItemStatus.AVAILABLE,),
    ),
}


def mark_lost(
    database: peewee.Database,
    barcode: str,
    *,
    rule: CompensationRule,
    now: dt.datetime,
    kiosk: str,
    card: str | None = None,
    asked: Decimal | None = None,
    note: str = "",
) -> RegisterResult:
    """Record a copy as lost; a loan of it is closed and its borrower asked to pay."""
    return _mark(
        database, m.ItemStatus.LOST, barcode, rule, now, kiosk, card, asked, note
    )


def mark_damaged(
    database: peewee.Database,
    barcode: str,
    *,
    rule: CompensationRule,
    now: dt.datetime,
    kiosk: str,
    card: str | None = None,
    asked: Decimal | None = None,
    note: str = "",
) -> RegisterResult:
    """Record a copy as damaged; a loan of it is closed, its borrower asked to pay."""
    return _mark(
        database, m.ItemStatus.DAMAGED, barcode, rule, now, kiosk, card, asked, note
    )


def _mark(
    database: peewee.Database,
    kind: m.ItemStatus,
    barcode: str,
    rule: CompensationRule,
    now: dt.datetime,
    kiosk: str,
    card: str | None,
    asked: Decimal | None,
    note: str,
) -> RegisterResult:
    done, already, allowed = _LOSS[kind]
    with atomic(database) as store:
        item = _find(store, barcode)
        if isinstance(item, RegisterResult):
            return item
        if item.status is kind:
            return RegisterResult(already, barcode, item)
        loan = store.open_loan_of_item(item.id)
        if loan is None and item.status not in allowed:
            return RegisterResult(RegisterOutcome.WRONG_STATUS, barcode, item)
        patron = _who_pays(store, loan, card, barcode, item)
        if isinstance(patron, RegisterResult):
            return patron
        if asked is None:
            asked = rule.asked(item.title.price) if patron else Decimal(0)
        if asked < 0 or asked != asked.quantize(CENT):
            return RegisterResult(RegisterOutcome.BAD_AMOUNT, barcode, item)
        asked = asked.quantize(CENT)
        if loan is not None:
            _close_loan(loan, kind, now)
        release_holds(item.id, now)
        item = _set_status(item, kind)
        row = db.Loss.create(
            item=item.id,
            kind=kind.value,
            at=now,
            patron=patron.id if patron else None,
            loan=loan.id if loan else None,
            asked=asked,
            note=note,
            kiosk=kiosk,
        )
        log_event(
            store,
            f"mark_{kind.value}",
            done,
            at=now,
            kiosk=kiosk,
            item_id=item.id,
            patron_id=patron.id if patron else None,
            scan=f"loss {row.id} asked {asked}",
        )
        return RegisterResult(
            done, barcode, item, loan, patron, row.id, asked, Decimal(0), asked
        )


def _who_pays(
    store: PeeweeLoanStore,
    loan: m.Loan | None,
    card: str | None,
    barcode: str,
    item: m.Item,
) -> m.Patron | RegisterResult | None:
    """The borrower of an open loan, else the patron named by ``card`` (if any)."""
    named = None
    if card:
        named = store.patron_by_card(card.strip().upper())
        if named is None:
            return RegisterResult(RegisterOutcome.UNKNOWN_CARD, barcode, item)
    if loan is None:
        return named
    borrower = store.patron(loan.patron_id)
    if named is not None and borrower is not None and named.id != borrower.id:
        return RegisterResult(
            RegisterOutcome.NOT_THE_BORROWER, barcode, item, loan, borrower
        )
    return borrower


def _close_loan(loan: m.Loan, kind: m.ItemStatus, now: dt.datetime) -> None:
    """End the loan: the copy is not coming back (lost) or came back damaged."""
    db.Loan.update(returned_at=now, closed_as=kind.value).where(
        (db.Loan.id == loan.id) & db.Loan.returned_at.is_null()
    ).execute()


def record_payment(
    database: peewee.Database,
    loss_id: int,
    amount: Decimal,
    *,
    now: dt.datetime,
    kiosk: str,
) -> RegisterResult:
    """Record compensation paid against a loss; never more than is outstanding."""
    with atomic(database) as store:
        row = db.Loss.get_or_none(db.Loss.id == loss_id)
        if row is None:
            return RegisterResult(RegisterOutcome.UNKNOWN_ENTRY, entry_id=loss_id)
        item = store.item_by_barcode(row.item.barcode) if row.item.barcode else None
        patron = store.patron(row.patron_id) if row.patron_id else None
        asked, paid = Decimal(row.asked), Decimal(row.paid)
        facts = {
            "barcode": row.item.barcode or "",
            "item": item,
            "patron": patron,
            "entry_id": row.id,
            "asked": asked,
            "paid": paid,
            "outstanding": asked - paid,
        }
        if amount <= 0 or amount != amount.quantize(CENT):
            return RegisterResult(RegisterOutcome.BAD_AMOUNT, **facts)
        if paid + amount > asked:
            return RegisterResult(RegisterOutcome.OVERPAID, **facts)
        amount = amount.quantize(CENT)
        paid += amount
        db.Loss.update(paid=paid, paid_at=now).where(db.Loss.id == row.id).execute()
        outcome = RegisterOutcome.PAID
        log_event(
            store,
            "compensation_paid",
            outcome,
            at=now,
            kiosk=kiosk,
            item_id=row.item_id,
            patron_id=row.patron_id,
            scan=f"loss {row.id} paid {amount}",
        )
        facts.update(paid=paid, outstanding=asked - paid)
        return RegisterResult(outcome, **facts)


def mark_found(
    database: peewee.Database, barcode: str, *, now: dt.datetime, kiosk: str
) -> RegisterResult:
    """A copy recorded lost turned up: back on the shelf (or aside for a hold).

    Its compensation entry stays as it is: whether to refund is the school's call.
    """
    with atomic(database) as store:
        item = _find(store, barcode)
        if isinstance(item, RegisterResult):
            return item
        if item.status is not m.ItemStatus.LOST:
            return RegisterResult(RegisterOutcome.NOT_LOST, barcode, item)
        item = _set_status(item, m.ItemStatus.AVAILABLE)
        hold_for = HoldShelf(store).pass_on(item, now)
        outcome = RegisterOutcome.FOUND
        log_event(store, "mark_found", outcome, at=now, kiosk=kiosk, item_id=item.id)
        return RegisterResult(outcome, barcode, item, hold_for=hold_for)
