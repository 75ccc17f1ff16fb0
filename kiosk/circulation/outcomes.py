"""Outcome codes and the result every service call returns.

Bad input is an outcome, not an exception: a screen turns the code into words
through the message catalogue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from kiosk.circulation.model import Item, Loan, Patron, Title


class Outcome(StrEnum):
    """What happened to a scan (codes are stable: logs and reports use them)."""

    # Successes
    PATRON_OK = "PATRON_OK"
    CHECKED_OUT = "CHECKED_OUT"
    RETURNED = "RETURNED"
    RENEWED = "RENEWED"
    HOLD_PLACED = "HOLD_PLACED"
    HOLD_CANCELLED = "HOLD_CANCELLED"
    SESSION_ENDED = "SESSION_ENDED"
    # Scans that are not what was expected
    UNKNOWN_BARCODE = "UNKNOWN_BARCODE"
    BAD_CHECK_DIGIT = "BAD_CHECK_DIGIT"
    NOT_A_CARD = "NOT_A_CARD"
    NOT_A_BOOK = "NOT_A_BOOK"
    NO_PATRON = "NO_PATRON"
    # Patron refusals
    UNKNOWN_CARD = "UNKNOWN_CARD"
    CARD_EXPIRED = "CARD_EXPIRED"
    CARD_SUSPENDED = "CARD_SUSPENDED"
    CARD_LEFT = "CARD_LEFT"
    LIMIT_REACHED = "LIMIT_REACHED"
    OVERDUE_BLOCK = "OVERDUE_BLOCK"
    # Book refusals
    UNKNOWN_BOOK = "UNKNOWN_BOOK"
    NOT_FOR_LOAN = "NOT_FOR_LOAN"
    ON_LOAN_TO_OTHER = "ON_LOAN_TO_OTHER"
    ALREADY_ON_LOAN_TO_YOU = "ALREADY_ON_LOAN_TO_YOU"
    RESERVED_FOR_OTHER = "RESERVED_FOR_OTHER"
    NO_MORE_RENEWALS = "NO_MORE_RENEWALS"
    NOT_ON_LOAN = "NOT_ON_LOAN"
    NOT_YOUR_LOAN = "NOT_YOUR_LOAN"
    HOLD_EXISTS = "HOLD_EXISTS"
    NO_HOLD = "NO_HOLD"
    # Refused only because the library's database cannot be reached
    OFFLINE_NOT_ALLOWED = "OFFLINE_NOT_ALLOWED"

    @property
    def ok(self) -> bool:
        """Whether the scan did what the person wanted."""
        return self in _SUCCESSES


_SUCCESSES = frozenset(
    {
        Outcome.PATRON_OK,
        Outcome.CHECKED_OUT,
        Outcome.RETURNED,
        Outcome.RENEWED,
        Outcome.HOLD_PLACED,
        Outcome.HOLD_CANCELLED,
        Outcome.SESSION_ENDED,
    }
)


@dataclass(frozen=True)
class Block:
    """Something that stops a patron borrowing: overdue books or the limit."""

    outcome: Outcome
    count: int
    limit: int | None = None


@dataclass(frozen=True)
class Result:
    """Everything a screen, a slip or the console needs to show one outcome.

    Attributes:
        outcome: the code.
        scan: the raw scanned text.
        patron: the patron acted for (or identified).
        item: the copy concerned.
        title: the title concerned (also when no copy was found).
        loan: the loan made, renewed, returned or standing in the way.
        due: the due date of that loan.
        days_late: on a return, days past the due date.
        hold_for: on a return, the patron a hold is waiting for: put the book aside.
        count: with LIMIT_REACHED / OVERDUE_BLOCK, how many loans count.
        limit: with LIMIT_REACHED / NO_MORE_RENEWALS, the limit.
        loans: on identify, the patron's current loans.
        blocks: on identify, what would stop a check-out.
    """

    outcome: Outcome
    scan: str = ""
    patron: Patron | None = None
    item: Item | None = None
    title: Title | None = None
    loan: Loan | None = None
    due: dt.date | None = None
    days_late: int = 0
    hold_for: Patron | None = None
    count: int | None = None
    limit: int | None = None
    loans: tuple[Loan, ...] = ()
    blocks: tuple[Block, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the scan did what the person wanted."""
        return self.outcome.ok
