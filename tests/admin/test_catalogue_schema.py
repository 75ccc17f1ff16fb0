"""Schema 4: an old library gains CLC classes and genders; rosters store gender."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kiosk.db.store import open_database
from tests.admin.helpers import admin, stored, write_csv
from tests.db.test_migrations import make_schema_1_database


def test_an_old_library_gets_clc_from_call_numbers_and_empty_gender(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    make_schema_1_database(path)
    con = sqlite3.connect(path)
    with con:
        con.executemany(
            "INSERT INTO title (title, author, publisher, call_number, created_at)"
            " VALUES (?, '', '', ?, '2026-09-01')",
            [("平凡的世界", "I247.57/L563"), ("旧杂志", "新书架"), ("无号", "")],
        )
    con.close()
    open_database(path).close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT title, clc FROM title ORDER BY id").fetchall() == [
            ("红楼梦", "I242"),
            ("平凡的世界", "I247.57"),
            ("旧杂志", ""),
            ("无号", ""),
        ]
        assert con.execute("SELECT card, gender FROM patron").fetchall() == [
            ("S0000001", "")
        ]
        assert con.execute("SELECT count(*) FROM accessionseries").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM purchase").fetchone() == (0,)
    finally:
        con.close()


def test_roster_gender_is_stored_and_kept(settings, clock, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "roster.csv",
        [
            ["学号", "姓名", "班级", "性别"],
            ["S2602016", "李明", "初二(3)班", "男"],
            ["S2602017", "王芳", "初二(3)班", "女"],
            ["S2602018", "张伟", "初二(3)班", ""],
        ],
    )
    assert admin(settings, clock, "patrons", "import", str(first))[0] == 0
    genders = {card: p.gender for card, p in stored(settings, clock).items()}
    assert genders == {"S2602016": "M", "S2602017": "F", "S2602018": ""}

    # A roster without the column changes nothing about gender...
    again = write_csv(
        tmp_path / "again.csv",
        [["学号", "姓名", "班级"], ["S2602016", "李明", "初二(3)班"]],
    )
    status, out, _ = admin(settings, clock, "patrons", "import", str(again))
    assert "0 new, 0 updated, 1 unchanged" in out
    # ...and one that fills it in is an update.
    fixed = write_csv(
        tmp_path / "fixed.csv",
        [["Card", "Name", "Class", "Gender"], ["S2602018", "张伟", "初二(3)班", "M"]],
    )
    status, out, _ = admin(settings, clock, "patrons", "import", str(fixed))
    assert status == 0
    assert "0 new, 1 updated, 0 unchanged" in out
    patrons = stored(settings, clock)
    assert (patrons["S2602016"].gender, patrons["S2602018"].gender) == ("M", "M")
