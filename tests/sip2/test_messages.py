"""Every SIP2 message pair the server answers, on the demo library, field by field."""

from __future__ import annotations

import datetime as dt

from kiosk.db import models as db
from kiosk.sip2.codec import checksum
from tests.sip2.helpers import DATE, LOGIN, Running

FREE = "S2602016"  # a pupil with nothing on loan
LATE = "S2601006"  # a pupil with an overdue book
LATE_BOOK = "10001236"
TEACHER = "T0000001"
SUSPENDED = "S2601002"
SHELF = "10000041"
HELD_ISBN = "9787780370417"  # a title someone is waiting for
NOW = "20261125    100000"  # the test clock, as SIP2 writes it
DUE = "20261209    235959"  # a pupil's 14 days from 2026-11-25


def test_nothing_but_a_login_before_a_login(sip2: Running) -> None:
    client = sip2.client(login=False)
    assert client.ask("9900302.00").fixed == {"ok": "0"}
    assert client.ask(f"23000{DATE}AO|AA{FREE}|").command == "94"
    assert client.ask("9300CNsc1|COwrong|").fixed == {"ok": "0"}
    assert client.ask("9300CNnobody|COsc1-password|").fixed == {"ok": "0"}
    assert client.ask(LOGIN).fixed == {"ok": "1"}
    assert client.ask("9900302.00").command == "98"


def test_sc_status_says_what_is_supported(sip2: Running) -> None:
    reply = sip2.client().ask("9900302.00")
    assert reply.command == "98"
    assert reply.fixed == {
        "online": "Y",
        "checkin_ok": "Y",
        "checkout_ok": "Y",
        "renewal_policy": "Y",
        "status_update_ok": "N",
        "offline_ok": "N",
        "timeout": "999",
        "retries": "003",
        "date": NOW,
        "protocol_version": "2.00",
    }
    # 23 11 09 01 99 97 93 63 35 37 17 19 25 15 29 65: no fee paid (37), item
    # status update (19) or patron enable (25).
    assert reply.get("BX") == "YYYYYYYYYNYNNYYY"
    assert reply.get("AO") == "kiosk-1"
    assert reply.get("AM") == "示范中学图书馆"
    assert reply.get("AN") == "sip2-demo"


def test_patron_status(sip2: Running) -> None:
    client = sip2.client()
    ok = client.ask(f"23001{DATE}AOkiosk-1|AA{FREE}|AC|")
    assert ok.command == "24"
    assert ok.fixed == {"patron_status": " " * 14, "language": "001", "date": NOW}
    assert ok.get("AA") == FREE
    assert ok.get("AE") == next(
        p["name"] for p in sip2.demo.tables["patron"] if p["card"] == FREE
    )
    assert ok.get("BL") == "Y"
    late = client.ask(f"23000{DATE}AO|AA{LATE}|")
    assert late.fixed["patron_status"] == "Y     Y       "  # charge denied: overdue
    assert "超期" in late.get("AF")
    suspended = client.ask(f"23000{DATE}AO|AA{SUSPENDED}|")
    assert suspended.fixed["patron_status"][:4] == "YYYY"
    assert suspended.get("BL") == "Y"
    unknown = client.ask(f"23000{DATE}AO|AAS9999999|")
    assert unknown.fixed["patron_status"][:4] == "YYYY"
    assert unknown.get("BL") == "N"
    assert unknown.get("AE") == ""


def test_patron_information_lists_what_the_summary_asks(sip2: Running) -> None:
    client = sip2.client()
    lent = client.ask(f"11NN{DATE}{' ' * 18}AO|AA{LATE}|AB{SHELF}|")
    assert lent.fixed["ok"] == "0"  # an overdue book blocks new loans
    charged = client.ask(f"63000{DATE}  Y       AO|AA{LATE}|")
    assert charged.command == "64"
    assert charged.fixed["patron_status"] == "Y     Y       "
    assert charged.fixed["charged_count"] == "0001"
    assert charged.fixed["overdue_count"] == "0001"
    assert charged.fixed["hold_count"] == "0000"
    assert charged.fields["AU"] == [LATE_BOOK]
    assert "AT" not in charged.fields
    overdue = client.ask(f"63000{DATE} Y        AO|AA{LATE}|BP1|BQ5|")
    assert overdue.fields["AT"] == [LATE_BOOK]
    assert "AU" not in overdue.fields
    past_the_end = client.ask(f"63000{DATE}  Y       AO|AA{LATE}|BP2|BQ5|")
    assert "AU" not in past_the_end.fields
    client.ask(f"15+{DATE}AO|AA{FREE}|AB{HELD_ISBN}|")
    holds = client.ask(f"63000{DATE}Y         AO|AA{FREE}|")
    assert holds.fixed["hold_count"] == "0001"
    assert holds.fields["AS"] == [HELD_ISBN]


