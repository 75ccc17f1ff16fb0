"""The kiosk's state machine on a real small library: every mode, idle logout."""

from __future__ import annotations

import pytest

from kiosk.circulation.outcomes import Outcome
from kiosk.session import (
    Activity,
    AnswerRenew,
    DismissAlert,
    Finish,
    Mode,
    PickClass,
    PlaySound,
    PrintSlip,
    Scanned,
    Session,
    SetMode,
    Sound,
    View,
)
from tests.conftest import ISBN_TWO, Small

LI, WANG = "S0000001", "S0000002"


@pytest.fixture
def session(small: Small) -> Session:
    return Session(small.service, small.clock, idle_seconds=45, countdown_seconds=10)


def sounds(effects) -> list[Sound]:
    return [e.sound for e in effects if isinstance(e, PlaySound)]


def slips(effects) -> list[PrintSlip]:
    return [e for e in effects if isinstance(e, PrintSlip)]


def test_card_then_book_then_done_prints_a_slip(session: Session) -> None:
    assert sounds(session.apply(Scanned(LI))) == [Sound.OK]
    assert session.state.view is View.PATRON
    assert session.state.patron.name == "李明"
    assert sounds(session.apply(Scanned("10000003"))) == [Sound.OK]
    assert session.state.banner.outcome is Outcome.CHECKED_OUT
    assert [ln.item.barcode for ln in session.state.loans] == ["10000003"]
    [slip] = slips(session.apply(Finish()))
    assert slip.patron.card == LI
    assert [r.outcome for r in slip.results] == [Outcome.CHECKED_OUT]
    assert session.state.view is View.ATTRACT
    assert session.state.patron is None
    assert session.state.loans == ()


def test_a_card_and_a_book_read_together_lend_the_book_to_that_card(
    session: Session,
) -> None:
    ordered = session.in_order(["10000003", LI])
    assert ordered == [LI, "10000003"]
    for text in ordered:
        session.apply(Scanned(text))
    assert session.state.patron.card == LI
    assert [ln.item.barcode for ln in session.state.loans] == ["10000003"]


def test_nothing_done_means_no_slip(session: Session) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("99999999"))  # unknown book: a refusal only
    assert slips(session.apply(Finish())) == []


def test_refusals_sound_different(session: Session) -> None:
    assert sounds(session.apply(Scanned("S9999999"))) == [Sound.REFUSED]
    assert session.state.view is View.ATTRACT
    assert session.state.banner.outcome is Outcome.UNKNOWN_CARD
    assert sounds(session.apply(Scanned("10000003"))) == [Sound.REFUSED]
    assert session.state.banner.outcome is Outcome.NOT_A_CARD


def test_blocked_patron_sees_why(session: Session, small: Small) -> None:
    small.service.check_out(1, "10000003")
    small.clock.advance(days=20)
    session.apply(Scanned(LI))
    assert [b.outcome for b in session.state.blocks] == [Outcome.OVERDUE_BLOCK]
    session.apply(Scanned("10000001"))
    assert session.state.banner.outcome is Outcome.OVERDUE_BLOCK


def test_renew_prompt(session: Session, small: Small) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    small.clock.advance(days=7)
    session.apply(Scanned(ISBN_TWO))
    assert session.state.renew_offer.outcome is Outcome.ALREADY_ON_LOAN_TO_YOU
    session.apply(AnswerRenew(yes=True))
    assert session.state.renew_offer is None
    assert session.state.banner.outcome is Outcome.RENEWED
    [slip] = slips(session.apply(Finish()))
    assert [r.outcome for r in slip.results] == [
        Outcome.CHECKED_OUT,
        Outcome.ALREADY_ON_LOAN_TO_YOU,
        Outcome.RENEWED,
    ]


def test_a_book_lent_a_moment_ago_is_no_question(session: Session) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    session.apply(Scanned("10000003"))  # shown to the camera again
    assert session.state.renew_offer is None
    assert session.state.banner.outcome is Outcome.ALREADY_ON_LOAN_TO_YOU
    assert session.state.banner.due is not None


def test_declining_the_renewal_changes_nothing(session: Session) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    session.clock.advance(days=1)
    session.apply(Scanned("10000003"))
    assert session.state.renew_offer is not None
    session.apply(AnswerRenew(yes=False))
    assert session.state.renew_offer is None
    assert session.state.loans[0].renewals == 0


