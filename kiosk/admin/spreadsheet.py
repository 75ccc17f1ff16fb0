"""Spreadsheet rows that show what they hold and never run it.

A pupil's name or a book title such as ``=HYPERLINK("http://…","点我")`` is
data, but openpyxl stores any string that begins with ``=`` as a formula, and
Excel and WPS then evaluate it in the librarian's office (the OWASP "CSV
injection" rule names ``=``, ``+``, ``-``, ``@``, tab and carriage return).
Every XLSX the project writes appends its rows here, so every string lands in
the file as text, shown exactly as typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row to an openpyxl worksheet; every string is stored as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # not "f": a leading "=" stays visible text
