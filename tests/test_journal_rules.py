"""The offline rules, pure: what may be done without the library database."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.circulation.codes import Classifier
from kiosk.circulation.model import (
    Item,
    ItemStatus,
    Patron,
    PatronStatus,
    PatronType,
    Title,
)
from kiosk.circulation.offline import (
    accepted_return,
    journal_entry,
    offline_refusal,
)
from kiosk.circulation.outcomes import Outcome, Result
from tests.conftest import ISBN_TWO

CLASSIFY = Classifier(r"^[ST][0-9]{7}$", r"^[0-9]{8}$").classify
AT = dt.datetime(2026, 11, 25, 10, 0)
TITLE = Title(2, ISBN_TWO, None, "草房子", "", "", 2020, "I247.5", None)
ITEM = Item(3, "10000003", TITLE, ItemStatus.ON_LOAN, "I区")
PATRON = Patron(
    1,
    "S0000001",
    "李明",
    "初二(3)班",
    8,
    PatronType.STUDENT,
    PatronStatus.ACTIVE,
    None,
)


@pytest.mark.parametrize(
    ("action", "allow", "refused"),
    [
        ("check_in", False, None),
        ("check_in", True, None),
        ("identify", False, None),
        ("status", False, None),
        ("check_out", True, None),
        ("check_out", False, Outcome.OFFLINE_NOT_ALLOWED),
        ("renew", True, None),
        ("renew", False, Outcome.OFFLINE_NOT_ALLOWED),
        ("place_hold", True, Outcome.OFFLINE_NOT_ALLOWED),
        ("cancel_hold", True, Outcome.OFFLINE_NOT_ALLOWED),
    ],
)
def test_what_is_refused_offline(
    action: str, allow: bool, refused: Outcome | None
) -> None:
    assert offline_refusal(action, allow) is refused


@pytest.mark.parametrize(
    ("scan", "outcome", "taken"),
    [
        ("10000003", Outcome.NOT_ON_LOAN, True),  # the snapshot missed the loan
        ("10009999", Outcome.UNKNOWN_BOOK, True),  # catalogued after the snapshot
        (ISBN_TWO, Outcome.NOT_ON_LOAN, True),
        ("S0000002", Outcome.NOT_A_BOOK, False),  # a card is never a return
        ("12345", Outcome.UNKNOWN_BARCODE, False),
        ("9787532130010", Outcome.BAD_CHECK_DIGIT, False),
    ],
)
def test_a_book_handed_back_offline_is_always_taken(
    scan: str, outcome: Outcome, taken: bool
) -> None:
    result = accepted_return(Result(outcome, scan), CLASSIFY(scan))
    assert result.outcome is (Outcome.RETURNED if taken else outcome)


def test_journal_entry_carries_what_the_patron_was_told() -> None:
    op_id = str(uuid.uuid4())
    lent = Result(
        Outcome.CHECKED_OUT,
        ISBN_TWO,
        patron=PATRON,
        item=ITEM,
        title=TITLE,
        due=dt.date(2026, 12, 9),
    )
    entry = journal_entry("check_out", lent, op_id=op_id, kiosk="k2", at=AT)
    assert entry is not None
    assert (entry.op_id, entry.kiosk, entry.at, entry.action) == (
        op_id,
        "k2",
        AT,
        "check_out",
    )
    assert (entry.card, entry.scan, entry.barcode, entry.due, entry.shown) == (
        "S0000001",
        ISBN_TWO,
        "10000003",
        dt.date(2026, 12, 9),
        "CHECKED_OUT",
    )


@pytest.mark.parametrize(
    ("action", "result"),
    [
        ("check_out", Result(Outcome.RESERVED_FOR_OTHER, "10000003")),
        ("check_in", Result(Outcome.NOT_A_BOOK, "S0000001")),
        ("identify", Result(Outcome.PATRON_OK, "S0000001", patron=PATRON)),
        ("end_session", Result(Outcome.SESSION_ENDED)),
    ],
)
def test_only_changes_are_journaled(action: str, result: Result) -> None:
    assert journal_entry(action, result, op_id="x", kiosk="k", at=AT) is None


def test_a_return_nobody_knew_has_no_card_and_no_due_date() -> None:
    back = Result(Outcome.RETURNED, "10009999")
    entry = journal_entry("check_in", back, op_id="x", kiosk="k", at=AT)
    assert entry is not None
    assert (entry.card, entry.barcode, entry.due) == ("", "", None)