def test_next_card_ends_the_last_patrons_session(session: Session) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    effects = session.apply(Scanned(WANG))
    assert [s.patron.card for s in slips(effects)] == [LI]
    assert session.state.patron.card == WANG
    assert session.state.results == ()


def test_idle_countdown_then_logout_wipes_the_screen(
    session: Session, small: Small
) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    small.clock.advance(30)
    assert session.tick() == []
    assert session.state.idle_left is None
    small.clock.advance(6)  # 36 s idle: 9 s left, the countdown shows
    session.tick()
    assert session.state.idle_left == pytest.approx(9)
    small.clock.advance(4)
    session.apply(Activity())  # a touch restarts the wait
    assert session.state.idle_left is None
    small.clock.advance(46)
    [slip] = slips(session.tick())
    assert slip.patron.card == LI
    assert session.state.patron is None
    assert session.state.banner is None
    assert session.state.loans == ()
    assert session.state.view is View.ATTRACT


def test_idle_with_nothing_on_screen_does_nothing(
    session: Session, small: Small
) -> None:
    small.clock.advance(600)
    assert session.tick() == []
    assert session.state.view is View.ATTRACT


def test_returns_mode_with_hold_alert(session: Session, small: Small) -> None:
    small.service.check_out(1, "10000003")
    small.service.place_hold(2, ISBN_TWO)
    session.apply(SetMode(Mode.RETURNS))
    assert session.state.view is View.RETURNS
    assert sounds(session.apply(Scanned("10000003"))) == [Sound.ALERT]
    assert session.state.alert.hold_for.card == WANG
    session.apply(DismissAlert())
    assert session.state.alert is None
    assert sounds(session.apply(Scanned("10000003"))) == [Sound.REFUSED]
    assert [r.outcome for r in session.state.results] == [
        Outcome.RETURNED,
        Outcome.NOT_ON_LOAN,
    ]
    assert sounds(session.apply(Scanned(LI))) == [Sound.REFUSED]  # a card, not a book


def test_class_session(session: Session) -> None:
    session.apply(SetMode(Mode.CLASS))
    assert session.state.view is View.CLASS_PICK
    assert session.state.classes == ("初二(3)班",)
    session.apply(PickClass("初二(3)班"))
    assert {line.patron.card for line in session.state.roster} == {
        "S0000001",
        "S0000002",
        "S0000005",
    }
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    session.apply(Scanned(WANG))  # the next student, no button
    assert session.state.patron.card == WANG
    session.apply(Scanned("10000001"))
    lent = {ln.patron.card: len(ln.loans) for ln in session.state.roster}
    assert lent[LI] == 1
    assert lent[WANG] == 1
    [slip] = slips(session.apply(Finish()))
    assert slip.class_name == "初二(3)班"
    assert [r.item.barcode for r in slip.results] == ["10000003", "10000001"]
    assert session.state.view is View.CLASS_PICK


def test_switching_mode_ends_the_session_with_its_slip(session: Session) -> None:
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    effects = session.apply(SetMode(Mode.RETURNS))
    assert len(slips(effects)) == 1
    assert session.state.patron is None


def test_a_book_already_on_loan_can_be_returned_at_the_counter(
    session: Session,
) -> None:
    from kiosk.session import ReturnOffered

    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    session.apply(Finish())
    session.clock.advance(days=1)  # the next day, the pupil brings it back
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    session.apply(ReturnOffered())
    assert session.state.banner.outcome is Outcome.RETURNED
    assert session.state.loans == ()
    [slip] = slips(session.apply(Finish()))
    assert [r.outcome for r in slip.results if r.ok] == [Outcome.RETURNED]


def test_class_session_return_then_borrow(session: Session, small: Small) -> None:
    from kiosk.session import ReturnOffered

    small.service.check_out(1, "10000003")  # last week's book
    small.clock.advance(days=7)
    session.apply(SetMode(Mode.CLASS))
    session.apply(PickClass("初二(3)班"))
    session.apply(Scanned(LI))
    session.apply(Scanned("10000003"))
    session.apply(ReturnOffered())
    session.apply(Scanned("10000001"))
    outcomes = [r.outcome for r in session.state.class_results]
    assert outcomes == [Outcome.RETURNED, Outcome.CHECKED_OUT]
