"""The circulation service: identify, check out, check in, renew, holds.

Every public call runs in one store transaction and appends one event, so an
action is either fully recorded (loan, copy status, hold, event) or not at all,
and it is committed before the call returns.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from kiosk.circulation.calendar import LibraryCalendar
from kiosk.circulation.codes import Classifier, CodeKind, ScanCode
from kiosk.circulation.holds import HoldShelf
from kiosk.circulation.model import (
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
from kiosk.circulation.outcomes import Block, Outcome, Result
from kiosk.ports import Clock, LoanConflict, LoanStore

log = logging.getLogger(__name__)

_SCAN_OUTCOMES = {
    CodeKind.INVALID: Outcome.BAD_CHECK_DIGIT,
    CodeKind.UNKNOWN: Outcome.UNKNOWN_BARCODE,
    CodeKind.PATRON: Outcome.NOT_A_BOOK,
}
_CARD_OUTCOMES = {
    PatronStatus.SUSPENDED: Outcome.CARD_SUSPENDED,
    PatronStatus.LEFT: Outcome.CARD_LEFT,
}
_SESSION_ACTIONS = frozenset(
    {"check_out", "check_in", "renew", "place_hold", "cancel_hold"}
)
_RECENT_EVENTS = 500
"""How far back a restarted kiosk looks for the session it left open."""
CLASS_START, CLASS_END = "class_start", "class_end"
"""The events that open and close a class session (the class in ``scan``)."""
OVERRIDABLE = frozenset(
    {Outcome.LIMIT_REACHED, Outcome.OVERDUE_BLOCK, Outcome.RESERVED_FOR_OTHER}
)
"""Check-out refusals a member of staff may override, giving a reason."""


@dataclass(frozen=True)
class RosterLine:
    """One student on the class session screen."""

    patron: Patron
    loans: tuple[Loan, ...]
    overdue: int


@dataclass(frozen=True)
class ItemInfo:
    """A copy (or a title, for an ISBN) as a self-check machine asks about it."""

    title: Title
    item: Item | None
    loan: Loan | None
    holds: tuple[Hold, ...]


@dataclass(frozen=True)
class Policy:
    """Library-wide lending policy (per patron type rules come from the store)."""

    closed_weekdays: frozenset[int] = frozenset({6, 7})
    term_end: dt.date | None = None
    overdue_blocks_checkout: bool = True


class CirculationService:
    """Lending rules over an injected store and clock."""

    def __init__(
        self,
        store: LoanStore,
        clock: Clock,
        classifier: Classifier,
        policy: Policy,
        kiosk_id: str,
    ) -> None:
        self._store = store
        self._clock = clock
        self._classifier = classifier
        self._policy = policy
        self._kiosk = kiosk_id
        self._holds = HoldShelf(store)
        self._calendar_built: tuple[object, LibraryCalendar] | None = None

    # -- public calls: one transaction, one event each -------------------------

    def record(self, event: Event) -> None:
        """Append an event that is not a circulation step (a slip printed)."""
        with self._store.transaction():
            self._store.log_event(event)

    def classify(self, scan: str) -> ScanCode:
        """Tell what a scan is without touching the database."""
        return self._classifier.classify(scan)

    def identify(self, scan: str) -> Result:
        """Identify a patron from a card scan, with loans and blocks."""
        return self._act("identify", lambda: self._identify(scan))

    def check_out(
        self,
        patron_id: int | None,
        scan: str,
        *,
        override: str | None = None,
        staff: str = "",
    ) -> Result:
        """Lend the scanned copy (or a copy of the scanned title) to a patron.

        Args:
            patron_id: the patron borrowing.
            scan: a copy's barcode, or a title's ISBN or ISSN.
            override: a member of staff's reason to lend in spite of the
                refusals in ``OVERRIDABLE`` (a limit, overdue books, someone
                else's hold, whose hold stays as it is); blank: no override.
                Other refusals still stand. The event's note names the
                refusal overridden and the reason.
            staff: the desk account acting, for the event log.

        Returns:
            The outcome, CHECKED_OUT with the loan when lent.
        """
        reason = (override or "").strip()
        with self._store.transaction():
            result, overridden = self._check_out(patron_id, scan, bool(reason))
            note = ""
            if overridden and result.outcome is Outcome.CHECKED_OUT:
                note = f"override {','.join(overridden)}: {reason}"
            self._log("check_out", result, staff=staff, note=note)
        return result

    def check_in(
        self, scan: str, patron_id: int | None = None, *, staff: str = ""
    ) -> Result:
        """Return a copy; by ISBN, this patron's copy first, else the longest out."""
        return self._act(
            "check_in", lambda: self._check_in(scan, patron_id), staff=staff
        )

    def renew(self, patron_id: int | None, scan: str, *, staff: str = "") -> Result:
        """Extend a patron's loan of the scanned book."""
        return self._act("renew", lambda: self._renew(patron_id, scan), staff=staff)

    def place_hold(
        self, patron_id: int | None, scan: str, *, staff: str = ""
    ) -> Result:
        """Reserve a title for a patron."""
        return self._act(
            "place_hold", lambda: self._place_hold(patron_id, scan), staff=staff
        )

    def cancel_hold(
        self, patron_id: int | None, scan: str, *, staff: str = ""
    ) -> Result:
        """Cancel a patron's hold on a title."""
        return self._act(
            "cancel_hold", lambda: self._cancel_hold(patron_id, scan), staff=staff
        )

    def preview_due(self, patron_type: PatronType, grade: int | None = None) -> dt.date:
        """The due date of a loan made today by a patron of this type and grade.

        The same rule and calendar as a check-out, read in one transaction;
        nothing is written.
        """
        with self._store.transaction():
            rule = self._store.loan_rule(PatronType(patron_type), grade)
            return self._calendar().due_date(self._clock.today(), rule.loan_days)

    def end_session(self, patron_id: int | None) -> Result:
        """Record that a patron's session at the kiosk ended."""
        return self._act(
            "end_session",
            lambda: Result(
                Outcome.SESSION_ENDED,
                patron=self._store.patron(patron_id) if patron_id else None,
            ),
        )

    def class_event(self, action: str, class_name: str) -> Event:
        """The event that marks a class session's start or end, for ``record``.

        A kiosk restarted in the middle of a class finds the class still open
        by it (see ``unfinished_class``) and prints the class slip, once.
        """
        return Event(
            at=self._clock.now(),
            kiosk=self._kiosk,
            action=action,
            outcome="CLASS_ENDED" if action == CLASS_END else "CLASS_STARTED",
            patron_id=None,
            item_id=None,
            scan=class_name[:128],
        )

    def unfinished_class(self) -> tuple[str, tuple[Result, ...]] | None:
        """The class session this kiosk left open when it stopped, with its results.

        Its start is logged (``class_start``) and its end is not. The results
        are the session's successful steps, for every pupil, rebuilt from the
        event log as for a pupil's session.
        """
        with self._store.transaction():
            events = self._store.recent_events(self._kiosk, _RECENT_EVENTS)
            opened = _open_class(events)
            if opened is None:
                return None
            patrons: dict[int, Patron | None] = {}
            results = []
            for event in events[opened + 1 :]:
                if event.action not in _SESSION_ACTIONS or event.patron_id is None:
                    continue
                if not Outcome(event.outcome).ok:
                    continue
                if event.patron_id not in patrons:
                    patrons[event.patron_id] = self._store.patron(event.patron_id)
                patron = patrons[event.patron_id]
                if patron is not None:
                    results.append(self._rebuilt(event, patron))
        return events[opened].scan, tuple(results)

    def unfinished_session(self) -> tuple[Patron, tuple[Result, ...]] | None:
        """The patron session this kiosk left open when it stopped without ending it.

        A kiosk killed (power cut, SIGKILL, a hang the watchdog ended) mid-session
        has its loans committed but neither the session's end nor its slip: its
        last identify has no ``end_session`` or ``print_slip`` after it. The
        session's results are rebuilt from the event log, so the restarted kiosk
        can end it and print its slip, once: ending it logs ``end_session``.
        """
        with self._store.transaction():
            events = self._store.recent_events(self._kiosk, _RECENT_EVENTS)
            opened = max(
                (
                    i
                    for i, e in enumerate(events)
                    if e.action == "identify" and e.outcome == Outcome.PATRON_OK
                ),
                default=None,
            )
            if opened is None or events[opened].patron_id is None:
                return None
            later = events[opened + 1 :]
            if any(e.action in ("end_session", "print_slip") for e in later):
                return None
            if _open_class(events[:opened]) is not None:
                return None  # a pupil of a class: the class slip lists them
            patron = self._store.patron(events[opened].patron_id)
            if patron is None:
                return None
            results = tuple(
                self._rebuilt(event, patron)
                for event in later
                if event.action in _SESSION_ACTIONS and event.patron_id == patron.id
            )
        return patron, results

    def _rebuilt(self, event: Event, patron: Patron) -> Result:
        """A session's result again, from its event and the loans as they are now."""
        outcome = Outcome(event.outcome)
        item = self._store.item(event.item_id) if event.item_id else None
        if item is None:
            found = self._find_book(event.scan)
            title = found if isinstance(found, Title) else None
            return Result(outcome, event.scan, patron=patron, title=title)
        loan = None
        if outcome in (Outcome.CHECKED_OUT, Outcome.RENEWED):
            loan = self._store.open_loan_of_item(item.id)
            if loan is not None and loan.patron_id != patron.id:
                loan = None
        return Result(
            outcome,
            event.scan,
            patron=patron,
            item=loan.item if loan else item,
            title=item.title,
            loan=loan,
            due=loan.due if loan else None,
        )

    # -- reads for other vendors' machines (SIP2): nothing is logged ---------------

    @property
    def kiosk_id(self) -> str:
        """The kiosk its loans and events are logged under."""
        return self._kiosk

    def look_up(self, scan: str) -> Result:
        """A card's patron, loans and blocks, as ``identify`` finds them, unlogged.

        A self-check machine asks this before every step; it starts no session.
        """
        with self._store.transaction():
            return self._identify(scan)

    def patron_by_card(self, card: str) -> Patron | None:
        """The patron a card number names (no event: a machine looking it up)."""
        with self._store.transaction():
            return self._store.patron_by_card(card.strip())

    def item_info(self, scan: str) -> ItemInfo | Result:
        """What a copy is doing now: its loan and the holds on its title."""
        with self._store.transaction():
            found = self._find_book(scan)
            if isinstance(found, Result):
                return found
            title = found.title if isinstance(found, Item) else found
            item = found if isinstance(found, Item) else None
            loan = self._store.open_loan_of_item(item.id) if item else None
            holds = tuple(self._holds.of_title(title.id))
        return ItemInfo(title, item, loan, holds)

    def owed_by(self, patron_id: int) -> list[tuple[str, Decimal]]:
        """Compensation a patron still owes for lost or damaged copies, by copy."""
        with self._store.transaction():
            return self._store.owed_by_patron(patron_id)

    def pin_hash_of(self, patron_id: int) -> str | None:
        """The stored hash of a patron's PIN (None: no PIN, nothing to check)."""
        with self._store.transaction():
            return self._store.patron_pin_hash(patron_id)

    def holds_of(self, patron_id: int) -> list[tuple[Hold, Title]]:
        """A patron's waiting and ready holds, oldest first."""
        with self._store.transaction():
            return self._store.active_holds_of_patron(patron_id)

    def block_patron(self, card: str, why: str = "") -> Result:
        """Suspend a card a machine found misused (SIP2 Block Patron)."""

        def block() -> Result:
            patron = self._store.patron_by_card(card.strip())
            if patron is None:
                return Result(Outcome.UNKNOWN_CARD, card)
            blocked = self._store.set_patron_status(patron, PatronStatus.SUSPENDED)
            return Result(Outcome.CARD_SUSPENDED, card, patron=blocked)

        with self._store.transaction():
            result = block()
            self._log("block_patron", result, note=why)
        return result

    def status(self, patron_id: int) -> Result:
        """A patron's loans and blocks now, for redrawing a screen (no event)."""
        with self._store.transaction():
            patron = self._store.patron(patron_id)
            if patron is None:
                return Result(Outcome.NO_PATRON)
            loans = tuple(self._store.open_loans_of_patron(patron.id))
            rule = self._store.loan_rule(patron.type, patron.grade)
            blocks = tuple(self._patron_blocks(rule, loans))
        return Result(Outcome.PATRON_OK, patron=patron, loans=loans, blocks=blocks)

    def today_counts(self) -> dict[str, int]:
        """Loans and returns recorded today, all kiosks together."""
        midnight = dt.datetime.combine(self._clock.today(), dt.time())
        with self._store.transaction():
            counts = self._store.outcomes_since(midnight)
        return {
            "out": counts.get(Outcome.CHECKED_OUT.value, 0),
            "back": counts.get(Outcome.RETURNED.value, 0),
        }

    def classes(self) -> list[str]:
        """List the classes that can hold a class borrowing session."""
        with self._store.transaction():
            return self._store.class_names()

    def roster(self, class_name: str) -> list[RosterLine]:
        """Every student of a class with their current loans (for the class screen)."""
        today = self._clock.today()
        with self._store.transaction():
            patrons = self._store.patrons_of_class(class_name)
            loans = self._store.open_loans_of_class(class_name)
        by_patron: dict[int, list[Loan]] = {p.id: [] for p in patrons}
        for loan in loans:
            by_patron.setdefault(loan.patron_id, []).append(loan)
        return [
            RosterLine(
                p,
                tuple(by_patron[p.id]),
                sum(1 for ln in by_patron[p.id] if ln.due < today),
            )
            for p in patrons
        ]

    def _act(
        self, action: str, step: Callable[[], Result], *, staff: str = ""
    ) -> Result:
        """Run one step and log its event in a single transaction."""
        with self._store.transaction():
            result = step()
            self._log(action, result, staff=staff)
        return result

    # -- identify ---------------------------------------------------------------

    def _identify(self, scan: str) -> Result:
        code = self._classifier.classify(scan)
        if code.kind is not CodeKind.PATRON:
            bad = Outcome.NOT_A_CARD if code.is_book else _SCAN_OUTCOMES[code.kind]
            return Result(bad, scan)
        patron = self._store.patron_by_card(code.value)
        if patron is None:
            return Result(Outcome.UNKNOWN_CARD, scan)
        loans = tuple(self._store.open_loans_of_patron(patron.id))
        refused = self._card_refusal(patron)
        if refused:
            return Result(refused, scan, patron=patron, loans=loans)
        rule = self._store.loan_rule(patron.type, patron.grade)
        blocks = tuple(self._patron_blocks(rule, loans))
        return Result(
            Outcome.PATRON_OK, scan, patron=patron, loans=loans, blocks=blocks
        )

    def _card_refusal(self, patron: Patron) -> Outcome | None:
        if patron.status in _CARD_OUTCOMES:
            return _CARD_OUTCOMES[patron.status]
        if patron.card_expiry and patron.card_expiry < self._clock.today():
            return Outcome.CARD_EXPIRED
        return None

    def _patron_blocks(self, rule: LoanRule, loans: tuple[Loan, ...]) -> list[Block]:
        """What stops this patron borrowing one more book, most serious first."""
        today = self._clock.today()
        blocks = []
        overdue = [loan for loan in loans if loan.due < today]
        if overdue and self._policy.overdue_blocks_checkout:
            blocks.append(Block(Outcome.OVERDUE_BLOCK, len(overdue)))
        if len(loans) >= rule.max_items:
            blocks.append(Block(Outcome.LIMIT_REACHED, len(loans), rule.max_items))
        return blocks

    def _active_patron(self, patron_id: int | None, scan: str) -> Result | Patron:
        patron = self._store.patron(patron_id) if patron_id is not None else None
        if patron is None:
            return Result(Outcome.NO_PATRON, scan)
        refused = self._card_refusal(patron)
        return Result(refused, scan, patron=patron) if refused else patron

    # -- check out --------------------------------------------------------------

    def _check_out(
        self, patron_id: int | None, scan: str, override: bool
    ) -> tuple[Result, list[Outcome]]:
        """Lend, or refuse; with ``override``, also the refusals overridden."""
        patron = self._active_patron(patron_id, scan)
        if isinstance(patron, Result):
            return patron, []
        found = self._find_book(scan)
        if isinstance(found, Result):
            return replace(found, patron=patron), []
        loans = tuple(self._store.open_loans_of_patron(patron.id))
        picked = self._pick_copy(patron, found, loans, scan, override=override)
        if isinstance(picked, Result):
            return picked, []
        item, hold, overridden = picked
        rule = self._store.loan_rule(patron.type, patron.grade)
        blocks = self._patron_blocks(rule, loans)
        if blocks and not override:
            block = blocks[0]
            refused = Result(
                block.outcome,
                scan,
                patron=patron,
                item=item,
                title=item.title,
                count=block.count,
                limit=block.limit,
            )
            return refused, []
        overridden += [block.outcome for block in blocks]
        return self._lend(patron, rule, item, hold, scan), overridden

    def _find_book(self, scan: str) -> Result | Item | Title:
        """Resolve a book scan to a copy (accession barcode) or a title (ISBN)."""
        code = self._classifier.classify(scan)
        if not code.is_book:
            return Result(_SCAN_OUTCOMES[code.kind], scan)
        if code.kind is CodeKind.ITEM:
            book: Item | Title | None = self._store.item_by_barcode(code.value)
        elif code.kind is CodeKind.ISBN:
            book = self._store.title_by_isbn(code.value)
        else:
            book = self._store.title_by_issn(code.value)
        return book or Result(Outcome.UNKNOWN_BOOK, scan)

    def _pick_copy(
        self,
        patron: Patron,
        book: Item | Title,
        loans: tuple[Loan, ...],
        scan: str,
        *,
        override: bool = False,
    ) -> Result | tuple[Item, Hold | None, list[Outcome]]:
        """Choose the copy to lend, or say why none can be.

        With ``override``, someone else's hold does not stop the loan: the
        copy, the patron's own hold (if any) and [RESERVED_FOR_OTHER] come back.
        """
        title = book.title if isinstance(book, Item) else book
        mine = [
            loan
            for loan in loans
            if (loan.item.id == book.id if isinstance(book, Item) else True)
            and loan.item.title.id == title.id
        ]
        if mine:
            return self._result(Outcome.ALREADY_ON_LOAN_TO_YOU, scan, patron, mine[0])
        holds = self._holds.of_title(title.id)
        copies = (
            [book] if isinstance(book, Item) else self._store.items_of_title(title.id)
        )
        free = [c for c in copies if c.status is ItemStatus.AVAILABLE]
        if not free:
            return self._no_copy(patron, book, title, scan)
        if not holds:
            return free[0], None, []
        picked = self._pick_among_holds(patron, title, free, holds, scan)
        if isinstance(picked, tuple):
            return (*picked, [])
        if override and picked.outcome is Outcome.RESERVED_FOR_OTHER:
            return self._overriding_hold(patron, free, holds)
        return picked

    @staticmethod
    def _overriding_hold(
        patron: Patron, free: list[Item], holds: list[Hold]
    ) -> tuple[Item, Hold | None, list[Outcome]]:
        """Lend in spite of others' holds; their holds are left as they are.

        A copy not put aside for anyone goes first, so a hold already on the
        shelf keeps its copy. The patron's own hold, if any, is fulfilled.
        """
        aside = {h.item_id for h in holds if h.status is HoldStatus.READY}
        item = next((c for c in free if c.id not in aside), free[0])
        mine = next((h for h in holds if h.patron_id == patron.id), None)
        return item, mine, [Outcome.RESERVED_FOR_OTHER]

    def _pick_among_holds(
        self,
        patron: Patron,
        title: Title,
        free: list[Item],
        holds: list[Hold],
        scan: str,
    ) -> Result | tuple[Item, Hold | None]:
        chosen = self._holds.choose(patron.id, title, free, holds)
        if not isinstance(chosen, Hold):
            return chosen
        return Result(
            Outcome.RESERVED_FOR_OTHER,
            scan,
            patron=patron,
            item=free[0],
            title=title,
            hold_for=self._store.patron(chosen.patron_id),
        )

    def _no_copy(
        self, patron: Patron, book: Item | Title, title: Title, scan: str
    ) -> Result:
        if isinstance(book, Item):
            loan = self._store.open_loan_of_item(book.id)
            if loan:
                return self._result(Outcome.ON_LOAN_TO_OTHER, scan, patron, loan)
            return Result(
                Outcome.NOT_FOR_LOAN, scan, patron=patron, item=book, title=title
            )
        loans = self._store.open_loans_of_title(title.id)
        if loans:
            return self._result(Outcome.ON_LOAN_TO_OTHER, scan, patron, loans[0])
        return Result(Outcome.NOT_FOR_LOAN, scan, patron=patron, title=title)

    def _lend(
        self, patron: Patron, rule: LoanRule, item: Item, hold: Hold | None, scan: str
    ) -> Result:
        now = self._clock.now()
        due = self._calendar().due_date(now.date(), rule.loan_days)
        try:
            loan = self._store.add_loan(item, patron, now, due, self._kiosk)
        except LoanConflict:
            loan = self._store.open_loan_of_item(item.id)
            return Result(
                Outcome.ON_LOAN_TO_OTHER,
                scan,
                patron=patron,
                item=item,
                title=item.title,
                loan=loan,
            )
        if hold is not None:
            self._holds.fulfil(hold, item, now)
        return self._result(Outcome.CHECKED_OUT, scan, patron, loan)

    # -- check in ---------------------------------------------------------------

    def _check_in(self, scan: str, patron_id: int | None) -> Result:
        found = self._find_book(scan)
        if isinstance(found, Result):
            return found
        loan = self._loan_to_return(found, patron_id)
        if loan is None:
            item = found if isinstance(found, Item) else None
            title = found.title if isinstance(found, Item) else found
            return Result(Outcome.NOT_ON_LOAN, scan, item=item, title=title)
        now = self._clock.now()
        try:
            closed = self._store.close_loan(loan, now)
        except LoanConflict:  # another kiosk took this return a moment ago
            return Result(
                Outcome.NOT_ON_LOAN, scan, item=loan.item, title=loan.item.title
            )
        hold_for = self._holds.pass_on(closed.item, now)
        return replace(
            self._result(
                Outcome.RETURNED, scan, self._store.patron(loan.patron_id), closed
            ),
            days_late=loan.days_overdue(now.date()),
            hold_for=hold_for,
        )

    def _loan_to_return(self, book: Item | Title, patron_id: int | None) -> Loan | None:
        if isinstance(book, Item):
            return self._store.open_loan_of_item(book.id)
        loans = self._store.open_loans_of_title(book.id)
        mine = [loan for loan in loans if loan.patron_id == patron_id]
        return (mine or loans or [None])[0]

    # -- renew ------------------------------------------------------------------

    def _renew(self, patron_id: int | None, scan: str) -> Result:
        patron = self._active_patron(patron_id, scan)
        if isinstance(patron, Result):
            return patron
        found = self._find_book(scan)
        if isinstance(found, Result):
            return replace(found, patron=patron)
        loans = self._store.open_loans_of_patron(patron.id)
        loan = next((ln for ln in loans if _is_loan_of(ln, found)), None)
        if loan is None:
            return self._not_your_loan(patron, found, scan)
        rule = self._store.loan_rule(patron.type, patron.grade)
        if loan.renewals >= rule.max_renewals:
            return replace(
                self._result(Outcome.NO_MORE_RENEWALS, scan, patron, loan),
                limit=rule.max_renewals,
            )
        waiting = self._holds.waiting_other(loan.item.title.id, patron.id)
        if waiting:
            return replace(
                self._result(Outcome.RESERVED_FOR_OTHER, scan, patron, loan),
                hold_for=self._store.patron(waiting.patron_id),
            )
        today = self._clock.today()
        due = max(loan.due, self._calendar().due_date(today, rule.days_for_renewal))
        try:
            renewed = self._store.renew_loan(loan, due)
        except LoanConflict:  # returned at another kiosk meanwhile
            return Result(
                Outcome.NOT_ON_LOAN,
                scan,
                patron=patron,
                item=loan.item,
                title=loan.item.title,
            )
        return self._result(Outcome.RENEWED, scan, patron, renewed)

    def _not_your_loan(self, patron: Patron, book: Item | Title, scan: str) -> Result:
        item = book if isinstance(book, Item) else None
        title = book.title if isinstance(book, Item) else book
        other = self._store.open_loan_of_item(item.id) if item else None
        if other is None and item is None:
            loans = self._store.open_loans_of_title(title.id)
            other = loans[0] if loans else None
        outcome = Outcome.NOT_YOUR_LOAN if other else Outcome.NOT_ON_LOAN
        return Result(outcome, scan, patron=patron, item=item, title=title)

    # -- holds ------------------------------------------------------------------

    def _place_hold(self, patron_id: int | None, scan: str) -> Result:
        patron = self._active_patron(patron_id, scan)
        if isinstance(patron, Result):
            return patron
        found = self._find_book(scan)
        if isinstance(found, Result):
            return replace(found, patron=patron)
        title = found.title if isinstance(found, Item) else found
        holds = self._holds.of_title(title.id)
        if any(h.patron_id == patron.id for h in holds):
            return Result(Outcome.HOLD_EXISTS, scan, patron=patron, title=title)
        mine = [
            ln
            for ln in self._store.open_loans_of_patron(patron.id)
            if ln.item.title.id == title.id
        ]
        if mine:
            return self._result(Outcome.ALREADY_ON_LOAN_TO_YOU, scan, patron, mine[0])
        item = self._holds.place(patron, title, holds, self._clock.now())
        return Result(Outcome.HOLD_PLACED, scan, patron=patron, item=item, title=title)

    def _cancel_hold(self, patron_id: int | None, scan: str) -> Result:
        patron = self._active_patron(patron_id, scan)
        if isinstance(patron, Result):
            return patron
        found = self._find_book(scan)
        if isinstance(found, Result):
            return replace(found, patron=patron)
        title = found.title if isinstance(found, Item) else found
        holds = self._holds.of_title(title.id)
        hold = next((h for h in holds if h.patron_id == patron.id), None)
        if hold is None:
            return Result(Outcome.NO_HOLD, scan, patron=patron, title=title)
        self._holds.cancel(hold, title, self._clock.now())
        return Result(Outcome.HOLD_CANCELLED, scan, patron=patron, title=title)

    # -- helpers ----------------------------------------------------------------

    def _calendar(self) -> LibraryCalendar:
        """The calendar, built again only when the store's periods change."""
        periods = self._store.closed_periods()
        if self._calendar_built is None or self._calendar_built[0] is not periods:
            calendar = LibraryCalendar.build(
                self._policy.closed_weekdays, periods, self._policy.term_end
            )
            self._calendar_built = (periods, calendar)
        return self._calendar_built[1]

    @staticmethod
    def _result(
        outcome: Outcome, scan: str, patron: Patron | None, loan: Loan
    ) -> Result:
        return Result(
            outcome,
            scan,
            patron=patron,
            item=loan.item,
            title=loan.item.title,
            loan=loan,
            due=loan.due,
        )

    def _log(
        self, action: str, result: Result, *, staff: str = "", note: str = ""
    ) -> None:
        patron = result.patron
        item = result.item
        self._store.log_event(
            Event(
                at=self._clock.now(),
                kiosk=self._kiosk,
                action=action,
                outcome=result.outcome.value,
                patron_id=patron.id if patron else None,
                item_id=item.id if item else None,
                scan=_printable(result.scan[:128]),
                staff=staff,
                note=_printable(note[:255]),
            )
        )
        log.info(
            "%s %s patron=%s item=%s",
            action,
            result.outcome.value,
            patron.id if patron else "-",
            item.id if item else "-",
        )


def _is_loan_of(loan: Loan, book: Item | Title) -> bool:
    if isinstance(book, Item):
        return loan.item.id == book.id
    return loan.item.title.id == book.id


def _printable(scan: str) -> str:
    """What a damaged scan may be logged as: PostgreSQL refuses NUL in text."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in scan)


def _open_class(events: list[Event]) -> int | None:
    """Where the last class session's start is, if it has not ended since."""
    for i in range(len(events) - 1, -1, -1):
        if events[i].action == CLASS_END:
            return None
        if events[i].action == CLASS_START:
            return i
    return None
