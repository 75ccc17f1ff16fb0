"""Stocktake through the admin command line: real scanner files, real SQLite, XLSX.

The small library: copies 10000001-10000005 and 10000007/8 are in I区;
10000001, 10000002, 10000003 and 10000005 are available, 10000004 damaged,
10000006 lost, 10000007 in repair, 10000008 withdrawn.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import peewee
import pytest

from tests.admin.helpers import admin
from tests.admin.test_registers import events, lend, rows, status_of
from tests.conftest import ISBN_ONE

AVAILABLE = ("10000001", "10000002", "10000003", "10000005")


def run(small, *args: str, lang: str = "en") -> tuple[int, str, str]:
    return admin(small.settings, small.clock, "stocktake", *args, lang=lang)


def scan_file(tmp_path: Path, text: str, name: str = "scans.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_one_open_stocktake_at_a_time(small) -> None:
    status, out, _ = run(small, "start", lang="zh-CN")
    assert status == 0
    assert out == "已开始清点 1（全馆），2026-11-25 10:00。\n"
    status, out, err = run(small, "start", "--location", "I区")
    assert (status, out) == (2, "")
    assert err == (
        "error: Stocktake 1 (whole library, started 2026-11-25 10:00) is still open "
        "with 0 scan(s). Finish it first: stocktake finish.\n"
    )
    assert rows(small, "SELECT id, state FROM stocktake") == [(1, "open")]
    assert [e[1] for e in events(small, "stocktake_start")] == ["STARTED"]
    # The database refuses a second open stocktake even behind the code's back.
    with pytest.raises(peewee.IntegrityError):
        small.library.database.execute_sql(
            "INSERT INTO stocktake (location, state, started_at, kiosk)"
            " VALUES ('', 'open', '2026-11-25', 'x')"
        )


def test_scanning_with_no_stocktake_open_is_refused(small, tmp_path: Path) -> None:
    path = scan_file(tmp_path, "10000001\n")
    for args in (["scan", str(path)], ["add", "10000001"]):
        status, out, err = run(small, *args, lang="zh-CN")
        assert (status, out) == (2, "")
        assert (
            err
            == "错误：现在没有进行中的清点。请先 stocktake start。未写入任何内容。\n"
        )
    assert rows(small, "SELECT count(*) FROM stocktakescan") == [(0,)]


def test_a_scanner_file_with_blanks_duplicates_and_strangers(
    small, tmp_path: Path
) -> None:
    assert run(small, "start")[0] == 0
    text = (
        "10000001\r\n\r\n   10000002  \r\n10000001\r\n99999999\r\n"
        f"{ISBN_ONE}\r\nS0000001\r\n10000006,2026-11-25 10:01\r\n\t\r\n"
    )
    status, out, _ = run(small, "scan", str(scan_file(tmp_path, text)))
    assert status == 0
    assert out.splitlines() == [
        "99999999: no copy has this barcode",
        f"{ISBN_ONE}: this is an ISBN; scan the accession label",
        "S0000001: this is a library card, not a copy",
        "10000006 “草房子”: recorded lost but on the shelf (then: registers found "
        "10000006)",
        "7 barcode(s) read: 3 found, 1 already scanned, 1 unknown, 2 not accession "
        "labels, 0 in the wrong location.",
    ]
    assert rows(
        small, "SELECT barcode, item_id, status FROM stocktakescan ORDER BY id"
    ) == [
        ("10000001", 1, "available"),
        ("10000002", 2, "available"),
        ("99999999", None, ""),
        ("10000006", 6, "lost"),
    ]
    assert [(e[1], e[3], e[4]) for e in events(small, "stocktake_scan")] == [
        ("FOUND", 1, "10000001"),
        ("FOUND", 2, "10000002"),
        ("UNKNOWN_BARCODE", None, "99999999"),
        ("FOUND_LOST", 6, "10000006"),
    ]
    # A second file with a copy already scanned adds only what is new.
    status, out, _ = run(
        small, "scan", str(scan_file(tmp_path, "10000002\n10000003\n"))
    )
    assert "2 barcode(s) read: 1 found, 1 already scanned" in out
    assert rows(small, "SELECT count(*) FROM stocktakescan") == [(5,)]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "holds no barcodes. Nothing was written."),
        (b"\r\n  \n\t\n", "holds no barcodes. Nothing was written."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a text file"),
        (b"10000001\n\xff\xfe\xfa\n", "is not a text file"),
    ],
    ids=["empty", "blank-lines", "png", "not-utf8"],
)
def test_bad_scan_files_write_nothing(
    small, tmp_path: Path, content: bytes, message: str
) -> None:
    assert run(small, "start")[0] == 0
    path = tmp_path / "scans.txt"
    path.write_bytes(content)
    status, out, err = run(small, "scan", str(path))
    assert (status, out) == (2, "")
    assert err == f"error: {path} {message}" + err.split(message, 1)[1]
    assert rows(small, "SELECT count(*) FROM stocktakescan") == [(0,)]


def test_missing_scan_file(small, tmp_path: Path) -> None:
    assert run(small, "start")[0] == 0
    status, _, err = run(small, "scan", str(tmp_path / "nope.txt"), lang="zh-CN")
    assert status == 2
    assert "找不到文件" in err


def test_typed_barcodes_each_get_a_line_and_a_location(small) -> None:
    assert run(small, "start", "--location", "I区")[0] == 0
    status, out, _ = run(
        small, "add", "10000001", "10000001", "10000003", "--location", "K区"
    )
    assert status == 0
    assert out.splitlines()[:4] == [
        "10000001 “红楼梦”: on the shelf",
        "10000001 “红楼梦”: belongs in I区, scanned in K区",
        "10000001: already scanned",
        "10000003 “草房子”: on the shelf",
    ]
    assert "2 in the wrong location." in out


def finish_scenario(small, tmp_path: Path) -> None:
    """10000001 lent then found on the shelf; 10000003 missing; 10000005 elsewhere."""
    lend(small, "S0000001", "10000001")
    small.clock.advance(3600)
    assert run(small, "start")[0] == 0
    assert run(small, "add", "10000001", "10000002", "10000006")[0] == 0
    assert run(small, "add", "10000005", "--location", "K区")[0] == 0


def test_finish_reports_missing_on_loan_lost_and_misplaced(
    small, tmp_path: Path
) -> None:
    finish_scenario(small, tmp_path)
    status, out, _ = run(small, "status")
    assert "4 barcode(s) scanned, 0 unknown." in out
    assert "1 missing" in out  # 10000003 not scanned yet
    small.clock.advance(3600)
    path = tmp_path / "清点.xlsx"
    status, out, _ = run(small, "finish", "--xlsx", str(path), lang="zh-CN")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "清点 1（全馆）已结束：2026-11-25 11:00 — 2026-11-25 12:00。"
    assert lines[1].startswith(
        "应在架 3 本，扫到 4 本，缺失 1 本；在架但登记为借出 1 本，"
    )
    assert "缺失（应在架但没有扫到）1 本：" in lines
    assert "  10000003  草房子  I247.5  I区" in lines
    assert "  10000001  红楼梦  S0000001  李明  初二(3)班  2026-12-09" in lines
    assert "  10000005  中学生  I区  K区" in lines
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "缺失",
        "在架但登记借出",
        "在架但登记为不可借",
        "放错位置",
        "未知条码",
    ]
    assert list(book["缺失"].values) == [
        ("条码", "书名", "索书号", "馆藏地"),
        ("10000003", "草房子", "I247.5", "I区"),
    ]
    assert list(book["在架但登记为不可借"].values)[1] == (
        "10000006",
        "草房子",
        "丢失",
        None,
    )
    assert rows(small, "SELECT state, finished_at FROM stocktake") == [
        ("finished", "2026-11-25 12:00:00")
    ]
    # The report can be read again, and a new stocktake may start.
    status, out, _ = run(small, "report")
    assert "Missing (expected on the shelf, not scanned): 1" in out
    assert run(small, "start")[0] == 0
    status, out, _ = run(small, "finish", "--xlsx", str(path))
    assert status == 0
    assert "0 missing" not in out  # nothing scanned: everything is missing
    missing = openpyxl.load_workbook(path)["Missing"]
    assert next(missing.values) == ("Barcode", "Title", "Call number", "Location")
    assert missing.max_row == 1 + 3  # the second stocktake scanned nothing


def test_finish_with_nothing_open(small) -> None:
    status, _, err = run(small, "finish")
    assert status == 2
    assert "No stocktake is open." in err
    status, _, err = run(small, "report")
    assert status == 2
    assert "There is no finished stocktake." in err


def test_a_location_stocktake_expects_only_its_shelves(small) -> None:
    small.library.database.execute_sql(
        "UPDATE item SET location = 'K区' WHERE barcode IN ('10000002', '10000005')"
    )
    assert run(small, "start", "--location", "I区")[0] == 0
    assert run(small, "add", "10000001")[0] == 0
    status, out, _ = run(small, "finish")
    assert status == 0
    assert "2 expected on the shelf, 1 found, 1 missing" in out
    assert "  10000003  草房子  I247.5  I区" in out
    assert "10000002" not in out


def test_mark_lost_in_one_step_skipping_copies_lent_since(
    small, tmp_path: Path
) -> None:
    assert run(small, "start")[0] == 0
    assert run(small, "add", "10000001")[0] == 0
    assert run(small, "finish")[0] == 0  # missing: 10000002, 10000003, 10000005
    lend(small, "S0000002", "10000003")  # it turned up and was lent
    small.clock.advance(days=1)
    status, out, _ = run(small, "mark-lost")
    assert status == 0
    assert out.splitlines() == [
        "marked lost: 10000002 “红楼梦”",
        "marked lost: 10000005 “中学生”",
        "skipped 10000003 “草房子”: it is on loan now",
        "Stocktake 1: 2 copies marked lost, 1 skipped.",
    ]
    assert [status_of(small, b) for b in ("10000002", "10000003", "10000005")] == [
        "lost",
        "on_loan",
        "lost",
    ]
    assert rows(small, "SELECT item_id, kind, asked, note FROM loss ORDER BY id") == [
        (2, "lost", 0, "stocktake 1"),
        (5, "lost", 0, "stocktake 1"),
    ]
    assert [e[3] for e in events(small, "stocktake_mark_lost")] == [2, 5]
    status, _, err = run(small, "mark-lost", lang="zh-CN")
    assert status == 2
    assert "清点 1 缺失的书已在 2026-11-26 10:00 登记为丢失。" in err
    # The lost register lists them.
    out = admin(small.settings, small.clock, "registers", "list", "losses")[1]
    assert "Entries: 2." in out


def test_mark_lost_needs_a_finished_stocktake(small) -> None:
    assert run(small, "start")[0] == 0
    status, _, err = run(small, "mark-lost")
    assert status == 2
    assert "There is no finished stocktake." in err
    assert rows(small, "SELECT count(*) FROM loss") == [(0,)]
