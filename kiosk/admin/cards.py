"""Library cards: each card drawn as a picture, ten to an A4 page in a cutting grid.

ReportLab cannot embed the bundled Noto Sans CJK (an OpenType-CFF collection:
"postscript outlines are not supported"), so every card is drawn with Pillow in
the bundled font at 300 dpi and placed on the page as an image. The Code 128
bars come from python-barcode's encoder and are drawn as whole pixels, so every
module is exactly ``MODULE_PX`` wide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.db.patrons import PatronRecord
from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

DPI = 300
MM = 72 / 25.4  # PDF points per millimetre
PAGE_MM = (210.0, 297.0)  # A4
CARD_MM = (85.6, 54.0)  # ID-1, the size of a bank card
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
MARGIN_MM = (
    (PAGE_MM[0] - COLUMNS * CARD_MM[0]) / 2,
    (PAGE_MM[1] - ROWS * CARD_MM[1]) / 2,
)
MODULE_PX = 4  # one Code 128 module: 0.34 mm at 300 dpi
QUIET_MODULES = 10


@dataclass(frozen=True)
class CardWords:
    """The fixed words printed on every card, in the kiosk's language."""

    school: str
    library: str
    title: str
    class_label: str
    valid_until: str  # with {date}


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size, index=CJK_FACE_INDEX)


def code128_modules(text: str) -> str:
    """The bars and spaces of ``text`` in Code 128, as a string of 1s and 0s."""
    import barcode

    return barcode.get("code128", text).build()[0]


def draw_card(patron: PatronRecord, words: CardWords) -> Image.Image:
    """Draw one card (black on white, 300 dpi)."""
    width, height = _px(CARD_MM[0]), _px(CARD_MM[1])
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    pad = _px(4)
    band = _px(11)
    draw.rectangle((0, 0, width, band), fill=0)
    title_font = _font(40)
    title_width = int(draw.textlength(words.title, font=title_font))
    draw.text(
        (width - pad, band // 2), words.title, font=title_font, fill=255, anchor="rm"
    )
    heading = " ".join(w for w in (words.school, words.library) if w)
    room = width - 3 * pad - title_width
    _fit_text(draw, (pad, band // 2), heading, 46, room, fill=255)
    name_top = band + _px(3)
    _fit_text(draw, (pad, name_top), patron.name, 84, width // 2, anchor="la")
    line = f"{words.class_label}{patron.class_name}" if patron.class_name else ""
    draw.text((pad, name_top + _px(10)), line, font=_font(40), fill=0)
    if patron.card_expiry:
        until = words.valid_until.format(date=patron.card_expiry.isoformat())
        draw.text(
            (width - pad, name_top + _px(10)),
            until,
            font=_font(32),
            fill=0,
            anchor="ra",
        )
    _draw_barcode(draw, patron.card, width, top=name_top + _px(17), bottom=height - pad)
    return image


def _fit_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    size: int,
    max_width: int,
    *,
    fill: int = 0,
    anchor: str = "lm",
) -> None:
    font = _font(size)
    while size > 16 and draw.textlength(text, font=font) > max_width:
        size -= 2
        font = _font(size)
    draw.text(xy, text, font=font, fill=fill, anchor=anchor)


def _draw_barcode(
    draw: ImageDraw.ImageDraw, card: str, width: int, *, top: int, bottom: int
) -> None:
    modules = code128_modules(card)
    bars_width = len(modules) * MODULE_PX
    left = (width - bars_width) // 2
    text_size = 36
    bar_bottom = bottom - text_size - _px(1)
    for index, bit in enumerate(modules):
        if bit == "1":
            x = left + index * MODULE_PX
            draw.rectangle((x, top, x + MODULE_PX - 1, bar_bottom), fill=0)
    draw.text((width // 2, bottom), card, font=_font(text_size), fill=0, anchor="ms")


def cell_box_mm(index: int) -> tuple[float, float, float, float]:
    """Where card ``index`` (0-9) sits on its page: left, top, right, bottom in mm."""
    column, row = index % COLUMNS, index // COLUMNS
    left = MARGIN_MM[0] + column * CARD_MM[0]
    top = MARGIN_MM[1] + row * CARD_MM[1]
    return left, top, left + CARD_MM[0], top + CARD_MM[1]


def write_cards_pdf(
    path: Path,
    patrons: Sequence[PatronRecord],
    words: CardWords,
    *,
    title: str,
    progress: Callable[[Iterable], Iterator] = iter,
) -> int:
    """Write the A4 card sheets; return the number of pages."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    page_w, page_h = PAGE_MM[0] * MM, PAGE_MM[1] * MM
    pdf = canvas.Canvas(str(path), pagesize=(page_w, page_h), invariant=1)
    pdf.setTitle(title)
    pdf.setCreator("school library kiosk")
    pages = 0
    for index, patron in enumerate(progress(patrons)):
        slot = index % PER_PAGE
        if slot == 0:
            if pages:
                _cutting_grid(pdf, page_w, page_h)
                pdf.showPage()
            pages += 1
        left, top, right, bottom = cell_box_mm(slot)
        pdf.drawImage(
            ImageReader(draw_card(patron, words)),
            left * MM,
            page_h - bottom * MM,
            width=(right - left) * MM,
            height=(bottom - top) * MM,
        )
    if pages:
        _cutting_grid(pdf, page_w, page_h)
        pdf.showPage()
    pdf.save()
    return pages


def _cutting_grid(pdf: object, page_w: float, page_h: float) -> None:
    """Thin grey lines along every card edge, right across the page."""
    pdf.setStrokeGray(0.6)  # type: ignore[attr-defined]
    pdf.setLineWidth(0.3)  # type: ignore[attr-defined]
    pdf.setDash(2, 2)  # type: ignore[attr-defined]
    for column in range(COLUMNS + 1):
        x = (MARGIN_MM[0] + column * CARD_MM[0]) * MM
        pdf.line(x, 0, x, page_h)  # type: ignore[attr-defined]
    for row in range(ROWS + 1):
        y = page_h - (MARGIN_MM[1] + row * CARD_MM[1]) * MM
        pdf.line(0, y, page_w, y)  # type: ignore[attr-defined]


def parse_since(text: str) -> dt.date:
    """Read ``--new-since`` (YYYY-MM-DD)."""
    return dt.date.fromisoformat(text)
