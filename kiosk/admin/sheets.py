"""A4 sheets of small pictures (library cards, spine labels) as a PDF.

ReportLab cannot embed the bundled Noto Sans CJK (an OpenType-CFF collection:
"postscript outlines are not supported"), so each card or label is drawn with
Pillow in the bundled font at 300 dpi and placed on the page as an image. The
Code 128 bars come from python-barcode's encoder and are drawn as whole pixels,
so every module is exactly the same width and the kiosk's decoder reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

DPI = 300
MM = 72 / 25.4  # PDF points per millimetre
PAGE_MM = (210.0, 297.0)  # A4


def px(mm: float) -> int:
    """Millimetres as pixels at ``DPI``."""
    return round(mm / 25.4 * DPI)


@lru_cache(maxsize=64)
def font(size: int) -> ImageFont.FreeTypeFont:
    """The bundled CJK font at ``size`` pixels."""
    return ImageFont.truetype(str(cjk_font_path()), size, index=CJK_FACE_INDEX)


def code128_modules(text: str) -> str:
    """The bars and spaces of ``text`` in Code 128, as a string of 1s and 0s."""
    import barcode

    return barcode.get("code128", text).build()[0]


def fit_text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    size: int,
    max_width: int,
    *,
    fill: int = 0,
    anchor: str = "lm",
) -> None:
    """Draw ``text`` at ``size`` pixels, smaller until it fits ``max_width``."""
    face = font(size)
    while size > 16 and draw.textlength(text, font=face) > max_width:
        size -= 2
        face = font(size)
    draw.text(xy, text, font=face, fill=fill, anchor=anchor)


def draw_code128(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    centre: int,
    top: int,
    bottom: int,
    module_px: int,
    text_size: int = 36,
) -> None:
    """Bars of ``text`` centred on ``centre``, the text itself underneath."""
    modules = code128_modules(text)
    left = centre - len(modules) * module_px // 2
    bar_bottom = bottom - text_size - px(1)
    for index, bit in enumerate(modules):
        if bit == "1":
            x = left + index * module_px
            draw.rectangle((x, top, x + module_px - 1, bar_bottom), fill=0)
    draw.text((centre, bottom), text, font=font(text_size), fill=0, anchor="ms")


@dataclass(frozen=True)
class Grid:
    """Cells of one size in rows and columns, centred on an A4 page."""

    cell_mm: tuple[float, float]
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        """Cells on one page."""
        return self.columns * self.rows

    @property
    def margin_mm(self) -> tuple[float, float]:
        """Left and top margins around the grid."""
        return (
            (PAGE_MM[0] - self.columns * self.cell_mm[0]) / 2,
            (PAGE_MM[1] - self.rows * self.cell_mm[1]) / 2,
        )

    def box_mm(self, index: int) -> tuple[float, float, float, float]:
        """Where cell ``index`` sits on its page: left, top, right, bottom in mm."""
        column, row = index % self.columns, index // self.columns
        left = self.margin_mm[0] + column * self.cell_mm[0]
        top = self.margin_mm[1] + row * self.cell_mm[1]
        return left, top, left + self.cell_mm[0], top + self.cell_mm[1]


def write_sheets_pdf(
    path: Path,
    things: Sequence[Any],
    draw_one: Callable[[Any], Image.Image],
    grid: Grid,
    *,
    title: str,
    progress: Callable[[Iterable], Iterator] = iter,
) -> int:
    """Draw each thing into the next cell, with a cutting grid; return pages."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    page_w, page_h = PAGE_MM[0] * MM, PAGE_MM[1] * MM
    pdf = canvas.Canvas(str(path), pagesize=(page_w, page_h), invariant=1)
    pdf.setTitle(title)
    pdf.setCreator("school library kiosk")
    pages = 0
    for index, thing in enumerate(progress(things)):
        slot = index % grid.per_page
        if slot == 0:
            if pages:
                _cutting_grid(pdf, grid, page_w, page_h)
                pdf.showPage()
            pages += 1
        left, top, right, bottom = grid.box_mm(slot)
        pdf.drawImage(
            ImageReader(draw_one(thing)),
            left * MM,
            page_h - bottom * MM,
            width=(right - left) * MM,
            height=(bottom - top) * MM,
        )
    if pages:
        _cutting_grid(pdf, grid, page_w, page_h)
        pdf.showPage()
    pdf.save()
    return pages


def first_sheet_png(
    things: Sequence[Any],
    draw_one: Callable[[Any], Image.Image],
    grid: Grid,
    width_px: int = 620,
) -> bytes:
    """The first A4 sheet as a small PNG: what the PDF's first page will show."""
    import io

    scale = width_px / PAGE_MM[0]  # pixels per millimetre
    page = Image.new("RGB", (width_px, round(PAGE_MM[1] * scale)), "white")
    for slot, thing in enumerate(things[: grid.per_page]):
        left, top, right, bottom = grid.box_mm(slot)
        cell = draw_one(thing).convert("RGB")
        size = (round((right - left) * scale), round((bottom - top) * scale))
        page.paste(
            cell.resize(size, Image.LANCZOS), (round(left * scale), round(top * scale))
        )
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def _cutting_grid(pdf: object, grid: Grid, page_w: float, page_h: float) -> None:
    """Thin grey lines along every cell edge, right across the page."""
    pdf.setStrokeGray(0.6)  # type: ignore[attr-defined]
    pdf.setLineWidth(0.3)  # type: ignore[attr-defined]
    pdf.setDash(2, 2)  # type: ignore[attr-defined]
    for column in range(grid.columns + 1):
        x = (grid.margin_mm[0] + column * grid.cell_mm[0]) * MM
        pdf.line(x, 0, x, page_h)  # type: ignore[attr-defined]
    for row in range(grid.rows + 1):
        y = page_h - (grid.margin_mm[1] + row * grid.cell_mm[1]) * MM
        pdf.line(0, y, page_w, y)  # type: ignore[attr-defined]
