"""Circulation rules through the real service on a real SQLite file.

Every outcome code has a scenario below; ``test_every_outcome_has_a_scenario``
fails when a new code is added without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from kiosk.circulation.model import HoldStatus, ItemStatus
from kiosk.circulation.outcomes import Outcome, Result
from kiosk.db import models as db
from kiosk.ports import LoanConflict
from tests.conftest import (
    ISBN_BROKEN,
    ISBN_ONE,
    ISBN_TWO,
    ISBN_UNKNOWN,
    ISSN_EAN,
    Small,
)

LI, WANG, ZHAO = "S0000001", "S0000002", "T0000001"


def out(small: Small, card: str, scan: str) -> Result:
    return small.service.check_out(small.patron_id(card), scan)


# -- one scenario per outcome -------------------------------------------------


def patron_ok(s: Small) -> Result:
    r = s.service.identify(LI)
    assert r.patron
    assert r.patron.name == "李明"
    assert r.blocks == ()
    return r


def checked_out(s: Small) -> Result:
    r = out(s, LI, "10000003")
    assert r.due == dt.date(2026, 12, 9)
    assert s.store.item_by_barcode("10000003").status is ItemStatus.ON_LOAN
    return r


def returned(s: Small) -> Result:
    out(s, LI, "10000003")
    s.clock.advance(days=20)
    r = s.service.check_in("10000003")
    assert r.days_late == 6
    assert r.patron
    assert r.patron.card == LI
    assert s.store.item_by_barcode("10000003").status is ItemStatus.AVAILABLE
    return r


def renewed(s: Small) -> Result:
    out(s, LI, "10000003")
    s.clock.advance(days=10)  # Saturday 2026-12-05
    r = s.service.renew(s.patron_id(LI), "10000003")
    assert r.due == dt.date(2026, 12, 21)  # 14 days on is a Saturday -> Monday
    assert r.loan
    assert r.loan.renewals == 1
    return r


def hold_placed(s: Small) -> Result:
    out(s, LI, "10000003")
    r = s.service.place_hold(s.patron_id(WANG), ISBN_TWO)
    assert r.item is None  # nothing on the shelf to put aside
    return r


def hold_cancelled(s: Small) -> Result:
    out(s, LI, "10000003")
    s.service.place_hold(s.patron_id(WANG), ISBN_TWO)
    return s.service.cancel_hold(s.patron_id(WANG), ISBN_TWO)


def session_ended(s: Small) -> Result:
    return s.service.end_session(s.patron_id(LI))


def unknown_barcode(s: Small) -> Result:
    return out(s, LI, "hello")


def bad_check_digit(s: Small) -> Result:
    r = out(s, LI, ISBN_ONE[:-1] + str((int(ISBN_ONE[-1]) + 1) % 10))
    assert r.item is None
    return r


def not_a_card(s: Small) -> Result:
    return s.service.identify("10000001")


def not_a_book(s: Small) -> Result:
    return out(s, LI, WANG)


def no_patron(s: Small) -> Result:
    return s.service.check_out(None, "10000001")


def unknown_card(s: Small) -> Result:
    return s.service.identify("S9999999")


def card_expired(s: Small) -> Result:
    assert s.service.check_out(5, "10000001").outcome is Outcome.CARD_EXPIRED
    return s.service.identify("S0000005")


def card_suspended(s: Small) -> Result:
    assert s.service.check_out(3, "10000001").outcome is Outcome.CARD_SUSPENDED
    return s.service.identify("S0000003")


def card_left(s: Small) -> Result:
    return s.service.identify("S0000004")


def limit_reached(s: Small) -> Result:
    for scan in ("10000001", "10000003", "10000005"):
        assert out(s, LI, scan).outcome is Outcome.CHECKED_OUT
    assert s.service.identify(LI).blocks[0].outcome is Outcome.LIMIT_REACHED
    r = out(s, LI, "10000002")
    assert (r.count, r.limit) == (3, 3)
    return r


def overdue_block(s: Small) -> Result:
    out(s, LI, "10000003")
    s.clock.advance(days=15)
    r = out(s, LI, "10000001")
    assert r.count == 1
    return r


def unknown_book(s: Small) -> Result:
    assert out(s, LI, "99999999").outcome is Outcome.UNKNOWN_BOOK
    return out(s, LI, ISBN_UNKNOWN)


def not_for_loan(s: Small) -> Result:
    for barcode, status in [
        ("10000004", ItemStatus.DAMAGED),
        ("10000006", ItemStatus.LOST),
        ("10000007", ItemStatus.IN_REPAIR),
        ("10000008", ItemStatus.WITHDRAWN),
    ]:
        r = out(s, LI, barcode)
        assert r.outcome is Outcome.NOT_FOR_LOAN
        assert r.item
        assert r.item.status is status
    return out(s, LI, ISBN_BROKEN)


def on_loan_to_other(s: Small) -> Result:
    out(s, WANG, "10000003")
    r = out(s, LI, "10000003")
    assert r.loan
    assert r.loan.patron_id == s.patron_id(WANG)
    return r


def already_on_loan_to_you(s: Small) -> Result:
    out(s, LI, "10000001")
    assert out(s, LI, ISBN_ONE).outcome is Outcome.ALREADY_ON_LOAN_TO_YOU
    r = out(s, LI, "10000001")
    assert r.due == dt.date(2026, 12, 9)
    return r


def reserved_for_other(s: Small) -> Result:
    out(s, LI, "10000003")
    s.service.place_hold(s.patron_id(WANG), ISBN_TWO)
    back = s.service.check_in("10000003")
    assert back.hold_for
    assert back.hold_for.card == WANG
    r = out(s, ZHAO, "10000003")
    assert r.hold_for
    assert r.hold_for.card == WANG
    return r


def no_more_renewals(s: Small) -> Result:
    out(s, LI, "10000003")
    s.clock.advance(days=7)
    assert s.service.renew(s.patron_id(LI), ISBN_TWO).outcome is Outcome.RENEWED
    r = s.service.renew(s.patron_id(LI), ISBN_TWO)
    assert r.limit == 1
    return r


def not_on_loan(s: Small) -> Result:
    assert s.service.check_in(ISBN_TWO).outcome is Outcome.NOT_ON_LOAN
    return s.service.check_in("10000003")


def not_your_loan(s: Small) -> Result:
    out(s, WANG, "10000003")
    return s.service.renew(s.patron_id(LI), "10000003")


def hold_exists(s: Small) -> Result:
    out(s, LI, "10000003")
    s.service.place_hold(s.patron_id(WANG), ISBN_TWO)
    return s.service.place_hold(s.patron_id(WANG), "10000003")


def no_hold(s: Small) -> Result:
    return s.service.cancel_hold(s.patron_id(WANG), ISBN_TWO)


SCENARIOS: dict[Outcome, Callable[[Small], Result]] = {
    Outcome.PATRON_OK: patron_ok,
    Outcome.CHECKED_OUT: checked_out,
    Outcome.RETURNED: returned,
    Outcome.RENEWED: renewed,
    Outcome.HOLD_PLACED: hold_placed,
    Outcome.HOLD_CANCELLED: hold_cancelled,
    Outcome.SESSION_ENDED: session_ended,
    Outcome.UNKNOWN_BARCODE: unknown_barcode,
    Outcome.BAD_CHECK_DIGIT: bad_check_digit,
    Outcome.NOT_A_CARD: not_a_card,
    Outcome.NOT_A_BOOK: not_a_book,
    Outcome.NO_PATRON: no_patron,
    Outcome.UNKNOWN_CARD: unknown_card,
    Outcome.CARD_EXPIRED: card_expired,
    Outcome.CARD_SUSPENDED: card_suspended,
    Outcome.CARD_LEFT: card_left,
    Outcome.LIMIT_REACHED: limit_reached,
    Outcome.OVERDUE_BLOCK: overdue_block,
    Outcome.UNKNOWN_BOOK: unknown_book,
    Outcome.NOT_FOR_LOAN: not_for_loan,
    Outcome.ON_LOAN_TO_OTHER: on_loan_to_other,
    Outcome.ALREADY_ON_LOAN_TO_YOU: already_on_loan_to_you,
    Outcome.RESERVED_FOR_OTHER: reserved_for_other,
    Outcome.NO_MORE_RENEWALS: no_more_renewals,
    Outcome.NOT_ON_LOAN: not_on_loan,
    Outcome.NOT_YOUR_LOAN: not_your_loan,
    Outcome.HOLD_EXISTS: hold_exists,
    Outcome.NO_HOLD: no_hold,
}


OFFLINE_ONLY = {Outcome.OFFLINE_NOT_ALLOWED}
"""Given only by a kiosk working from its journal: tests/test_journal_rules.py
and tests/db/test_offline.py have its scenarios."""


def test_every_outcome_has_a_scenario() -> None:
    assert set(SCENARIOS) | OFFLINE_ONLY == set(Outcome)


@pytest.mark.parametrize("outcome", list(SCENARIOS), ids=str)
def test_outcome(small: Small, outcome: Outcome) -> None:
    result = SCENARIOS[outcome](small)
    assert result.outcome is outcome
    last = db.Event.select().order_by(db.Event.id.desc()).first()
    assert last.outcome == outcome.value  # every action and refusal is logged


# -- copy selection by ISBN ---------------------------------------------------


def test_checkout_by_isbn_picks_an_available_copy(small: Small) -> None:
    first = out(small, LI, ISBN_ONE)
    second = out(small, WANG, ISBN_ONE)
    assert {first.item.barcode, second.item.barcode} == {"10000001", "10000002"}
    third = out(small, ZHAO, ISBN_ONE)
    assert third.outcome is Outcome.ON_LOAN_TO_OTHER


def test_checkout_by_isbn_with_price_addon(small: Small) -> None:
    r = out(small, LI, ISBN_TWO + " 52500")
    assert r.outcome is Outcome.CHECKED_OUT
    assert r.item.barcode == "10000003"


def test_checkout_by_issn_lends_the_periodical(small: Small) -> None:
    r = out(small, LI, ISSN_EAN)
    assert r.outcome is Outcome.CHECKED_OUT
    assert r.item.barcode == "10000005"


def test_return_by_isbn_prefers_the_current_patrons_copy(small: Small) -> None:
    out(small, LI, "10000001")
    small.clock.advance(days=1)
    out(small, WANG, "10000002")
    r = small.service.check_in(ISBN_ONE, small.patron_id(WANG))
    assert r.item.barcode == "10000002"
    assert r.patron.card == WANG


def test_return_by_isbn_without_patron_takes_the_longest_out(small: Small) -> None:
    out(small, WANG, "10000002")
    small.clock.advance(days=1)
    out(small, LI, "10000001")
    r = small.service.check_in(ISBN_ONE)
    assert r.item.barcode == "10000002"


def test_isbn_checkout_skips_a_copy_put_aside_for_someone(small: Small) -> None:
    out(small, LI, "10000001")
    out(small, WANG, "10000002")
    small.service.place_hold(small.patron_id(ZHAO), ISBN_ONE)
    small.service.check_in("10000001")  # goes to 赵老师's hold
    r = out(small, "S0000005", ISBN_ONE)  # expired card, checked first
    assert r.outcome is Outcome.CARD_EXPIRED
    small.service.check_in("10000002")
    r = out(small, WANG, ISBN_ONE)
    assert r.outcome is Outcome.CHECKED_OUT
    assert r.item.barcode == "10000002"


def test_the_hold_patron_borrows_the_copy_put_aside(small: Small) -> None:
    out(small, LI, "10000003")
    small.service.place_hold(small.patron_id(WANG), ISBN_TWO)
    small.service.check_in("10000003")
    r = out(small, WANG, ISBN_TWO)
    assert r.outcome is Outcome.CHECKED_OUT
    hold = db.Hold.get()
    assert hold.status == HoldStatus.FULFILLED
    assert hold.item_id == r.item.id


def test_a_hold_on_a_title_on_the_shelf_puts_a_copy_aside(small: Small) -> None:
    r = small.service.place_hold(small.patron_id(ZHAO), ISBN_TWO)
    assert r.item
    assert r.item.barcode == "10000003"
    assert out(small, LI, "10000003").outcome is Outcome.RESERVED_FOR_OTHER
    assert out(small, ZHAO, "10000003").outcome is Outcome.CHECKED_OUT


def test_renewal_is_refused_while_someone_waits(small: Small) -> None:
    out(small, LI, "10000003")
    small.service.place_hold(small.patron_id(WANG), ISBN_TWO)
    r = small.service.renew(small.patron_id(LI), "10000003")
    assert r.outcome is Outcome.RESERVED_FOR_OTHER
    assert r.hold_for.card == WANG


def test_cancelling_a_ready_hold_passes_the_copy_on(small: Small) -> None:
    out(small, LI, "10000003")
    small.service.place_hold(small.patron_id(WANG), ISBN_TWO)
    small.service.place_hold(small.patron_id(ZHAO), ISBN_TWO)
    small.service.check_in("10000003")
    small.service.cancel_hold(small.patron_id(WANG), ISBN_TWO)
    assert out(small, ZHAO, "10000003").outcome is Outcome.CHECKED_OUT


def test_teachers_have_their_own_rule(small: Small) -> None:
    r = out(small, ZHAO, "10000003")
    assert r.due == dt.date(2026, 12, 25)  # 30 days


def test_overdue_blocks_can_be_switched_off(settings, clock) -> None:
    import dataclasses

    from kiosk.db import bulk
    from kiosk.runtime import open_library
    from tests.conftest import small_tables

    relaxed = dataclasses.replace(
        settings,
        circulation=dataclasses.replace(
            settings.circulation, overdue_blocks_checkout=False
        ),
    )
    library = open_library(relaxed, clock)
    bulk.insert_tables(library.database, small_tables(clock.today()))
    try:
        library.service.check_out(1, "10000003")
        clock.advance(days=30)
        assert library.service.check_out(1, "10000001").outcome is Outcome.CHECKED_OUT
        assert library.service.identify(LI).blocks == ()
    finally:
        library.close()


def test_identify_lists_loans_and_blocks(small: Small) -> None:
    out(small, LI, "10000003")
    small.clock.advance(days=20)
    r = small.service.identify(LI)
    assert [loan.item.barcode for loan in r.loans] == ["10000003"]
    assert [b.outcome for b in r.blocks] == [Outcome.OVERDUE_BLOCK]


# -- the event log --------------------------------------------------------------


def test_event_log_records_who_what_where_and_when(small: Small) -> None:
    out(small, LI, "10000003")
    out(small, WANG, "10000003")
    events = list(db.Event.select().order_by(db.Event.id))
    assert [(e.action, e.outcome, e.patron_id, e.item_id) for e in events] == [
        ("check_out", "CHECKED_OUT", 1, 3),
        ("check_out", "ON_LOAN_TO_OTHER", 2, 3),
    ]
    assert all(e.kiosk == "kiosk-1" for e in events)
    assert all(e.at == small.clock.now() for e in events)


def test_event_log_never_holds_names(small: Small) -> None:
    out(small, LI, "10000003")
    small.service.identify(LI)
    rows = db.Event.select().tuples()
    assert not any("李明" in str(value) for row in rows for value in row)


def test_loan_records_its_kiosk(small: Small) -> None:
    out(small, LI, "10000003")
    assert db.Loan.get().kiosk == "kiosk-1"


# -- class sessions -------------------------------------------------------------


def test_classes_and_roster(small: Small) -> None:
    assert small.service.classes() == ["初二(3)班"]
    out(small, LI, "10000003")
    small.clock.advance(days=20)
    out(small, WANG, "10000001")
    roster = {line.patron.card: line for line in small.service.roster("初二(3)班")}
    # Active students only: suspended and left cards are not on the roster.
    assert set(roster) == {"S0000001", "S0000002", "S0000005"}
    assert [ln.item.barcode for ln in roster[LI].loans] == ["10000003"]
    assert roster[LI].overdue == 1
    assert roster[WANG].overdue == 0
    assert roster["S0000005"].loans == ()


def test_today_counts_come_from_the_event_log(small: Small) -> None:
    out(small, LI, "10000003")
    out(small, WANG, "10000001")
    small.service.check_in("10000003")
    out(small, LI, "99999999")  # a refusal does not count
    assert small.service.today_counts() == {"out": 2, "back": 1}
    small.clock.advance(days=1)
    assert small.service.today_counts() == {"out": 0, "back": 0}


def test_two_kiosks_returning_one_copy_only_one_returns_it(small: Small) -> None:
    # Regression (race test on PostgreSQL): both kiosks read the open loan,
    # the second must not report a second return.
    out(small, LI, "10000003")
    stale = small.store.open_loan_of_item(3)
    assert small.service.check_in("10000003").outcome is Outcome.RETURNED
    with small.store.transaction():
        with pytest.raises(LoanConflict):
            small.store.close_loan(stale, small.clock.now())
        with pytest.raises(LoanConflict):
            small.store.renew_loan(stale, dt.date(2027, 1, 4))


def test_a_copy_marked_available_while_on_loan_is_refused_on_either_engine(
    small: Small,
) -> None:
    # The index of open loans refuses the second loan; on PostgreSQL the
    # refusal must not abort the transaction (no savepoint is used), so the
    # event is still logged and committed.
    out(small, WANG, "10000003")
    db.Item.update(status="available").where(db.Item.id == 3).execute()
    result = out(small, LI, "10000003")
    assert result.outcome is Outcome.ON_LOAN_TO_OTHER
    assert result.loan.patron_id == small.patron_id(WANG)
    open_loans = db.Loan.select().where(db.Loan.returned_at.is_null())
    assert [loan.patron_id for loan in open_loans] == [small.patron_id(WANG)]
    last = db.Event.select().order_by(db.Event.id.desc()).first()
    assert last.outcome == "ON_LOAN_TO_OTHER"
    assert small.store.item_by_barcode("10000003").status is ItemStatus.ON_LOAN
    assert out(small, LI, "10000001").outcome is Outcome.CHECKED_OUT


def test_control_characters_in_a_scan_are_logged_safely(small: Small) -> None:
    # Regression: PostgreSQL refuses NUL in text (found by the fuzz test).
    assert out(small, LI, "1000\x000003").outcome is Outcome.UNKNOWN_BARCODE
    last = db.Event.select().order_by(db.Event.id.desc()).first()
    assert "\x00" not in last.scan


def test_stores_sharing_a_connection_share_its_prepared_statements(
    small: Small,
) -> None:
    # A SIP2 server gives each account a store of its own on one connection;
    # on PostgreSQL a statement prepared twice there would abort the scan.
    from kiosk.db.store import PeeweeLoanStore

    assert small.store.patron(small.patron_id(LI)).card == LI
    other = PeeweeLoanStore(small.library.database)
    with other.transaction():
        assert other.patron(small.patron_id(WANG)).card == WANG
        assert other.item_by_barcode("10000003").barcode == "10000003"
    assert out(small, LI, "10000003").outcome is Outcome.CHECKED_OUT
