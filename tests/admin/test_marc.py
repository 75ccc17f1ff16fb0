"""MARC ISO 2709 files written with pymarc (CNMARC and MARC21) and imported back."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pymarc import Field, Record, Subfield

from kiosk.db import models as db
from kiosk.db.store import open_database
from tests.admin.helpers import admin, write_xlsx
from tests.admin.test_catalogue import wrong_check
from tests.conftest import isbn13

HONGLOU = isbn13("978702000220")
PINGFAN = isbn13("978754341234")
HOLES = isbn13("978030640615")


def field(tag: str, *pairs: str, ind: str = "  ") -> Field:
    codes = pairs[0::2]
    values = pairs[1::2]
    return Field(
        tag=tag,
        indicators=list(ind),
        subfields=[Subfield(c, v) for c, v in zip(codes, values, strict=True)],
    )


def cnmarc(isbn: str, title: str, *, price: str = "CNY59.70", clc: str = "I242.4"):
    record = Record(force_utf8=True)
    record.add_field(
        Field(tag="001", data="CN" + isbn[-6:]),
        field("010", "a", isbn, "d", price),
        field("200", "a", title, "f", "曹雪芹著", ind="1 "),
        field("210", "a", "北京", "c", "人民文学出版社", "d", "2008.7"),
        field("690", "a", clc, "v", "5"),
    )
    return record


def marc21(isbn: str, title: str):
    record = Record(force_utf8=True)
    record.add_field(
        field("020", "a", f"{isbn} (pbk.)", "c", "$12.00"),
        field("084", "a", "I712.84", "2", "clc"),
        field("245", "a", f"{title} /", "c", "Louis Sachar.", ind="10"),
        field(
            "264",
            "a",
            "New York :",
            "b",
            "Farrar, Straus and Giroux,",
            "c",
            "1998.",
            ind=" 1",
        ),
    )
    return record


def write_marc(path: Path, *records: Record | bytes) -> Path:
    path.write_bytes(
        b"".join(r if isinstance(r, bytes) else r.as_marc() for r in records)
    )
    return path


def titles(settings) -> dict[str, db.Title]:
    database = open_database(settings.database.path)
    try:
        return {t.isbn: t for t in db.Title.select()}
    finally:
        database.close()


def test_cnmarc_records_are_imported(settings, clock, tmp_path: Path) -> None:
    hyphenated = (
        f"{HONGLOU[:3]}-{HONGLOU[3]}-{HONGLOU[4:6]}-{HONGLOU[6:12]}-{HONGLOU[12]}"
    )
    path = write_marc(
        tmp_path / "books.mrc",
        cnmarc(hyphenated, "红楼梦"),
        cnmarc(PINGFAN, "平凡的世界", price="108.00元", clc="I247.57"),
    )
    status, out, err = admin(settings, clock, "catalogue", "import", str(path))
    assert status == 0, err
    assert f"record 1: new {HONGLOU} “红楼梦”, 1 copies" in out
    assert "Saved: 2 copies, accession barcodes 00000001 to 00000002." in out
    stored = titles(settings)
    honglou = stored[HONGLOU]
    assert (honglou.title, honglou.author, honglou.publisher) == (
        "红楼梦",
        "曹雪芹著",
        "人民文学出版社",
    )
    assert (honglou.year, honglou.price, honglou.clc) == (
        2008,
        Decimal("59.70"),
        "I242.4",
    )
    assert honglou.call_number == "I242.4"
    assert stored[PINGFAN].price == Decimal("108.00")


def test_marc21_records_are_imported_without_isbd_punctuation(
    settings, clock, tmp_path: Path
) -> None:
    path = write_marc(tmp_path / "holes.iso", marc21(HOLES, "Holes"))
    status, _, _ = admin(settings, clock, "catalogue", "import", str(path))
    assert status == 0
    holes = titles(settings)[HOLES]
    assert (holes.title, holes.author, holes.publisher, holes.year) == (
        "Holes",
        "Louis Sachar",
        "Farrar, Straus and Giroux",
        1998,
    )
    assert (holes.clc, holes.price) == ("I712.84", Decimal("12.00"))


def test_bad_records_are_reported_by_number_and_the_rest_imported(
    settings, clock, tmp_path: Path
) -> None:
    good = cnmarc(HONGLOU, "红楼梦").as_marc()
    damaged = good[:12] + b"99999" + good[17:]  # base address past the record
    no_title = Record(force_utf8=True)
    no_title.add_field(field("010", "a", HOLES))
    path = write_marc(
        tmp_path / "mixed.mrc",
        cnmarc(wrong_check(PINGFAN), "平凡的世界"),
        damaged,
        no_title,
        good,
        marc21(HOLES, "Holes"),
    )
    status, out, _ = admin(settings, clock, "catalogue", "import", str(path))
    assert status == 0
    assert f"record 1: ISBN {wrong_check(PINGFAN)} has a wrong check digit" in out
    assert "record 2: damaged MARC record, cannot be read" in out
    assert f"record 3: ISBN {HOLES} has no title" in out
    assert "2 new title(s), 0 title(s) with more copies, 2 copies; 3 line(s)" in out
    assert set(titles(settings)) == {HONGLOU, HOLES}


def test_the_same_record_twice_adds_two_copies(settings, clock, tmp_path: Path) -> None:
    record = cnmarc(HONGLOU, "红楼梦")
    path = write_marc(tmp_path / "twice.mrc", record, record)
    status, out, _ = admin(
        settings, clock, "catalogue", "import", str(path), lang="zh-CN"
    )
    assert status == 0
    assert f"第 1 条记录、第 2 条记录：同一个 ISBN {HONGLOU}，册数已合并为 2 册" in out
    database = open_database(settings.database.path)
    try:
        assert db.Item.select().count() == 2
    finally:
        database.close()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.joinpath("text.mrc").write_text(
                "ISBN,书名\n9787020002207,红楼梦\n", encoding="utf-8"
            ),
            "is not a MARC (ISO 2709) file",
        ),
        (lambda p: p.joinpath("empty.mrc").write_bytes(b""), "is empty"),
        (lambda p: p.joinpath("blank.iso").write_bytes(b"\r\n\r\n"), "is empty"),
        (
            lambda p: write_xlsx(p / "x.xlsx", [["ISBN"], ["1"]]).rename(p / "x.mrc"),
            "is not a MARC (ISO 2709) file",
        ),
        (
            lambda p: p.joinpath("noise.mrc").write_bytes(
                b"00042" + bytes(range(256)) * 4
            ),
            "is not a MARC (ISO 2709) file",
        ),
    ],
)
def test_a_file_that_is_no_marc_is_one_message(
    settings, clock, tmp_path: Path, make, message
) -> None:
    make(tmp_path)
    [path] = [p for p in tmp_path.iterdir() if p.suffix in (".mrc", ".iso")]
    status, out, err = admin(settings, clock, "catalogue", "import", str(path))
    assert status == 2
    assert message in err
    assert err.count("\n") == 1
    assert out == ""
    assert titles(settings) == {}


def test_a_marc_file_can_feed_the_purchases_register(
    settings, clock, tmp_path: Path
) -> None:
    path = write_marc(tmp_path / "order.mrc", cnmarc(HONGLOU, "红楼梦"))
    status, _, _ = admin(
        settings, clock, "catalogue", "import", str(path), "--supplier", "新华书店"
    )
    assert status == 0
    _, out, _ = admin(settings, clock, "purchases", "list")
    assert f"新华书店 - {HONGLOU} “红楼梦” 1 copies at 59.70, 59.70" in out


def iso2709(record: Record, encoding: str) -> bytes:
    """A record in a legacy encoding (pymarc itself writes only UTF-8 or Latin-1)."""
    directory, data = b"", b""
    for marc_field in record.fields:
        body = marc_field.as_marc(encoding=encoding)
        directory += f"{marc_field.tag}{len(body):04d}{len(data):05d}".encode()
        data += body
    directory += b"\x1e"
    base = 24 + len(directory)
    leader = f"{base + len(data) + 1:05d}nam  22{base:05d}   4500".encode()
    return leader + directory + data + b"\x1d"


def test_an_old_gb18030_cnmarc_file_is_read(settings, clock, tmp_path: Path) -> None:
    data = iso2709(cnmarc(HONGLOU, "红楼梦"), "gb18030")
    assert "红楼梦".encode("gb18030") in data
    path = write_marc(tmp_path / "old.iso", data)
    status, out, _ = admin(settings, clock, "catalogue", "import", str(path))
    assert status == 0
    assert f"record 1: new {HONGLOU} “红楼梦”, 1 copies" in out
    assert titles(settings)[HONGLOU].publisher == "人民文学出版社"
