"""Searching patrons and titles: name parts, pinyin initials, ISBN forms, barcodes."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.db import bulk, search
from kiosk.runtime import open_library
from tests.conftest import ISBN_ONE, small_tables

EXTRA_PATRONS = [
    {
        "id": 10,
        "card": "S0000010",
        "name": "叶浩",
        "class_name": "初一(2)班",
        "grade": 7,
    },
    {
        "id": 11,
        "card": "S0000011",
        "name": "叶浩然",
        "class_name": "初一(2)班",
        "grade": 7,
    },
    {
        "id": 12,
        "card": "S0000012",
        "name": "100%_王",
        "class_name": "初三(1)班",
        "grade": 9,
    },
]
EXTRA_TITLES = [
    {
        "id": 10,
        "isbn": None,
        "title": "<script>alert(1)</script>",
        "author": "某人",
        "clc": "I287.45",
    },
    {
        "id": 11,
        "isbn": None,
        "title": "The Old Man and the Sea",
        "author": "Hemingway",
        "clc": "I712.45",
    },
]


def seed(library, today) -> None:
    tables = small_tables(today)
    bulk.insert_tables(library.database, tables)
    bulk.insert_tables(
        library.database, {"patron": EXTRA_PATRONS, "title": EXTRA_TITLES}
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, settings, clock):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
        settings = dataclasses.replace(
            settings, database=dataclasses.replace(settings.database, url=url)
        )
    library = open_library(settings, clock)
    seed(library, clock.today())
    yield library.database
    library.close()


def names(database, query, clock) -> list[str]:
    return [h.name for h in search.search_patrons(database, query, today=clock.today())]


def titles(database, query) -> list[str]:
    return [h.title for h in search.search_titles(database, query)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("叶浩", "yh"), ("李明", "lm"), ("赵老师", "zls"), ("Tom 李", "toml"), ("", "")],
)
def test_initials(name, expected) -> None:
    assert search.initials(name) == expected


def test_pinyin_initials_find_the_pupil(database, clock) -> None:
    assert names(database, "yh", clock)[:2] == ["叶浩", "叶浩然"]
    assert names(database, "YHR", clock) == ["叶浩然"]
    assert "李明" in names(database, "l", clock)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("浩", {"叶浩", "叶浩然"}),
        ("浩然", {"叶浩然"}),
        ("叶浩然", {"叶浩然"}),
        ("芳", {"王芳"}),
    ],
)
def test_any_part_of_a_chinese_name(database, clock, query, found) -> None:
    assert set(names(database, query, clock)) == found


def test_card_first_then_class(database, clock) -> None:
    assert names(database, "S0000002", clock)[0] == "王芳"
    assert names(database, "s0000002", clock)[0] == "王芳"
    assert set(names(database, "初一(2)", clock)) == {"叶浩", "叶浩然"}


def test_wildcards_are_literal(database, clock) -> None:
    assert names(database, "%", clock) == ["100%_王"]
    assert names(database, "_", clock) == ["100%_王"]


def test_open_loans_and_overdue_counted(database, clock) -> None:
    hits = search.search_patrons(database, "李明", today=clock.today())
    assert (hits[0].open_loans, hits[0].overdue) == (0, 0)


@pytest.mark.parametrize(
    "query",
    [
        ISBN_ONE,
        f"{ISBN_ONE[:3]}-{ISBN_ONE[3]}-{ISBN_ONE[4:7]}-{ISBN_ONE[7:12]}-{ISBN_ONE[12]}",
        ISBN_ONE + "51250",  # a scanner that read the price add-on too
        "7-02-000220-X",  # the ISBN-10 of the same book
        "10000002",  # a copy's accession barcode
        "红楼",
        "红",
    ],
)
def test_title_by_isbn_forms_barcode_and_parts(database, query) -> None:
    assert titles(database, query)[0] == "红楼梦"


def test_title_by_author_clc_and_latin_case(database) -> None:
    assert titles(database, "hemingway") == ["The Old Man and the Sea"]
    assert titles(database, "old man") == ["The Old Man and the Sea"]
    assert "<script>alert(1)</script>" in titles(database, "I287")
    assert titles(database, "<script>") == ["<script>alert(1)</script>"]


def test_copies_counted(database) -> None:
    (hit,) = search.search_titles(database, "草房子")
    assert (hit.copies, hit.available) == (4, 1)


def test_index_follows_updates_and_deletes(database, clock) -> None:
    database.execute_sql("UPDATE patron SET name = '欧阳修远' WHERE id = 10")
    search.fill_initials(database)
    assert names(database, "欧阳修", clock) == ["欧阳修远"]
    assert "叶浩" not in names(database, "叶浩", clock)
    database.execute_sql("DELETE FROM patron WHERE id = 11")
    assert names(database, "叶浩然", clock) == []


def test_roster_save_keeps_initials(database, clock) -> None:
    from kiosk.db.patrons import PatronRecord, save_roster

    save_roster(
        database,
        [
            PatronRecord(
                "S0000099", "诸葛亮", "初二(1)班", 8, "student", created_at=clock.now()
            )
        ],
        [PatronRecord("S0000010", "叶子", "初一(2)班", 7, "student")],
    )
    assert names(database, "zgl", clock) == ["诸葛亮"]
    assert names(database, "yz", clock) == ["叶子"]


def test_class_list(database, clock) -> None:
    classes = {c.class_name: c for c in search.class_list(database, clock.today())}
    assert classes["初一(2)班"].students == 2
    assert "教师" not in classes
