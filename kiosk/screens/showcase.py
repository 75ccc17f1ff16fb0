"""The waiting screen's carousel: instructions, new books, favourites, stars, notices.

Which panel shows is a function of the clock alone (every ``seconds``, in
turn), so the screen changes calmly and only at those moments. A scan ends the
waiting screen at once: the session's next view replaces it. Book covers are
drawn, not downloaded: a tile in its CLC class's colour with the title on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from kiosk.i18n.ui import ui
from kiosk.screens import theme
from kiosk.screens.widgets import draw_text, wrap

log = logging.getLogger(__name__)

# One colour per 中图法 main class (first letter); others grey.
CLC_COLOURS: dict[str, tuple[int, int, int]] = {
    "A": (120, 40, 40),
    "B": (96, 64, 128),
    "C": (60, 90, 130),
    "D": (150, 60, 50),
    "E": (70, 90, 60),
    "F": (160, 110, 30),
    "G": (30, 110, 120),
    "H": (40, 100, 160),
    "I": (180, 70, 90),
    "J": (140, 80, 150),
    "K": (130, 90, 50),
    "N": (40, 120, 90),
    "O": (50, 80, 150),
    "P": (30, 60, 110),
    "Q": (60, 130, 60),
    "R": (170, 60, 60),
    "S": (110, 130, 40),
    "T": (70, 80, 100),
    "U": (90, 90, 90),
    "V": (80, 100, 140),
    "X": (60, 120, 110),
    "Z": (120, 100, 80),
}
_GREY = (110, 116, 124)


@dataclass(frozen=True)
class Panel:
    """One page of the carousel: its kind and what it shows."""

    kind: str  # "instructions", "new", "popular", "stars", "notice"
    books: tuple[Any, ...] = ()
    readers: tuple[Any, ...] = ()
    text: str = ""


def panels(showcase: Any, notices: tuple[str, ...]) -> list[Panel]:
    """The carousel's pages: the instructions first, then what there is to show."""
    pages = [Panel("instructions")]
    if showcase is not None:
        if showcase.new:
            pages.append(Panel("new", books=showcase.new))
        if showcase.popular:
            pages.append(Panel("popular", books=showcase.popular))
        if showcase.stars:
            pages.append(Panel("stars", readers=showcase.stars))
    pages += [Panel("notice", text=text) for text in notices if text.strip()]
    return pages


def suggestion(showcase: Any, results: tuple[Any, ...], loans: tuple[Any, ...]) -> Any:
    """A favourite of the class of the book just lent, on the shelf ("同类好书").

    None unless the session's last result is a check-out; never the book lent,
    nor one the pupil already has. The class is the call number's first letter.
    """
    if showcase is None or not results or results[-1].outcome.value != "CHECKED_OUT":
        return None
    title = results[-1].title
    letter = (title.call_number or "")[:1].upper() if title else ""
    mine = {loan.item.title.title for loan in loans} | {title.title if title else ""}
    return next(
        (b for b in showcase.by_class.get(letter, ()) if b.title not in mine), None
    )


def shown(pages: list[Panel], now: dt.datetime, seconds: int) -> Panel:
    """The page for this moment: each stays ``seconds``, in turn."""
    turn = int(now.timestamp()) // max(1, seconds)
    return pages[turn % len(pages)]


def draw_page(
    surface: pygame.Surface,
    area: pygame.Rect,
    page: Panel,
    lang: str,
    m: Any,
    covers: Path | None = None,
) -> None:
    """Draw a page that is not the instructions into the waiting panel."""
    x, width = area.x + 2 * m.margin, area.width - 4 * m.margin
    y = area.y + 2 * m.margin
    heading = {
        "new": "showcase_new",
        "popular": "showcase_popular",
        "stars": "showcase_stars",
        "notice": "showcase_notice",
    }[page.kind]
    y = draw_text(surface, ui(heading, lang), (x, y), m.large, theme.ACCENT, width)
    y += m.margin
    # What to do stays on every page: a pupil arriving mid-carousel sees it.
    bottom = area.bottom - 2 * m.margin - int(m.large * 1.25)
    draw_text(
        surface, ui("attract_title", lang), (x, bottom), m.large, theme.INK, width
    )
    area = pygame.Rect(area.x, area.y, area.width, bottom - area.y - m.margin)
    if page.kind == "notice":
        draw_text(surface, page.text, (x, y), m.large, theme.INK, width, max_lines=6)
        return
    if page.kind == "stars":
        for reader in page.readers:
            line = ui(
                "showcase_star",
                lang,
                name=reader.name,
                class_name=reader.class_name,
                count=reader.loans,
            )
            y = draw_text(surface, f"★ {line}", (x, y), m.large, theme.INK, width)
            y += m.unit // 2
        return
    room = pygame.Rect(x, y, width, area.bottom - y - 3 * m.body)
    _tiles(surface, room, page, lang, m, covers)


