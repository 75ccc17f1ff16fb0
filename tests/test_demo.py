"""The demo library looks like the school's, and its suggested barcodes work."""

from __future__ import annotations

import collections

import pytest
from stdnum import isbn

from kiosk import demo
from kiosk.circulation.outcomes import Outcome
from kiosk.db import models as db
from kiosk.runtime import open_library


@pytest.fixture
def demo_library(settings, clock):
    library = open_library(settings, clock, demo=True)
    yield library
    library.close()


def test_demo_shape(demo_library) -> None:
    students = db.Patron.select().where(db.Patron.type == "student")
    classes = collections.Counter(p.class_name for p in students)
    assert 280 <= students.count() <= 320
    assert len(classes) == 6
    assert {name[:2] for name in classes} == {"初一", "初二", "初三"}
    assert db.Patron.select().where(db.Patron.type != "student").count() >= 3
    assert all("\u4e00" <= p.name[0] <= "\u9fff" for p in students)
    titles = list(db.Title.select())
    assert 750 <= len(titles) <= 850
    assert all(t.isbn.startswith("9787") and isbn.is_valid(t.isbn) for t in titles)
    copies = collections.Counter(i.title_id for i in db.Item.select())
    assert set(copies.values()) <= {1, 2, 3}
    assert all(i.barcode for i in db.Item.select())


def test_demo_has_loans_overdue_loans_a_hold_and_a_vacation(demo_library, clock):
    open_loans = db.Loan.select().where(db.Loan.returned_at.is_null())
    overdue = [ln for ln in open_loans if ln.due < clock.today()]
    assert open_loans.count() >= 30
    assert 3 <= len(overdue) <= 15
    assert db.Hold.select().where(db.Hold.status == "waiting").count() == 1
    reasons = {p.reason for p in db.ClosedPeriod.select()}
    assert "寒假" in reasons


def test_demo_is_created_once(settings, clock, demo_library) -> None:
    demo_library.service.check_out(
        demo_library.store.patron_by_card("T0000001").id, "10000041"
    )
    demo_library.close()
    again = open_library(settings, clock, demo=True)
    try:
        assert db.Patron.select().count() == 306
        assert db.Loan.select().where(db.Loan.kiosk == "kiosk-1").count() == 1
    finally:
        again.close()


def test_the_barcodes_to_try_do_what_they_say(demo_library, clock) -> None:
    hints = dict(demo.generate(clock.today()).hints)
    card = {label.split(" /")[0]: code for label, code in hints.items()}
    service = demo_library.service
    assert service.identify(card["card, nothing on loan"]).loans == ()
    late = service.identify(card["card with an overdue book"])
    assert late.blocks[0].outcome is Outcome.OVERDUE_BLOCK
    assert service.identify(card["teacher card"]).outcome is Outcome.PATRON_OK
    assert service.identify(card["suspended card"]).outcome is Outcome.CARD_SUSPENDED
    free = service.identify(card["card, nothing on loan"]).patron.id
    shelf = service.check_out(free, card["book on the shelf, copy barcode"])
    assert shelf.outcome is Outcome.CHECKED_OUT
    by_isbn = service.check_out(free, card["same book by ISBN"])
    assert by_isbn.outcome is Outcome.ALREADY_ON_LOAN_TO_YOU
    back = service.check_in(card["overdue book to return"])
    assert back.outcome is Outcome.RETURNED
    assert back.days_late > 0
    held = service.check_in(card["reserved title, ISBN"])
    assert held.outcome is Outcome.RETURNED
    assert held.hold_for is not None
    bad = service.check_out(free, card["damaged ISBN (bad check digit)"])
    assert bad.outcome is Outcome.BAD_CHECK_DIGIT


def test_generation_is_deterministic(clock) -> None:
    first = demo.generate(clock.today())
    second = demo.generate(clock.today())
    assert first.hints == second.hints
    assert first.tables["patron"] == second.tables["patron"]
