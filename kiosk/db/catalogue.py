"""Titles, copies, accession numbers and the purchases register, for the admin tools.

An accession series is one counter row (``accessionseries``). Numbers are taken
with a single ``UPDATE ... SET next_number = next_number + n``: on PostgreSQL
the row stays locked until the transaction commits, on SQLite the write lock
(``BEGIN IMMEDIATE``) does the same, so two librarians cataloguing at once
queue instead of handing out one number twice.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import peewee

from kiosk.db import models as db
from kiosk.db.desk_log import batch_event
from kiosk.errors import StoreError

_BATCH = 500


@dataclass(frozen=True)
class TitleRecord:
    """A title already in the library, with how many copies it has."""

    id: int
    isbn: str
    title: str
    copies: int
    clc: str = ""
    call_number: str = ""


@dataclass(frozen=True)
class CatalogueLine:
    """One title to add copies of (a row, a MARC record or ``catalogue add``)."""

    number: int  # row or record number in the file, for messages
    isbn: str  # ISBN-13
    title: str
    copies: int
    author: str = ""
    publisher: str = ""
    year: int | None = None
    price: Decimal | None = None
    clc: str = ""
    location: str = ""
    call_number: str = ""


@dataclass(frozen=True)
class Purchase:
    """Where a batch of lines was bought from (the purchases register)."""

    date: dt.date
    supplier: str
    invoice: str = ""
    note: str = ""


@dataclass(frozen=True)
class Added:
    """A saved line: its title id and the accession barcodes of its new copies."""

    line: CatalogueLine
    title_id: int
    barcodes: tuple[str, ...]


@dataclass(frozen=True)
class LabelItem:
    """What a spine label shows."""

    barcode: str
    title: str
    call_number: str


@dataclass(frozen=True)
class PurchaseRecord:
    """One line of the purchases register."""

    date: dt.date
    supplier: str
    invoice: str
    isbn: str
    title: str
    copies: int
    unit_price: Decimal | None
    total: Decimal | None
    note: str


def by_isbns(database: peewee.Database, isbns: Iterable[str]) -> dict[str, TitleRecord]:
    """Return the titles with these ISBN-13s and their number of copies."""
    found: dict[str, TitleRecord] = {}
    wanted = iter(sorted(set(isbns)))
    with database.bind_ctx(db.MODELS):
        while batch := list(itertools.islice(wanted, _BATCH)):
            query = (
                db.Title.select(
                    db.Title.id,
                    db.Title.isbn,
                    db.Title.title,
                    db.Title.clc,
                    db.Title.call_number,
                    peewee.fn.COUNT(db.Item.id).alias("copies"),
                )
                .join(db.Item, peewee.JOIN.LEFT_OUTER)
                .where(db.Title.isbn.in_(batch))
                .group_by(db.Title.id)
            )
            for r in query.dicts():
                found[r["isbn"]] = TitleRecord(
                    r["id"],
                    r["isbn"],
                    r["title"],
                    r["copies"],
                    r["clc"] or "",
                    r["call_number"] or "",
                )
    return found


def _highest_in_use(database: peewee.Database, prefix: str, digits: int) -> int:
    """The highest number of a barcode shaped prefix + ``digits`` digits, or -1."""
    shape = prefix.replace("%", r"\%").replace("_", r"\_") + "_" * digits
    cursor = database.execute_sql(
        f"SELECT barcode FROM item WHERE barcode LIKE {database.param} ESCAPE '\\'"
        " ORDER BY barcode DESC",
        (shape,),
    )
    for (barcode,) in cursor:
        number = barcode[len(prefix) :]
        if number.isascii() and number.isdigit():
            return int(number)
    return -1


def series_name(prefix: str, digits: int) -> str:
    """The counter row's name for barcodes of this prefix and width."""
    return f"{prefix}#{digits}"


def peek(database: peewee.Database, prefix: str, digits: int, start: int) -> int:
    """The number the series would hand out next (nothing is taken)."""
    p = database.param
    row = database.execute_sql(
        f"SELECT next_number FROM accessionseries WHERE name = {p}",
        (series_name(prefix, digits),),
    ).fetchone()
    if row is not None:
        return int(row[0])
    return max(start, _highest_in_use(database, prefix, digits) + 1)


def allocate(
    database: peewee.Database, prefix: str, digits: int, start: int, count: int
) -> int:
    """Take ``count`` consecutive numbers from the series; return the first.

    Run it inside the transaction that uses the numbers: a rollback gives them
    back, and the row lock makes any other allocation wait for the commit. A new
    series starts at ``start`` or past the highest barcode of its shape in use.
    """
    p = database.param
    name = series_name(prefix, digits)
    with database.atomic():
        exists = database.execute_sql(
            f"SELECT 1 FROM accessionseries WHERE name = {p}", (name,)
        ).fetchone()
        if exists is None:
            first = max(start, _highest_in_use(database, prefix, digits) + 1)
            database.execute_sql(
                "INSERT INTO accessionseries (name, next_number)"
                f" VALUES ({p}, {p}) ON CONFLICT (name) DO NOTHING",
                (name, first),
            )
        database.execute_sql(
            "UPDATE accessionseries SET next_number = next_number + "
            f"{p} WHERE name = {p}",
            (count, name),
        )
        (after,) = database.execute_sql(
            f"SELECT next_number FROM accessionseries WHERE name = {p}", (name,)
        ).fetchone()
    return int(after) - count


