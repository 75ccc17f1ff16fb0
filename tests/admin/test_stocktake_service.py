"""The UI-free calls the kiosk's staff menu uses, on SQLite and PostgreSQL.

``record_scan`` is what the kiosk's stocktake mode calls per scan; the register
actions are what "mark lost/damaged" at the counter calls.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from kiosk.circulation.codes import Classifier
from kiosk.circulation.model import ItemStatus
from kiosk.circulation.outcomes import Outcome
from kiosk.db import bulk
from kiosk.db import registers as regs
from kiosk.db import stocktake as takes
from kiosk.db import stocktake_report as reports
from kiosk.runtime import open_library
from tests.conftest import ISBN_ONE, small_tables

RULE = regs.CompensationRule(Decimal(2), Decimal(20))


@pytest.fixture(params=["sqlite", "postgresql"])
def library(request, settings, clock):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    opened = open_library(settings, clock)
    bulk.insert_tables(opened.database, small_tables(clock.today()))
    yield opened
    opened.close()


def classifier(settings) -> Classifier:
    return Classifier(
        settings.circulation.patron_pattern, settings.circulation.item_pattern
    )


def test_stocktake_mode_per_scan(library, settings, clock) -> None:
    database, now = library.database, clock.now()
    scan = classifier(settings)
    no = takes.record_scan(
        database, 1, "10000001", "", now, classifier=scan, kiosk="k2"
    )
    assert no.outcome is takes.ScanOutcome.NO_STOCKTAKE
    assert library.service.check_out(1, "10000001").outcome is Outcome.CHECKED_OUT
    started = takes.start(database, location="I区", now=now, kiosk="k2")
    assert started.ok
    assert started.stocktake is not None
    take = started.stocktake.id
    assert not takes.start(database, now=now, kiosk="k2").ok

    def one(code: str, where: str = "") -> takes.ScanResult:
        return takes.record_scan(
            database, take, code, where, now, classifier=scan, kiosk="k2"
        )

    on_loan = one("10000001")
    assert on_loan.outcome is takes.ScanOutcome.FOUND_ON_LOAN
    assert on_loan.patron is not None
    assert (on_loan.patron.card, on_loan.due.isoformat()) == ("S0000001", "2026-12-09")
    moved = one("10000002", "K区")
    assert (moved.outcome, moved.wrong_location) == (takes.ScanOutcome.FOUND, True)
    assert one(" 10000002 ").outcome is takes.ScanOutcome.DUPLICATE
    assert one(ISBN_ONE).outcome is takes.ScanOutcome.SCAN_LABEL
    assert one("S0000002").outcome is takes.ScanOutcome.NOT_A_BOOK
    assert one("\x00\x01junk").outcome is takes.ScanOutcome.UNKNOWN_BARCODE
    assert takes.current(database).scanned == 2  # junk is not kept

    done = reports.finish(database, now=now, kiosk="k2")
    assert done.report is not None
    assert [ln.barcode for ln in done.report.missing] == ["10000003", "10000005"]
    assert [ln.card for ln in done.report.on_loan] == ["S0000001"]
    marked = reports.mark_missing_lost(database, now=now, kiosk="k2")
    assert [ln.barcode for ln in marked.marked] == ["10000003", "10000005"]
    assert library.store.item_by_barcode("10000003").status is ItemStatus.LOST
    again = reports.mark_missing_lost(database, now=now, kiosk="k2")
    assert again.outcome is takes.StocktakeOutcome.ALREADY_MARKED


def test_mark_lost_at_the_counter_closes_the_loan(library, clock) -> None:
    database, now = library.database, clock.now()
    assert library.service.check_out(1, "10000001").outcome is Outcome.CHECKED_OUT
    result = regs.mark_lost(database, "10000001", rule=RULE, now=now, kiosk="k2")
    assert result.outcome is regs.RegisterOutcome.MARKED_LOST
    assert result.patron is not None
    assert result.patron.card == "S0000001"
    assert result.asked == Decimal("20.00")  # no price: the minimum
    assert library.service.status(1).loans == ()
    paid = regs.record_payment(
        database, result.entry_id, Decimal(25), now=now, kiosk="k2"
    )
    assert paid.outcome is regs.RegisterOutcome.OVERPAID
    paid = regs.record_payment(
        database, result.entry_id, Decimal(20), now=now, kiosk="k2"
    )
    assert (paid.outcome, paid.outstanding) == (regs.RegisterOutcome.PAID, Decimal(0))
    twice = regs.mark_lost(database, "10000001", rule=RULE, now=now, kiosk="k2")
    assert twice.outcome is regs.RegisterOutcome.ALREADY_LOST
    sent = regs.send_to_repair(database, "10000002", now=now, kiosk="k2")
    assert sent.ok
    assert not regs.send_to_repair(database, "10000002", now=now, kiosk="k2").ok
    assert regs.back_from_repair(database, "10000002", now=now, kiosk="k2").ok
    actions = library.database.execute_sql(
        "SELECT action, kiosk FROM event WHERE kiosk = 'k2' ORDER BY id"
    ).fetchall()
    assert actions == [
        ("mark_lost", "k2"),
        ("compensation_paid", "k2"),
        ("repair_send", "k2"),
        ("repair_back", "k2"),
    ]
