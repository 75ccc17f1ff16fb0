"""``admin report``: figures of a hand-counted library, read back from real files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import peewee
import pytest
from PIL import Image
from playhouse.migrations import Runner

from kiosk.db import reports
from kiosk.db.store import MIGRATIONS_DIR, open_database, open_postgres
from tests.admin import reports_library
from tests.admin.helpers import admin, pdf_text

SEPT, OCT_END = dt.date(2026, 9, 1), dt.date(2026, 10, 31)


@pytest.fixture
def lib(settings, clock):
    return reports_library.filled(settings, clock)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path: Path):
    if request.param == "postgresql":
        db = open_postgres(request.getfixturevalue("postgres").new_database())
    else:
        db = open_database(tmp_path / "library.sqlite3")
    reports_library.fill(db)
    yield db
    db.close()


def test_figures_match_the_hand_count_on_both_engines(database) -> None:
    fig = reports.gather(database, SEPT, OCT_END)
    assert (fig.loans, fig.returns) == (10, 6)
    assert fig.loans_by_type == {"student": 9, "teacher": 1}
    classes = {c.class_name: (c.students, c.borrowers, c.loans) for c in fig.classes}
    assert classes == {
        "初一(1)班": (3, 2, 5),
        "初一(2)班": (2, 1, 2),
        "初二(10)班": (2, 1, 1),  # the leaver is no longer counted
    }
    assert fig.top_titles == [
        ("红楼梦", "作者1", 5),
        ("时间简史", "作者2", 2),
        ("无分类", "作者4", 2),
        ("新华字典", "作者3", 1),
    ]
    assert [(r[0], r[3]) for r in fig.top_readers[:3]] == [
        ("S0000001", 3),
        ("S0000002", 2),
        ("S0000004", 2),
    ]
    assert fig.clc == [("H", 1, 1), ("I", 5, 3), ("P", 2, 2), ("", 2, 1)]
    assert (fig.new_items, fig.new_titles) == (2, 2)
    kiosks = [(k.kiosk, k.loans, k.returns) for k in fig.kiosks]
    assert kiosks == [("k1", 6, 3), ("k2", 4, 2), ("", 0, 1)]
    assert fig.months == {"2026-09": (5, 3), "2026-10": (5, 3)}


def test_one_kiosk_counts_its_loans_and_the_returns_it_logged(database) -> None:
    fig = reports.gather(database, SEPT, OCT_END, kiosk="k2")
    assert (fig.loans, fig.returns) == (4, 2)
    assert [(k.kiosk, k.loans, k.returns) for k in fig.kiosks] == [("k2", 4, 2)]
    assert fig.months == {"2026-09": (2, 1), "2026-10": (2, 1)}
    # One loan each: ties are listed in catalogue order.
    assert [t for t, _, n in fig.top_titles] == [
        "红楼梦",
        "时间简史",
        "新华字典",
        "无分类",
    ]


def test_report_indexes_exist_on_both_engines(database) -> None:
    if isinstance(database, peewee.PostgresqlDatabase):
        rows = database.execute_sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'loan'"
        ).fetchall()
        defs = " ".join(r[0] for r in rows)
        assert "(out_at, patron_id, item_id, kiosk)" in defs
        assert "(returned_at, kiosk)" in defs
    else:
        plan = database.execute_sql(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM loan WHERE out_at >= ?"
            " AND out_at < ?",
            ("2026-09-01", "2026-11-01"),
        ).fetchall()
        assert "COVERING INDEX loan_out_at_patron_id_item_id_kiosk" in str(plan)


def test_without_a_clc_column_everything_is_unclassified(tmp_path: Path) -> None:
    # A library from before migration 0004 added title.clc.
    path = tmp_path / "old.sqlite3"
    db = peewee.SqliteDatabase(str(path))
    Runner(db, directory=str(MIGRATIONS_DIR)).up(
        target="0003_drop_redundant_loan_indexes"
    )
    db.execute_sql(
        "INSERT INTO patron (id, card, name, class_name, grade, type, status,"
        " created_at) VALUES (1, 'S0000001', '李明', '初一(1)班', 7, 'student',"
        " 'active', '2026-01-01 00:00:00')"
    )
    db.execute_sql(
        "INSERT INTO title (id, title, author, publisher, call_number, created_at)"
        " VALUES (1, '红楼梦', '', '', 'I242', '2026-01-01 00:00:00')"
    )
    for n in (1, 2):
        db.execute_sql(
            "INSERT INTO item (id, barcode, title_id, status, location, created_at)"
            f" VALUES ({n}, '1000000{n}', 1, 'available', '', '2026-01-01 00:00:00')"
        )
    db.execute_sql(
        "INSERT INTO loan (item_id, patron_id, out_at, due, returned_at, renewals,"
        " kiosk) VALUES (1, 1, '2026-09-03 09:00:00', '2026-09-17',"
        " '2026-09-10 09:00:00', 0, 'k1')"
    )
    assert not reports.has_clc(db)
    fig = reports.gather(db, SEPT, OCT_END)
    assert fig.clc == [("", 1, 2)]
    assert fig.loans == 1
    db.close()


def test_command_prints_the_summary(lib, clock) -> None:
    status, out, _ = admin(lib, clock, "report", "2026-09-01", "2026-10-31")
    assert status == 0
    for line in (
        "Loans: 10",
        "Returns: 6",
        "Students: 7",
        "Students who borrowed: 4",
        "Share of students who borrowed: 57.1%",
        "Loans per student: 1.14",
        "Loans to students: 8",
        "Loans to others (staff, leavers): 2",
        "New copies: 2",
    ):
        assert line in out.splitlines()


def test_command_speaks_chinese(lib, clock) -> None:
    status, out, _ = admin(
        lib, clock, "report", "2026-09-01", "2026-10-31", lang="zh-CN"
    )
    assert status == 0
    assert "借书学生比例：57.1%" in out
    assert "学生人均借阅（册）：1.14" in out


def test_xlsx_has_a_sheet_per_section(lib, clock, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    status, out, _ = admin(
        lib, clock, "report", "2026-09-01", "2026-10-31", "--xlsx", str(path)
    )
    assert status == 0
    assert f"Wrote {path}" in out
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Summary",
        "Months",
        "Grades",
        "Classes",
        "Top titles",
        "Top readers",
        "CLC classes",
        "Kiosks",
    ]
    rows = {s: list(book[s].iter_rows(values_only=True)) for s in book.sheetnames}
    summary = dict(rows["Summary"][1:])
    assert summary["Loans"] == 10
    assert summary["Share of students who borrowed"] == "57.1%"
    assert rows["Months"][1:] == [("2026-09", 5, 3), ("2026-10", 5, 3)]
    assert rows["Grades"][1:] == [
        ("Grade 7", 5, 3, 0.6, 7, 1.4),
        ("Grade 8", 2, 1, 0.5, 1, 0.5),
    ]
    assert [r[1] for r in rows["Classes"][1:]] == [
        "初一(1)班",
        "初一(2)班",
        "初二(10)班",
    ]
    assert rows["Classes"][1][2:] == (3, 2, 0.6667, 5, 1.67)
    assert book["Classes"]["E2"].number_format == "0.0%"
    assert rows["Top titles"][1] == (1, "红楼梦", "作者1", 5)
    assert rows["Top readers"][1] == (1, "S0000001", "李明", "初一(1)班", 3)
    assert rows["CLC classes"][1:] == [
        ("H Languages", 1, 1, 1.0),
        ("I Literature", 5, 3, 1.67),
        ("P Astronomy, earth sciences", 2, 2, 1.0),
        ("Unclassified", 2, 1, 2.0),
    ]
    assert rows["Kiosks"][1:] == [("k1", 6, 3), ("k2", 4, 2), ("(not logged)", 0, 1)]


def test_pdf_text_reads_back_with_the_figures(lib, clock, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    status, _, _ = admin(
        lib,
        clock,
        "report",
        "2026-09-01",
        "2026-10-31",
        "--pdf",
        str(path),
        lang="zh-CN",
    )
    assert status == 0
    text = "\n".join(pdf_text(path))
    assert "示范中学图书馆 借阅报告" in text
    assert "2026-09-01 至 2026-10-31" in text
    for line in (
        "借书学生比例 57.1%",
        "2026-09 5 3",
        "初二 2 1 50.0% 1 0.5",
        "初一(1)班 3 2 66.7% 5 1.67",
        "1 红楼梦 作者1 5",
        "I 文学 5 3 1.67",
        "k1 6 3",
        "（未记录） 0 1",
    ):
        assert line in text, line


def test_charts_are_drawn_pictures(lib, clock, tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    status, out, _ = admin(
        lib, clock, "report", "2026-09-01", "2026-10-31", "--charts", str(folder)
    )
    assert status == 0
    assert f"Wrote 3 chart(s) into {folder}" in out
    for name in ("months", "grades", "clc"):
        with Image.open(folder / f"{name}.png") as image:
            assert image.format == "PNG"
            assert image.width > 600
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            assert len(colours) > 20  # bars, text and axes, not a blank page


def test_empty_period_says_so_and_still_writes(lib, clock, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    pdf = tmp_path / "empty.pdf"
    status, out, _ = admin(
        lib,
        clock,
        "report",
        "2026-07-01",
        "2026-07-31",
        "--xlsx",
        str(path),
        "--pdf",
        str(pdf),
    )
    assert status == 0
    assert "No loans in this period (2026-07-01 to 2026-07-31)." in out
    summary = dict(list(openpyxl.load_workbook(path)["Summary"].values)[1:])
    assert summary["Loans"] == 0
    assert summary["Loans per student"] == 0
    assert "No loans in this period" in pdf_text(pdf)[0]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2026-10-31",
            "2026-09-01",
            "The first day 2026-10-31 is after the last day 2026-09-01.",
        ),
        ("2026-13-01", "2026-10-31", "“2026-13-01” is not a date"),
        ("yesterday", "2026-10-31", "“yesterday” is not a date"),
    ],
)
def test_bad_period_is_one_message_and_no_file(
    lib, clock, tmp_path: Path, start: str, end: str, message: str
) -> None:
    path = tmp_path / "report.xlsx"
    status, _, err = admin(lib, clock, "report", start, end, "--xlsx", str(path))
    assert status == 2
    assert err.startswith("error: ")
    assert message in err
    assert not path.exists()


def test_bad_period_in_chinese(lib, clock) -> None:
    status, _, err = admin(
        lib, clock, "report", "2026-10-31", "2026-09-01", lang="zh-CN"
    )
    assert status == 2
    assert "开始日期 2026-10-31 晚于结束日期 2026-09-01" in err


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_help_names_every_option(lang, lib, clock, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        admin(lib, clock, "report", "--help", lang=lang)
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for option in ("FROM", "TO", "--pdf", "--xlsx", "--charts", "--kiosk"):
        assert option in text


def test_two_documents_in_one_process_keep_their_own_glyphs(tmp_path: Path) -> None:
    # Regression: ReportLab files fonts by PostScript name, so every cut of the
    # bundled font once shared the first cut's glyphs and later text went missing.
    from kiosk.admin import pdf

    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    pdf.write_pdf(first, pdf.Document("甲", [pdf.Para("甲乙丙 逾期")]))
    pdf.write_pdf(second, pdf.Document("丁", [pdf.Para("丁戊己 报告")]))
    assert "甲乙丙 逾期" in pdf_text(first)[0]
    assert "丁戊己 报告" in pdf_text(second)[0]


def test_command_for_one_kiosk(lib, clock) -> None:
    status, out, _ = admin(
        lib, clock, "report", "2026-09-01", "2026-10-31", "--kiosk", "k1"
    )
    assert status == 0
    lines = out.splitlines()
    assert "Kiosk: k1" in lines
    assert "Loans: 6" in lines
    assert "Returns: 3" in lines


def test_open_loans_and_homeroom_teachers_on_both_engines(database) -> None:
    overdue = reports.open_loans(database, due_before=dt.date(2026, 11, 25))
    assert [(r.class_name, r.card, r.barcode, r.due) for r in overdue] == [
        ("初一(1)班", "S0000003", "10000007", dt.date(2026, 11, 16)),
        ("初一(2)班", "S0000004", "10000001", dt.date(2026, 11, 3)),
        ("初二(10)班", "S0000006", "10000003", dt.date(2026, 10, 24)),
        ("初二(10)班", "S0000008", "10000005", dt.date(2026, 10, 26)),
    ]
    assert overdue[0].out_at == dt.date(2026, 11, 2)
    out = reports.open_loans(database, class_name="初一(1)班")
    assert [r.card for r in out] == ["S0000002", "S0000003"]
    assert reports.homeroom_teachers(database) == {"初一(1)班": "王老师"}


def test_missing_folder_is_refused_before_any_file(lib, clock, tmp_path: Path) -> None:
    xlsx = tmp_path / "report.xlsx"
    pdf = tmp_path / "nowhere" / "report.pdf"
    status, _, err = admin(
        lib,
        clock,
        "report",
        "2026-09-01",
        "2026-10-31",
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(pdf),
        lang="zh-CN",
    )
    assert status == 2
    assert f"找不到文件夹 {pdf.parent}，无法写入 report.pdf。未写入任何内容。" in err
    assert not xlsx.exists()


def test_a_loan_closed_as_lost_is_not_counted_as_a_return(small) -> None:
    from kiosk.circulation.outcomes import Outcome
    from kiosk.db import registers
    from kiosk.db.reports import gather

    li = small.patron_id("S0000001")
    for barcode in ("10000001", "10000002"):
        assert small.service.check_out(li, barcode).outcome is Outcome.CHECKED_OUT
    assert small.service.check_in("10000001").outcome is Outcome.RETURNED
    lost = registers.mark_lost(
        small.library.database,
        "10000002",
        rule=registers.CompensationRule.of(2.0, 20.0),
        now=small.clock.now(),
        kiosk="counter-1",
    )
    assert lost.ok
    today = small.clock.today()
    figures = gather(small.library.database, today, today)
    assert (figures.loans, figures.returns) == (2, 1)
