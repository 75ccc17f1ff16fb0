"""Classify a scanned string: library card, ISBN, ISSN, copy barcode or unknown.

Bookland EAN-13 (978/979) and ISSN EAN-13 (977) are recognised first because
GS1 reserves those prefixes; then the library's own card and copy patterns;
then ISBN-10. A wrong check digit is refused, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from stdnum import ean, isbn, issn

MAX_SCAN_LENGTH = 64
_BOOKLAND = re.compile(r"(97[789]\d{10})(\d{2}|\d{5})?")
_ISBN10 = re.compile(r"\d{9}[\dX]")


class CodeKind(StrEnum):
    """What a scanned string turned out to be."""

    PATRON = "patron"
    ISBN = "isbn"
    ISSN = "issn"
    ITEM = "item"
    INVALID = "invalid"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ScanCode:
    """A classified scan: ``value`` is normalised (ISBN-13, 8-char ISSN, card)."""

    kind: CodeKind
    raw: str
    value: str = ""
    addon: str | None = None

    @property
    def is_book(self) -> bool:
        """Whether the code names a copy or a title."""
        return self.kind in (CodeKind.ITEM, CodeKind.ISBN, CodeKind.ISSN)


class Classifier:
    """Turns raw scanner text into a ``ScanCode`` using the library's patterns."""

    def __init__(self, patron_pattern: str, item_pattern: str) -> None:
        self._patron = re.compile(patron_pattern)
        self._item = re.compile(item_pattern)

    def classify(self, raw: str) -> ScanCode:
        """Classify one scan; never raises."""
        text = raw.strip()
        if not text or len(text) > MAX_SCAN_LENGTH or not text.isprintable():
            return ScanCode(CodeKind.UNKNOWN, raw)
        compact = re.sub(r"[\s-]", "", text).upper()
        if m := _BOOKLAND.fullmatch(compact):
            return _bookland(raw, m.group(1), m.group(2))
        if self._patron.fullmatch(text):
            return ScanCode(CodeKind.PATRON, raw, text)
        if self._item.fullmatch(text):
            return ScanCode(CodeKind.ITEM, raw, text)
        if _ISBN10.fullmatch(compact):
            if isbn.is_valid(compact):
                return ScanCode(CodeKind.ISBN, raw, isbn.to_isbn13(compact))
            return ScanCode(CodeKind.INVALID, raw, compact)
        return ScanCode(CodeKind.UNKNOWN, raw)


def _bookland(raw: str, number: str, addon: str | None) -> ScanCode:
    if not ean.is_valid(number):
        return ScanCode(CodeKind.INVALID, raw, number)
    if number.startswith("977"):
        body = number[3:10]
        return ScanCode(CodeKind.ISSN, raw, body + issn.calc_check_digit(body), addon)
    return ScanCode(CodeKind.ISBN, raw, number, addon)
