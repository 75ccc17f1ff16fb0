"""What a slip says, built from the circulation results of a session (pure).

A ``Slip`` is content, not layout: the books borrowed with their due dates,
renewed, returned (with days late), reserved and refused, the patron's other
loans, and who, where and when. ``receipts.layout`` puts it into words in the
kiosk's language and ``receipts.render`` draws it. Only the stdlib,
``kiosk.circulation`` and ``kiosk.i18n`` may be imported here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.circulation.model import Loan, Patron
from kiosk.circulation.outcomes import Outcome, Result

if TYPE_CHECKING:
    from kiosk.circulation.service import RosterLine

# Outcomes that are context, not something to put on paper.
_CONTEXT = frozenset({Outcome.PATRON_OK, Outcome.SESSION_ENDED})
_SECTION = {
    Outcome.CHECKED_OUT: "checked_out",
    Outcome.RENEWED: "renewed",
    Outcome.RETURNED: "returned",
    Outcome.HOLD_PLACED: "holds",
    Outcome.HOLD_CANCELLED: "holds",
}


class SlipKind(StrEnum):
    """A patron's slip or the class session's summary."""

    SESSION = "session"
    CLASS = "class"


@dataclass(frozen=True)
class LibraryInfo:
    """Where a slip comes from, and the words of the library's own choosing."""

    name: str
    kiosk_id: str
    closed_weekdays: frozenset[int] = frozenset({6, 7})
    school: str = ""
    footer: str = ""
    language: str = "zh-CN"


@dataclass(frozen=True)
class SlipPatron:
    """The patron as a slip shows them: the card number is masked."""

    id: int
    name: str
    class_name: str
    card: str


@dataclass(frozen=True)
class SlipEntry:
    """One book on a slip and what happened to it.

    Attributes:
        outcome: what happened (a refusal code for refused scans).
        title: the title, or "" when the book is unknown.
        code: the copy's barcode, else the ISBN or ISSN, else the raw scan.
        due: the due date (a loan, a renewal, a refusal naming one).
        days_late: days past the due date (a return, an overdue loan).
        limit: with LIMIT_REACHED and NO_MORE_RENEWALS, the limit.
        status: with NOT_FOR_LOAN, the copy's status (lost, damaged...).
        new: on a class slip, borrowed during this session.
    """

    outcome: Outcome
    title: str
    code: str
    due: dt.date | None = None
    days_late: int = 0
    limit: int | None = None
    status: str = ""
    new: bool = False


@dataclass(frozen=True)
class StudentLine:
    """One student on a class summary slip."""

    name: str
    loans: tuple[SlipEntry, ...]


@dataclass(frozen=True)
class Slip:
    """Everything one slip says, in no particular language yet."""

    kind: SlipKind
    library: LibraryInfo
    at: dt.datetime
    transaction: str
    patron: SlipPatron | None = None
    checked_out: tuple[SlipEntry, ...] = ()
    renewed: tuple[SlipEntry, ...] = ()
    returned: tuple[SlipEntry, ...] = ()
    holds: tuple[SlipEntry, ...] = ()
    refused: tuple[SlipEntry, ...] = ()
    other_loans: tuple[SlipEntry, ...] = ()
    on_loan_now: int | None = None
    class_name: str = ""
    students: tuple[StudentLine, ...] = ()

    @property
    def lang(self) -> str:
        """The language the slip is written in."""
        return self.library.language

    @property
    def recorded(self) -> bool:
        """Whether anything was recorded: a slip without that wastes paper."""
        if self.kind is SlipKind.CLASS:
            return True
        return bool(self.checked_out or self.renewed or self.returned or self.holds)


def mask_card(card: str) -> str:
    """Hide the middle of a card number: ``S2602016`` -> ``S26****6``."""
    if len(card) <= 4:
        return "*" * (len(card) - 1) + card[-1:]
    return card[:3] + "*" * (len(card) - 4) + card[-1]


