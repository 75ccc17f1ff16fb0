"""Class rosters: read XLSX/CSV, check every row, plan what an import changes.

Reading and planning write nothing; ``kiosk.admin.cli`` saves a plan through
``kiosk.db.patrons`` in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.admin.classes import parse_class
from kiosk.db.patrons import PatronRecord
from kiosk.errors import AdminError

REQUIRED = ("card", "name", "class")
COLUMNS: dict[str, tuple[str, ...]] = {
    "card": (
        "学号",
        "借书证号",
        "借书证",
        "证号",
        "卡号",
        "card",
        "cardnumber",
        "cardno",
        "card_number",
        "studentid",
        "studentno",
    ),
    "name": ("姓名", "名字", "name", "fullname"),
    "class": ("班级", "班别", "class", "classname", "class_name", "form"),
    "gender": ("性别", "gender", "sex"),
    "type": ("类型", "读者类型", "身份", "type", "patrontype"),
}
TYPES = {
    "学生": "student",
    "student": "student",
    "教师": "teacher",
    "老师": "teacher",
    "teacher": "teacher",
    "职工": "staff",
    "教职工": "staff",
    "员工": "staff",
    "staff": "staff",
}
GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
ENCODINGS = ("utf-8-sig", "gb18030")


class RosterError(AdminError):
    """A roster file that cannot be imported at all (nothing is written)."""


@dataclass(frozen=True)
class RowError:
    """A row that was not imported, and why (a catalogue key)."""

    row: int
    reason: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One good row: the patron it makes and what it was before (if anyone)."""

    row: int
    patron: PatronRecord
    before: PatronRecord | None


@dataclass
class Plan:
    """What an import would do."""

    new: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def header_key(header: object) -> str:
    """A column header as compared: no spaces, dashes or slashes, lower case."""
    return re.sub(r"[\s_\-/]+", "", str(header or "")).lower()


def match_columns(header: list[str], aliases: dict[str, str]) -> dict[str, int]:
    """Map each known column (first occurrence) to its index in ``header``."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        column = aliases.get(header_key(name))
        if column is not None and column not in found:
            found[column] = index
    return found


_ALIASES = {header_key(a): col for col, names in COLUMNS.items() for a in names}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> list[list[str]]:
    """Return the file's rows as text cells (header first); RosterError if unusable."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RosterError("file_missing", path=path)
    if suffix == ".xlsx":
        rows = _read_xlsx(path)
    elif suffix == ".csv":
        rows = _read_csv(path)
    else:
        raise RosterError("file_type", path=path)
    rows = [r for r in rows if any(c for c in r)]
    if len(rows) < 2:
        raise RosterError("file_empty", path=path)
    return rows


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise RosterError("not_xlsx", path=path) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            return []
        return [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _read_csv(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] or data[:4] == b"PK\x03\x04":
        raise RosterError("not_csv", path=path)
    for encoding in ENCODINGS:
        try:
            content = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError("not_csv", path=path)
    first = content.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    return [[_cell(c) for c in row] for row in reader]


def columns_of(header: list[str], path: Path) -> dict[str, int]:
    """Map each known column to its index; RosterError naming what is missing."""
    found = match_columns(header, _ALIASES)
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise RosterError(
            "wrong_columns",
            path=path,
            missing=missing,
            found=[h for h in header if h],
        )
    return found


def plan_import(
    rows: list[list[str]],
    columns: dict[str, int],
    *,
    card_pattern: str,
    existing: Callable[[Iterable[str]], dict[str, PatronRecord]],
    now: dt.datetime,
    card_expiry: dt.date,
    progress: Callable[[Iterable], Iterator] = iter,
) -> Plan:
    """Check every data row and compare it with the patrons already stored."""
    pattern = re.compile(card_pattern)
    plan = Plan()

    def get(row: list[str], column: str) -> str:
        index = columns.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""

    cards = Counter(get(r, "card") for r in rows[1:])
    good: list[tuple[int, PatronRecord]] = []
    for number, row in enumerate(progress(rows[1:]), start=2):
        if not any(row):
            continue
        result = _check(number, get, row, pattern, cards, now, card_expiry)
        if isinstance(result, RowError):
            plan.errors.append(result)
        else:
            good.append((number, result))
    before = existing(p.card for _, p in good)
    for number, patron in good:
        old = before.get(patron.card)
        change = Change(number, patron, old)
        if old is None:
            plan.new.append(change)
        elif (old.name, old.class_name, old.grade, old.type, old.gender) == (
            patron.name,
            patron.class_name,
            patron.grade,
            patron.type,
            patron.gender or old.gender,
        ):
            plan.unchanged.append(change)
        else:
            plan.updated.append(change)
    return plan


def _check(
    number: int,
    get: Callable[[list[str], str], str],
    row: list[str],
    pattern: re.Pattern[str],
    cards: Counter[str],
    now: dt.datetime,
    card_expiry: dt.date,
) -> PatronRecord | RowError:
    card, name = get(row, "card").upper(), get(row, "name")
    if not card:
        return RowError(number, "row_no_card")
    if not pattern.search(card):
        return RowError(number, "row_bad_card", {"card": card})
    if cards[get(row, "card")] > 1:
        return RowError(number, "row_duplicate", {"card": card})
    if not name:
        return RowError(number, "row_no_name", {"card": card})
    raw_type = get(row, "type")
    ptype = TYPES.get(raw_type.lower() if raw_type else "student")
    if ptype is None:
        return RowError(number, "row_bad_type", {"card": card, "type": raw_type})
    gender = get(row, "gender")
    if gender and gender.lower() not in GENDERS:
        return RowError(number, "row_bad_gender", {"card": card, "gender": gender})
    raw_class = get(row, "class")
    school_class = parse_class(raw_class)
    if ptype == "student" and school_class is None:
        return RowError(number, "row_bad_class", {"card": card, "class": raw_class})
    return PatronRecord(
        card=card,
        name=name,
        class_name=school_class.name if school_class else raw_class,
        grade=school_class.grade if school_class else None,
        type=ptype,
        card_expiry=card_expiry,
        created_at=now,
        gender=GENDERS.get(gender.lower(), ""),
    )


def card_expiry(today: dt.date, valid_years: int) -> dt.date:
    """31 July at the end of the school year ``valid_years`` years from now."""
    school_year_end = today.year + (1 if today.month >= 8 else 0)
    return dt.date(school_year_end + valid_years - 1, 7, 31)