def in_use(database: peewee.Database, barcodes: Sequence[str]) -> set[str]:
    """Which of these barcodes copies already carry (typed in outside the series)."""
    with database.bind_ctx(db.MODELS):
        query = db.Item.select(db.Item.barcode).where(
            db.Item.barcode.in_(list(barcodes))
        )
        return {barcode for (barcode,) in query.tuples()}


def save_lines(
    database: peewee.Database,
    lines: Sequence[CatalogueLine],
    existing: dict[str, TitleRecord],
    *,
    barcodes: Callable[[int], Sequence[str]],
    now: dt.datetime,
    purchase: Purchase | None = None,
    kiosk: str | None = None,
    staff: str = "",
) -> list[Added]:
    """Add titles and copies (and register lines) in one transaction.

    With ``kiosk``, the same transaction logs a ``catalogue_added`` event
    (from the desk naming the account).

    ``barcodes(count)`` is called once inside the transaction and returns the
    accession barcodes for every new copy, in order. Rows go in in batches: a
    3,000-line supplier list is a few dozen statements, not 9,000.
    """
    try:
        with database.bind_ctx(db.MODELS), database.atomic():
            codes = iter(barcodes(sum(line.copies for line in lines)))
            ids = _title_ids(lines, existing, now)
            added = [
                Added(line, ids[line.isbn], tuple(itertools.islice(codes, line.copies)))
                for line in lines
            ]
            _insert(
                db.Item,
                (
                    {
                        "barcode": code,
                        "title": a.title_id,
                        "location": a.line.location,
                        "created_at": now,
                    }
                    for a in added
                    for code in a.barcodes
                ),
            )
            if purchase is not None:
                _insert(db.Purchase, (_register(a, purchase, now) for a in added))
            if kiosk is not None:
                copies = sum(len(a.barcodes) for a in added)
                summary = f"titles {len(added)} copies {copies}"
                batch_event(now, "catalogue_added", summary, kiosk=kiosk, staff=staff)
    except peewee.PeeweeException as e:
        raise StoreError(f"the catalogue was not changed: {e}") from e
    return added


def _insert(model: type[db.BaseModel], rows: Iterable[dict]) -> None:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, _BATCH)):
        model.insert_many(batch).execute()


def _title_ids(
    lines: Sequence[CatalogueLine], existing: dict[str, TitleRecord], now: dt.datetime
) -> dict[str, int]:
    """Insert the new titles; return the id of every line's title by ISBN."""
    ids = {isbn: old.id for isbn, old in existing.items()}
    for line in lines:
        old = existing.get(line.isbn)
        if old is not None and line.clc and not old.clc:
            db.Title.update(clc=line.clc).where(db.Title.id == old.id).execute()
    new = [line for line in lines if line.isbn not in existing]
    _insert(
        db.Title,
        (
            {
                "isbn": line.isbn,
                "title": line.title,
                "author": line.author,
                "publisher": line.publisher,
                "year": line.year,
                "price": line.price,
                "clc": line.clc,
                "call_number": line.call_number or line.clc,
                "created_at": now,
            }
            for line in new
        ),
    )
    wanted = iter([line.isbn for line in new])
    while batch := list(itertools.islice(wanted, _BATCH)):
        query = db.Title.select(db.Title.id, db.Title.isbn).where(
            db.Title.isbn.in_(batch)
        )
        ids.update({isbn: title_id for title_id, isbn in query.tuples()})
    return ids


def _register(added: Added, purchase: Purchase, now: dt.datetime) -> dict:
    line = added.line
    return {
        "date": purchase.date,
        "supplier": purchase.supplier,
        "invoice": purchase.invoice,
        "title": added.title_id,
        "isbn": line.isbn,
        "title_text": line.title,
        "copies": line.copies,
        "unit_price": line.price,
        "total": line.price * line.copies if line.price is not None else None,
        "note": purchase.note,
        "created_at": now,
    }


def label_items(
    database: peewee.Database,
    *,
    barcodes: Sequence[str] | None = None,
    since: dt.date | None = None,
    isbns: Sequence[str] | None = None,
) -> list[LabelItem]:
    """The copies to print labels for, in barcode order."""
    with database.bind_ctx(db.MODELS):
        query = db.Item.select(
            db.Item.barcode, db.Title.title, db.Title.call_number, db.Title.clc
        ).join(db.Title)
        query = query.where(db.Item.barcode.is_null(False))
        if barcodes is not None:
            query = query.where(db.Item.barcode.in_(list(barcodes)))
        if since is not None:
            start = dt.datetime.combine(since, dt.time())
            query = query.where(db.Item.created_at >= start)
        if isbns is not None:
            query = query.where(db.Title.isbn.in_(list(isbns)))
        return [
            LabelItem(r["barcode"], r["title"], r["call_number"] or r["clc"] or "")
            for r in query.order_by(db.Item.barcode).dicts()
        ]


def purchases(
    database: peewee.Database, start: dt.date | None, end: dt.date | None
) -> list[PurchaseRecord]:
    """The purchases register between two dates (both included), oldest first."""
    with database.bind_ctx(db.MODELS):
        query = db.Purchase.select()
        if start is not None:
            query = query.where(db.Purchase.date >= start)
        if end is not None:
            query = query.where(db.Purchase.date <= end)
        return [
            PurchaseRecord(
                r["date"],
                r["supplier"],
                r["invoice"],
                r["isbn"],
                r["title_text"],
                r["copies"],
                r["unit_price"],
                r["total"],
                r["note"],
            )
            for r in query.order_by(db.Purchase.date, db.Purchase.id).dicts()
        ]
