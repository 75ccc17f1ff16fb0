"""What the waiting screen shows between pupils: new books, favourites, stars.

One cheap query each (the new titles by their catalogue date, this week's loans
by the index on ``out_at``), read on a thread of its own at most once a minute:
the screen draws what was read last and never waits for the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import peewee

log = logging.getLogger(__name__)

SHOWN = 4  # books or readers on one panel
REFRESH = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class ShelfBook:
    """A title as a tile shows it."""

    title: str
    author: str
    clc: str
    isbn: str
    location: str
    loans: int = 0


@dataclass(frozen=True)
class Star:
    """A reader of the month: given name and class only (privacy)."""

    name: str
    class_name: str
    loans: int


@dataclass(frozen=True)
class Showcase:
    """Everything the carousel can show, as read at one moment."""

    new: tuple[ShelfBook, ...] = ()
    popular: tuple[ShelfBook, ...] = ()
    popular_in_class: tuple[ShelfBook, ...] = ()
    stars: tuple[Star, ...] = ()
    read_at: dt.datetime | None = None
    # This month's favourites by 中图法 main class (first letter), on the shelf:
    # one is suggested after a check-out of a book of that class ("同类好书").
    by_class: dict[str, tuple[ShelfBook, ...]] = field(default_factory=dict)
    class_name: str | None = None  # the class session ``popular_in_class`` is for


_BOOK = (
    "t.title, COALESCE(t.author, ''), COALESCE(t.clc, ''), COALESCE(t.isbn, ''),"
    ' COALESCE((SELECT MIN(i.location) FROM "item" i WHERE i.title_id = t.id'
    " AND i.status = 'available'), '')"
)
_NEW = (
    f'SELECT {_BOOK} FROM "title" t WHERE t.created_at >= ?'
    " ORDER BY t.created_at DESC, t.id DESC LIMIT ?"
)
_POPULAR = (
    f"SELECT {_BOOK}, b.n FROM (SELECT i.title_id, COUNT(*) AS n"
    ' FROM "loan" l JOIN "item" i ON i.id = l.item_id'
    " WHERE l.out_at >= ? {mine} GROUP BY i.title_id) b"
    ' JOIN "title" t ON t.id = b.title_id ORDER BY b.n DESC, t.id LIMIT ?'
)
_BY_CLASS = (
    f"SELECT {_BOOK}, b.n FROM (SELECT i.title_id, COUNT(*) AS n"
    ' FROM "loan" l JOIN "item" i ON i.id = l.item_id'
    " WHERE l.out_at >= ? GROUP BY i.title_id) b"
    ' JOIN "title" t ON t.id = b.title_id ORDER BY b.n DESC, t.id LIMIT ?'
)
LIKE_PER_CLASS = 3
_IN_CLASS = 'AND l.patron_id IN (SELECT id FROM "patron" WHERE class_name = ?)'
_STARS = (
    'SELECT p.name, p.class_name, COUNT(*) FROM "loan" l JOIN "patron" p'
    " ON p.id = l.patron_id WHERE l.out_at >= ? AND p.type = 'student'"
    " AND p.status = 'active' GROUP BY p.id, p.name, p.class_name"
    " ORDER BY COUNT(*) DESC, p.id LIMIT ?"
)


def read_showcase(
    database: peewee.Database,
    now: dt.datetime,
    *,
    new_days: int,
    stars: bool,
    class_name: str | None = None,
) -> Showcase:
    """Read the lists once (a few ms on the benchmark library)."""

    def rows(sql: str, *params: object) -> list[tuple]:
        return database.execute_sql(sql.replace("?", database.param), params).fetchall()

    week = now - dt.timedelta(days=7)
    month = dt.datetime.combine(now.date().replace(day=1), dt.time())
    new = rows(_NEW, now - dt.timedelta(days=new_days), SHOWN)
    popular = rows(_POPULAR.format(mine=""), week, SHOWN)
    in_class = (
        rows(_POPULAR.format(mine=_IN_CLASS), week, class_name, SHOWN)
        if class_name
        else []
    )
    readers = rows(_STARS, month, SHOWN) if stars else []
    by_class: dict[str, list[ShelfBook]] = {}
    for row in rows(_BY_CLASS, now - dt.timedelta(days=30), 500):
        book = ShelfBook(*row)
        letter = book.clc[:1].upper()
        shelf = by_class.setdefault(letter, [])
        if letter and book.location and len(shelf) < LIKE_PER_CLASS:
            shelf.append(book)
    return Showcase(
        new=tuple(ShelfBook(*row) for row in new),
        popular=tuple(ShelfBook(*row) for row in popular),
        popular_in_class=tuple(ShelfBook(*row) for row in in_class),
        stars=tuple(Star(given_name(name), cls or "", n) for name, cls, n in readers),
        read_at=now,
        by_class={k: tuple(v) for k, v in by_class.items() if v},
        class_name=class_name,
    )


def given_name(name: str) -> str:
    """A pupil's given name only: 李明 → 明; 欧阳修远 → 修远."""
    name = name.strip()
    if len(name) >= 4 or name[:2] in _DOUBLE_SURNAMES:
        return name[2:] or name
    return name[1:] or name


_DOUBLE_SURNAMES = frozenset(
    [
        *("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙"),
        *("慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕"),
    ]
)
"""Two-character surnames: the given name starts at the third character."""


@dataclass
class ShowcaseReader:
    """The lists, read again in the background when a minute old."""

    read: Callable[[dt.datetime, str | None], Showcase]
    now: Callable[[], dt.datetime]
    done: Callable[[], None] = lambda: None  # close this thread's connection
    _shown: Showcase = field(default_factory=Showcase)
    _class: str | None = None
    _reading: threading.Lock = field(default_factory=threading.Lock)

    def current(self, class_name: str | None = None) -> Showcase:
        """What was read last; a fresh read starts if it is old or for a class."""
        stale = (
            self._shown.read_at is None
            or self.now() - self._shown.read_at >= REFRESH
            or class_name != self._class
        )
        if stale and self._reading.acquire(blocking=False):
            self._class = class_name
            threading.Thread(
                target=self._refresh, args=(class_name,), name="showcase", daemon=True
            ).start()
        return self._shown

    def wait(self) -> None:
        """Until a read under way is done (tests, screenshots)."""
        with self._reading:
            pass

    def _refresh(self, class_name: str | None) -> None:
        try:
            self._shown = self.read(self.now(), class_name)
        except peewee.PeeweeException as e:
            log.warning("waiting screen lists not read: %s", e)
            self._shown = replace(self._shown, read_at=self.now())  # in a minute
        finally:
            self.done()
            self._reading.release()
