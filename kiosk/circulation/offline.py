"""What a kiosk may do while the library database cannot be reached.

Offline, the kiosk works from a local snapshot of patrons, copies, open loans
and holds, with the same circulation rules as online (so a reserved copy is
refused and a card scanned as a book is refused, unlike 3M's store-and-forward).
On top of those rules: returns are always taken (the book is in the kiosk's
hands, whatever the snapshot says), lending only when the library allows it,
and holds wait for the database. Every action that changed something becomes
one ``JournalEntry`` to replay later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kiosk.circulation.codes import ScanCode
from kiosk.circulation.model import Event
from kiosk.circulation.outcomes import Outcome, Result

JOURNALED = frozenset({"check_out", "check_in", "renew"})
LENDING = frozenset({"check_out", "renew"})
NEEDS_DATABASE = frozenset({"place_hold", "cancel_hold", "block_patron"})
# A return the snapshot cannot match is still a book handed back.
_TAKEN_BACK = frozenset({Outcome.NOT_ON_LOAN, Outcome.UNKNOWN_BOOK})


@dataclass(frozen=True)
class JournalEntry:
    """One offline action, replayed once into the library database.

    Attributes:
        op_id: a uuid; the database remembers it, so a replay is idempotent.
        kiosk: the kiosk that did it.
        at: when (the loan's or return's real time).
        action: check_out, check_in or renew (or print_slip: an event only).
        card: the patron's card ("" for a return nobody's snapshot knew).
        scan: what was scanned (a copy barcode, an ISBN or an ISSN).
        barcode: the copy the kiosk chose ("" when unknown).
        due: the due date the patron was told (loans and renewals).
        shown: the outcome the patron saw (for an event, its outcome).
    """

    op_id: str
    kiosk: str
    at: dt.datetime
    action: str
    card: str
    scan: str
    barcode: str
    due: dt.date | None
    shown: str


def offline_refusal(action: str, allow_checkout: bool) -> Outcome | None:
    """Why an action cannot be done offline at all, or None if it can."""
    if action in NEEDS_DATABASE:
        return Outcome.OFFLINE_NOT_ALLOWED
    if action in LENDING and not allow_checkout:
        return Outcome.OFFLINE_NOT_ALLOWED
    return None


def accepted_return(result: Result, code: ScanCode) -> Result:
    """A book scanned for return offline is taken, even if the snapshot missed it.

    Only book codes count: a card, a damaged or an unknown barcode is still
    refused as online.
    """
    if code.is_book and result.outcome in _TAKEN_BACK:
        return replace(result, outcome=Outcome.RETURNED)
    return result


def journal_entry(
    action: str, result: Result, *, op_id: str, kiosk: str, at: dt.datetime
) -> JournalEntry | None:
    """The journal line for an offline action, or None if nothing changed."""
    if action not in JOURNALED or not result.ok:
        return None
    item = result.item
    return JournalEntry(
        op_id=op_id,
        kiosk=kiosk,
        at=at,
        action=action,
        card=result.patron.card if result.patron else "",
        scan=result.scan,
        barcode=item.barcode or "" if item else "",
        due=result.due if action in LENDING else None,
        shown=result.outcome.value,
    )


def event_entry(event: Event, card: str, *, op_id: str) -> JournalEntry:
    """The journal line for an event logged offline (a slip printed).

    Replayed as an event only: it records what happened, it changes nothing.
    """
    return JournalEntry(
        op_id=op_id,
        kiosk=event.kiosk,
        at=event.at,
        action=event.action,
        card=card,
        scan=event.scan,
        barcode="",
        due=None,
        shown=event.outcome,
    )
