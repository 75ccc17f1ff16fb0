"""A patron's PIN (the AD field): checked when the library set one, else not asked."""

from __future__ import annotations

import pytest

from kiosk.db import patrons
from tests.sip2.helpers import DATE, Running
from tests.sip2.test_messages import FREE, HELD_ISBN, LATE, LATE_BOOK, TEACHER

PIN = "2468"
NB_DUE = " " * 18


@pytest.fixture
def pin_for(sip2: Running):
    """Give a demo card a PIN, as the desk does."""

    def give(card: str) -> None:
        patron = sip2.library.store.patron_by_card(card)
        patrons.set_patron_pin(
            sip2.library.database,
            patron.id,
            PIN,
            at=sip2.clock.now(),
            staff="librarian",
        )

    return give


def test_a_card_without_a_pin_needs_none(sip2: Running) -> None:
    client = sip2.client()
    status = client.ask(f"23001{DATE}AO|AA{FREE}|AD|")
    assert status.get("CQ") == "Y"
    assert status.get("BL") == "Y"
    shelf = sip2.demo.shelf(1)[0]
    lent = client.ask(f"11NN{DATE}{NB_DUE}AO|AA{FREE}|AB{shelf}|ADanything|")
    assert lent.fixed["ok"] == "1"


def test_patron_status_says_whether_the_pin_is_right(sip2: Running, pin_for) -> None:
    pin_for(FREE)
    client = sip2.client()
    right = client.ask(f"23001{DATE}AO|AA{FREE}|AD{PIN}|")
    assert (right.get("BL"), right.get("CQ")) == ("Y", "Y")
    wrong = client.ask(f"23001{DATE}AO|AA{FREE}|AD1357|")
    assert (wrong.get("BL"), wrong.get("CQ")) == ("Y", "N")
    assert "密码不对" in wrong.get("AF")
    empty = client.ask(f"23001{DATE}AO|AA{FREE}|AD|")
    assert empty.get("CQ") == "N"
    unknown = client.ask(f"23001{DATE}AO|AAS9999999|AD{PIN}|")
    assert (unknown.get("BL"), unknown.get("CQ")) == ("N", "N")
    assert "密码" not in unknown.get("AF")
    no_field = client.ask(f"23001{DATE}AO|AA{FREE}|")
    assert "CQ" not in no_field.fields  # not asked, not answered


def test_loans_and_holds_are_listed_only_with_the_pin(sip2: Running, pin_for) -> None:
    pin_for(LATE)
    client = sip2.client()
    wrong = client.ask(f"63000{DATE}  Y       AO|AA{LATE}|AD0000|")
    assert wrong.get("CQ") == "N"
    assert "AU" not in wrong.fields
    assert "密码不对" in wrong.get("AF")
    right = client.ask(f"63000{DATE}  Y       AO|AA{LATE}|AD{PIN}|")
    assert right.get("CQ") == "Y"
    assert right.fields["AU"] == [LATE_BOOK]


def test_a_wrong_pin_lends_renews_and_holds_nothing(sip2: Running, pin_for) -> None:
    pin_for(TEACHER)
    client = sip2.client()
    shelf = sip2.demo.shelf(1)[0]
    refused = client.ask(f"11NN{DATE}{NB_DUE}AO|AA{TEACHER}|AB{shelf}|AD1111|")
    assert refused.fixed["ok"] == "0"
    assert "密码不对" in refused.get("AF")
    missing = client.ask(f"11NN{DATE}{NB_DUE}AO|AA{TEACHER}|AB{shelf}|")
    assert missing.fixed["ok"] == "0"
    item = sip2.library.store.item_by_barcode(shelf)
    assert sip2.library.store.open_loan_of_item(item.id) is None
    lent = client.ask(f"11NN{DATE}{NB_DUE}AO|AA{TEACHER}|AB{shelf}|AD{PIN}|")
    assert lent.fixed["ok"] == "1"
    sip2.clock.advance(days=20)
    renew = client.ask(f"29NN{DATE}{NB_DUE}AO|AA{TEACHER}|AB{shelf}|AD9999|")
    assert renew.fixed["ok"] == "0"
    assert "密码不对" in renew.get("AF")
    renew_all = client.ask(f"65{DATE}AO|AA{TEACHER}|AD9999|")
    assert renew_all.fixed["ok"] == "0"
    assert renew_all.fixed["renewed_count"] == "0000"
    assert "密码不对" in renew_all.get("AF")
    hold = client.ask(f"15+{DATE}AO|AA{TEACHER}|AB{HELD_ISBN}|AD9999|")
    assert hold.fixed["ok"] == "0"
    assert "密码不对" in hold.get("AF")
    assert sip2.library.service.holds_of(item_patron(sip2, TEACHER)) == []
    renewed = client.ask(f"29NN{DATE}{NB_DUE}AO|AA{TEACHER}|AB{shelf}|AD{PIN}|")
    assert renewed.fixed["ok"] == "1"
    # A return needs no PIN: the book is in the machine.
    back = client.ask(f"09N{DATE}{DATE}AP|AO|AB{shelf}|")
    assert back.fixed["ok"] == "1"


def test_a_pin_changed_at_the_desk_is_asked_for_at_once(sip2: Running, pin_for) -> None:
    pin_for(FREE)
    client = sip2.client()
    assert client.ask(f"23001{DATE}AO|AA{FREE}|AD{PIN}|").get("CQ") == "Y"
    patron = sip2.library.store.patron_by_card(FREE)
    patrons.set_patron_pin(
        sip2.library.database, patron.id, "9753", at=sip2.clock.now(), staff="x"
    )
    assert client.ask(f"23001{DATE}AO|AA{FREE}|AD{PIN}|").get("CQ") == "N"
    assert client.ask(f"23001{DATE}AO|AA{FREE}|AD9753|").get("CQ") == "Y"


def item_patron(sip2: Running, card: str) -> int:
    return sip2.library.store.patron_by_card(card).id
