"""Ports: the small interfaces the pure core needs from the outside world."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import Decimal
from typing import Any, Protocol

from kiosk.circulation.model import (
    ClosedPeriod,
    Event,
    Hold,
    HoldStatus,
    Item,
    ItemStatus,
    Loan,
    LoanRule,
    Patron,
    PatronStatus,
    PatronType,
    Title,
)


class Clock(Protocol):
    """The time of day, injected so tests control it."""

    def now(self) -> dt.datetime:
        """Return the current local time."""
        ...

    def today(self) -> dt.date:
        """Return the current local date."""
        ...


class LoanConflict(Exception):  # noqa: N818 - a signal from the store, not a fault
    """Another kiosk got there first: the copy was lent, or the loan closed."""


class LoanStore(Protocol):
    """Reads and writes of circulation data; one transaction per service call."""

    def transaction(self) -> AbstractContextManager[object]:
        """Open a transaction that commits on success and rolls back on error."""
        ...

    def patron_by_card(self, card: str) -> Patron | None:
        """Find a patron by card barcode."""
        ...

    def patron(self, patron_id: int) -> Patron | None:
        """Find a patron by id."""
        ...

    def item_by_barcode(self, barcode: str) -> Item | None:
        """Find a copy by its accession barcode."""
        ...

    def title_by_isbn(self, isbn13: str) -> Title | None:
        """Find a title by normalised ISBN-13."""
        ...

    def title_by_issn(self, issn: str) -> Title | None:
        """Find a periodical by ISSN."""
        ...

    def items_of_title(self, title_id: int) -> list[Item]:
        """Return every copy of a title, in barcode order."""
        ...

    def open_loan_of_item(self, item_id: int) -> Loan | None:
        """Return the open loan of a copy, if any."""
        ...

    def open_loans_of_patron(self, patron_id: int) -> list[Loan]:
        """Return a patron's open loans, oldest first."""
        ...

    def open_loans_of_title(self, title_id: int) -> list[Loan]:
        """Return the open loans of a title, oldest first."""
        ...

    def active_holds_of_patron(self, patron_id: int) -> list[tuple[Hold, Title]]:
        """Return a patron's waiting and ready holds with their titles."""
        ...

    def set_patron_status(self, patron: Patron, status: PatronStatus) -> Patron:
        """Change a patron's status."""
        ...

    def owed_by_patron(self, patron_id: int) -> list[tuple[str, Decimal]]:
        """Return each copy's compensation still unpaid (barcode, amount)."""
        ...

    def patron_pin_hash(self, patron_id: int) -> str | None:
        """Return the hash of a patron's PIN, None when they have none."""
        ...

    def active_holds_of_title(self, title_id: int) -> list[Hold]:
        """Return waiting and ready holds of a title, oldest first."""
        ...

    def class_names(self) -> list[str]:
        """Return the classes that have active students."""
        ...

    def patrons_of_class(self, class_name: str) -> list[Patron]:
        """Return a class's active patrons."""
        ...

    def open_loans_of_class(self, class_name: str) -> list[Loan]:
        """Return the open loans of a class's patrons."""
        ...

    def outcomes_since(self, since: dt.datetime) -> dict[str, int]:
        """Count the event log's outcomes since a moment."""
        ...

    def item(self, item_id: int) -> Item | None:
        """Find a copy by id."""
        ...

    def recent_events(self, kiosk: str, limit: int) -> list[Event]:
        """A kiosk's latest events, oldest first."""
        ...

    def loan_rule(self, patron_type: PatronType, grade: int | None = None) -> LoanRule:
        """Return the rule for a grade of a patron type, else the type's own."""
        ...

    def closed_periods(self) -> Sequence[ClosedPeriod]:
        """Return holidays and vacations (the same object while none changes)."""
        ...

    def add_loan(
        self, item: Item, patron: Patron, out_at: dt.datetime, due: dt.date, kiosk: str
    ) -> Loan:
        """Record a loan and mark the copy on loan; raise LoanConflict if taken."""
        ...

    def close_loan(self, loan: Loan, returned_at: dt.datetime) -> Loan:
        """Record a return and make the copy available."""
        ...

    def renew_loan(self, loan: Loan, due: dt.date) -> Loan:
        """Move a loan's due date and count the renewal."""
        ...

    def add_hold(self, patron: Patron, title: Title, at: dt.datetime) -> Hold:
        """Record a hold."""
        ...

    def set_hold(
        self, hold: Hold, status: HoldStatus, at: dt.datetime, item_id: int | None
    ) -> Hold:
        """Change a hold's status (and the copy it is waiting on)."""
        ...

    def set_item_status(self, item: Item, status: ItemStatus) -> Item:
        """Change a copy's status."""
        ...

    def log_event(self, event: Event) -> None:
        """Append one line to the event log."""
        ...


class FrameSource(Protocol):
    """A camera, a video file or an image folder."""

    def read(self) -> Any | None:
        """Return the next image (numpy array), or None when none came."""
        ...

    def open(self) -> bool:
        """(Re)open the device or file; return whether it is usable."""
        ...

    def close(self) -> None:
        """Release the device or file."""
        ...


class Link(Protocol):
    """The library database's state, for a kiosk that can work offline."""

    offline: bool

    def pending(self) -> int:
        """How many offline actions wait for the library database."""
        ...

    def poll(self) -> None:
        """Retry the database or refresh the snapshot when it is time."""
        ...
