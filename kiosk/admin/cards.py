"""Library cards: each card drawn as a picture, ten to an A4 page in a cutting grid.

Drawn with Pillow and placed in the PDF by ``kiosk.admin.sheets`` (ReportLab
cannot embed the bundled CJK font); every Code 128 module is exactly
``MODULE_PX`` wide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from kiosk.admin.sheets import (
    DPI,
    Grid,
    draw_code128,
    write_sheets_pdf,
)
from kiosk.admin.sheets import fit_text as _fit_text
from kiosk.admin.sheets import font as _font
from kiosk.admin.sheets import px as _px
from kiosk.db.patrons import PatronRecord

CARD_MM = (85.6, 54.0)  # ID-1, the size of a bank card
GRID = Grid(CARD_MM, columns=2, rows=5)
PER_PAGE = GRID.per_page
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


def card_words(library: str, school: str, lang: str) -> CardWords:
    """The words on a card in ``lang`` (the command line and the desk print alike)."""
    from kiosk.i18n.admin import say

    return CardWords(
        school=school,
        library=library,
        title=say("card_title", lang),
        class_label=say("card_class", lang),
        valid_until=say("card_valid", lang, date="{date}"),
    )


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


def _draw_barcode(
    draw: ImageDraw.ImageDraw, card: str, width: int, *, top: int, bottom: int
) -> None:
    draw_code128(
        draw, card, centre=width // 2, top=top, bottom=bottom, module_px=MODULE_PX
    )


def cell_box_mm(index: int) -> tuple[float, float, float, float]:
    """Where card ``index`` (0-9) sits on its page: left, top, right, bottom in mm."""
    return GRID.box_mm(index)


def write_cards_pdf(
    path: Path,
    patrons: Sequence[PatronRecord],
    words: CardWords,
    *,
    title: str,
    progress: Callable[[Iterable], Iterator] = iter,
) -> int:
    """Write the A4 card sheets; return the number of pages."""
    return write_sheets_pdf(
        path,
        patrons,
        lambda patron: draw_card(patron, words),
        GRID,
        title=title,
        progress=progress,
    )


def parse_since(text: str) -> dt.date:
    """Read ``--new-since`` (YYYY-MM-DD)."""
    return dt.date.fromisoformat(text)


__all__ = [
    "DPI",
    "PER_PAGE",
    "CardWords",
    "cell_box_mm",
    "draw_card",
    "parse_since",
    "write_cards_pdf",
]


def choose(
    database: Any, class_name: str | None, cards: str, new_since: str
) -> list[PatronRecord]:
    """The patrons whose cards to print: a class, a list of cards, new since a day.

    Leavers are left out. Raises RosterError for a date that is not one.
    """
    from kiosk.admin.roster import RosterError
    from kiosk.db import patrons as store

    since = None
    if new_since.strip():
        try:
            since = parse_since(new_since)
        except ValueError:
            raise RosterError("bad_date", value=new_since) from None
    wanted = [c.strip().upper() for c in cards.split(",") if c.strip()] or None
    chosen = store.select(
        database, class_name=class_name or None, cards=wanted, created_since=since
    )
    return [p for p in chosen if p.status != "left"]
