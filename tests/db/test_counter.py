"""The staff menu's counter tools on a real SQLite library."""

from __future__ import annotations

from kiosk.circulation.codes import Classifier
from kiosk.circulation.outcomes import Outcome
from kiosk.db import registers, stocktake
from kiosk.db.counter import CounterTools


def _tools(small) -> CounterTools:
    circ = small.settings.circulation
    reg = small.settings.registers
    return CounterTools(
        small.library.database,
        small.clock,
        classifier=Classifier(circ.patron_pattern, circ.item_pattern),
        rule=registers.CompensationRule.of(
            reg.compensation_factor, reg.compensation_minimum
        ),
        kiosk="counter-1",
    )


def test_marking_a_loaned_copy_lost_names_the_borrower_and_the_sum(small) -> None:
    li = small.patron_id("S0000001")
    assert small.service.check_out(li, "10000001").outcome is Outcome.CHECKED_OUT
    reply = _tools(small).mark("10000001", "lost")
    assert reply.ok
    assert reply.key == "counter_marked_lost_loan"
    assert reply.params["name"] == "李明"
    assert reply.params["title"] == "红楼梦"
    assert float(str(reply.params["asked"])) > 0
    assert small.service.check_out(li, "10000001").outcome is not Outcome.CHECKED_OUT


def test_marking_twice_and_unknown_copies_are_refused(small) -> None:
    tools = _tools(small)
    assert tools.mark("10000003", "damaged").key == "counter_marked_damaged"
    again = tools.mark("10000003", "damaged")
    assert not again.ok
    assert again.key == "counter_already_damaged"
    unknown = tools.mark("99999999", "lost")
    assert not unknown.ok
    assert unknown.key == "counter_unknown_item"


def test_stocktake_scans_need_an_open_stocktake(small) -> None:
    tools = _tools(small)
    assert tools.stocktake_scan("10000001").key == "counter_no_stocktake"
    stocktake.start(
        small.library.database, location="I区", now=small.clock.now(), kiosk="k"
    )
    found = tools.stocktake_scan("10000001")
    assert found.ok
    assert found.key == "counter_st_found"
    assert found.params["title"] == "红楼梦"
    assert tools.stocktake_scan("10000001").key == "counter_st_duplicate"
    card = tools.stocktake_scan("S0000001")
    assert not card.ok
    assert card.key == "counter_st_not_a_book"
    assert tools.stocktake().params == {"location": "I区", "scanned": 1}


def test_overdue_list_groups_by_class_oldest_first(small) -> None:
    li = small.patron_id("S0000001")
    for barcode in ("10000001", "10000003"):
        assert small.service.check_out(li, barcode).outcome is Outcome.CHECKED_OUT
    tools = _tools(small)
    assert tools.overdue() == []
    small.clock.advance(days=60)
    [group] = tools.overdue()
    assert group.class_name == "初二(3)班"
    assert [line[2] for line in group.lines] == ["10000001", "10000003"]
    assert all(line[0] == "李明" and line[3] > 0 for line in group.lines)
