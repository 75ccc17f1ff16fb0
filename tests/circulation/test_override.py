"""A member of staff lends in spite of a limit, overdue books or a hold."""

from __future__ import annotations

import pytest

from kiosk.circulation.model import HoldStatus
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.db import models as db
from tests.conftest import ISBN_TWO, Small

LI, WANG, ZHAO = "S0000001", "S0000002", "T0000001"
REASON = "class project"


def out(small: Small, card: str, scan: str, **kwargs: str | None) -> Result:
    return small.service.check_out(small.patron_id(card), scan, **kwargs)


def last_event() -> db.Event:
    return db.Event.select().order_by(db.Event.id.desc()).first()


def at_limit(s: Small) -> str:
    for scan in ("10000001", "10000003", "10000005"):
        assert out(s, LI, scan).outcome is Outcome.CHECKED_OUT
    return "10000002"


def overdue(s: Small) -> str:
    out(s, LI, "10000003")
    s.clock.advance(days=15)
    return "10000001"


def reserved(s: Small) -> str:
    out(s, LI, "10000003")
    s.service.place_hold(s.patron_id(WANG), ISBN_TWO)
    s.service.check_in("10000003")  # put aside for Wang
    return "10000003"


@pytest.mark.parametrize(
    ("setup", "refusal", "card"),
    [
        (at_limit, Outcome.LIMIT_REACHED, LI),
        (overdue, Outcome.OVERDUE_BLOCK, LI),
        (reserved, Outcome.RESERVED_FOR_OTHER, ZHAO),
    ],
)
def test_override_lends_in_spite_of_the_refusal(
    small: Small, setup, refusal: Outcome, card: str
) -> None:
    scan = setup(small)
    assert out(small, card, scan).outcome is refusal

    r = out(small, card, scan, override=f"  {REASON} ", staff="librarian")

    assert r.outcome is Outcome.CHECKED_OUT
    assert r.loan
    assert r.loan.patron_id == small.patron_id(card)
    event = last_event()
    assert (event.action, event.outcome) == ("check_out", "CHECKED_OUT")
    assert event.note == f"override {refusal}: {REASON}"
    assert event.staff == "librarian"


def test_override_leaves_the_other_patrons_hold_as_it_was(small: Small) -> None:
    scan = reserved(small)
    item = small.store.item_by_barcode(scan)
    assert item
    [before] = small.store.active_holds_of_title(item.title.id)

    out(small, ZHAO, scan, override=REASON)

    [after] = small.store.active_holds_of_title(before.title_id)
    assert after == before
    assert after.status is HoldStatus.READY


@pytest.mark.parametrize(
    ("setup", "refusal"),
    [
        (lambda s: s.patron_id("S0000003"), Outcome.CARD_SUSPENDED),
        (lambda s: s.patron_id("S0000004"), Outcome.CARD_LEFT),
        (lambda s: s.patron_id("S0000005"), Outcome.CARD_EXPIRED),
    ],
)
def test_override_does_not_lift_a_card_refusal(small: Small, setup, refusal) -> None:
    r = small.service.check_out(setup(small), "10000003", override=REASON)
    assert r.outcome is refusal
    assert last_event().note == ""


@pytest.mark.parametrize(
    ("scan", "refusal"),
    [
        ("10000003", Outcome.ON_LOAN_TO_OTHER),
        ("10000004", Outcome.NOT_FOR_LOAN),
        ("99999999", Outcome.UNKNOWN_BOOK),
    ],
)
def test_override_does_not_lift_a_book_refusal(
    small: Small, scan: str, refusal: Outcome
) -> None:
    out(small, WANG, "10000003")
    r = out(small, LI, scan, override=REASON, staff="librarian")
    assert r.outcome is refusal
    assert last_event().note == ""
    assert last_event().staff == "librarian"


def test_override_does_not_lend_a_book_twice_to_one_patron(small: Small) -> None:
    out(small, LI, "10000003")
    r = out(small, LI, "10000003", override=REASON)
    assert r.outcome is Outcome.ALREADY_ON_LOAN_TO_YOU


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_reason_is_no_override(small: Small, blank: str | None) -> None:
    scan = at_limit(small)
    r = out(small, LI, scan, override=blank, staff="librarian")
    assert r.outcome is Outcome.LIMIT_REACHED
    assert last_event().note == ""


def test_override_names_every_refusal_it_lifted(small: Small) -> None:
    scan = overdue(small)
    for other in ("10000005", "10000002"):  # up to the limit, overdue or not
        assert out(small, LI, other, override=REASON).outcome is Outcome.CHECKED_OUT
    assert last_event().note == f"override OVERDUE_BLOCK: {REASON}"
    r = out(small, LI, scan, override=REASON)
    assert r.outcome is Outcome.CHECKED_OUT
    assert last_event().note == f"override OVERDUE_BLOCK,LIMIT_REACHED: {REASON}"


def test_override_by_isbn_takes_a_copy_not_put_aside(small: Small) -> None:
    out(small, LI, "10000003")
    small.service.place_hold(small.patron_id(WANG), ISBN_TWO)
    small.service.check_in("10000003")  # put aside for Wang
    small.service.place_hold(small.patron_id(ZHAO), ISBN_TWO)  # Zhao waits
    db.Item.update(status="available").where(db.Item.barcode == "10000007").execute()
    assert out(small, LI, ISBN_TWO).outcome is Outcome.RESERVED_FOR_OTHER

    r = out(small, LI, ISBN_TWO, override=REASON)

    assert r.outcome is Outcome.CHECKED_OUT
    assert r.item
    assert r.item.barcode == "10000007"
    holds = small.store.active_holds_of_title(r.item.title.id)
    assert [(h.patron_id, h.status) for h in holds] == [
        (small.patron_id(WANG), HoldStatus.READY),
        (small.patron_id(ZHAO), HoldStatus.WAITING),
    ]


def test_override_without_refusal_writes_no_note(small: Small) -> None:
    r = out(small, LI, "10000003", override=REASON, staff="librarian")
    assert r.outcome is Outcome.CHECKED_OUT
    assert (last_event().note, last_event().staff) == ("", "librarian")


@pytest.mark.parametrize(
    ("call", "outcome"),
    [
        (lambda s: s.service.check_in("10000003", staff="ann"), Outcome.RETURNED),
        (
            lambda s: s.service.renew(s.patron_id(LI), "10000003", staff="ann"),
            Outcome.RENEWED,
        ),
        (
            lambda s: s.service.place_hold(s.patron_id(WANG), ISBN_TWO, staff="ann"),
            Outcome.HOLD_PLACED,
        ),
    ],
)
def test_staff_is_written_on_every_event(small: Small, call, outcome) -> None:
    out(small, LI, "10000003", staff="ann")
    assert last_event().staff == "ann"
    assert call(small).outcome is outcome
    assert last_event().staff == "ann"


def test_cancel_hold_records_staff(small: Small) -> None:
    out(small, LI, "10000003")
    small.service.place_hold(small.patron_id(WANG), ISBN_TWO)
    r = small.service.cancel_hold(small.patron_id(WANG), ISBN_TWO, staff="ann")
    assert r.outcome is Outcome.HOLD_CANCELLED
    assert last_event().staff == "ann"


def test_kiosk_events_have_no_staff(small: Small) -> None:
    out(small, LI, "10000003")
    assert (last_event().staff, last_event().note) == ("", "")