def _tiles(
    surface: pygame.Surface,
    room: pygame.Rect,
    page: Panel,
    lang: str,
    m: Any,
    covers: Path | None,
) -> None:
    count = max(1, len(page.books))
    gap = m.margin
    w = min((room.width - (count - 1) * gap) // count, int(room.height * 0.55))
    h = int(w * 1.35)
    for i, book in enumerate(page.books):
        tile = pygame.Rect(room.x + i * (w + gap), room.y, w, h)
        picture = cover_picture(covers, book.isbn, tile.size)
        draw_cover(surface, tile, book.title, book.clc, m, picture)
        y = draw_text(
            surface,
            book.author or "",
            (tile.x, tile.bottom + m.unit // 3),
            m.small,
            theme.MUTED,
            width=w,
            max_lines=1,
        )
        if book.location:
            y = draw_text(surface, book.location, (tile.x, y), m.small, theme.INK, w, 1)
        if book.loans:
            times = ui("showcase_loans", lang, count=book.loans)
            draw_text(surface, times, (tile.x, y), m.small, theme.ACCENT, w, 1)


def cover_picture(folder: Path | None, isbn: str, size: tuple[int, int]) -> Any:
    """The library's own picture of a cover, scaled to the tile; None if none."""
    if folder is None or not isbn:
        return None
    return _picture(folder, isbn, size)


@functools.lru_cache(maxsize=64)
def _picture(folder: Path, isbn: str, size: tuple[int, int]) -> Any:
    for suffix in (".jpg", ".jpeg", ".png"):
        path = folder / f"{isbn}{suffix}"
        if path.is_file():
            try:
                loaded = pygame.image.load(str(path))
                canvas = pygame.Surface(loaded.get_size(), 0, 32)  # any depth in
                canvas.blit(loaded, (0, 0))
                return pygame.transform.smoothscale(canvas, size)
            except (pygame.error, OSError) as e:
                log.warning("cover %s not shown: %s", path, e)
                return None
    return None


def draw_cover(
    surface: pygame.Surface,
    tile: pygame.Rect,
    title: str,
    clc: str,
    m: Any,
    picture: Any = None,
) -> None:
    """The library's cover picture, else a drawn one: colour, spine, title."""
    if picture is not None:
        surface.blit(picture, tile.topleft)
        return
    colour = CLC_COLOURS.get((clc or " ")[0].upper(), _GREY)
    pygame.draw.rect(surface, colour, tile, border_radius=max(3, tile.width // 24))
    spine = pygame.Rect(
        tile.x + tile.width // 12, tile.y, max(2, tile.width // 40), tile.height
    )
    pygame.draw.rect(surface, theme.ON_ACCENT, spine)
    size = max(m.small, min(m.large, tile.width // 6))
    inner = tile.width - tile.width // 12 - 2 * max(4, tile.width // 14)
    lines = wrap(title, size, inner)[:5]
    y = tile.y + tile.height // 8
    font = theme.font(size)
    for line in lines:
        rect = font.render_to(
            surface, (spine.right + max(4, tile.width // 14), y), line, theme.ON_ACCENT
        )
        y += max(rect.height, int(size * 1.3))
    if clc:
        draw_text(
            surface,
            clc,
            (spine.right + max(4, tile.width // 14), tile.bottom - 2 * m.small),
            m.small,
            theme.ON_ACCENT,
        )
