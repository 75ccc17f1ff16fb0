"""One title as the desk shows it: its copies, who has them, and its history.

Reads are a handful of indexed queries (copies by title, open loans by copy,
loans by copy) so a title page stays instant with a decade of loans; writes
(editing the title, adding copies) are one transaction each with an event
naming the desk account.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import peewee

from kiosk.db import models as db
from kiosk.db.desk_log import desk_event
from kiosk.errors import StoreError


@dataclass(frozen=True)
class TitleDetail:
    """A title's fields."""

    id: int
    isbn: str
    issn: str
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    call_number: str
    price: Decimal | None


@dataclass(frozen=True)
class CopyLine:
    """One copy, and its open loan if it is out."""

    id: int
    barcode: str
    location: str
    status: str
    patron_id: int | None = None
    patron_name: str = ""
    class_name: str = ""
    due: dt.date | None = None


@dataclass(frozen=True)
class TitleCounts:
    """How much a title is wanted."""

    loans_ever: int
    holds_waiting: int
    holds_ready: int


class IsbnTakenError(ValueError):
    """Another title already has this ISBN (nothing was written)."""


_COPIES = (
    "SELECT i.id, i.barcode, i.location, i.status, p.id, p.name, p.class_name, l.due"
    ' FROM "item" i LEFT JOIN "loan" l ON l.item_id = i.id AND l.returned_at IS NULL'
    ' LEFT JOIN "patron" p ON p.id = l.patron_id WHERE i.title_id = ?'
    " ORDER BY i.barcode, i.id"
)
_LOANS_EVER = (
    'SELECT COUNT(*) FROM "loan" l WHERE l.item_id IN'
    ' (SELECT id FROM "item" WHERE title_id = ?)'
)
_HOLDS = (
    'SELECT status, COUNT(*) FROM "hold" WHERE title_id = ?'
    " AND status IN ('waiting', 'ready') GROUP BY status"
)
_date = db.Loan.due.python_value
_decimal = db.Title.price.python_value


@contextlib.contextmanager
def _reading(what: str) -> Iterator[None]:
    """Turn a failed read into the store's own error (the desk's "database down")."""
    try:
        yield
    except peewee.PeeweeException as e:
        raise StoreError(f"{what} could not be read: {e}") from e


def _rows(database: peewee.Database, sql: str, *params: object) -> list[tuple]:
    with _reading("the title"):
        cursor = database.execute_sql(sql.replace("?", database.param), params)
        return cursor.fetchall()


def title(database: peewee.Database, title_id: int) -> TitleDetail | None:
    """A title's fields, or None when there is no such title."""
    with _reading("the title"), database.bind_ctx(db.MODELS):
        row = db.Title.get_or_none(db.Title.id == title_id)
    if row is None:
        return None
    return TitleDetail(
        row.id,
        row.isbn or "",
        row.issn or "",
        row.title,
        row.author,
        row.publisher,
        row.year,
        row.clc,
        row.call_number,
        _decimal(row.price),
    )


def copies(database: peewee.Database, title_id: int) -> list[CopyLine]:
    """Every copy of a title with its borrower and due date when out."""
    return [
        CopyLine(
            r[0],
            r[1] or f"#{r[0]}",
            r[2],
            r[3],
            r[4],
            r[5] or "",
            r[6] or "",
            _date(r[7]),
        )
        for r in _rows(database, _COPIES, title_id)
    ]


def counts(database: peewee.Database, title_id: int) -> TitleCounts:
    """Loans ever made of the title's copies, and its holds now."""
    (ever,) = _rows(database, _LOANS_EVER, title_id)[0]
    holds = dict(_rows(database, _HOLDS, title_id))
    return TitleCounts(ever, holds.get("waiting", 0), holds.get("ready", 0))


def update_title(
    database: peewee.Database, detail: TitleDetail, *, at: dt.datetime, staff: str
) -> None:
    """Change a title's fields; IsbnTakenError when another title has the ISBN."""
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            if detail.isbn:
                other = db.Title.get_or_none(
                    (db.Title.isbn == detail.isbn) & (db.Title.id != detail.id)
                )
                if other is not None:
                    raise IsbnTakenError(other.id)
            db.Title.update(
                isbn=detail.isbn or None,
                title=detail.title,
                author=detail.author,
                publisher=detail.publisher,
                year=detail.year,
                clc=detail.clc,
                call_number=detail.call_number,
                price=detail.price,
            ).where(db.Title.id == detail.id).execute()
            desk_event(at, "title_edited", staff, f"title {detail.id}")
    except peewee.IntegrityError as e:  # the same ISBN saved elsewhere meanwhile
        raise IsbnTakenError(detail.id) from e
    except peewee.PeeweeException as e:
        raise StoreError(f"the title was not saved: {e}") from e


def add_copies(
    database: peewee.Database,
    title_id: int,
    count: int,
    location: str,
    *,
    barcodes: Callable[[int], Sequence[str]],
    at: dt.datetime,
    staff: str,
) -> list[str]:
    """Add copies with new accession barcodes (taken inside the transaction)."""
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            codes = list(barcodes(count))
            db.Item.insert_many(
                [
                    {
                        "barcode": code,
                        "title": title_id,
                        "location": location,
                        "created_at": at,
                    }
                    for code in codes
                ]
            ).execute()
            desk_event(
                at, "copies_added", staff, f"title {title_id}: {' '.join(codes)}"
            )
            return codes
    except peewee.PeeweeException as e:
        raise StoreError(f"the copies were not added: {e}") from e
