"""Cataloguing: check ISBNs and supplier lists, plan what an import adds.

Reading and planning write nothing; ``kiosk.admin.catalogue_cli`` saves a plan
through ``kiosk.db.catalogue`` in one transaction, taking accession numbers
from the configured series inside it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, ValidationError

from kiosk.admin.roster import RowError, header_key, match_columns
from kiosk.db.catalogue import CatalogueLine, TitleRecord
from kiosk.errors import AdminError

MAX_COPIES = 999
REQUIRED = ("isbn", "title")
COLUMNS: dict[str, tuple[str, ...]] = {
    "isbn": ("ISBN", "isbn号", "书号", "国际标准书号", "ISBN/ISSN"),
    "title": ("书名", "题名", "正题名", "title", "name"),
    "author": ("作者", "著者", "责任者", "author", "authors"),
    "publisher": ("出版社", "出版者", "publisher"),
    "year": ("出版年", "出版日期", "出版时间", "year", "pubyear", "published"),
    "price": ("定价", "单价", "价格", "price", "unitprice", "listprice"),
    "copies": ("册数", "复本", "复本数", "数量", "copies", "qty", "quantity"),
    "clc": ("分类号", "中图分类号", "中图法分类号", "clc", "class", "classification"),
    "location": ("馆藏地", "馆藏地点", "馆藏", "location", "shelf"),
}


class CatalogueError(AdminError):
    """A list or command that cannot be catalogued at all (nothing is written)."""


_ALIASES = {header_key(a): col for col, names in COLUMNS.items() for a in names}


def normalise_isbn(raw: str) -> str:
    """ISBN-10 or -13 (any hyphens) as ISBN-13; ValueError names what is wrong.

    The error's argument is a catalogue key: ``cat_bad_check`` for a wrong
    check digit (a mistyped number), ``cat_bad_isbn`` for anything else.
    """
    text = raw.strip().split(" ")[0].split("(")[0]
    digits = re.sub(r"[\s-]", "", text)
    if re.fullmatch(r"97[89]\d{10}(\d{2}|\d{5})", digits):
        text = digits[:13]  # a scanner that also read the price add-on
    try:
        number = stdnum_isbn.validate(text)
    except InvalidChecksum:
        raise ValueError("cat_bad_check") from None
    except ValidationError:
        raise ValueError("cat_bad_isbn") from None
    if len(number) == 10:
        return stdnum_isbn.to_isbn13(number)
    if not number.startswith(("978", "979")):
        raise ValueError("cat_bad_isbn")  # an EAN-13 but not a book's
    return number


def parse_price(raw: str) -> Decimal | None:
    """``38.00``, ``¥38``, ``CNY38.00`` or ``38.00元``; None when blank."""
    text = re.sub(r"^(CNY|RMB|USD|¥|￥|\$)|元$", "", raw.strip().replace(",", ""))
    text = text.strip()
    if not text:
        return None
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise ValueError("cat_bad_price") from None
    if not price.is_finite() or price < 0 or price >= Decimal("1e8"):
        raise ValueError("cat_bad_price")
    return price.quantize(Decimal("0.01"))


def parse_copies(raw: str) -> int:
    """A whole number of copies from 1 to ``MAX_COPIES``; 1 when blank."""
    text = raw.strip()
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= MAX_COPIES:
        raise ValueError("cat_bad_copies")
    return int(text)


def parse_year(raw: str) -> int | None:
    """The first four-digit year in ``2019``, ``2019.5`` or ``2019年``."""
    found = re.search(r"(1[5-9]|20)\d\d", raw)
    if found:
        return int(found.group(0))
    if raw.strip():
        raise ValueError("cat_bad_year")
    return None


def parse_day(text: str) -> dt.date:
    """A day given on the command line (YYYY-MM-DD); CatalogueError if not."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CatalogueError("bad_date", value=text) from None


def normalise_clc(raw: str) -> str:
    """A CLC class as printed on the spine: ``i247.5`` -> ``I247.5``."""
    text = re.sub(r"\s+", "", raw)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Fields:
    """One line's raw text, whichever file it came from."""

    number: int
    isbn: str
    title: str
    author: str = ""
    publisher: str = ""
    year: str = ""
    price: str = ""
    copies: str = ""
    clc: str = ""
    location: str = ""


def check(fields: Fields, default_location: str) -> CatalogueLine | RowError:
    """Turn one line's text into a checked line, or say why it cannot be."""
    number = fields.number
    if not fields.isbn.strip():
        return RowError(number, "cat_no_isbn", {"title": fields.title or "-"})
    try:
        isbn = normalise_isbn(fields.isbn)
    except ValueError as e:
        return RowError(number, str(e), {"isbn": fields.isbn})
    if not fields.title.strip():
        return RowError(number, "cat_no_title", {"isbn": isbn})
    try:
        price = parse_price(fields.price)
        copies = parse_copies(fields.copies)
        year = parse_year(fields.year)
    except ValueError as e:
        return RowError(
            number,
            str(e),
            {
                "isbn": isbn,
                "price": fields.price,
                "copies": fields.copies,
                "year": fields.year,
            },
        )
    return CatalogueLine(
        number=number,
        isbn=isbn,
        title=fields.title.strip(),
        copies=copies,
        author=fields.author.strip(),
        publisher=fields.publisher.strip(),
        year=year,
        price=price,
        clc=normalise_clc(fields.clc.split("/", 1)[0]),
        location=fields.location.strip() or default_location,
        # "I247.57/L563" is a whole call number: the class goes in clc.
        call_number=normalise_clc(fields.clc) if "/" in fields.clc else "",
    )


