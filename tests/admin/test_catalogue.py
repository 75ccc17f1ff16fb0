"""Cataloguing by ISBN and from real supplier lists (XLSX, CSV), good and malformed."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kiosk.config import load_config
from kiosk.db import models as db
from kiosk.db.store import open_database
from kiosk.runtime import open_library
from tests.admin.helpers import admin, write_csv, write_xlsx
from tests.conftest import ISBN_ONE, isbn13

NEW_A = isbn13("978754341234")
NEW_B = isbn13("978710100001")
NEW_C = isbn13("978720001234")


def wrong_check(isbn: str) -> str:
    """The same number with its check digit off by one (a typing slip)."""
    return isbn[:-1] + str((int(isbn[-1]) + 1) % 10)


def isbn10(isbn: str) -> str:
    from stdnum import isbn as stdnum_isbn

    return stdnum_isbn.to_isbn10(isbn)


def books(settings) -> dict[str, tuple[str, str, list[str]]]:
    """ISBN -> (title, CLC, sorted barcodes) as stored."""
    database = open_database(settings.database.path)
    try:
        found: dict[str, tuple[str, str, list[str]]] = {}
        for title in db.Title.select().where(db.Title.isbn.is_null(False)):
            codes = sorted(i.barcode for i in title.items)
            found[title.isbn] = (title.title, title.clc, codes)
        return found
    finally:
        database.close()


def counts(settings) -> tuple[int, int, int]:
    database = open_database(settings.database.path)
    try:
        return (
            db.Title.select().count(),
            db.Item.select().count(),
            db.Purchase.select().count(),
        )
    finally:
        database.close()


def with_catalogue(settings, tmp_path: Path, **values: str):
    """The test config with some [catalogue] keys changed (TOML values)."""
    text = settings.source.read_text(encoding="utf-8")
    for key, value in values.items():
        text, found = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", text)
        assert found == 1, key
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_add_by_isbn10_makes_a_title_and_numbered_copies(settings, clock) -> None:
    status, out, err = admin(
        settings,
        clock,
        "catalogue",
        "add",
        isbn10(NEW_A),
        "--copies",
        "2",
        "--title",
        "平凡的世界",
        "--clc",
        "i247.57/l563",
        "--price",
        "¥108.00",
    )
    assert status == 0, err
    assert "barcodes 00000001–00000002" in out
    title, clc, codes = books(settings)[NEW_A]
    assert (title, clc, codes) == ("平凡的世界", "I247.57", ["00000001", "00000002"])
    database = open_database(settings.database.path)
    try:
        assert db.Title.get().call_number == "I247.57/l563"
    finally:
        database.close()
    pattern = re.compile(settings.circulation.item_pattern)
    assert all(pattern.search(c) for c in codes)


def test_add_to_an_existing_title_gives_it_more_copies(small, clock) -> None:
    status, out, _ = admin(
        small.settings, clock, "catalogue", "add", ISBN_ONE, "--copies", "3"
    )
    assert status == 0
    # A new series starts past the library's highest barcode (10000008).
    assert "+3 copies (now 5), barcodes 10000009–10000011" in out
    assert books(small.settings)[ISBN_ONE][2][-3:] == [
        "10000009",
        "10000010",
        "10000011",
    ]


def test_add_in_chinese(settings, clock) -> None:
    status, out, _ = admin(
        settings, clock, "catalogue", "add", NEW_A, "--title", "书", lang="zh-CN"
    )
    assert status == 0
    assert "新书" in out
    assert "登录号 00000001" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([wrong_check(NEW_A), "--title", "x"], "wrong check digit"),
        (["12345", "--title", "x"], "is not an ISBN"),
        ([NEW_A], "give a new title with --title"),
        ([NEW_A, "--title", "x", "--copies", "0"], "must be 1 to 999"),
        ([NEW_A, "--title", "x", "--price", "cheap"], "is not an amount"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(
    settings, clock, args, message
) -> None:
    status, _, err = admin(settings, clock, "catalogue", "add", *args)
    assert status == 2
    assert message in err
    assert err.count("\n") == 1
    assert counts(settings) == (0, 0, 0)


def test_a_series_the_kiosk_would_not_read_is_refused(
    settings, clock, tmp_path: Path
) -> None:
    changed = with_catalogue(settings, tmp_path, accession_prefix='"B"')
    status, _, err = admin(changed, clock, "catalogue", "add", NEW_A, "--title", "x")
    assert status == 2
    assert "B00000001 does not match circulation.item_pattern" in err
    assert counts(changed) == (0, 0, 0)


def test_a_used_up_series_is_refused_and_its_numbers_kept(
    settings, clock, tmp_path: Path
) -> None:
    changed = with_catalogue(settings, tmp_path, accession_start="99999999")
    status, _, err = admin(
        changed, clock, "catalogue", "add", NEW_A, "--title", "x", "--copies", "2"
    )
    assert status == 2
    assert "used up (the last is 99999999)" in err
    assert counts(changed) == (0, 0, 0)
    status, out, _ = admin(changed, clock, "catalogue", "add", NEW_A, "--title", "x")
    assert status == 0
    assert "barcodes 99999999" in out
    status, _, err = admin(changed, clock, "catalogue", "add", NEW_A)
    assert status == 2
    assert "used up" in err


def test_a_prefixed_series_matching_the_pattern_is_used(
    settings, clock, tmp_path: Path
) -> None:
    text = settings.source.read_text(encoding="utf-8")
    text = text.replace("item_pattern = '^[0-9]{8}$'", "item_pattern = '^B[0-9]{6}$'")
    (tmp_path / "base").mkdir()
    base = tmp_path / "base" / "config.toml"
    base.write_text(text, encoding="utf-8")
    changed = with_catalogue(
        load_config(base),
        tmp_path,
        accession_prefix='"B"',
        accession_digits="6",
        accession_start="500",
    )
    status, out, _ = admin(changed, clock, "catalogue", "add", NEW_A, "--title", "x")
    assert status == 0
    assert "barcodes B000500" in out


SUPPLIER_ZH = ["册数", "书名", "ISBN", "作者", "出版社", "出版年", "定价", "分类号"]


def test_supplier_csv_merges_repeats_reports_bad_rows_imports_the_rest(
    small, clock, tmp_path: Path
) -> None:
    rows = [
        SUPPLIER_ZH,
        [
            "2",
            "平凡的世界",
            NEW_A,
            "路遥",
            "北京十月文艺出版社",
            "2017",
            "108.00",
            "I247.57",
        ],
        [
            "1",
            "红楼梦",
            ISBN_ONE,
            "曹雪芹",
            "人民文学出版社",
            "2008",
            "59.70",
            "I242.4",
        ],
        ["1", "错书", wrong_check(NEW_B), "某人", "", "", "20", ""],
        ["1", "", NEW_C, "", "", "", "", ""],
        ["3", "平凡的世界", NEW_A, "路遥", "", "", "108.00", ""],
        ["二", "坏册数", NEW_C, "", "", "", "", ""],
        ["1", "坏定价", NEW_C, "", "", "", "很贵", ""],
    ]
    path = write_csv(tmp_path / "list.csv", rows)
    status, out, _ = admin(small.settings, clock, "catalogue", "import", str(path))
    assert status == 0
    assert "row 2, row 6: the same ISBN " + NEW_A + "; copies added together: 5" in out
    assert f"row 4: ISBN {wrong_check(NEW_B)} has a wrong check digit" in out
    assert f"row 5: ISBN {NEW_C} has no title" in out
    assert "row 7: ISBN " + NEW_C + ": copies “二” must be 1 to 999" in out
    assert "row 8: ISBN " + NEW_C + ": price “很贵” is not an amount" in out
    assert f"row 3: {ISBN_ONE} “红楼梦” +1 copies (had 2)" in out
    assert "1 new title(s), 1 title(s) with more copies, 6 copies; 4 line(s)" in out
    assert "Saved: 6 copies, accession barcodes 10000009 to 10000014." in out
    stored = books(small.settings)
    assert stored[NEW_A] == (
        "平凡的世界",
        "I247.57",
        ["10000009", "10000010", "10000011", "10000012", "10000013"],
    )
    assert stored[ISBN_ONE][2] == ["10000001", "10000002", "10000014"]
    assert NEW_B not in stored
    assert NEW_C not in stored


def test_xlsx_in_english_with_a_supplier_fills_the_purchases_register(
    settings, clock, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "order.xlsx",
        [
            ["Title", "ISBN", "Price", "Copies", "Location", "Year"],
            ["Charlotte's Web", isbn10(NEW_A), 12.5, 2, "英文区", 2001],
            ["Holes", int(NEW_B), "CNY 30", 1, "", ""],  # Excel keeps it a number
        ],
    )
    status, out, err = admin(
        settings,
        clock,
        "catalogue",
        "import",
        str(path),
        "--supplier",
        "新华书店",
        "--invoice",
        "FP-2026-0042",
    )
    assert status == 0, err
    assert "Entered 2 line(s) in the purchases register (supplier: 新华书店)." in out
    status, out, _ = admin(settings, clock, "purchases", "list")
    assert status == 0
    assert (
        f"{clock.today()} 新华书店 FP-2026-0042 {NEW_A} “Charlotte's Web” 2 copies "
        "at 12.50, 25.00" in out
    )
    assert "2 line(s), 3 copies, 55.00 yuan." in out
    library = open_library(settings, clock)
    try:
        locations = {i.barcode: i.location for i in db.Item.select()}
    finally:
        library.close()
    assert locations == {"00000001": "英文区", "00000002": "英文区", "00000003": ""}

    export = tmp_path / "purchases.xlsx"
    status, out, _ = admin(
        settings, clock, "purchases", "export", str(export), lang="zh-CN"
    )
    assert status == 0
    sheet = openpyxl.load_workbook(export).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("日期", "书商", "发票号或订单号", "ISBN", "书名", "册数")
    assert rows[1][1:6] == ("新华书店", "FP-2026-0042", NEW_A, "Charlotte's Web", 2)
    assert Decimal(str(rows[1][7])) == Decimal("25.00")
    assert rows[-1][0] == "合计"
    assert rows[-1][5] == 3
    assert Decimal(str(rows[-1][7])) == Decimal("55.00")


def test_purchases_by_date(settings, clock, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "a.csv", [["ISBN", "书名"], [NEW_A, "甲"]])
    second = write_csv(tmp_path / "b.csv", [["ISBN", "书名"], [NEW_B, "乙"]])
    admin(settings, clock, "catalogue", "import", str(first), "--supplier", "甲店")
    day_one = clock.today()
    clock.advance(2 * 86400)
    admin(settings, clock, "catalogue", "import", str(second), "--supplier", "乙店")
    _, out, _ = admin(settings, clock, "purchases", "list", "--from", str(day_one))
    assert "甲店" in out
    assert "乙店" in out
    _, out, _ = admin(
        settings, clock, "purchases", "list", "--to", str(day_one), "--lang", "en"
    )
    assert "甲店" in out
    assert "乙店" not in out
    status, _, err = admin(settings, clock, "purchases", "list", "--from", "5月")
    assert status == 2
    assert "is not a date" in err


def test_gb18030_csv_and_a_dry_run(settings, clock, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "gbk.csv",
        [["书名", "ISBN", "册数", "馆藏地"], ["草房子", NEW_A, "2", "二楼"]],
        encoding="gb18030",
    )
    status, out, _ = admin(
        settings, clock, "catalogue", "import", str(path), "--dry-run", lang="zh-CN"
    )
    assert status == 0
    assert f"第 2 行：新书 {NEW_A}《草房子》2 册" in out
    assert "登录号将是 00000001 到 00000002" in out
    assert "试运行" in out
    assert counts(settings) == (0, 0, 0)
    admin(settings, clock, "catalogue", "import", str(path))
    assert books(settings)[NEW_A] == ("草房子", "", ["00000001", "00000002"])


def test_default_location_from_config(settings, clock, tmp_path: Path) -> None:
    changed = with_catalogue(settings, tmp_path, default_location='"新书架"')
    path = write_csv(tmp_path / "l.csv", [["ISBN", "书名"], [NEW_A, "甲"]])
    admin(changed, clock, "catalogue", "import", str(path))
    library = open_library(changed, clock)
    try:
        assert [i.location for i in db.Item.select()] == ["新书架"]
    finally:
        library.close()


def _not_really_xlsx(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "list.xlsx", [["ISBN", "书名"], [NEW_A, "甲"]])


def _not_really_csv(tmp_path: Path) -> Path:
    path = write_xlsx(tmp_path / "x.xlsx", [["ISBN", "书名"], [NEW_A, "甲"]])
    return path.rename(tmp_path / "list.csv")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.csv", "file not found"),
        (lambda p: write_csv(p / "e.csv", [["ISBN", "书名"]]), "is empty"),
        (lambda p: write_csv(p / "e.csv", []), "is empty"),
        (
            lambda p: write_csv(p / "w.csv", [["编号", "名称"], ["1", "甲"]]),
            "wrong columns: ISBN, 书名 missing. Columns found: 编号, 名称",
        ),
        (_not_really_xlsx, "not a valid Excel"),
        (_not_really_csv, "not a text CSV"),
        (lambda p: write_csv(p / "list.txt", [["ISBN"]]), "only .xlsx, .csv, .mrc"),
    ],
)
def test_a_file_that_cannot_be_imported_is_one_message(
    settings, clock, tmp_path: Path, make, message
) -> None:
    path = make(tmp_path)
    status, out, err = admin(settings, clock, "catalogue", "import", str(path))
    assert status == 2
    assert message in err
    assert err.count("\n") == 1
    assert out == ""
    assert counts(settings) == (0, 0, 0)


def test_invoice_needs_a_supplier(settings, clock, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["ISBN", "书名"], [NEW_A, "甲"]])
    status, _, err = admin(
        settings, clock, "catalogue", "import", str(path), "--invoice", "1"
    )
    assert status == 2
    assert "--invoice needs --supplier" in err


def test_numbers_a_copy_already_carries_are_skipped(
    settings, clock, tmp_path: Path
) -> None:
    admin(settings, clock, "catalogue", "add", NEW_C, "--title", "丙")
    database = open_database(settings.database.path)
    try:
        # Someone typed 00000003 onto a copy by hand, outside the series.
        db.Item.insert(barcode="00000003", title=db.Title.get().id).execute()
    finally:
        database.close()
    status, out, _ = admin(
        settings, clock, "catalogue", "add", NEW_A, "--title", "甲", "--copies", "2"
    )
    assert status == 0
    assert "barcodes 00000002, 00000004" in out
    assert books(settings)[NEW_A][2] == ["00000002", "00000004"]


def test_a_failed_save_writes_nothing(settings, clock, tmp_path: Path) -> None:
    """A failure half-way through a list rolls the whole list back, numbers too."""
    path = write_csv(
        tmp_path / "a.csv",
        [["ISBN", "书名", "册数"], [NEW_A, "甲", "1"], [NEW_B, "乙", "2"]],
    )
    admin(settings, clock, "catalogue", "add", NEW_C, "--title", "丙")
    con = sqlite3.connect(settings.database.path)
    with con:
        con.execute(
            "CREATE TRIGGER full_disk BEFORE INSERT ON item WHEN NEW.barcode ="
            " '00000004' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    con.close()
    status, _, err = admin(
        settings, clock, "catalogue", "import", str(path), "--supplier", "店"
    )
    assert status == 2
    assert "The catalogue was not changed (nothing was written)" in err
    assert "disk is full" in err
    assert counts(settings) == (1, 1, 0)
    con = sqlite3.connect(settings.database.path)
    assert con.execute("SELECT next_number FROM accessionseries").fetchone() == (2,)
    con.close()


def test_settings_fixture_is_untouched(settings) -> None:
    assert dataclasses.asdict(settings.catalogue) == {
        "accession_prefix": "",
        "accession_digits": 8,
        "accession_start": 1,
        "default_location": "",
    }


@pytest.mark.parametrize(
    "raw",
    [
        "7-02-000220-X",
        "7-02-000220-x",
        "978-7-02-000220-7",
        "9787020002207 (平装)",
        "978702000220751234",  # scanned with the price add-on
    ],
)
def test_isbns_are_made_isbn_13(raw: str) -> None:
    from kiosk.admin.catalogue import normalise_isbn

    assert normalise_isbn(raw) == "9787020002207"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("7020002208", "cat_bad_check"),
        ("9787020002208", "cat_bad_check"),
        ("9771671216007", "cat_bad_isbn"),  # a magazine's EAN, not a book's
        ("ISBN", "cat_bad_isbn"),
    ],
)
def test_bad_isbns_say_why(raw: str, reason: str) -> None:
    from kiosk.admin.catalogue import normalise_isbn

    with pytest.raises(ValueError, match=reason):
        normalise_isbn(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("38", Decimal("38.00")),
        ("¥38.5", Decimal("38.50")),
        ("CNY59.70", Decimal("59.70")),
        ("45.00元", Decimal("45.00")),
        ("1,280.00", Decimal("1280.00")),
        ("", None),
    ],
)
def test_prices_in_the_ways_suppliers_write_them(raw: str, expected) -> None:
    from kiosk.admin.catalogue import parse_price

    assert parse_price(raw) == expected


@pytest.mark.parametrize("raw", ["免费", "-5", "NaN", "1e9"])
def test_prices_that_are_not_amounts(raw: str) -> None:
    from kiosk.admin.catalogue import parse_price

    with pytest.raises(ValueError, match="cat_bad_price"):
        parse_price(raw)


def test_import_and_register_on_postgresql(
    settings, clock, tmp_path: Path, postgres
) -> None:
    text = settings.source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^url = .*$", f'url = "{postgres.new_database()}"', text)
    path = tmp_path / "pg.toml"
    path.write_text(text, encoding="utf-8")
    shared = load_config(path)
    assert shared.database.url
    admin(shared, clock, "catalogue", "add", NEW_C, "--title", "丙")
    rows = write_csv(
        tmp_path / "a.csv",
        [
            ["ISBN", "书名", "册数", "定价"],
            [NEW_A, "甲", "2", "10"],
            [NEW_C, "丙", "1", ""],
        ],
    )
    status, out, err = admin(
        shared, clock, "catalogue", "import", str(rows), "--supplier", "书店"
    )
    assert status == 0, err
    assert "Saved: 3 copies, accession barcodes 00000002 to 00000004." in out
    _, out, _ = admin(shared, clock, "purchases", "list")
    assert "2 line(s), 3 copies, 20.00 yuan." in out