def transaction_id(kiosk_id: str, at: dt.datetime, suffix: str) -> str:
    """The code printed as a QR: kiosk, second and patron, unique per kiosk."""
    return f"{kiosk_id}-{at:%Y%m%d-%H%M%S}-{suffix}"


def build_slip(
    patron: Patron,
    results: Sequence[Result],
    now: dt.datetime,
    library: LibraryInfo,
    loans_now: Sequence[Loan] | None = None,
) -> Slip:
    """Build a patron's slip from the results of their session.

    Args:
        patron: whose session it was.
        results: the session's results in order (PATRON_OK and SESSION_ENDED
            are ignored; refusals are listed as not done).
        now: when the slip is printed.
        library: where it is printed.
        loans_now: the patron's open loans after the session, when known; the
            ones not touched in the session are listed as other loans.
    """
    sections: dict[str, list[SlipEntry]] = {
        name: [] for name in (*_SECTION.values(), "refused")
    }
    for result in results:
        if result.outcome not in _CONTEXT:
            section = _SECTION.get(result.outcome, "refused")
            sections[section].append(_entry(result))
    touched = {
        r.item.id
        for r in results
        if r.item and r.outcome in (Outcome.CHECKED_OUT, Outcome.RENEWED)
    }
    others = [ln for ln in loans_now or () if ln.item.id not in touched]
    return Slip(
        kind=SlipKind.SESSION,
        library=library,
        at=now,
        transaction=transaction_id(library.kiosk_id, now, str(patron.id)),
        patron=SlipPatron(
            patron.id, patron.name, patron.class_name, mask_card(patron.card)
        ),
        checked_out=tuple(sections["checked_out"]),
        renewed=tuple(sections["renewed"]),
        returned=tuple(sections["returned"]),
        holds=tuple(sections["holds"]),
        refused=tuple(sections["refused"]),
        other_loans=tuple(loan_entry(ln, now.date()) for ln in others),
        on_loan_now=None if loans_now is None else len(loans_now),
    )


def build_class_slip(
    class_name: str,
    roster: Sequence[RosterLine],
    results: Sequence[Result],
    now: dt.datetime,
    library: LibraryInfo,
) -> Slip:
    """Build the summary slip of a class session: every student and their loans.

    Args:
        class_name: the class, e.g. 初二(3)班.
        roster: every student of the class with their open loans, after the session.
        results: the session's results (check-outs are marked as new).
        now: when the slip is printed.
        library: where it is printed.
    """
    new = {r.item.id for r in results if r.item and r.outcome is Outcome.CHECKED_OUT}
    today = now.date()
    students = tuple(
        StudentLine(
            line.patron.name,
            tuple(loan_entry(ln, today, new=ln.item.id in new) for ln in line.loans),
        )
        for line in roster
    )
    return Slip(
        kind=SlipKind.CLASS,
        library=library,
        at=now,
        transaction=transaction_id(library.kiosk_id, now, "C"),
        checked_out=tuple(
            _entry(r) for r in results if r.outcome is Outcome.CHECKED_OUT
        ),
        returned=tuple(_entry(r) for r in results if r.outcome is Outcome.RETURNED),
        class_name=class_name,
        students=students,
    )


def loan_entry(loan: Loan, today: dt.date, *, new: bool = False) -> SlipEntry:
    """A loan as a slip line (due date and days overdue)."""
    item = loan.item
    return SlipEntry(
        Outcome.CHECKED_OUT,
        item.title.title,
        item.barcode or item.title.isbn or item.title.issn or item.label,
        due=loan.due,
        days_late=loan.days_overdue(today),
        new=new,
    )


def _entry(result: Result) -> SlipEntry:
    title = result.title
    item = result.item
    return SlipEntry(
        result.outcome,
        title.title if title else "",
        _code(result),
        due=result.due,
        days_late=result.days_late,
        limit=result.limit,
        status=item.status.value if item else "",
    )


def _code(result: Result) -> str:
    item, title = result.item, result.title
    if item and item.barcode:
        return item.barcode
    if title and (title.isbn or title.issn):
        return title.isbn or title.issn or ""
    return item.label if item else result.scan
