"""Text documents as PDF (reports, notices, lists) whose Chinese can be read back.

ReportLab embeds only TrueType (glyf) fonts, and the bundled Noto Sans CJK SC
has PostScript (CFF) outlines. So for each document the bundled face is cut
down with fontTools to the characters the document uses (a few hundred glyphs),
its outlines are converted to TrueType quadratics, and that small font is
embedded: the pages look the same everywhere (no reliance on a reader's
fonts) and their text can be searched, copied and read back by tests. Cards
and labels, which are pictures, are drawn by ``kiosk.admin.sheets`` instead.
"""

from __future__ import annotations

import hashlib
import io
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path

MM = 72 / 25.4
_SHORT = 12  # table cells up to this many characters never wrap
_CELL_LEADING = 1.25
# Always in the font: table figures and Latin text need no second font.
_ALWAYS = string.printable + "·—–“”‘’…、。，：；（）！？《》％"


@dataclass(frozen=True)
class Heading:
    """A title line; level 1 is the page's title."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    """A paragraph of running text."""

    text: str
    size: float = 10.5


@dataclass(frozen=True)
class Table:
    """A table with a header row; numbers are right-aligned."""

    header: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] | None = None  # fractions of the text width
    size: float = 9.0


@dataclass(frozen=True)
class Picture:
    """A PNG (a chart) scaled to ``width_mm``."""

    path: Path
    width_mm: float = 170.0


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Heading | Para | Table | Picture | PageBreak


@dataclass
class Document:
    """Blocks to lay out on A4 pages, with a title and a running footer."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""

    def text(self) -> str:
        """Every character the pages will show (to choose the font's glyphs)."""
        parts = [self.title, self.footer]
        for block in self.blocks:
            if isinstance(block, Heading | Para):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts += [*map(str, block.header)]
                parts += [str(cell) for row in block.rows for cell in row]
        return "".join(parts)


def _characters(text: str) -> str:
    return "".join(sorted(set(text + _ALWAYS) - set("\n\r\t\x0b\x0c")))


def _font_name(characters: str) -> str:
    return "NotoSansSC-" + hashlib.sha1(characters.encode()).hexdigest()[:10]


@lru_cache(maxsize=8)
def truetype_subset(characters: str) -> bytes:
    """The bundled SC face, cut to ``characters``, with TrueType outlines."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(cjk_font_path()), fontNumber=CJK_FACE_INDEX, lazy=False)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    cutter = subset.Subsetter(options)
    cutter.populate(text=characters)
    cutter.subset(font)
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # CFF curves are cubic; TrueType's are quadratic (error <= 1 unit).
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for name in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, name, 1 if name == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"
    # ReportLab files fonts by their PostScript name: each cut needs its own.
    for record in font["name"].names:
        if record.nameID == 6:
            record.string = _font_name(characters)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_for(text: str) -> str:
    """Register (once) a font with every character of ``text``; return its name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    characters = _characters(text)
    name = _font_name(characters)
    if name not in pdfmetrics.getRegisteredFontNames():
        data = io.BytesIO(truetype_subset(characters))
        pdfmetrics.registerFont(TTFont(name, data))
    return name


def font_file(text: str, folder: Path) -> Path:
    """Write a TrueType font with ``text``'s characters (for matplotlib)."""
    characters = _characters(text)
    path = folder / "NotoSansSC-subset.ttf"
    path.write_bytes(truetype_subset(characters))
    return path


def write_pdf(
    path: Path,
    document: Document,
    progress: Callable[[Iterable], Iterator] = iter,
) -> int:
    """Lay the document out on A4 pages and write it; return the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    name = font_for(document.text())
    pages = [0]

    def footer(canvas: object, doc: object) -> None:
        pages[0] += 1
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(name, 8)  # type: ignore[attr-defined]
        canvas.drawString(  # type: ignore[attr-defined]
            18 * MM, 10 * MM, f"{document.footer}  {pages[0]}".strip()
        )
        canvas.restoreState()  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=18 * MM,
        rightMargin=18 * MM,
        topMargin=16 * MM,
        bottomMargin=18 * MM,
        title=document.title,
    )
    flowables = [f for b in progress(document.blocks) for f in _flow(b, name, doc)]
    doc.build(flowables, onFirstPage=footer, onLaterPages=footer)
    return pages[0]


def _flow(block: Block, font: str, doc: object) -> list:
    from reportlab.platypus import Image, Paragraph, Spacer
    from reportlab.platypus import PageBreak as Break

    width = doc.width - 12  # type: ignore[attr-defined]  # less the frame padding
    if isinstance(block, Heading):
        size = {1: 17, 2: 13}.get(block.level, 11)
        return [
            Paragraph(_escape(block.text), _style(font, size, bold=True)),
        ]
    if isinstance(block, Para):
        return [Paragraph(_escape(block.text), _style(font, block.size)), Spacer(1, 4)]
    if isinstance(block, Table):
        return [_table(block, font, width), Spacer(1, 10)]
    if isinstance(block, Picture):
        from PIL import Image as PILImage

        with PILImage.open(block.path) as image:
            w, h = image.size
        shown = min(block.width_mm * MM, width)
        return [Image(str(block.path), width=shown, height=shown * h / w)]
    return [Break()]


def _style(
    font: str, size: float, *, bold: bool = False, leading: float = 1.45
) -> object:
    from reportlab.lib.styles import ParagraphStyle

    # The subset has one weight; a heading is set larger (and its leading more).
    return ParagraphStyle(
        f"s{size}{bold}",
        fontName=font,
        fontSize=size,
        leading=size * leading,
        wordWrap="CJK",
        spaceBefore=size * 0.3 if bold else 0,
        keepWithNext=1 if bold else 0,  # never a heading alone at a page's foot
    )


def _escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text).replace("\n", "<br/>")


def _table(block: Table, font: str, width: float) -> object:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, TableStyle
    from reportlab.platypus import Table as Grid

    cell = _style(font, block.size, leading=_CELL_LEADING)
    numbers = [
        i
        for i in range(len(block.header))
        if block.rows and all(isinstance(r[i], int | float) for r in block.rows)
    ]
    data = [[Paragraph(_escape(str(h)), cell) for h in block.header]]
    for row in block.rows:
        data.append(
            [
                # Short cells (dates, barcodes) stay whole; long ones wrap.
                str(v)
                if i in numbers or len(str(v)) <= _SHORT
                else Paragraph(_escape(str(v)), cell)
                for i, v in enumerate(row)
            ]
        )
    widths = [f * width for f in block.widths] if block.widths else None
    grid = Grid(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), font, block.size),
        # Plain cells as tall as wrapped (Paragraph) ones: even rows.
        ("LEADING", (0, 0), (-1, -1), block.size * _CELL_LEADING),
        ("TOPPADDING", (0, 0), (-1, -1), block.size / 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), block.size / 3),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numbers]
    grid.setStyle(TableStyle(style))
    return grid