def columns_of(header: list[str], path: Path) -> dict[str, int]:
    """Map each known column to its index; CatalogueError naming what is missing."""
    found = match_columns(header, _ALIASES)
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise CatalogueError(
            "cat_wrong_columns",
            path=path,
            absent=", ".join(COLUMNS[c][0] for c in missing),
            columns=", ".join(h for h in header if h) or "-",
        )
    return found


def fields_of_rows(rows: list[list[str]], columns: dict[str, int]) -> list[Fields]:
    """The data rows of a supplier list (header first), numbered as a sheet is."""

    def get(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    return [
        Fields(number, **{c: get(row, c) for c in COLUMNS})
        for number, row in enumerate(rows[1:], start=2)
        if any(row)
    ]


@dataclass(frozen=True)
class Merged:
    """Rows with the same ISBN were added together into the first one."""

    isbn: str
    rows: tuple[int, ...]
    copies: int


@dataclass
class Plan:
    """What an import would add."""

    new: list[CatalogueLine] = field(default_factory=list)
    more: list[tuple[CatalogueLine, TitleRecord]] = field(default_factory=list)
    merged: list[Merged] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def lines(self) -> list[CatalogueLine]:
        """Every line to save, in file order."""
        lines = self.new + [line for line, _ in self.more]
        return sorted(lines, key=lambda line: line.number)

    @property
    def copies(self) -> int:
        """How many new copies (and accession numbers) the import makes."""
        return sum(line.copies for line in self.lines)


def plan_import(
    fields: Iterable[Fields],
    *,
    default_location: str,
    existing: Callable[[Iterable[str]], dict[str, TitleRecord]],
    progress: Callable[[Iterable], Iterator] = iter,
) -> Plan:
    """Check every line; merge repeated ISBNs; compare with the titles stored.

    A supplier list that names one ISBN on two rows (two orders, two shelves)
    means more copies of one title: the copies are added together into the
    first row, and the merge is reported so a mistake can be seen.
    """
    plan = Plan()
    first: dict[str, CatalogueLine] = {}
    rows: dict[str, list[int]] = {}
    for item in progress(fields):
        result = check(item, default_location)
        if isinstance(result, RowError):
            plan.errors.append(result)
            continue
        rows.setdefault(result.isbn, []).append(result.number)
        if result.isbn in first:
            line = first[result.isbn]
            first[result.isbn] = replace(line, copies=line.copies + result.copies)
        else:
            first[result.isbn] = result
    for isbn, numbers in rows.items():
        if len(numbers) > 1:
            plan.merged.append(Merged(isbn, tuple(numbers), first[isbn].copies))
    for line in first.values():
        if line.copies > MAX_COPIES:
            params = {"isbn": line.isbn, "copies": line.copies}
            plan.errors.append(RowError(line.number, "cat_bad_copies", params))
    lines = [line for line in first.values() if line.copies <= MAX_COPIES]
    before = existing(line.isbn for line in lines)
    for line in lines:
        old = before.get(line.isbn)
        if old is None:
            plan.new.append(line)
        else:
            plan.more.append((line, old))
    plan.errors.sort(key=lambda e: e.row)
    return plan


@dataclass(frozen=True)
class Series:
    """How accession barcodes are made: prefix + zero-padded number."""

    prefix: str
    digits: int
    start: int

    def barcode(self, number: int) -> str:
        """The barcode of accession number ``number``."""
        return f"{self.prefix}{number:0{self.digits}d}"

    def barcodes(self, first: int, count: int) -> list[str]:
        """``count`` barcodes from ``first``; CatalogueError when they run out."""
        last = first + count - 1
        if count and last >= 10**self.digits:
            raise CatalogueError(
                "cat_series_full", last=self.barcode(10**self.digits - 1)
            )
        return [self.barcode(n) for n in range(first, first + count)]

    def check(self, item_pattern: str, first: int | None = None) -> None:
        """Refuse a series whose barcodes the kiosk would not take for copies."""
        pattern = re.compile(item_pattern)
        samples = [self.start, 10**self.digits - 1]
        if first is not None:
            samples.append(first)
        for number in samples:
            code = self.barcode(number)
            if not pattern.search(code):
                raise CatalogueError(
                    "cat_series_pattern", code=code, pattern=item_pattern
                )


def barcode_source(
    database: Any, series: Series, item_pattern: str
) -> Callable[[int], list[str]]:
    """New accession barcodes from the series, taken inside the caller's transaction.

    Numbers a copy already carries (typed in outside the series) are skipped;
    a used-up series or one that no longer matches the item pattern refuses.
    """
    from kiosk.db import catalogue as store

    def barcodes(count: int) -> list[str]:
        codes: list[str] = []
        while len(codes) < count:
            need = count - len(codes)
            first = store.allocate(
                database, series.prefix, series.digits, series.start, need
            )
            batch = series.barcodes(first, need)  # refuses a used-up series first
            series.check(item_pattern, first)
            taken = store.in_use(database, batch)
            codes += [code for code in batch if code not in taken]
        return codes

    return barcodes
