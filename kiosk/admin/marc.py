"""MARC ISO 2709 files (.mrc/.iso): CNMARC from Chinese suppliers, or MARC21.

Each record becomes the same ``Fields`` a spreadsheet row does, so one set of
checks serves both. CNMARC is told from MARC21 by which tags a record uses
(200/010/210/690 against 245/020/260/264/084). Records are read as UTF-8, or
GB18030 for older Chinese files.
"""

from __future__ import annotations

from pathlib import Path

from pymarc import Record
from pymarc.exceptions import PymarcException

from kiosk.admin.catalogue import CatalogueError, Fields
from kiosk.admin.roster import RowError

END_OF_RECORD = b"\x1d"
LEADER_LENGTH = 24
ENCODINGS = ("utf-8", "gb18030")

CNMARC = {
    "isbn": [("010", "a")],
    "price": [("010", "d")],
    "title": [("200", "a")],
    "author": [("200", "f")],
    "publisher": [("210", "c")],
    "year": [("210", "d")],
    "clc": [("690", "a")],
}
MARC21 = {
    "isbn": [("020", "a")],
    "price": [("020", "c"), ("365", "b")],
    "title": [("245", "a")],
    "author": [("245", "c"), ("100", "a")],
    "publisher": [("264", "b"), ("260", "b")],
    "year": [("264", "c"), ("260", "c")],
    "clc": [("084", "a"), ("050", "a")],
}


def read_marc(path: Path) -> tuple[list[Fields], list[RowError]]:
    """Every record's fields (numbered from 1) and the records that cannot be read.

    A file that holds no MARC record at all (text, a spreadsheet, garbage) is a
    CatalogueError: one message and nothing written.
    """
    if not path.is_file():
        raise CatalogueError("file_missing", path=path)
    data = path.read_bytes()
    chunks = [c for c in data.split(END_OF_RECORD) if c.strip(b"\r\n\x00 ")]
    if not chunks:
        raise CatalogueError("cat_file_empty", path=path)
    if not _looks_like_marc(chunks[0]):
        raise CatalogueError("cat_not_marc", path=path)
    found: list[Fields] = []
    errors: list[RowError] = []
    for number, chunk in enumerate(chunks, start=1):
        record = _record(chunk.lstrip(b"\r\n") + END_OF_RECORD)
        if record is None:
            errors.append(RowError(number, "cat_bad_record"))
        else:
            found.append(fields_of(record, number))
    if not found:
        raise CatalogueError("cat_not_marc", path=path)
    return found, errors


def _looks_like_marc(chunk: bytes) -> bool:
    """A leader starts with the five-digit record length it is."""
    head = chunk.lstrip(b"\r\n")[:LEADER_LENGTH]
    return len(head) == LEADER_LENGTH and head[:5].isdigit() and head[12:17].isdigit()


def _record(chunk: bytes) -> Record | None:
    for encoding in ENCODINGS:
        try:
            if encoding == "utf-8":
                return Record(data=chunk, force_utf8=True)
            return Record(data=chunk, file_encoding=encoding)
        except UnicodeDecodeError:
            continue
        except (PymarcException, ValueError, IndexError):
            return None
    return None


def _first(record: Record, places: list[tuple[str, str]]) -> str:
    for tag, code in places:
        for marc_field in record.get_fields(tag):
            values = marc_field.get_subfields(code)
            if values and values[0].strip():
                return values[0].strip()
    return ""


def fields_of(record: Record, number: int) -> Fields:
    """The catalogue fields of one CNMARC or MARC21 record."""
    places = CNMARC if _score(record, CNMARC) > _score(record, MARC21) else MARC21
    values = {name: _first(record, where) for name, where in places.items()}
    if places is MARC21:
        values = {name: _trim_isbd(value) for name, value in values.items()}
    return Fields(number, **values)


def _score(record: Record, places: dict[str, list[tuple[str, str]]]) -> int:
    """How many of a format's tags the record has (CNMARC 200 vs MARC21 245...)."""
    tags = {tag for where in places.values() for tag, _ in where}
    return sum(1 for tag in tags if record.get_fields(tag))


def _trim_isbd(value: str) -> str:
    """MARC21 keeps ISBD punctuation: ``Title /``, ``Publisher,``, ``2019.``."""
    return value.rstrip(" /:;,.").strip()