def test_item_information(sip2: Running) -> None:
    client = sip2.client()
    shelf = client.ask(f"17{DATE}AO|AB{SHELF}|")
    assert shelf.command == "18"
    assert shelf.fixed == {
        "circulation_status": "03",
        "security_marker": "00",
        "fee_type": "01",
        "date": NOW,
    }
    assert shelf.get("AB") == SHELF
    assert shelf.get("CK") == "001"
    assert shelf.get("CF") == "0000"
    assert shelf.get("AH") is None
    assert shelf.get("AJ")
    out = client.ask(f"17{DATE}AO|AB{LATE_BOOK}|")
    assert out.fixed["circulation_status"] == "04"
    assert out.get("AH") < DATE  # overdue: due before today
    held = client.ask(f"17{DATE}AO|AB{HELD_ISBN}|")
    assert held.get("CF") == "0001"
    unknown = client.ask(f"17{DATE}AO|AB10999999|")
    assert unknown.fixed["circulation_status"] == "01"
    assert unknown.get("AF")


def test_checkout_renew_and_checkin(sip2: Running) -> None:
    client = sip2.client()
    out = client.ask(f"11NN{DATE}{' ' * 18}AOkiosk-1|AA{FREE}|AB{SHELF}|AC|")
    assert out.command == "12"
    assert out.fixed == {
        "ok": "1",
        "renewal_ok": "N",
        "magnetic_media": "N",
        "desensitize": "Y",
        "date": NOW,
    }
    assert out.get("AA") == FREE
    assert out.get("AB") == SHELF
    assert out.get("AH") == DUE
    assert out.get("CK") == "001"
    assert out.get("AF") == f"已借出《{out.get('AJ')}》，请于 2026-12-09 前归还。"
    assert out.get("AG") == f"《{out.get('AJ')}》 应还 2026-12-09"  # for its receipt
    loan = db.Loan.get(db.Loan.returned_at.is_null(), db.Loan.kiosk == "sip2-demo")
    assert loan.item.barcode == SHELF
    event = db.Event.select().order_by(db.Event.id.desc()).first()
    assert (event.kiosk, event.action, event.outcome) == (
        "sip2-demo",
        "check_out",
        "CHECKED_OUT",
    )
    again = client.ask(f"11NN{DATE}{' ' * 18}AO|AA{FREE}|AB{SHELF}|")
    assert again.fixed["ok"] == "0"  # already yours, and no renewal asked for
    assert "AG" not in again.fields  # nothing to print for a refusal
    other = client.ask(f"11NN{DATE}{' ' * 18}AO|AA{TEACHER}|AB{SHELF}|")
    assert other.fixed["ok"] == "0"  # the one-open-loan rule
    sip2.clock.advance(days=7)
    renewed = client.ask(f"29NN{DATE}{' ' * 18}AO|AA{FREE}|AB{SHELF}|")
    assert renewed.command == "30"
    assert renewed.fixed["ok"] == "1"
    assert renewed.fixed["renewal_ok"] == "Y"
    assert renewed.get("AH") > DUE
    assert renewed.get(
        "AG"
    ) == f"《{out.get('AJ')}》 续借至 {renewed.get('AH')[:4]}-" + (
        f"{renewed.get('AH')[4:6]}-{renewed.get('AH')[6:8]}"
    )
    by_policy = client.ask(f"11YN{DATE}{' ' * 18}AO|AA{FREE}|AB{SHELF}|")
    assert by_policy.fixed["ok"] == "0"  # one renewal for pupils, used
    back = client.ask(f"09N{DATE}{DATE}APdesk|AO|AB{SHELF}|")
    assert back.command == "10"
    assert back.fixed["ok"] == "1"
    assert back.fixed["alert"] == "N"
    assert back.fixed["resensitize"] == "Y"
    assert back.get("AB") == SHELF
    assert back.get("AA") == FREE
    assert back.get("AJ")
    assert back.get("AG") == f"《{back.get('AJ')}》 已归还"
    not_out = client.ask(f"09N{DATE}{DATE}AP|AO|AB{SHELF}|")
    assert not_out.fixed["ok"] == "1"  # the book is home: the drop takes it
    unknown = client.ask(f"09N{DATE}{DATE}AP|AO|AB10999999|")
    assert unknown.fixed["ok"] == "0"


def test_a_checkin_of_a_held_title_alerts_and_names_the_shelf(sip2: Running) -> None:
    client = sip2.client()
    title = db.Title.get(db.Title.isbn == HELD_ISBN)
    copies = list(db.Item.select().where(db.Item.title == title))
    on_loan = [c for c in copies if c.status == "on_loan"]
    if not on_loan:  # lend one first, overriding the hold as the desk would
        sip2.library.service.check_out(
            db.Patron.get(db.Patron.card == TEACHER).id,
            copies[0].barcode,
            override="test",
        )
        on_loan = [copies[0]]
    back = client.ask(f"09N{DATE}{DATE}AP|AO|AB{on_loan[0].barcode}|")
    assert back.fixed["ok"] == "1"
    assert back.fixed["alert"] == "Y"
    assert back.fixed["resensitize"] == "N"
    assert back.get("CV") == "01"
    assert back.get("CL") == "预约"
    assert back.get("CT") == "预约书架"
    waiting = db.Hold.get(db.Hold.title == title)
    assert back.get("CY") == waiting.patron.card
    assert "预约" in back.get("AF")


