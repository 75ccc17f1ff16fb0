"""Roster files written for real, and the admin command run in-process."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pypdfium2

from kiosk.admin import cli
from kiosk.clock import FixedClock
from kiosk.config import Settings
from kiosk.db import patrons
from kiosk.runtime import open_library
from kiosk.scan.decode import BarcodeDecoder


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def admin(
    settings: Settings, clock: FixedClock, *args: str, lang: str = "en"
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = [*args, "--config", str(settings.source), "--lang", lang]
    status = cli.run(argv, clock=clock, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def stored(settings: Settings, clock: FixedClock) -> dict[str, patrons.PatronRecord]:
    library = open_library(settings, clock)
    try:
        return {p.card: p for p in patrons.select(library.database)}
    finally:
        library.close()


def pdf_text(path: Path) -> list[str]:
    """The text of each page of a PDF, as a reader would copy it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def read_sheet_cells(
    pdf_path: Path,
    box_mm: Callable[[int], tuple[float, float, float, float]],
    per_page: int,
    dpi: int,
) -> list[list[str]]:
    """Each page of a sheet rendered at ``dpi``; each cell decoded on its own."""
    decoder = BarcodeDecoder(["Code128"], budget_ms=500)
    pages = []
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        for page in pdf:
            image = np.asarray(page.render(scale=dpi / 72).to_pil().convert("L"))
            found = []
            for slot in range(per_page):
                left, top, right, bottom = (round(v / 25.4 * dpi) for v in box_mm(slot))
                found += [r.text for r in decoder.decode(image[top:bottom, left:right])]
            pages.append(found)
    finally:
        pdf.close()
    return pages
