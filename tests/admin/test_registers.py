"""Registers: repairs, withdrawals, lost and damaged, through the admin command line.

Each action is checked on the real SQLite library: the copy's status, the
register row, the event, and that the kiosk then refuses to lend the copy.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kiosk.circulation.outcomes import Outcome
from tests.admin.helpers import admin

LI = "S0000001"  # 李明, 初二(3)班


def rows(small, sql: str, *params: object) -> list[tuple]:
    return small.library.database.execute_sql(sql, params).fetchall()


def status_of(small, barcode: str) -> str:
    return rows(small, "SELECT status FROM item WHERE barcode = ?", barcode)[0][0]


def events(small, action: str) -> list[tuple]:
    return rows(
        small,
        "SELECT kiosk, outcome, patron_id, item_id, scan FROM event WHERE action = ?",
        action,
    )


def lend(small, card: str, barcode: str) -> None:
    result = small.service.check_out(small.patron_id(card), barcode)
    assert result.outcome is Outcome.CHECKED_OUT


def run(small, *args: str, lang: str = "en") -> tuple[int, str, str]:
    return admin(small.settings, small.clock, "registers", *args, lang=lang)


def test_repair_send_and_back(small) -> None:
    status, out, _ = run(small, "repair", "send", "10000001", "--note", "书脊开裂")
    assert status == 0
    assert "Sent to repair: 10000001 “红楼梦” (repair entry 1)." in out
    assert status_of(small, "10000001") == "in_repair"
    assert events(small, "repair_send") == [("kiosk-1", "REPAIR_SENT", None, 1, "")]
    refused = small.service.check_out(small.patron_id(LI), "10000001")
    assert refused.outcome is Outcome.NOT_FOR_LOAN

    small.clock.advance(days=3)
    status, out, _ = run(small, "repair", "back", "10000001", lang="zh-CN")
    assert status == 0
    assert "已修好归架：10000001《红楼梦》。" in out
    assert status_of(small, "10000001") == "available"
    [(sent, note, back)] = rows(small, "SELECT sent_at, note, back_at FROM repair")
    assert (sent, note, back) == (
        "2026-11-25 10:00:00",
        "书脊开裂",
        "2026-11-28 10:00:00",
    )
    lend(small, LI, "10000001")


def test_repair_refused_while_on_loan_says_to_whom_and_when_due(small) -> None:
    lend(small, LI, "10000001")
    status, _, err = run(small, "repair", "send", "10000001")
    assert status == 2
    assert err == (
        "error: 10000001 “红楼梦” is on loan to S0000001 李明 初二(3)班, due "
        "2026-12-09; it cannot be sent to repair. Return it first. Nothing was "
        "written.\n"
    )
    assert rows(small, "SELECT * FROM repair") == []
    assert events(small, "repair_send") == []
    assert status_of(small, "10000001") == "on_loan"


def test_double_repair_and_back_when_not_in_repair_are_refused(small) -> None:
    assert run(small, "repair", "send", "10000003")[0] == 0
    status, _, err = run(small, "repair", "send", "10000003", lang="zh-CN")
    assert status == 2
    assert "10000003《草房子》已经在修补中。未写入任何内容。" in err
    status, _, err = run(small, "repair", "back", "10000001")
    assert status == 2
    assert "is not away for repair (it is on the shelf)" in err
    assert len(rows(small, "SELECT * FROM repair")) == 1


def test_unknown_barcode_is_one_clear_message(small) -> None:
    for args in (
        ["repair", "send", "99999999"],
        ["withdraw", "99999999", "--reason", "x"],
        ["lost", "99999999"],
    ):
        status, out, err = run(small, *args, lang="zh-CN")
        assert (status, out) == (2, "")
        assert err == "错误：没有条码为 99999999 的书。未写入任何内容。\n"


def test_back_from_repair_goes_aside_for_a_waiting_hold(small) -> None:
    # 草房子 has one lendable copy (10000003); send it away, then 王芳 reserves.
    assert run(small, "repair", "send", "10000003")[0] == 0
    held = small.service.place_hold(small.patron_id("S0000002"), "10000003")
    assert held.outcome is Outcome.HOLD_PLACED
    status, out, _ = run(small, "repair", "back", "10000003")
    assert status == 0
    assert "put this copy aside for 王芳 初二(3)班" in out
    refused = small.service.check_out(small.patron_id(LI), "10000003")
    assert refused.outcome is Outcome.RESERVED_FOR_OTHER


def test_withdraw_is_for_good_and_only_once(small) -> None:
    status, out, _ = run(small, "withdraw", "10000002", "--reason", "破损无法修补")
    assert status == 0
    assert "Withdrawn: 10000002 “红楼梦” (withdrawal entry 1)" in out
    assert status_of(small, "10000002") == "withdrawn"
    [event] = events(small, "withdraw")
    assert event == ("kiosk-1", "WITHDRAWN", None, 2, "破损无法修补")
    refused = small.service.check_out(small.patron_id(LI), "10000002")
    assert refused.outcome is Outcome.NOT_FOR_LOAN

    status, _, err = run(small, "withdraw", "10000002", "--reason", "again")
    assert status == 2
    assert "10000002 “红楼梦” was already withdrawn. Nothing was written." in err
    assert len(rows(small, "SELECT * FROM withdrawal")) == 1


def test_withdraw_refused_on_loan_in_repair_and_without_reason(small) -> None:
    lend(small, LI, "10000001")
    status, _, err = run(small, "withdraw", "10000001", "--reason", "old")
    assert status == 2
    assert "on loan to S0000001 李明" in err
    status, _, err = run(small, "withdraw", "10000007", "--reason", "old")
    assert status == 2
    assert "is in repair; it cannot be withdrawn" in err
    status, _, err = run(small, "withdraw", "10000003", "--reason", "  ")
    assert status == 2
    assert "Say why with --reason." in err
    assert rows(small, "SELECT * FROM withdrawal") == []


def set_price(small, title_id: int, price: str) -> None:
    small.library.database.execute_sql(
        "UPDATE title SET price = ? WHERE id = ?", (price, title_id)
    )


def test_lost_on_loan_closes_the_loan_and_asks_the_borrower(small) -> None:
    set_price(small, 1, "35.50")
    lend(small, LI, "10000001")
    status, out, _ = run(small, "lost", "10000001")
    assert status == 0
    assert (
        "Recorded lost: 10000001 “红楼梦”, compensation entry 1, 71.00 yuan asked "
        "of S0000001 李明 初二(3)班." in out
    )
    assert status_of(small, "10000001") == "lost"
    [(returned, closed_as)] = rows(
        small, "SELECT returned_at, closed_as FROM loan WHERE item_id = 1"
    )
    assert (returned, closed_as) == ("2026-11-25 10:00:00", "lost")
    assert small.service.status(small.patron_id(LI)).loans == ()
    [(_, outcome, patron_id, item_id, scan)] = events(small, "mark_lost")
    assert (outcome, patron_id, item_id, scan) == (
        "MARKED_LOST",
        1,
        1,
        "loss 1 asked 71.00",
    )
    refused = small.service.check_out(small.patron_id(LI), "10000001")
    assert refused.outcome is Outcome.NOT_FOR_LOAN


def test_damaged_without_price_asks_the_minimum_and_can_be_repaired(small) -> None:
    lend(small, LI, "10000003")
    status, out, _ = run(small, "damaged", "10000003", lang="zh-CN")
    assert status == 0
    assert "应赔 20.00 元，由 S0000001 李明 初二(3)班 赔偿。" in out
    assert rows(small, "SELECT closed_as FROM loan WHERE item_id = 3") == [("damaged",)]
    assert run(small, "damaged", "10000003")[2].endswith(
        "is already recorded damaged. Nothing was written.\n"
    )
    assert run(small, "repair", "send", "10000003")[0] == 0
    assert run(small, "repair", "back", "10000003")[0] == 0
    lend(small, "S0000002", "10000003")


def test_lost_off_loan_needs_no_payer_but_may_name_one(small) -> None:
    status, out, _ = run(small, "lost", "10000002")
    assert status == 0
    assert "0.00 yuan asked." in out
    status, out, _ = run(small, "lost", "10000003", "--card", "s0000002")
    assert status == 0
    assert "20.00 yuan asked of S0000002 王芳" in out
    status, _, err = run(small, "lost", "10000001", "--card", "S9999999")
    assert status == 2
    assert "No patron has the card S9999999." in err
    lend(small, LI, "10000001")
    status, _, err = run(small, "lost", "10000001", "--card", "S0000002")
    assert status == 2
    assert "is on loan to S0000001 李明 初二(3)班, not to the patron" in err
    status, _, err = run(small, "lost", "10000008")
    assert status == 2
    assert "is withdrawn; it cannot be recorded lost" in err
    assert len(rows(small, "SELECT * FROM loss")) == 2


def test_payments_add_up_and_never_exceed_what_is_asked(small) -> None:
    set_price(small, 2, "25")
    lend(small, LI, "10000003")
    assert run(small, "lost", "10000003")[0] == 0  # 50.00 asked
    status, out, _ = run(small, "paid", "1", "30")
    assert status == 0
    assert (
        "30.00 yuan received; 30.00 of 50.00 yuan paid, 20.00 yuan outstanding" in out
    )
    status, _, err = run(small, "paid", "1", "20.01")
    assert status == 2
    assert "50.00 yuan asked, 30.00 paid; at most 20.00 yuan more" in err
    for bad in ("0", "-5", "1.234"):
        status, _, err = run(small, "paid", "1", bad)
        assert status == 2
        assert "more than 0, with at most two decimals" in err
    status, _, err = run(small, "paid", "1", "abc")
    assert status == 2
    assert "“abc” is not an amount" in err
    status, _, err = run(small, "paid", "7", "5")
    assert status == 2
    assert "There is no compensation entry 7." in err
    assert run(small, "paid", "1", "20")[0] == 0
    assert rows(small, "SELECT asked, paid FROM loss") == [(50, 50)]
    assert [e[4] for e in events(small, "compensation_paid")] == [
        "loss 1 paid 30.00",
        "loss 1 paid 20.00",
    ]


def test_losses_list_and_xlsx_with_chinese_headers(small, tmp_path: Path) -> None:
    set_price(small, 1, "30.00")
    lend(small, LI, "10000001")
    assert run(small, "lost", "10000001")[0] == 0
    assert run(small, "paid", "1", "10")[0] == 0
    small.clock.advance(days=1)
    assert run(small, "damaged", "10000003", "--asked", "5", "--note", "水渍")[0] == 0
    out_file = tmp_path / "赔偿.xlsx"
    status, out, _ = run(small, "list", "losses", "--xlsx", str(out_file), lang="zh-CN")
    assert status == 0
    assert "共 2 条。" in out
    assert "应赔合计 65.00 元，已付 10.00 元，未付 55.00 元。" in out
    sheet = openpyxl.load_workbook(out_file).active
    assert sheet.title == "丢失损坏赔偿"
    values = list(sheet.values)
    assert values[0] == (
        "编号", "条码", "书名", "类别", "登记时间", "借书证号", "姓名", "班级",
        "应赔", "已付", "未付", "备注",
    )  # fmt: skip
    assert values[1][:4] == (1, "10000001", "红楼梦", "丢失")
    assert values[1][5:11] == ("S0000001", "李明", "初二(3)班", 60.0, 10.0, 50.0)
    assert values[2][3] == "损坏"
    assert values[2][8:] == (5.0, 0.0, 5.0, "水渍")

    status, out, _ = run(small, "list", "losses", "--from", "2026-11-26")
    assert "Entries: 1." in out
    assert "10000003" in out
    assert "10000001" not in out
    status, out, _ = run(small, "list", "losses", "--open", "--to", "2026-11-25")
    assert "Entries: 1." in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01"], "“2026-13-01” is not a date"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "is after the end date"),
    ],
)
def test_bad_periods_are_refused(small, args: list[str], message: str) -> None:
    status, _, err = run(small, "list", "repairs", *args)
    assert status == 2
    assert message in err


def test_lists_of_repairs_and_withdrawals(small, tmp_path: Path) -> None:
    assert run(small, "repair", "send", "10000001", "--note", "掉页")[0] == 0
    assert run(small, "withdraw", "10000002", "--reason", "内容过时")[0] == 0
    status, out, _ = run(small, "list", "repairs", "--open")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == [
        "No.",
        "Barcode",
        "Title",
        "Sent",
        "Note",
        "Back",
        "Now",
    ]
    assert lines[1].split() == [
        "1",
        "10000001",
        "红楼梦",
        "2026-11-25",
        "10:00",
        "掉页",
        "in",
        "repair",
    ]
    path = tmp_path / "withdrawn.xlsx"
    status, out, _ = run(small, "list", "withdrawals", "--xlsx", str(path))
    assert f"Wrote {path} (1 entries)." in out
    [header, row] = list(openpyxl.load_workbook(path)["Withdrawals"].values)
    assert header[-2:] == ("Reason", "Was")
    assert row[1:3] == ("10000002", "红楼梦")
    assert row[-2:] == ("内容过时", "on the shelf")
    assert row[5].isoformat() == "2026-11-25T10:00:00"


def test_cannot_write_the_xlsx(small, tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "out.xlsx"
    status, _, err = run(small, "list", "repairs", "--xlsx", str(path))
    assert status == 2
    assert f"cannot write {path}" in err


def test_decimal_rule() -> None:
    from kiosk.db.registers import CompensationRule

    rule = CompensationRule.of(1.5, 10.0)
    assert rule.asked(Decimal("19.99")) == Decimal("29.99")  # 29.985 rounds up
    assert rule.asked(Decimal("3")) == Decimal("10.00")
    assert rule.asked(None) == Decimal("10.00")


def test_a_lost_copy_found_goes_back_on_the_shelf(small) -> None:
    lend(small, LI, "10000001")
    assert run(small, "lost", "10000001")[0] == 0
    status, out, _ = run(small, "found", "10000001", lang="zh-CN")
    assert status == 0
    assert out == "已找到并重新上架：10000001《红楼梦》。\n"
    assert status_of(small, "10000001") == "available"
    assert [e[1] for e in events(small, "mark_found")] == ["FOUND"]
    assert rows(small, "SELECT kind, asked FROM loss") == [("lost", 20)]  # kept
    status, _, err = run(small, "found", "10000001")
    assert status == 2
    assert "is not recorded lost (it is on the shelf)" in err
    lend(small, "S0000002", "10000001")
