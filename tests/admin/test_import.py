"""Roster import from real XLSX and CSV files, good and malformed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.errors import StoreError
from tests.admin.helpers import admin, stored, write_csv, write_xlsx

ZH_HEADER = ["学号", "姓名", "班级", "性别"]
ROWS = [
    ["S2602016", "李明", "初二(3)班", "男"],
    ["S2602017", "王芳", "初二（3）班", "女"],
    ["S2602018", "张伟", "八年级3班", "男"],
]


def test_xlsx_with_chinese_headers_imports_and_derives_the_grade(
    settings, clock, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "roster.xlsx", [ZH_HEADER, *ROWS])
    status, out, _ = admin(settings, clock, "patrons", "import", str(path))
    assert status == 0
    assert "3 new, 0 updated, 0 unchanged, 0 row(s) with errors." in out
    patrons = stored(settings, clock)
    assert {p.class_name for p in patrons.values()} == {"初二(3)班"}
    assert {p.grade for p in patrons.values()} == {8}
    li = patrons["S2602016"]
    assert (li.name, li.type, li.status) == ("李明", "student", "active")
    assert li.card_expiry == dt.date(2029, 7, 31)
    assert li.created_at == clock.now()


def test_csv_with_english_headers_in_another_order(
    settings, clock, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "roster.csv",
        [
            ["Class", "Type", "Name", "Card number"],
            ["初一(1)班", "student", "Li Ming", "S2601001"],
            ["", "teacher", "Zhao Laoshi", "T2600001"],
            ["九年级2班", "学生", "Sun Qi", "S2601002"],
        ],
        encoding="utf-8-sig",
    )
    status, out, _ = admin(settings, clock, "patrons", "import", str(path))
    assert status == 0, out
    patrons = stored(settings, clock)
    assert patrons["S2601001"].grade == 7
    assert patrons["S2601002"].class_name == "初三(2)班"
    assert patrons["T2600001"].type == "teacher"
    assert patrons["T2600001"].grade is None


def test_gb18030_csv_from_chinese_excel(settings, clock, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "名单.csv",
        [["姓名", "班级", "学号"], ["欧阳娜娜", "初三(10)班", "S2503010"]],
        encoding="gb18030",
    )
    status, out, _ = admin(
        settings, clock, "patrons", "import", str(path), lang="zh-CN"
    )
    assert status == 0
    assert "新增 S2503010 欧阳娜娜 初三(10)班" in out
    assert stored(settings, clock)["S2503010"].name == "欧阳娜娜"


def test_reimport_updates_instead_of_duplicating(
    settings, clock, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "roster.xlsx", [ZH_HEADER, *ROWS])
    admin(settings, clock, "patrons", "import", str(path))
    moved = [["S2602016", "李明", "初二(4)班", "男"], *ROWS[1:]]
    path = write_xlsx(tmp_path / "roster2.xlsx", [ZH_HEADER, *moved])
    status, out, _ = admin(settings, clock, "patrons", "import", str(path))
    assert status == 0
    assert "0 new, 1 updated, 2 unchanged" in out
    assert "updated  S2602016 李明 初二(4)班 (was: 李明 初二(3)班)" in out
    patrons = stored(settings, clock)
    assert len(patrons) == 3
    assert patrons["S2602016"].class_name == "初二(4)班"


def test_dry_run_writes_nothing(settings, clock, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "roster.xlsx", [ZH_HEADER, *ROWS])
    status, out, _ = admin(settings, clock, "patrons", "import", str(path), "--dry-run")
    assert status == 0
    assert "new      S2602016 李明 初二(3)班" in out
    assert "3 new" in out
    assert "dry run" in out
    assert stored(settings, clock) == {}


def test_bad_rows_are_reported_and_good_rows_still_import(
    settings, clock, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "roster.xlsx",
        [
            [*ZH_HEADER, "类型"],
            ["S2602016", "李明", "初二(3)班", "男", "学生"],  # row 2: good
            ["S2602017", "", "初二(3)班", "女", ""],  # 3: no name
            ["X123", "张三", "初二(3)班", "男", ""],  # 4: bad card
            ["S2602019", "赵四", "高一(1)班", "男", ""],  # 5: class
            ["S2602020", "钱五", "初一(1)班", "男", ""],  # 6: duplicate
            ["S2602020", "钱六", "初一(1)班", "男", ""],  # 7: duplicate
            ["S2602021", "孙七", "初一(1)班", "男", "校长"],  # 8: type
            ["S2602022", "周八", "初一(1)班", "女", ""],  # 9: good
        ],
    )
    status, out, _ = admin(settings, clock, "patrons", "import", str(path))
    assert status == 0
    assert "row 3 (S2602017): no name" in out
    assert "row 4: card number X123 does not match the card format" in out
    assert "row 5 (S2602019): class “高一(1)班” not understood" in out
    assert "row 6: card number S2602020 appears more than once" in out
    assert "row 7: card number S2602020 appears more than once" in out
    assert "row 8 (S2602021): unknown patron type “校长”" in out
    assert "2 new, 0 updated, 0 unchanged, 6 row(s) with errors." in out
    assert set(stored(settings, clock)) == {"S2602016", "S2602022"}


def _fails(settings, clock, path: Path, message: str, lang: str = "en") -> None:
    status, out, err = admin(settings, clock, "patrons", "import", str(path), lang=lang)
    assert status == 2
    assert message in err
    assert err.count("\n") == 1  # one clear message
    assert out == ""
    assert stored(settings, clock) == {}


def test_wrong_columns(settings, clock, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "roster.xlsx", [["序号", "姓名", "成绩"], ["1", "李明", "90"]]
    )
    _fails(settings, clock, path, "wrong columns: card number, class missing")
    _fails(settings, clock, path, "缺少 学号、班级", lang="zh-CN")


def test_empty_files(settings, clock, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _fails(settings, clock, empty, "is empty")
    header_only = write_xlsx(tmp_path / "header.xlsx", [ZH_HEADER])
    _fails(settings, clock, header_only, "is empty")


def test_an_xlsx_that_is_really_text(settings, clock, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_text("学号,姓名,班级\nS2602016,李明,初二(3)班\n", encoding="utf-8")
    _fails(settings, clock, path, "is not a valid Excel (.xlsx) workbook")


def test_a_csv_that_is_really_a_workbook(settings, clock, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "roster.xlsx", [ZH_HEADER, *ROWS])
    path = tmp_path / "roster.csv"
    path.write_bytes(book.read_bytes())
    _fails(settings, clock, path, "is not a text CSV file")


def test_unknown_extension(settings, clock, tmp_path: Path) -> None:
    path = tmp_path / "roster.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    _fails(settings, clock, path, "only .xlsx and .csv")


def test_a_database_failure_leaves_nothing_half_imported(
    settings, clock, tmp_path: Path
) -> None:
    rows = [[f"S26{n:05d}", f"学生{n}", f"初一({n % 12 + 1})班"] for n in range(1200)]
    path = write_csv(tmp_path / "roster.csv", [["学号", "姓名", "班级"], *rows])
    assert stored(settings, clock) == {}  # creates the schema
    with sqlite3.connect(settings.database.path) as con:
        con.execute(
            "CREATE TRIGGER fail BEFORE INSERT ON patron WHEN NEW.card = 'S2601100' "
            "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
        )
    with pytest.raises(StoreError, match="nothing was changed"):
        admin(settings, clock, "patrons", "import", str(path))
    assert stored(settings, clock) == {}


def test_kiosk_py_dispatches_admin(settings, tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import PROJECT

    path = tmp_path / "roster.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    argv = ["admin", "--config", str(settings.source), "--lang", "en"]
    done = subprocess.run(
        [sys.executable, "kiosk.py", *argv, "patrons", "import", str(path)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("error: ")
    assert "is not a valid Excel (.xlsx) workbook" in done.stderr
