"""SIP2 machines and a console kiosk on one library: no copy lent twice.

The console kiosk is a real ``kiosk.py`` process; both race for the same
twenty copies, then each sees the other's loans.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time

from kiosk.db import models as db
from tests.conftest import console_kiosk
from tests.sip2.helpers import DATE, Running

KIOSK_TEACHER, SIP2_TEACHER = "T0000001", "T0000002"


def test_the_same_copies_through_sip2_and_a_console_kiosk(sip2: Running) -> None:
    db.LoanRule.update(max_items=100).where(
        db.LoanRule.patron_type == "teacher"
    ).execute()
    books = sip2.demo.shelf(20)
    kiosk = console_kiosk(sip2.settings.source)
    answers: dict[str, str] = {}

    def kiosk_started() -> bool:
        with sqlite3.connect(sip2.settings.demo.database) as con:
            seen = con.execute(
                "SELECT COUNT(*) FROM event WHERE kiosk = 'kiosk-1'"
                " AND action = 'identify'"
            ).fetchone()[0]
        return bool(seen)

    def through_sip2() -> None:
        client = sip2.client()
        deadline = time.monotonic() + 60
        while not kiosk_started() and time.monotonic() < deadline:
            time.sleep(0.001)  # go when the kiosk has its card: both at once
        for book in reversed(books):  # from the other end: they meet midway
            reply = client.ask(f"11NN{DATE}{' ' * 18}AO|AA{SIP2_TEACHER}|AB{book}|")
            answers[book] = reply.fixed["ok"]

    racer = threading.Thread(target=through_sip2)
    racer.start()
    out, err = kiosk.communicate("\n".join([KIOSK_TEACHER, *books]) + "\n", timeout=120)
    racer.join(60)
    assert kiosk.returncode == 0, err
    lent_by_kiosk = {
        line["item"]
        for line in map(json.loads, out.splitlines())
        if line["outcome"] == "CHECKED_OUT"
    }
    lent_by_sip2 = {book for book, ok in answers.items() if ok == "1"}
    assert len(answers) == 20
    assert not lent_by_kiosk & lent_by_sip2  # never both
    assert lent_by_kiosk | lent_by_sip2 == set(books)  # and every copy once
    for book in books:
        open_loans = (
            db.Loan.select()
            .join(db.Item)
            .where(db.Item.barcode == book, db.Loan.returned_at.is_null())
            .count()
        )
        assert open_loans == 1, book
    # Each sees the other's: SIP2 lists the kiosk's loans, the kiosk SIP2's.
    client = sip2.client()
    charged = client.ask(f"63000{DATE}  Y       AO|AA{KIOSK_TEACHER}|BP1|BQ99|")
    assert set(charged.fields.get("AU", [])) == lent_by_kiosk
    again = console_kiosk(sip2.settings.source)
    out, err = again.communicate(f"{SIP2_TEACHER}\n", timeout=120)
    assert again.returncode == 0, err
    identified = json.loads(out.splitlines()[0])
    assert {loan["item"] for loan in identified["loans"]} >= lent_by_sip2
