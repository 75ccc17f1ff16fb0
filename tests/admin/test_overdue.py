"""``admin overdue``: lists, one notice page per class, the recall list, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from kiosk.clock import FixedClock
from kiosk.db import bulk
from kiosk.runtime import open_library
from tests.admin import reports_library
from tests.admin.helpers import admin, pdf_text


@pytest.fixture
def lib(settings, clock):
    return reports_library.filled(settings, clock)


def test_list_groups_overdue_books_by_class(lib, clock) -> None:
    status, out, _ = admin(lib, clock, "overdue", "list")
    assert status == 0
    assert out.splitlines() == [
        "初一(1)班: 1 overdue",
        "  S0000003 张伟 “时间简史” 10000007 due 2026-11-16, 9 day(s) late",
        "初一(2)班: 1 overdue",
        "  S0000004 刘洋 “红楼梦” 10000001 due 2026-11-03, 22 day(s) late",
        "初二(10)班: 2 overdue",
        "  S0000006 杨帆 “时间简史” 10000003 due 2026-10-24, 32 day(s) late",
        "  S0000008 孙悦 “无分类” 10000005 due 2026-10-26, 30 day(s) late",
        "4 overdue book(s) in 3 class(es).",
    ]


def test_list_of_one_class_in_chinese(lib, clock) -> None:
    status, out, _ = admin(
        lib, clock, "overdue", "list", "--class", "初一(2)班", lang="zh-CN"
    )
    assert status == 0
    assert out.splitlines() == [
        "初一(2)班：1 本超期",
        "  S0000004 刘洋《红楼梦》10000001 应还 2026-11-03，超期 22 天",
        "共 1 本超期，涉及 1 个班。",
    ]


def test_a_class_with_books_out_but_none_overdue(lib) -> None:
    early = FixedClock(dt.datetime(2026, 10, 20, 10, 0))
    status, out, _ = admin(lib, early, "overdue", "list")
    assert status == 0
    assert out.strip() == "No books are overdue."


def test_unknown_class_is_one_message(lib, clock, tmp_path: Path) -> None:
    out_pdf = tmp_path / "n.pdf"
    status, _, err = admin(
        lib, clock, "overdue", "notices", str(out_pdf), "--class", "初九(1)班"
    )
    assert status == 2
    assert err == "error: There is no class “初九(1)班”. Nothing was written.\n"
    assert not out_pdf.exists()


def test_notices_are_one_page_per_class_for_the_homeroom_teacher(
    lib, clock, tmp_path: Path
) -> None:
    path = tmp_path / "notices.pdf"
    status, out, _ = admin(lib, clock, "overdue", "notices", str(path), lang="zh-CN")
    assert status == 0
    assert "3 个班，3 页，4 本超期" in out
    first, second, third = pdf_text(path)
    assert "致 初一(1)班 班主任 王老师：" in first
    assert "截至 2026-11-25，贵班以下同学借阅的 1 本图书已超过应还日期" in first
    assert "S0000003 张伟 时间简史 10000007 2026-11-16 9" in first
    assert "刘洋" not in first
    assert "致 初一(2)班 班主任：" in second
    assert "S0000004 刘洋 红楼梦 10000001 2026-11-03 22" in second
    assert "致 初二(10)班 班主任：" in third
    assert "S0000006 杨帆 时间简史 10000003 2026-10-24 32" in third
    assert "S0000008 孙悦 无分类 10000005 2026-10-26 30" in third


def test_notices_in_english_for_one_class(lib, clock, tmp_path: Path) -> None:
    path = tmp_path / "notices.pdf"
    status, _, _ = admin(
        lib, clock, "overdue", "notices", str(path), "--class", "初一(1)班"
    )
    assert status == 0
    [page] = pdf_text(path)
    assert "To 王老师, homeroom teacher of 初一(1)班:" in page
    assert "Days late" in page


def test_no_overdue_books_writes_no_notices(lib, tmp_path: Path) -> None:
    path = tmp_path / "notices.pdf"
    early = FixedClock(dt.datetime(2026, 10, 20, 10, 0))
    status, out, _ = admin(lib, early, "overdue", "notices", str(path))
    assert status == 1
    assert "No books are overdue; no PDF was written." in out
    assert not path.exists()


def test_recall_lists_every_open_loan_by_class(lib, clock, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "recall.pdf", tmp_path / "recall.xlsx"
    status, out, _ = admin(
        lib, clock, "overdue", "recall", str(pdf), "--xlsx", str(xlsx)
    )
    assert status == 0
    assert f"Wrote {xlsx}: 3 class(es), 5 book(s) out." in out
    pages = pdf_text(pdf)
    assert len(pages) == 3
    assert "5 book(s) are still out, in 3 class(es)." in pages[0]
    assert "初一(1)班: 2 book(s) out" in pages[0]
    # Not yet overdue, still on the list: 0 days late.
    assert "S0000002 王芳 红楼梦 10000006 2026-10-25 2026-12-10 0" in pages[0]
    assert "初二(10)班: 2 book(s) out" in pages[2]
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["All", "初一(1)班", "初一(2)班", "初二(10)班"]
    everything = list(book["All"].values)
    assert everything[0] == (
        "Class",
        "Card",
        "Name",
        "Title",
        "Barcode",
        "Lent",
        "Due",
        "Days late",
    )
    assert len(everything) == 6
    assert sorted(r[4] for r in everything[1:]) == [
        "10000001",
        "10000003",
        "10000005",
        "10000006",
        "10000007",
    ]
    assert list(book["初二(10)班"].values)[1:] == [
        ("S0000006", "杨帆", "时间简史", "10000003", "2026-10-10", "2026-10-24", 32),
        ("S0000008", "孙悦", "无分类", "10000005", "2026-10-12", "2026-10-26", 30),
    ]


def test_recall_needs_somewhere_to_write(lib, clock) -> None:
    status, _, err = admin(lib, clock, "overdue", "recall", lang="zh-CN")
    assert status == 2
    assert "请给出 PDF 文件名，或用 --xlsx 给出 XLSX 文件名。" in err


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("command", ["list", "notices", "recall"])
def test_every_command_has_help(lang, command, lib, clock, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        admin(lib, clock, "overdue", command, "--help", lang=lang)
    assert exited.value.code == 0
    assert "--class" in capsys.readouterr().out


def test_missing_folder_is_one_message(lib, clock, tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "recall.xlsx"
    status, _, err = admin(lib, clock, "overdue", "recall", "--xlsx", str(path))
    assert status == 2
    assert err == (
        f"error: There is no folder {path.parent} to write recall.xlsx in. "
        "Nothing was written.\n"
    )


def test_a_long_notice_still_fits_one_page(lib, clock, tmp_path: Path) -> None:
    library = open_library(lib, clock)
    extra = range(100, 145)  # 45 more overdue books for one pupil of 初一(2)班
    bulk.insert_tables(
        library.database,
        {
            "item": [
                {"id": i, "barcode": f"300{i:05d}", "title_id": 1, "status": "on_loan"}
                for i in extra
            ],
            "loan": [
                {
                    "item_id": i,
                    "patron_id": 5,
                    "out_at": dt.datetime(2026, 10, 1, 9),
                    "due": dt.date(2026, 10, 15),
                    "kiosk": "k1",
                }
                for i in extra
            ],
        },
    )
    library.close()
    path = tmp_path / "notices.pdf"
    status, _, _ = admin(
        lib, clock, "overdue", "notices", str(path), "--class", "初一(2)班"
    )
    assert status == 0
    [page] = pdf_text(path)
    assert page.count("2026-10-15") == 45
