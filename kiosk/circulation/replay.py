"""Replaying an offline journal into the library database, as well as possible.

The journal records what patrons were told; the database may have moved on
meanwhile (another kiosk lent the copy, the patron was blocked). The rules:
a return of a copy on loan is always applied; a loan is applied whenever the
copy is free, even if the patron is now blocked or someone reserved the title
(the book has left the building: the librarian must know, not the database
pretend); what cannot be applied, or was applied against the rules, is a
``Conflict`` for the librarian's report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.circulation.codes import Classifier, CodeKind
from kiosk.circulation.holds import HoldShelf
from kiosk.circulation.model import (
    Hold,
    HoldStatus,
    Item,
    ItemStatus,
    Patron,
    PatronStatus,
    Title,
)
from kiosk.circulation.offline import JournalEntry
from kiosk.circulation.outcomes import Outcome
from kiosk.ports import LoanConflict, LoanStore


class Conflict(StrEnum):
    """What the librarian must look at after a replay (codes are stable)."""

    LENT_ELSEWHERE = "LENT_ELSEWHERE"  # the copy was lent at another kiosk
    NO_COPY = "NO_COPY"  # by ISBN: no copy of the title was free
    NOT_LENDABLE = "NOT_LENDABLE"  # the copy is lost, damaged, withdrawn...
    PATRON_BLOCKED = "PATRON_BLOCKED"  # lent although the patron is now blocked
    RESERVED = "RESERVED"  # lent or renewed although someone else reserved it
    UNKNOWN_PATRON = "UNKNOWN_PATRON"
    UNKNOWN_BOOK = "UNKNOWN_BOOK"
    ALREADY_RETURNED = "ALREADY_RETURNED"  # returned at another kiosk meanwhile
    RETURNED_BEFORE_LOAN = "RETURNED_BEFORE_LOAN"  # loan recorded after the return
    NOT_ON_LOAN = "NOT_ON_LOAN"  # renewal of a loan that no longer exists


@dataclass(frozen=True)
class Replayed:
    """What one journal entry did to the database.

    Attributes:
        applied: whether the database changed.
        result: the outcome recorded in the event log (an event's own, such
            as SLIP_PRINTED, for an entry that is an event only).
        conflict: what the librarian must look at, if anything.
        patron_id: the patron concerned, when known.
        item_id: the copy concerned, when known.
    """

    applied: bool
    result: Outcome | str
    conflict: Conflict | None = None
    patron_id: int | None = None
    item_id: int | None = None


class Replayer:
    """Applies journal entries through the store (inside the caller's transaction)."""

    def __init__(self, store: LoanStore, classifier: Classifier) -> None:
        self._store = store
        self._classifier = classifier
        self._holds = HoldShelf(store)

    def apply(self, entry: JournalEntry) -> Replayed:
        """Apply one entry as well as the database now allows."""
        if entry.action == "check_in":
            return self._check_in(entry)
        if entry.action == "check_out":
            return self._check_out(entry)
        if entry.action == "renew":
            return self._renew(entry)
        # Any other entry is an event only (a slip printed): logged as it was.
        patron = self._store.patron_by_card(entry.card) if entry.card else None
        return Replayed(True, entry.shown, patron_id=patron.id if patron else None)

    # -- returns -------------------------------------------------------------------

    def _check_in(self, entry: JournalEntry) -> Replayed:
        book = self._book(entry)
        if book is None:
            return Replayed(False, Outcome.UNKNOWN_BOOK, Conflict.UNKNOWN_BOOK)
        patron = self._store.patron_by_card(entry.card) if entry.card else None
        if isinstance(book, Item):
            loan = self._store.open_loan_of_item(book.id)
        else:
            loans = self._store.open_loans_of_title(book.id)
            mine = [ln for ln in loans if patron and ln.patron_id == patron.id]
            loan = (mine or loans or [None])[0]
        item_id = book.id if isinstance(book, Item) else None
        if loan is None:
            return Replayed(
                False, Outcome.NOT_ON_LOAN, Conflict.ALREADY_RETURNED, None, item_id
            )
        conflict = None
        returned_at = entry.at
        if loan.out_at > entry.at:  # lent again after this copy came back?
            conflict, returned_at = Conflict.RETURNED_BEFORE_LOAN, loan.out_at
        try:
            closed = self._store.close_loan(loan, returned_at)
        except LoanConflict:
            return Replayed(
                False, Outcome.NOT_ON_LOAN, Conflict.ALREADY_RETURNED, None, item_id
            )
        self._holds.pass_on(closed.item, returned_at)
        return Replayed(True, Outcome.RETURNED, conflict, loan.patron_id, loan.item.id)

    # -- loans ---------------------------------------------------------------------

    def _check_out(self, entry: JournalEntry) -> Replayed:
        patron = self._store.patron_by_card(entry.card)
        if patron is None:
            return Replayed(False, Outcome.UNKNOWN_CARD, Conflict.UNKNOWN_PATRON)
        book = self._book(entry)
        if book is None:
            return Replayed(
                False, Outcome.UNKNOWN_BOOK, Conflict.UNKNOWN_BOOK, patron.id
            )
        by_title = self._classifier.classify(entry.scan).kind is not CodeKind.ITEM
        picked = self._copy(patron, book, by_title=by_title)
        if isinstance(picked, Replayed):
            return picked
        due = entry.due or entry.at.date()
        conflict = self._blocked(patron, entry)
        hold = self._hold_check(patron, picked)
        if isinstance(hold, Conflict):
            conflict = conflict or hold
        try:
            self._store.add_loan(picked, patron, entry.at, due, entry.kiosk)
        except LoanConflict:
            return Replayed(
                False,
                Outcome.ON_LOAN_TO_OTHER,
                Conflict.LENT_ELSEWHERE,
                patron.id,
                picked.id,
            )
        if isinstance(hold, Hold):
            self._holds.fulfil(hold, picked, entry.at)
        elif hold is Conflict.RESERVED:
            self._unshelve(patron, picked, entry)
        return Replayed(True, Outcome.CHECKED_OUT, conflict, patron.id, picked.id)

    def _unshelve(self, patron: Patron, item: Item, entry: JournalEntry) -> None:
        """A copy put aside for someone else left with this patron: they wait again."""
        for hold in self._holds.of_title(item.title.id):
            aside = hold.status is HoldStatus.READY and hold.item_id == item.id
            if aside and hold.patron_id != patron.id:
                self._store.set_hold(hold, HoldStatus.WAITING, entry.at, None)

    def _copy(
        self, patron: Patron, book: Item | Title, *, by_title: bool
    ) -> Item | Replayed:
        """The copy to record the loan on, or why there is none.

        A copy scanned by its own barcode must be that copy; one scanned by
        ISBN may be any free copy of the title.
        """
        if isinstance(book, Item):
            if book.status is ItemStatus.AVAILABLE:
                return book
            loan = self._store.open_loan_of_item(book.id)
            if loan is not None and loan.patron_id == patron.id:
                # Recorded already (the database took it just before it went).
                return Replayed(False, Outcome.ALREADY_ON_LOAN_TO_YOU, None, patron.id)
            if by_title:
                return self._copy(patron, book.title, by_title=True)
            if loan is not None:
                return Replayed(
                    False,
                    Outcome.ON_LOAN_TO_OTHER,
                    Conflict.LENT_ELSEWHERE,
                    patron.id,
                    book.id,
                )
            return Replayed(
                False, Outcome.NOT_FOR_LOAN, Conflict.NOT_LENDABLE, patron.id, book.id
            )
        free = [
            c
            for c in self._store.items_of_title(book.id)
            if c.status is ItemStatus.AVAILABLE
        ]
        if not free:
            return Replayed(False, Outcome.NOT_FOR_LOAN, Conflict.NO_COPY, patron.id)
        return free[0]

    def _blocked(self, patron: Patron, entry: JournalEntry) -> Conflict | None:
        """Whether the patron may no longer borrow (the loan is recorded anyway)."""
        today = entry.at.date()
        if patron.status is not PatronStatus.ACTIVE or (
            patron.card_expiry and patron.card_expiry < today
        ):
            return Conflict.PATRON_BLOCKED
        loans = self._store.open_loans_of_patron(patron.id)
        rule = self._store.loan_rule(patron.type, patron.grade)
        if len(loans) >= rule.max_items:
            return Conflict.PATRON_BLOCKED
        return None

    def _hold_check(self, patron: Patron, item: Item) -> Hold | Conflict | None:
        """The patron's own hold this loan fulfils, or RESERVED for someone else's."""
        holds = self._holds.of_title(item.title.id)
        if not holds:
            return None
        chosen = self._holds.choose(patron.id, item.title, [item], holds)
        if isinstance(chosen, Hold):
            return Conflict.RESERVED
        return chosen[1]

    # -- renewals --------------------------------------------------------------------

    def _renew(self, entry: JournalEntry) -> Replayed:
        patron = self._store.patron_by_card(entry.card)
        book = self._book(entry)
        if patron is None or not isinstance(book, Item):
            return Replayed(False, Outcome.NOT_ON_LOAN, Conflict.NOT_ON_LOAN)
        loan = self._store.open_loan_of_item(book.id)
        if loan is None or loan.patron_id != patron.id:
            return Replayed(
                False, Outcome.NOT_ON_LOAN, Conflict.NOT_ON_LOAN, patron.id, book.id
            )
        conflict = None
        if self._holds.waiting_other(book.title.id, patron.id):
            conflict = Conflict.RESERVED
        due = max(loan.due, entry.due or loan.due)
        try:
            self._store.renew_loan(loan, due)
        except LoanConflict:
            return Replayed(
                False, Outcome.NOT_ON_LOAN, Conflict.NOT_ON_LOAN, patron.id, book.id
            )
        return Replayed(True, Outcome.RENEWED, conflict, patron.id, book.id)

    # -- helpers ---------------------------------------------------------------------

    def _book(self, entry: JournalEntry) -> Item | Title | None:
        """The copy the kiosk chose, else what the scan names."""
        if entry.barcode:
            item = self._store.item_by_barcode(entry.barcode)
            if item is not None:
                return item
        code = self._classifier.classify(entry.scan)
        if code.kind is CodeKind.ITEM:
            return self._store.item_by_barcode(code.value)
        if code.kind is CodeKind.ISBN:
            return self._store.title_by_isbn(code.value)
        if code.kind is CodeKind.ISSN:
            return self._store.title_by_issn(code.value)
        return None
