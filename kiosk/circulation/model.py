"""Value objects the service reasons about; stores translate rows into these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class PatronType(StrEnum):
    """Who may borrow; each type has its own loan rule."""

    STUDENT = "student"
    TEACHER = "teacher"
    STAFF = "staff"


class PatronStatus(StrEnum):
    """Whether a card may be used."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    LEFT = "left"


class ItemStatus(StrEnum):
    """Where a copy is in its life."""

    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    LOST = "lost"
    DAMAGED = "damaged"
    IN_REPAIR = "in_repair"
    WITHDRAWN = "withdrawn"


class HoldStatus(StrEnum):
    """A hold waits for a copy, then a copy waits on the hold shelf."""

    WAITING = "waiting"
    READY = "ready"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Patron:
    """A student or member of staff who may borrow."""

    id: int
    card: str
    name: str
    class_name: str
    grade: int | None
    type: PatronType
    status: PatronStatus
    card_expiry: dt.date | None


@dataclass(frozen=True)
class Title:
    """A book as published."""

    id: int
    isbn: str | None
    issn: str | None
    title: str
    author: str
    publisher: str
    year: int | None
    call_number: str
    price: Decimal | None


@dataclass(frozen=True)
class Item:
    """One physical copy of a title."""

    id: int
    barcode: str | None
    title: Title
    status: ItemStatus
    location: str

    @property
    def label(self) -> str:
        """The copy's barcode, or its internal number when it has no label."""
        return self.barcode or f"#{self.id}"


@dataclass(frozen=True)
class Loan:
    """A copy lent to a patron."""

    id: int
    item: Item
    patron_id: int
    out_at: dt.datetime
    due: dt.date
    returned_at: dt.datetime | None
    renewals: int
    kiosk: str

    def days_overdue(self, today: dt.date) -> int:
        """Return calendar days past the due date (0 when not late)."""
        return max(0, (today - self.due).days)


@dataclass(frozen=True)
class Hold:
    """A patron waiting for a title."""

    id: int
    patron_id: int
    title_id: int
    placed_at: dt.datetime
    status: HoldStatus
    item_id: int | None


@dataclass(frozen=True)
class LoanRule:
    """How long, how many and how often, per patron type (and grade).

    Attributes:
        patron_type: who the rule is for.
        loan_days: days a new loan runs.
        max_items: how many books may be out at once.
        max_renewals: how often one loan may be renewed.
        grade: the grade the rule is for; None for every grade of the type
            without a rule of its own.
        renewal_days: days a renewal runs from the day it is made; None for
            the same as ``loan_days``.
    """

    patron_type: PatronType
    loan_days: int
    max_items: int
    max_renewals: int
    grade: int | None = None
    renewal_days: int | None = None

    @property
    def days_for_renewal(self) -> int:
        """Days a renewal runs: ``renewal_days``, else ``loan_days``."""
        return self.renewal_days or self.loan_days


@dataclass(frozen=True)
class ClosedPeriod:
    """Days the library is shut: a holiday or a vacation (inclusive)."""

    start: dt.date
    end: dt.date
    reason: str


@dataclass(frozen=True)
class Event:
    """One line of the append-only event log: every action and refusal."""

    at: dt.datetime
    kiosk: str
    action: str
    outcome: str
    patron_id: int | None
    item_id: int | None
    scan: str
    staff: str = ""  # the desk account that acted ("" at a kiosk)
    note: str = ""  # an override's reason, a block's reason
