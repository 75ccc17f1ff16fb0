"""Draw a slip: a 1-bit Pillow picture at the printer's dot width, and plain text.

The picture is what a raster printer prints, so Chinese comes out right on any
printer whatever its code page; it is drawn with the bundled Noto Sans CJK and
thresholded to black and white here (not dithered by the printer driver), so
the archived PNG is exactly the dots on the paper. The plain text says the same
in printer columns: for the archive, for readable test diffs and for printers
that print text in their own GB18030 font.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw, ImageFont

from kiosk.fonts import CJK_FACE_INDEX, cjk_font_path
from receipts.layout import Line, Style, printer_test_lines, slip_lines
from receipts.slip import LibraryInfo, Slip
from receipts.wrap import text_columns, wrap

MARGIN = 8  # dots left and right of the text
INDENT = 28  # dots a detail line is indented by
THRESHOLD = 192  # grey levels below this print black: bolder strokes on thermal paper
SECTION_GAP = 6  # extra dots above a section heading
QR_QUIET_MODULES = 3  # white modules above and below the QR code


@dataclass(frozen=True)
class Paper:
    """A roll width and what fits across it."""

    mm: int
    dots: int  # printable dots a line at 203 dpi
    columns: int  # characters a line in the printer's 12x24 font


PAPERS = {58: Paper(58, 384, 32), 80: Paper(80, 576, 48)}


@dataclass(frozen=True)
class Look:
    """How one line style is drawn."""

    size: int
    bold: bool = False
    center: bool = False


LOOKS = {
    Style.TITLE: Look(34, bold=True, center=True),
    Style.HEADING: Look(28, bold=True, center=True),
    Style.CENTER: Look(20, center=True),
    Style.TEXT: Look(24),
    Style.SECTION: Look(24, bold=True),
    Style.ITEM: Look(24),
    Style.DETAIL: Look(22),
}


@dataclass(frozen=True, eq=False)
class RenderedSlip:
    """A slip ready to print and to archive.

    Attributes:
        transaction: the code printed as a QR (also the archive file name).
        at: when the slip was made (the archive folder's day).
        paper: the roll it was drawn for.
        image: 1-bit picture, exactly ``paper.dots`` wide.
        text: the same slip as plain text in ``paper.columns`` columns.
        code_at: the line of ``text`` before which the QR code is printed.
    """

    transaction: str
    at: dt.datetime
    paper: Paper
    image: Image.Image
    text: str
    code_at: int


def render(slip: Slip, paper: Paper) -> RenderedSlip:
    """Draw a slip for a roll, as a picture and as text."""
    return render_lines(slip_lines(slip), paper, slip.transaction, slip.at)


def render_lines(
    lines: list[Line], paper: Paper, transaction: str, at: dt.datetime
) -> RenderedSlip:
    """Draw laid-out lines (a slip, a printer test) as a picture and as text."""
    text, code_at = render_text(lines, paper.columns)
    return RenderedSlip(
        transaction, at, paper, render_image(lines, paper), text, code_at
    )


def printer_test(library: LibraryInfo, at: dt.datetime, paper: Paper) -> RenderedSlip:
    """The test slip ``doctor --print-test`` prints."""
    code = f"{library.kiosk_id}-{at:%Y%m%d-%H%M%S}-TEST"
    return render_lines(printer_test_lines(library, at, code), paper, code, at)


# -- the picture ----------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def font(size: int) -> ImageFont.FreeTypeFont:
    """The bundled simplified-Chinese face at ``size`` pixels."""
    return ImageFont.truetype(
        str(cjk_font_path()),
        size,
        index=CJK_FACE_INDEX,
        layout_engine=ImageFont.Layout.BASIC,
    )


def render_image(lines: list[Line], paper: Paper) -> Image.Image:
    """Draw laid-out lines as a 1-bit picture ``paper.dots`` wide."""
    canvas = _Canvas(paper)
    for line in lines:
        canvas.add(line)
    return canvas.finish()


def code_image(content: str, paper: Paper) -> Image.Image:
    """The transaction QR code centred on a white strip as wide as the paper."""
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=0
    )
    qr.add_data(content)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    modules = len(matrix)
    scale = 5 if paper.dots < 576 else 6
    code = Image.new("1", (modules, modules), 1)
    code.putdata([0 if dark else 1 for row in matrix for dark in row])
    code = code.resize((modules * scale, modules * scale), Image.Resampling.NEAREST)
    quiet = QR_QUIET_MODULES * scale
    strip = Image.new("1", (paper.dots, code.height + 2 * quiet), 1)
    strip.paste(code, ((paper.dots - code.width) // 2, quiet))
    return strip


@dataclass(frozen=True)
class _Words:
    x: int
    y: int
    text: str
    look: Look


@dataclass(frozen=True)
class _Rule:
    y: int


@dataclass(frozen=True)
class _Picture:
    y: int
    image: Image.Image


class _Canvas:
    """Collects drawing steps top to bottom, then paints them at the right height."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.width = paper.dots
        self.y = MARGIN
        self.steps: list[_Words | _Rule | _Picture] = []

    def add(self, line: Line) -> None:
        if line.style is Style.RULE:
            self.steps.append(_Rule(self.y + 7))
            self.y += 16
        elif line.style is Style.CODE:
            strip = code_image(line.text, self.paper)
            self.steps.append(_Picture(self.y, strip))
            self.y += strip.height
        else:
            if line.style is Style.SECTION:
                self.y += SECTION_GAP
            self._text(line, LOOKS[line.style])

    def _text(self, line: Line, look: Look) -> None:
        face = font(look.size)
        pitch = round(look.size * 1.32)
        left = MARGIN + (INDENT if line.style is Style.DETAIL else 0)
        indent = face.getlength(line.lead + " ") if line.lead else 0
        rows = wrap(line.text, self.width - MARGIN - left - indent, face.getlength)
        for number, row in enumerate(rows):
            if line.lead and number == 0:
                self._put(left, line.lead, look)
            x = left + indent
            if look.center:
                x = (self.width - face.getlength(row)) / 2
            self._put(x, row, look)
            if number < len(rows) - 1:
                self.y += pitch
        if line.right:
            self._right(line.right, look, left + indent + face.getlength(rows[-1]))
        self.y += pitch

    def _right(self, words: str, look: Look, used: float) -> None:
        """Set words flush right: after the last row if they fit, else below."""
        face = font(look.size)
        pitch = round(look.size * 1.32)
        right_edge = self.width - MARGIN
        rows = wrap(words, right_edge - MARGIN, face.getlength)
        if len(rows) > 1 or used + face.getlength("  " + words) > right_edge:
            self.y += pitch
        for number, row in enumerate(rows):
            if number:
                self.y += pitch
            self._put(right_edge - face.getlength(row), row, look)

    def _put(self, x: float, words: str, look: Look) -> None:
        if words:
            self.steps.append(_Words(round(x), self.y, words, look))

    def finish(self) -> Image.Image:
        image = Image.new("L", (self.width, self.y + MARGIN), 255)
        draw = ImageDraw.Draw(image)
        for step in self.steps:
            if isinstance(step, _Rule):
                for x in range(MARGIN, self.width - MARGIN - 4, 8):
                    draw.rectangle((x, step.y, x + 4, step.y + 1), fill=0)
            elif isinstance(step, _Picture):
                image.paste(step.image.convert("L"), (0, step.y))
            else:
                _draw_words(draw, step)
        black_white = image.point(lambda v: 255 if v >= THRESHOLD else 0)
        return black_white.convert("1", dither=Image.Dither.NONE)


def _draw_words(draw: ImageDraw.ImageDraw, words: _Words) -> None:
    face = font(words.look.size)
    baseline = words.y + words.look.size  # glyphs rise about 0.88 em above it
    for dx in (0, 1) if words.look.bold else (0,):  # bold: the same words, 1 dot on
        draw.text((words.x + dx, baseline), words.text, font=face, fill=0, anchor="ls")


# -- the text ------------------------------------------------------------------


def render_text(lines: list[Line], columns: int) -> tuple[str, int]:
    """Lay out lines as plain text; return it and the line the QR code precedes."""
    out: list[str] = []
    code_at = 0
    for line in lines:
        if line.style is Style.CODE:
            code_at = len(out)
        elif line.style is Style.RULE:
            out.append("-" * columns)
        else:
            out += _text_rows(line, columns)
    return "\n".join(out) + "\n", code_at


def _text_rows(line: Line, columns: int) -> list[str]:
    look = LOOKS[line.style]
    words = f"【{line.text}】" if line.style is Style.SECTION else line.text
    left = 3 if line.style is Style.DETAIL else 0
    lead = f"{line.lead} " if line.lead else ""
    rows = wrap(words, columns - left - len(lead), text_columns)
    if look.center:
        out = [" " * ((columns - text_columns(r)) // 2) + r for r in rows]
    else:
        pad = " " * (left + len(lead))
        out = [(" " * left + lead if n == 0 else pad) + r for n, r in enumerate(rows)]
    if line.right:
        right = wrap(line.right, columns, text_columns)
        if len(right) > 1 or text_columns(f"{out[-1]} {line.right}") > columns:
            out.append("")
        out[-1] += " " * (columns - text_columns(out[-1]) - text_columns(right[0]))
        out[-1] += right[0]
        out += [" " * (columns - text_columns(r)) + r for r in right[1:]]
    return [r.rstrip() for r in out]
