"""The waiting screen's lists: new titles, this week's favourites, reading stars."""

from __future__ import annotations

import datetime as dt
import threading

import peewee
import pytest

from kiosk.db import bulk
from kiosk.db import models as db
from kiosk.db.showcase import ShowcaseReader, given_name, read_showcase
from kiosk.runtime import open_library

NOW = dt.datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def library(settings):
    library = open_library(settings, None)  # the clock is not used here
    titles = [
        {"id": n, "title": f"书{n}", "author": f"作者{n}", "clc": clc, "created_at": at}
        for n, clc, at in (
            (1, "I247", NOW - dt.timedelta(days=3)),
            (2, "K82", NOW - dt.timedelta(days=10)),
            (3, "O1", NOW - dt.timedelta(days=90)),
        )
    ]
    items = [
        {"id": n, "barcode": f"{10000000 + n}", "title_id": t, "location": loc}
        for n, t, loc in ((1, 1, "I区"), (2, 2, "K区"), (3, 3, "O区"), (4, 3, "O区"))
    ]
    patrons = [
        {"id": 1, "card": "S0000001", "name": "李明", "class_name": "初二(3)班"},
        {"id": 2, "card": "S0000002", "name": "欧阳修远", "class_name": "初一(1)班"},
        {"id": 3, "card": "T0000001", "name": "赵老师", "type": "teacher"},
    ]
    base = {"type": "student", "status": "active", "grade": 8, "class_name": ""}
    day = dt.timedelta(days=1)
    loans = [  # title 3 three times this week, title 2 once, title 1 last month
        {"item_id": 3, "patron_id": 1, "out_at": NOW - day, "back": NOW},
        {"item_id": 4, "patron_id": 2, "out_at": NOW - 2 * day, "back": NOW},
        {"item_id": 3, "patron_id": 2, "out_at": NOW - 3 * day, "back": NOW - day},
        {"item_id": 2, "patron_id": 3, "out_at": NOW - 4 * day, "back": NOW},
        {"item_id": 1, "patron_id": 1, "out_at": NOW - 40 * day, "back": NOW},
    ]
    bulk.insert_tables(
        library.database,
        {
            "patron": [{**base, **p} for p in patrons],
            "title": titles,
            "item": items,
            "loan": [
                {
                    "item_id": ln["item_id"],
                    "patron_id": ln["patron_id"],
                    "out_at": ln["out_at"],
                    "due": (ln["out_at"] + 14 * day).date(),
                    "returned_at": ln["back"],
                    "renewals": 0,
                    "kiosk": "k1",
                }
                for ln in loans
            ],
        },
    )
    yield library
    library.close()


def test_new_titles_newest_first_with_a_shelf_location(library) -> None:
    found = read_showcase(library.database, NOW, new_days=30, stars=False)
    assert [(b.title, b.clc, b.location) for b in found.new] == [
        ("书1", "I247", "I区"),
        ("书2", "K82", "K区"),
    ]
    assert found.new[0].author == "作者1"
    shorter = read_showcase(library.database, NOW, new_days=5, stars=False)
    assert [b.title for b in shorter.new] == ["书1"]


def test_this_week_s_most_borrowed_in_school_and_in_a_class(library) -> None:
    found = read_showcase(
        library.database, NOW, new_days=30, stars=False, class_name="初二(3)班"
    )
    assert [(b.title, b.loans) for b in found.popular] == [("书3", 3), ("书2", 1)]
    assert [(b.title, b.loans) for b in found.popular_in_class] == [("书3", 1)]


def test_this_month_s_favourites_by_class_on_the_shelf(library) -> None:
    found = read_showcase(library.database, NOW, new_days=30, stars=False)
    assert {k: [b.title for b in v] for k, v in found.by_class.items()} == {
        "O": ["书3"],
        "K": ["书2"],  # 书1 was last lent 40 days ago
    }
    db.Item.update(status="on_loan").where(db.Item.title == 2).execute()
    found = read_showcase(library.database, NOW, new_days=30, stars=False)
    assert "K" not in found.by_class  # its only copy is out: nothing to suggest


def test_reading_stars_only_when_asked_and_only_given_names(library) -> None:
    assert read_showcase(library.database, NOW, new_days=30, stars=False).stars == ()
    stars = read_showcase(library.database, NOW, new_days=30, stars=True).stars
    assert [(s.name, s.class_name, s.loans) for s in stars] == [
        ("修远", "初一(1)班", 2),
        ("明", "初二(3)班", 1),  # the teacher is no reading star
    ]
    assert given_name("李明") == "明"
    assert given_name("王小红") == "小红"
    assert given_name("司马光") == "光"


def test_the_reader_never_waits_and_reads_again_after_a_minute() -> None:
    reads = []
    clock = [NOW]
    go = threading.Event()

    def read(now, class_name):
        assert go.wait(10)  # a slow database
        reads.append((now, class_name))
        if len(reads) == 2:
            raise peewee.OperationalError("the library went away")
        from kiosk.db.showcase import Showcase

        return Showcase(read_at=now)

    reader = ShowcaseReader(read=read, now=lambda: clock[0])
    assert reader.current().read_at is None  # nothing yet: the screen goes on
    go.set()
    reader.wait()
    assert reader.current().read_at == NOW
    reader.wait()
    assert len(reads) == 1  # fresh: not read again
    clock[0] = NOW + dt.timedelta(minutes=1)
    reader.current()
    reader.wait()
    assert len(reads) == 2  # a minute later; this read failed
    reader.current()
    reader.wait()
    assert len(reads) == 2  # and is not tried again at every frame
    reader.current("初二(3)班")
    reader.wait()
    assert reads[-1][1] == "初二(3)班"  # a class session's own list at once


def test_on_the_demo_library_a_catalogued_book_is_new_and_stars_stay_hidden(
    settings,
) -> None:
    from kiosk.admin import catalogue as cat
    from kiosk.admin.catalogue_cli import add_by_isbn
    from kiosk.clock import FixedClock

    now = dt.datetime.now().replace(microsecond=0)
    demo = open_library(settings, FixedClock(now), demo=True)
    try:
        before = read_showcase(demo.database, now, new_days=30, stars=False)
        assert before.stars == ()  # off by default: nobody is named
        assert "红岩" not in [b.title for b in before.new]
        fields = cat.Fields(1, "978-7-02-000220-7", "红岩", "罗广斌", clc="I247.5")
        later = now + dt.timedelta(hours=1)  # after the demo's own titles
        add_by_isbn(settings, demo.database, fields, later)
        after = read_showcase(demo.database, later, new_days=30, stars=True)
        assert after.new[0].title == "红岩"
        assert after.new[0].author == "罗广斌"
        assert after.new[0].isbn == "9787020002207"
        assert after.popular  # the demo's loans of this week
        assert all(len(s.name) <= 2 for s in after.stars)  # given names only
    finally:
        demo.close()