def test_renew_all(sip2: Running) -> None:
    client = sip2.client()
    for barcode in sip2.demo.shelf(2):
        assert (
            client.ask(f"11NN{DATE}{' ' * 18}AO|AA{TEACHER}|AB{barcode}|").fixed["ok"]
            == "1"
        )
    sip2.clock.advance(days=20)
    reply = client.ask(f"65{DATE}AO|AA{TEACHER}|")
    assert reply.command == "66"
    assert reply.fixed["ok"] == "1"
    assert reply.fixed["renewed_count"] == "0002"
    assert reply.fixed["unrenewed_count"] == "0000"
    assert sorted(reply.fields["BM"]) == sorted(sip2.demo.shelf(2))
    again = client.ask(f"65{DATE}AO|AA{TEACHER}|")
    assert again.fixed["renewed_count"] == "0002"  # teachers renew twice
    third = client.ask(f"65{DATE}AO|AA{TEACHER}|")
    assert third.fixed["unrenewed_count"] == "0002"
    assert sorted(third.fields["BN"]) == sorted(sip2.demo.shelf(2))
    nobody = client.ask(f"65{DATE}AO|AAS9999999|")
    assert nobody.fixed["ok"] == "0"


def test_hold_placed_and_cancelled(sip2: Running) -> None:
    client = sip2.client()
    placed = client.ask(f"15+{DATE}AO|AA{FREE}|AB{HELD_ISBN}|")
    assert placed.command == "16"
    assert placed.fixed["ok"] == "1"
    assert placed.get("AA") == FREE
    assert placed.get("BR") == "0002"  # second in the queue
    twice = client.ask(f"15+{DATE}AO|AA{FREE}|AB{HELD_ISBN}|")
    assert twice.fixed["ok"] == "0"
    cancelled = client.ask(f"15-{DATE}AO|AA{FREE}|AB{HELD_ISBN}|")
    assert cancelled.fixed["ok"] == "1"
    gone = client.ask(f"15-{DATE}AO|AA{FREE}|AB{HELD_ISBN}|")
    assert gone.fixed["ok"] == "0"
    changed = client.ask(f"15*{DATE}AO|AA{FREE}|AB{HELD_ISBN}|")
    assert changed.fixed["ok"] == "0"


def test_end_session_and_block_patron(sip2: Running) -> None:
    client = sip2.client()
    ended = client.ask(f"35{DATE}AO|AA{FREE}|")
    assert ended.command == "36"
    assert ended.fixed == {"end_session": "Y", "date": NOW}
    assert ended.get("AA") == FREE
    assert client.ask(f"35{DATE}AO|AAS9999999|").fixed["end_session"] == "N"
    blocked = client.ask(f"01N{DATE}AO|ALcard used by someone else|AA{FREE}|AC|")
    assert blocked.command == "24"
    assert blocked.fixed["patron_status"][:4] == "YYYY"
    assert db.Patron.get(db.Patron.card == FREE).status == "suspended"
    event = db.Event.get(db.Event.action == "block_patron")
    assert event.note == "card used by someone else"
    out = client.ask(f"11NN{DATE}{' ' * 18}AO|AA{FREE}|AB{SHELF}|")
    assert out.fixed["ok"] == "0"


def test_resend_repeats_the_last_answer(sip2: Running) -> None:
    client = sip2.client()
    first = client.ask(f"23000{DATE}AO|AA{FREE}|", checked=True)
    again = client.send(b"97AZ" + checksum(b"97AZ").encode() + b"\r")
    assert again == first.raw


def test_dates_follow_the_clock(sip2: Running) -> None:
    sip2.clock.advance(days=1)
    reply = sip2.client().ask("9900302.00")
    assert reply.fixed["date"] == (
        dt.datetime(2026, 11, 26, 10, 0).strftime("%Y%m%d    %H%M%S")
    )


def test_patron_information_counts_the_compensation_owed(sip2: Running) -> None:
    from decimal import Decimal

    patron = sip2.library.store.patron_by_card(FREE)
    lost, damaged = sip2.demo.shelf(2)
    for barcode, asked, paid in ((lost, "25.50", "5.00"), (damaged, "8.00", "8.00")):
        db.Loss.insert(
            item=sip2.library.store.item_by_barcode(barcode).id,
            kind="lost",
            at=sip2.clock.now(),
            patron=patron.id,
            asked=Decimal(asked),
            paid=Decimal(paid),
        ).execute()
    client = sip2.client()
    owed = client.ask(f"63000{DATE}   Y      AO|AA{FREE}|")
    assert owed.fixed["fine_count"] == "0001"  # the paid one is settled
    assert (owed.get("BV"), owed.get("BH")) == ("20.50", "CNY")
    assert owed.fields["AV"] == [f"{lost} 20.50"]
    nothing = client.ask(f"63000{DATE}   Y      AO|AA{TEACHER}|")
    assert nothing.fixed["fine_count"] == "0000"
    assert "BV" not in nothing.fields
    assert "AV" not in nothing.fields
