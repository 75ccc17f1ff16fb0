"""Spine and accession labels: 24 to an A4 sheet (63.5 × 33.9 mm, 3 × 8).

Each label carries the call number (the CLC class when there is none) large
enough to read on the shelf, the Code 128 accession barcode the kiosk scans,
and the start of the title so the right label goes on the right book.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from kiosk.admin.sheets import (
    Grid,
    code128_modules,
    draw_code128,
    fit_text,
    font,
    px,
    write_sheets_pdf,
)
from kiosk.db.catalogue import LabelItem

LABEL_MM = (63.5, 33.9)
GRID = Grid(LABEL_MM, columns=3, rows=8)
PER_PAGE = GRID.per_page
MODULE_PX = 4  # 0.34 mm at 300 dpi, as on the library cards
QUIET_MODULES = 10
PAD_MM = 2.5


def short_title(title: str, max_chars: int = 18) -> str:
    """The start of a long title, with an ellipsis."""
    text = " ".join(title.split())
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def fits(barcode: str) -> bool:
    """Whether ``barcode`` and its quiet zones fit across one label."""
    width = (len(code128_modules(barcode)) + 2 * QUIET_MODULES) * MODULE_PX
    return width <= px(LABEL_MM[0]) - 2 * px(PAD_MM)


def draw_label(item: LabelItem, library: str) -> Image.Image:
    """Draw one label (black on white, 300 dpi)."""
    width, height = px(LABEL_MM[0]), px(LABEL_MM[1])
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    pad = px(PAD_MM)
    top_line = pad + 26
    fit_text(draw, (pad, top_line), item.call_number or "-", 52, width // 2)
    fit_text(draw, (width - pad, top_line), library, 26, width // 2 - pad, anchor="rm")
    title_y = height - pad
    draw.text(
        (width // 2, title_y),
        short_title(item.title),
        font=font(30),
        fill=0,
        anchor="ms",
    )
    draw_code128(
        draw,
        item.barcode,
        centre=width // 2,
        top=top_line + 40,
        bottom=title_y - 44,
        module_px=MODULE_PX,
        text_size=32,
    )
    return image


def write_labels_pdf(
    path: Path,
    items: Sequence[LabelItem],
    *,
    library: str,
    title: str,
    progress: Callable[[Iterable], Iterator] = iter,
) -> int:
    """Write the A4 label sheets; return the number of pages."""
    return write_sheets_pdf(
        path,
        items,
        lambda item: draw_label(item, library),
        GRID,
        title=title,
        progress=progress,
    )
