"""Teacher reservations and staff loans registers, and the all-in-one export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kiosk.circulation.outcomes import Outcome
from tests.admin.helpers import admin
from tests.admin.test_registers import lend, rows, run
from tests.conftest import ISBN_ONE, ISBN_TWO, ISBN_UNKNOWN

ZHAO = "T0000001"  # 赵老师


def test_reserve_for_a_teacher_through_the_service(small) -> None:
    lend(small, "S0000001", "10000003")  # 草房子's only lendable copy is out
    status, out, _ = run(small, "reserve", ZHAO, ISBN_TWO)
    assert status == 0
    assert out == "Reserved “草房子” for T0000001 赵老师.\n"
    [(patron_id, status_word, kiosk)] = rows(
        small,
        "SELECT h.patron_id, h.status, e.kiosk FROM hold h JOIN event e"
        " ON e.patron_id = h.patron_id AND e.action = 'place_hold'",
    )
    assert (patron_id, status_word, kiosk) == (6, "waiting", "kiosk-1")
    # The hold is real: the returned copy goes aside for the teacher.
    back = small.service.check_in("10000003")
    assert back.hold_for is not None
    assert back.hold_for.card == ZHAO


def test_reserve_puts_a_copy_on_the_shelf_aside(small) -> None:
    status, out, _ = run(small, "reserve", ZHAO.lower(), ISBN_ONE, lang="zh-CN")
    assert status == 0
    assert "已为 T0000001 赵老师 预约《红楼梦》。" in out
    assert "书架上有一本：请把 10000001 留出来。" in out


def test_reserve_refusals(small) -> None:
    status, _, err = run(small, "reserve", "S0000001", ISBN_ONE)
    assert status == 2
    assert "S0000001 李明 is not a teacher or member of staff" in err
    status, _, err = run(small, "reserve", "T9999999", ISBN_ONE)
    assert status == 2
    assert "No patron has the card T9999999." in err
    status, _, err = run(small, "reserve", ZHAO, ISBN_UNKNOWN)
    assert status == 2
    assert err.startswith("error: No hold placed for T0000001: ")
    assert run(small, "reserve", ZHAO, ISBN_ONE)[0] == 0
    status, _, err = run(small, "reserve", ZHAO, ISBN_ONE, lang="zh-CN")
    assert status == 2
    assert "没有为 T0000001 预约：你已经预约了《红楼梦》。" in err
    assert rows(small, "SELECT count(*) FROM hold") == [(1,)]


def test_reservations_list_shows_only_teachers_and_staff(small, tmp_path) -> None:
    assert run(small, "reserve", ZHAO, ISBN_ONE)[0] == 0
    student = small.service.place_hold(small.patron_id("S0000002"), ISBN_TWO)
    assert student.outcome is Outcome.HOLD_PLACED
    path = tmp_path / "预约.xlsx"
    status, out, _ = run(
        small, "list", "reservations", "--xlsx", str(path), lang="zh-CN"
    )
    assert status == 0
    assert "共 1 条。" in out
    [header, row] = list(openpyxl.load_workbook(path)["教师预约"].values)
    assert header == (
        "编号", "借书证号", "姓名", "书名", "ISBN", "预约时间", "预约状态", "留书条码",
    )  # fmt: skip
    assert row[1:5] == (ZHAO, "赵老师", "红楼梦", ISBN_ONE)
    assert row[6:] == ("已留书", "10000001")


def test_staff_loans_open_and_in_a_period(small) -> None:
    lend(small, ZHAO, "10000001")
    small.clock.advance(days=7)
    lend(small, ZHAO, "10000003")
    lend(small, "S0000001", "10000002")  # a student's loan is not listed
    small.clock.advance(days=1)
    assert small.service.check_in("10000001").outcome is Outcome.RETURNED

    status, out, _ = run(small, "list", "staff-loans")
    assert "Entries: 2." in out
    status, out, _ = run(small, "list", "staff-loans", "--open")
    assert "Entries: 1." in out
    assert "10000003" in out
    assert "10000001" not in out
    status, out, _ = run(
        small, "list", "staff-loans", "--from", "2026-11-25", "--to", "2026-11-25"
    )
    assert status == 0
    assert "Entries: 1." in out
    assert "10000001" in out
    assert "2026-12-03 10:00" in out  # returned


def test_export_writes_every_register(small, tmp_path: Path) -> None:
    lend(small, ZHAO, "10000001")
    assert run(small, "repair", "send", "10000002")[0] == 0
    assert run(small, "lost", "10000001")[0] == 0
    path = tmp_path / "registers.xlsx"
    status, out, _ = run(small, "export", str(path), lang="zh-CN")
    assert status == 0
    assert f"已导出 {path}（3 条）。" in out
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "修补登记",
        "注销登记",
        "丢失损坏赔偿",
        "教师预约",
        "教职工借阅",
    ]
    assert book["修补登记"].max_row == 2
    assert book["注销登记"].max_row == 1
    staff = list(book["教职工借阅"].values)
    assert staff[1][-1] == "丢失"  # the loan was closed as lost


def test_a_copy_put_aside_that_goes_to_repair_lets_its_hold_wait(small) -> None:
    assert run(small, "reserve", ZHAO, ISBN_ONE)[0] == 0  # 10000001 put aside
    assert run(small, "repair", "send", "10000001")[0] == 0
    assert rows(small, "SELECT status, item_id FROM hold") == [("waiting", None)]
    status, out, _ = run(small, "repair", "back", "10000001")
    assert status == 0
    assert "put this copy aside for 赵老师 教师" in out
    assert rows(small, "SELECT status, item_id FROM hold") == [("ready", 1)]


COMMANDS = [
    ["registers"],
    ["registers", "repair"],
    ["registers", "repair", "send"],
    ["registers", "repair", "back"],
    ["registers", "withdraw"],
    ["registers", "lost"],
    ["registers", "damaged"],
    ["registers", "found"],
    ["registers", "paid"],
    ["registers", "reserve"],
    ["registers", "list"],
    ["registers", "export"],
    ["stocktake"],
    *(
        ["stocktake", name]
        for name in ("start", "scan", "add", "status", "finish", "report", "mark-lost")
    ),
]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(small, capsys, command: list[str], lang: str) -> None:
    with pytest.raises(SystemExit) as stop:
        admin(small.settings, small.clock, *command, "--help", lang=lang)
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: kiosk.py admin " + " ".join(command))
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in text.split("options:")[0])
    assert chinese == (lang == "zh-CN")
