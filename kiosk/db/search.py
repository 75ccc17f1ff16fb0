"""Searching patrons and titles the way a school librarian types.

A pupil is found by card number, by any part of the name (Chinese has no
spaces: 浩 finds 叶浩), by class, and by the pinyin initials of the name
(``yh`` finds 叶浩), kept in ``patron.initials``. A title is found by any form
of its ISBN, a copy's barcode, its CLC class, or part of its title or author.

Substrings of three characters or more go through a trigram index (SQLite's
FTS5 ``trigram`` tokenizer, PostgreSQL's ``pg_trgm``), kept current by
triggers (migration 0010); one or two characters cannot use trigrams and are a
bounded scan instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

import peewee
from pypinyin import Style, lazy_pinyin
from stdnum import isbn as stdnum_isbn

_BATCH = 500
_TRIGRAM = 3
_CARD_OR_BARCODE = re.compile(r"^[A-Za-z0-9-]{3,32}$")
_CLC = re.compile(r"^[A-Z][A-Z0-9.\-/:]{0,15}$")


@dataclass(frozen=True)
class PatronHit:
    """A patron found, with what is on loan now."""

    id: int
    card: str
    name: str
    class_name: str
    grade: int | None
    type: str
    status: str
    open_loans: int
    overdue: int


@dataclass(frozen=True)
class TitleHit:
    """A title found, with how many copies it has and how many are in."""

    id: int
    isbn: str
    title: str
    author: str
    publisher: str
    year: int | None
    clc: str
    call_number: str
    copies: int
    available: int


@dataclass(frozen=True)
class ClassSummary:
    """One class: its pupils and their loans now."""

    class_name: str
    grade: int | None
    students: int
    open_loans: int
    overdue: int


def initials(name: str) -> str:
    """The pinyin initials of a name: 叶浩 → ``yh`` (other letters kept, lowered)."""
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for ch in "".join(letters).lower() if ch.isalnum())[:64]


def fill_initials(database: peewee.Database) -> int:
    """Fill the initials of patrons saved without them (bulk loads); return how many."""
    rows = database.execute_sql(
        "SELECT id, name FROM \"patron\" WHERE initials = '' AND name != ''"
    ).fetchall()
    sql = f'UPDATE "patron" SET initials = {database.param} WHERE id = {database.param}'
    with database.atomic():
        it = iter(rows)
        while batch := list(itertools.islice(it, _BATCH)):
            database.cursor().executemany(
                sql, [(initials(name), pid) for pid, name in batch]
            )
    return len(rows)


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _sqlite(database: peewee.Database) -> bool:
    return isinstance(database, peewee.SqliteDatabase)


def _ids(database: peewee.Database, sql: str, params: tuple) -> list[int]:
    sql = sql.replace("?", database.param)
    return [row[0] for row in database.execute_sql(sql, params).fetchall()]


def _contains(
    database: peewee.Database,
    table: str,
    columns: tuple[str, ...],
    text: str,
    limit: int,
) -> list[int]:
    """Ids of rows whose columns contain ``text`` (trigram index from 3 characters)."""
    if _sqlite(database) and len(text) >= _TRIGRAM:
        phrase = '"' + text.replace('"', '""') + '"'
        match = "{" + " ".join(columns) + "} : " + phrase
        return _ids(
            database,
            f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? LIMIT ?",
            (match, limit),
        )
    where = " OR ".join(f"lower({c}) LIKE ? ESCAPE '\\'" for c in columns)
    pattern = _like(text.lower())
    return _ids(
        database,
        f'SELECT id FROM "{table}" WHERE {where} LIMIT ?',
        (*([pattern] * len(columns)), limit),
    )


# -- patrons ------------------------------------------------------------------------

_PATRON_HITS = (
    "SELECT p.id, p.card, p.name, p.class_name, p.grade, p.type, p.status,"
    " COUNT(l.id), COALESCE(SUM(CASE WHEN l.due < ? THEN 1 ELSE 0 END), 0)"
    ' FROM "patron" p LEFT JOIN "loan" l'
    " ON l.patron_id = p.id AND l.returned_at IS NULL"
    " WHERE p.id IN ({ids}) GROUP BY p.id, p.card, p.name, p.class_name, p.grade,"
    " p.type, p.status"
)


def search_patrons(
    database: peewee.Database, query: str, *, today: dt.date, limit: int = 50
) -> list[PatronHit]:
    """Patrons by card, name part, class or pinyin initials: the card first."""
    text = query.strip()[:64]
    if not text:
        return []
    groups: list[list[int]] = []
    if _CARD_OR_BARCODE.match(text):
        groups.append(
            _ids(database, 'SELECT id FROM "patron" WHERE card = ?', (text.upper(),))
        )
    if text.isascii() and text.isalpha():
        prefix = text.lower().replace("\\", "")
        groups.append(
            _ids(
                database,
                "SELECT id FROM \"patron\" WHERE initials LIKE ? ESCAPE '\\' LIMIT ?",
                (prefix + "%", limit),
            )
        )
    groups.append(_contains(database, "patron", ("name",), text, limit))
    groups.append(_contains(database, "patron", ("class_name", "card"), text, limit))
    ranked = _ranked(groups, limit)
    if not ranked:
        return []
    rows = database.execute_sql(
        _PATRON_HITS.format(ids=", ".join(str(i) for i in ranked)).replace(
            "?", database.param
        ),
        (str(today),),
    ).fetchall()
    hits = {r[0]: PatronHit(*r[:7], int(r[7]), int(r[8])) for r in rows}
    first = set(groups[0]) if groups and _CARD_OR_BARCODE.match(text) else set()
    return sorted(
        (hits[i] for i in ranked if i in hits),
        key=lambda h: (h.id not in first, h.grade or 99, h.class_name, h.name),
    )


def _ranked(groups: list[list[int]], limit: int) -> list[int]:
    seen: dict[int, None] = {}
    for group in groups:
        for i in group:
            seen.setdefault(int(i), None)
    return list(seen)[:limit]


_CLASSES = (
    "SELECT p.class_name, MIN(p.grade), COUNT(DISTINCT p.id), COUNT(l.id),"
    " COALESCE(SUM(CASE WHEN l.due < ? THEN 1 ELSE 0 END), 0)"
    ' FROM "patron" p LEFT JOIN "loan" l'
    " ON l.patron_id = p.id AND l.returned_at IS NULL"
    " WHERE p.type = 'student' AND p.status = 'active' AND p.class_name != ''"
    " GROUP BY p.class_name ORDER BY MIN(p.grade), p.class_name"
)


def class_list(database: peewee.Database, today: dt.date) -> list[ClassSummary]:
    """Every class with active pupils, their loans now and the overdue ones."""
    rows = database.execute_sql(
        _CLASSES.replace("?", database.param), (str(today),)
    ).fetchall()
    return [ClassSummary(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows]


# -- titles --------------------------------------------------------------------------

_TITLE_HITS = (
    "SELECT t.id, t.isbn, t.title, t.author, t.publisher, t.year, t.clc,"
    " t.call_number, COUNT(i.id),"
    " COALESCE(SUM(CASE WHEN i.status = 'available' THEN 1 ELSE 0 END), 0)"
    ' FROM "title" t LEFT JOIN "item" i ON i.title_id = t.id'
    " WHERE t.id IN ({ids}) GROUP BY t.id, t.isbn, t.title, t.author, t.publisher,"
    " t.year, t.clc, t.call_number"
)


def isbn13(text: str) -> str | None:
    """Any written form of an ISBN (hyphens, ISBN-10, a price add-on) as ISBN-13."""
    digits = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"97[89]\d{10}(\d{2}|\d{5})", digits):
        digits = digits[:13]
    if not re.fullmatch(r"\d{9}[\dX]|\d{13}", digits):
        return None
    if not stdnum_isbn.is_valid(digits):
        return None
    return stdnum_isbn.to_isbn13(digits)


def search_titles(
    database: peewee.Database, query: str, *, limit: int = 50
) -> list[TitleHit]:
    """Titles by ISBN, a copy's barcode, CLC class, or part of title or author."""
    text = query.strip()[:100]
    if not text:
        return []
    groups: list[list[int]] = []
    number = isbn13(text)
    if number:
        groups.append(
            _ids(database, 'SELECT id FROM "title" WHERE isbn = ?', (number,))
        )
    if _CARD_OR_BARCODE.match(text):
        groups.append(
            _ids(database, 'SELECT title_id FROM "item" WHERE barcode = ?', (text,))
        )
    if _CLC.match(text.upper()) and not text.isdigit():
        groups.append(
            _ids(
                database,
                "SELECT id FROM \"title\" WHERE clc LIKE ? ESCAPE '\\' LIMIT ?",
                (_like(text.upper())[1:], limit),
            )
        )
    if not number:
        groups.append(_contains(database, "title", ("title", "author"), text, limit))
    ranked = _ranked(groups, limit)
    if not ranked:
        return []
    rows = database.execute_sql(
        _TITLE_HITS.format(ids=", ".join(str(i) for i in ranked))
    ).fetchall()
    hits = {
        r[0]: TitleHit(r[0], r[1] or "", *r[2:8], int(r[8]), int(r[9])) for r in rows
    }
    return [hits[i] for i in ranked if i in hits]
